"""`manage.py parse_cv PATH [--provider NAME]`: parse a CV file and print its JSON Resume.

For support staff, debugging and benchmarks. It runs the same checks and the same bounded
sandbox as an upload, and touches no tenant table (no tenant needed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resumes import jsonresume
from resumes.errors import ResumeError
from resumes.sandbox import run_sandboxed
from resumes.services import resume_structure
from resumes.validation import validate_resume_file


class Command(BaseCommand):
    help = "Parse a CV (PDF or DOCX) and print it as JSON Resume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--provider",
            default=None,
            help="AI provider to use (default: the configured order; 'local' needs no key).",
        )
        parser.add_argument("--text", action="store_true", help="Print the extracted text too.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as handle:
                validated = validate_resume_file(handle)
            operation = "extract_pdf" if validated.kind == "pdf" else "extract_docx"
            answer = run_sandboxed(operation, validated.content)
            text = str(answer.get("text") or "")
            data, engine = resume_structure(text=text, provider=options["provider"])
        except ResumeError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        if options["text"]:
            self.stderr.write(text)
        self.stderr.write(f"engine={engine} pages={answer.get('pages')} kind={validated.kind}")
        document = jsonresume.to_export(data)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
