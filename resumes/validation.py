"""Upload checks for CV files, judged by content — never by the file name or browser type.

Order matters: the cheap checks (size, magic bytes, the zip *directory*) run first, in process,
and refuse zip bombs and XML entity tricks before anything expands or parses them. Only then is
a PDF opened — in the bounded sandbox (resumes.sandbox) — for encryption and page count.
Each problem raises one of our own ResumeError types with a specific, translated message.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from resumes.errors import (
    CorruptFile,
    FileTooLarge,
    ResumeError,
    TooManyPages,
    UnsafeDocument,
    UnsupportedFile,
)
from resumes.sandbox import run_sandboxed

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and password-protected .docx
DOCX_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")

# DOCX (zip) limits, read from the central directory before anything is decompressed. A real
# CV unpacks to well under a few MB; images are stored nearly uncompressed (ratio ~1).
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
DOCX_MAX_RATIO = 100  # XML compresses ~5-20x; 100x+ on a large entry is a bomb
DOCX_RATIO_MIN_SIZE = 1024 * 1024  # tiny entries may legitimately compress very well
DOCX_MAX_XML_PART = 20 * 1024 * 1024
# `<!DOCTYPE` / `<!ENTITY` in any XML part: billion laughs, external entities (XXE). Word never
# writes them. Matched on bytes with NULs removed, so UTF-16 parts are caught as well.
_XML_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCX_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d{1,6})\s*</(?:\w+:)?Pages>")


@dataclass(frozen=True)
class ValidatedFile:
    content: bytes
    kind: str  # "pdf" | "docx" (Resume.Kind)
    size: int
    sha256: str
    page_count: int | None
    extension: str


def read_limited(file: IO[bytes], max_bytes: int) -> bytes:
    # One byte past the limit: an upload whose declared size lies is still caught.
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(max=filesizeformat(max_bytes))
    return data


def sniff_kind(content: bytes) -> str:
    """'pdf' or 'docx' from the bytes, or raise UnsupportedFile."""
    if not content:
        raise UnsupportedFile("empty")
    # The PDF header may follow a little junk (the spec tolerates it in the first 1024 bytes).
    if PDF_MAGIC in content[:1024]:
        return "pdf"
    if content.startswith(ZIP_MAGIC):
        return "docx"
    if content.startswith(OLE_MAGIC):
        raise UnsupportedFile("legacy_or_protected_word")
    raise UnsupportedFile()


def validate_resume_file(file: IO[bytes]) -> ValidatedFile:
    """Every check an uploaded CV must pass before anything is stored."""
    max_bytes = int(settings.RESUME_MAX_BYTES)
    content = read_limited(file, max_bytes)
    kind = sniff_kind(content)
    page_count = _check_pdf(content) if kind == "pdf" else _check_docx(content)
    max_pages = int(settings.RESUME_MAX_PAGES)
    if page_count is not None and page_count > max_pages:
        raise TooManyPages(pages=page_count, max=max_pages)
    return ValidatedFile(
        content=content,
        kind=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        page_count=page_count,
        extension=kind,
    )


def _check_pdf(content: bytes) -> int:
    # A complete PDF ends with %%EOF (allowing trailing whitespace or a little junk): a file
    # cut off during upload or download fails here with a clear message.
    if b"%%EOF" not in content[-2048:]:
        raise CorruptFile()
    answer = run_sandboxed("inspect_pdf", content)
    pages = answer.get("pages")
    if not isinstance(pages, int) or pages < 1:
        raise CorruptFile()
    return pages


def _check_docx(content: bytes) -> int | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise CorruptFile() from exc
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if not all(part in names for part in DOCX_REQUIRED_PARTS):
            # A zip, but not a Word document (e.g. an .xlsx, or a zip of anything).
            raise UnsupportedFile()
        _check_zip_directory(entries)
        pages: int | None = None
        for entry in entries:
            if not entry.filename.lower().endswith((".xml", ".rels")):
                continue
            data = _read_entry(archive, entry)
            if _XML_DECLARATIONS.search(data.replace(b"\x00", b"")):
                raise UnsafeDocument("xml_entities")
            if entry.filename == "docProps/app.xml":
                match = _DOCX_PAGES.search(data.replace(b"\x00", b""))
                pages = int(match.group(1)) if match else None
    return pages


def _check_zip_directory(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > DOCX_MAX_ENTRIES:
        raise UnsafeDocument("zip_bomb")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise UnsupportedFile("legacy_or_protected_word")  # zip-level encryption
        total += entry.file_size
        if total > DOCX_MAX_UNCOMPRESSED:
            raise UnsafeDocument("zip_bomb")
        if entry.file_size > DOCX_RATIO_MIN_SIZE:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > DOCX_MAX_RATIO:
                raise UnsafeDocument("zip_bomb")


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """Decompress one part, never more than its declared size (the directory may lie)."""
    limit = min(entry.file_size, DOCX_MAX_XML_PART)
    if entry.file_size > DOCX_MAX_XML_PART:
        raise UnsafeDocument("zip_bomb")
    try:
        with archive.open(entry) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise CorruptFile() from exc
    except RuntimeError as exc:  # zipfile: encrypted member
        raise UnsupportedFile("legacy_or_protected_word") from exc
    if len(data) > limit:
        raise UnsafeDocument("zip_bomb")
    return data


__all__ = ["ResumeError", "ValidatedFile", "read_limited", "sniff_kind", "validate_resume_file"]
