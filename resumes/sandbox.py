"""Reading untrusted documents in a bounded child process.

PDF and DOCX parsers are large and have had infinite-loop and memory-exhaustion bugs; a hostile
upload must never hang or OOM a web or Celery worker. So every operation that makes pypdf or
python-docx look inside an uploaded file runs here, in a fresh `python -m resumes.sandbox`
process that first caps its own address space (RLIMIT_AS), CPU time (RLIMIT_CPU) and file
writes (RLIMIT_FSIZE = 0), and is killed by the parent after a wall-clock timeout. The child
gets the bytes on stdin and answers one JSON object on stdout; it never touches the database.

The child sets its own limits (rather than a `preexec_fn` in the parent) because preexec_fn is
unsafe in threaded parents such as a threaded web server.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from resumes.errors import CorruptFile, EncryptedFile, ParseFailed, ResumeError

# Child exit codes and answer keys are part of the protocol between the two halves below.
OPERATIONS = ("inspect_pdf", "extract_pdf", "extract_docx")
MAX_TEXT_CHARS = 400_000  # far above any CV; bounds what the parent has to hold and store


@dataclass(frozen=True)
class SandboxLimits:
    timeout: float
    cpu_seconds: int
    memory_mb: int

    @classmethod
    def from_settings(cls) -> SandboxLimits:
        from django.conf import settings

        return cls(
            timeout=float(settings.RESUME_SANDBOX_TIMEOUT),
            cpu_seconds=int(settings.RESUME_SANDBOX_CPU_SECONDS),
            memory_mb=int(settings.RESUME_SANDBOX_MEMORY_MB),
        )


# --- parent side ---------------------------------------------------------------------------


def run_sandboxed(
    operation: str, content: bytes, *, limits: SandboxLimits | None = None
) -> dict[str, Any]:
    """Run `operation` on `content` in the child; return its answer or raise a ResumeError."""
    if operation not in OPERATIONS:
        raise ValueError(f"Unknown sandbox operation {operation!r}")
    limits = limits or SandboxLimits.from_settings()
    from django.conf import settings

    command = [
        sys.executable,
        "-m",
        "resumes.sandbox",
        operation,
        str(limits.cpu_seconds),
        str(limits.memory_mb),
    ]
    # A minimal environment: no secrets (database passwords, API keys) reach the child.
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}
    try:
        completed = subprocess.run(  # noqa: S603 - fixed argv, our own module
            command,
            input=content,
            capture_output=True,
            timeout=limits.timeout,
            cwd=settings.BASE_DIR,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ParseFailed("timeout") from exc
    if completed.returncode < 0:
        killed_by = -completed.returncode
        if killed_by in (signal.SIGXCPU, signal.SIGKILL):
            raise ParseFailed("timeout")
        raise ParseFailed("resources")
    try:
        answer = json.loads(completed.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseFailed("internal") from exc
    if not isinstance(answer, dict):
        raise ParseFailed("internal")
    error = answer.get("error")
    if error:
        raise _error_for(str(error))
    return answer


def _error_for(code: str) -> ResumeError:
    if code == "encrypted":
        return EncryptedFile()
    if code == "corrupt":
        return CorruptFile()
    if code in ("resources", "timeout", "no_text"):
        return ParseFailed(code)
    return ParseFailed("internal")


# --- child side ----------------------------------------------------------------------------


def _limit_self(cpu_seconds: int, memory_mb: int) -> None:
    import resource

    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _pdf_reader(content: bytes) -> Any:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        # Owner-password-only PDFs ("no copying") open with the empty user password: accept
        # them; anything that needs a real password is refused.
        try:
            opened = bool(reader.decrypt(""))
        except (PdfReadError, NotImplementedError, ValueError):
            opened = False
        if not opened:
            raise _ChildError("encrypted")
    return reader


class _ChildError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _inspect_pdf(content: bytes) -> dict[str, Any]:
    reader = _pdf_reader(content)
    return {"pages": len(reader.pages)}


def _extract(kind: str, content: bytes) -> dict[str, Any]:
    try:
        from resumes.extraction import text as extraction_text
    except ImportError:
        extraction_text = None  # type: ignore[assignment]
    if extraction_text is not None:
        try:
            function = extraction_text.pdf_text if kind == "pdf" else extraction_text.docx_text
            result = function(content)
        except extraction_text.EncryptedDocument as exc:
            raise _ChildError("encrypted") from exc
        except extraction_text.CorruptDocument as exc:
            raise _ChildError("corrupt") from exc
        except extraction_text.ExtractionError as exc:
            raise _ChildError("corrupt") from exc
        return {"text": result.text[:MAX_TEXT_CHARS], "pages": result.pages, "engine": "text"}
    return _extract_fallback(kind, content)


def _extract_fallback(kind: str, content: bytes) -> dict[str, Any]:
    """Plain pypdf / python-docx text, used only until resumes.extraction is installed."""
    import io

    if kind == "pdf":
        reader = _pdf_reader(content)
        pages = [page.extract_text() or "" for page in reader.pages]
        return {"text": "\n\n".join(pages)[:MAX_TEXT_CHARS], "pages": len(pages)}
    import docx

    document = docx.Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return {"text": "\n".join(lines)[:MAX_TEXT_CHARS], "pages": None}


def _caused_by_memory(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _child_main(argv: list[str]) -> int:
    operation, cpu_seconds, memory_mb = argv[0], int(argv[1]), int(argv[2])
    _limit_self(cpu_seconds, memory_mb)
    out = sys.stdout
    sys.stdout = sys.stderr  # a library printing must not corrupt the answer
    content = sys.stdin.buffer.read()
    answer: dict[str, Any]
    try:
        if operation == "inspect_pdf":
            answer = _inspect_pdf(content)
        elif operation == "extract_pdf":
            answer = _extract("pdf", content)
        elif operation == "extract_docx":
            answer = _extract("docx", content)
        else:
            answer = {"error": "internal"}
    except _ChildError as exc:
        answer = {"error": exc.code}
    except MemoryError:
        answer = {"error": "resources"}
    except RecursionError:
        answer = {"error": "corrupt"}
    except Exception as exc:  # any parser failure on untrusted input = corrupt
        # Out of memory can surface wrapped (e.g. an import or codec error raised while
        # handling a MemoryError): report the cause. Only the type name crosses the boundary
        # (never the message: it may quote the file).
        code = "resources" if _caused_by_memory(exc) else "corrupt"
        answer = {"error": code, "type": type(exc).__name__}
    out.write(json.dumps(answer))
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_child_main(sys.argv[1:]))
