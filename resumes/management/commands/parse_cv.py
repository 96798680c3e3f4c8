"""`manage.py parse_cv PATH [--provider NAME] [--tenant SLUG]`: parse a CV file and print its
JSON Resume on stdout.

For support staff, debugging and benchmarks. It runs the same checks and the same bounded
sandbox as an upload. With the local engine (the default) it needs no tenant and touches no
tenant table; an external provider records usage, so it needs `--tenant` to bill it to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Tenant
from jobmentis.tenancy.context import tenant_context
from resumes import jsonresume
from resumes.errors import ResumeError
from resumes.sandbox import run_sandboxed
from resumes.services import resume_structure
from resumes.structuring import local_cv_extract
from resumes.validation import validate_resume_file


class _Text:
    """The one thing the local handler reads from an AI request."""

    def __init__(self, text: str) -> None:
        self.text = text

    def document(self, name: str) -> str:
        return self.text


class Command(BaseCommand):
    help = "Parse a CV (PDF or DOCX) and print it as JSON Resume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--provider",
            default=None,
            help="AI provider (anthropic, openai, gemini, local). Default: the local engine.",
        )
        parser.add_argument(
            "--tenant", default=None, help="Tenant slug: needed for external providers (usage)."
        )
        parser.add_argument("--text", action="store_true", help="Print the extracted text too.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        provider: str | None = options["provider"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if provider not in (None, "local") and not options["tenant"]:
            raise CommandError("An external provider records usage: pass --tenant SLUG.")
        try:
            with path.open("rb") as handle:
                validated = validate_resume_file(handle)
            operation = "extract_pdf" if validated.kind == "pdf" else "extract_docx"
            answer = run_sandboxed(operation, validated.content)
            text = str(answer.get("text") or "")
            data, engine = self._structure(text, provider, options["tenant"])
        except ResumeError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        if options["text"]:
            self.stderr.write(text)
        self.stderr.write(f"engine={engine} pages={answer.get('pages')} kind={validated.kind}")
        self.stdout.write(json.dumps(jsonresume.to_export(data), ensure_ascii=False, indent=2))

    def _structure(
        self, text: str, provider: str | None, slug: str | None
    ) -> tuple[dict[str, Any], str]:
        if slug is None:
            return local_cv_extract(_Text(text)), "local"
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(f"No tenant with slug {slug!r}.")
        with tenant_context(tenant.pk):
            return resume_structure(text=text, provider=provider)
