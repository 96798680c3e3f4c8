"""Plain text out of PDF and DOCX bytes.

Pure functions: bytes in, text out. Size limits, magic-byte sniffing, zip-bomb checks, time limits
and Celery belong to the upload app; this module only turns a document it is given into text in
reading order and maps every library failure onto our own exception types.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CorruptDocument",
    "EncryptedDocument",
    "ExtractedText",
    "ExtractionError",
    "docx_text",
    "pdf_text",
]

# Word saves password-protected documents as an OLE compound file, not as a zip.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CHARS_PER_PAGE = 3000


class ExtractionError(Exception):
    """The document could not be turned into text."""


class EncryptedDocument(ExtractionError):
    """The document is password protected."""


class CorruptDocument(ExtractionError):
    """The document is damaged, truncated or not the format it claims to be."""


@dataclass(frozen=True)
class ExtractedText:
    text: str
    pages: int
    page_texts: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------- PDF


def pdf_text(data: bytes) -> ExtractedText:
    """Text of a PDF, page by page; two-column pages are read column by column."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # An empty user password (owner-password-only PDFs) still opens the document.
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocument("The PDF is password protected.")
        pages = [_pdf_page_text(page) for page in reader.pages]
    except ExtractionError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise EncryptedDocument("The PDF is password protected.") from exc
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        OSError,
    ) as exc:
        raise CorruptDocument(f"The PDF could not be read: {exc}") from exc
    except RecursionError as exc:
        raise CorruptDocument("The PDF structure is too deeply nested.") from exc
    return ExtractedText(
        text="\n\n".join(p for p in pages if p.strip()), pages=len(pages), page_texts=tuple(pages)
    )


def _pdf_page_text(page: Any) -> str:
    plain: str = page.extract_text() or ""
    try:
        layout: str = page.extract_text(extraction_mode="layout") or ""
    except Exception:
        return plain
    columns = split_columns(layout)
    return columns if columns is not None else plain


def split_columns(layout: str) -> str | None:
    """If a layout-mode page has a vertical gutter, return its columns one after the other.

    Layout mode keeps horizontal positions, so a two-column page shows a band of blank character
    cells that runs down (almost) every line. Reading left column then right column restores the
    reading order that plain mode interleaves. Returns None when the page is a single column.
    """
    lines = [ln.rstrip() for ln in layout.splitlines()]
    body = [ln for ln in lines if ln.strip()]
    if len(body) < 6:
        return None
    width = max(len(ln) for ln in body)
    if width < 40:
        return None
    best: tuple[int, int] | None = None
    for col in range(int(width * 0.15), int(width * 0.85)):
        blocked = 0
        both = 0
        for ln in body:
            window = ln[col - 1 : col + 2]
            if window.strip():
                blocked += 1
                continue
            if ln[:col].strip() and ln[col:].strip():
                both += 1
        if blocked > len(body) * 0.04:
            continue
        if both >= max(4, len(body) // 5) and (best is None or both > best[1]):
            best = (col, both)
    if best is None:
        return None
    col = best[0]
    left = "\n".join(ln[:col].strip() for ln in lines)
    right = "\n".join(ln[col:].strip() for ln in lines)
    return _squeeze_blank_lines(left) + "\n\n" + _squeeze_blank_lines(right)


def _squeeze_blank_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# -------------------------------------------------------------------------------------------- DOCX


def docx_text(data: bytes) -> ExtractedText:
    """Text of a DOCX: header, paragraphs, list items as "• ", tables cell by cell, text boxes."""
    if data[:8] == _OLE_MAGIC:
        raise EncryptedDocument("The Word document is password protected.")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = []
        seen_headers: set[str] = set()
        for section in document.sections:
            for header in (section.first_page_header, section.header, section.even_page_header):
                # A linked header has no definition of its own (nothing to read, or a repeat).
                if header.is_linked_to_previous:
                    continue
                text = "\n".join(_block_lines(header._element))
                if text.strip() and text not in seen_headers:
                    seen_headers.add(text)
                    parts.append(text)
        parts.append("\n".join(_block_lines(document.element.body)))
        pages = _docx_pages(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise CorruptDocument(f"The Word document could not be read: {exc}") from exc
    except (AttributeError, OSError, RecursionError) as exc:
        raise CorruptDocument(f"The Word document could not be read: {exc}") from exc
    except Exception as exc:
        # lxml raises XMLSyntaxError for malformed parts; import lazily to keep the mapping local.
        from lxml.etree import XMLSyntaxError

        if isinstance(exc, XMLSyntaxError):
            raise CorruptDocument(f"The Word document could not be read: {exc}") from exc
        raise
    text = "\n\n".join(p for p in parts if p.strip())
    if pages is None:
        pages = max(1, -(-len(text) // _CHARS_PER_PAGE))
    return ExtractedText(text=text, pages=pages, page_texts=(text,))


def _block_lines(container: Any) -> Iterator[str]:
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield from _paragraph_lines(child)
        elif tag == f"{_W}tbl":
            yield from _table_lines(child)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _block_lines(child)


def _paragraph_lines(p: Any) -> Iterator[str]:
    chunks: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}txbxContent"):
        if node.tag == f"{_W}txbxContent":
            continue
        if _inside_text_box(node, p):
            continue
        if node.tag == f"{_W}t":
            chunks.append(node.text or "")
        elif node.tag == f"{_W}tab":
            chunks.append("\t")
        else:
            chunks.append("\n")
    text = "".join(chunks)
    if text.strip():
        ppr = p.find(f"{_W}pPr")
        is_list = False
        if ppr is not None:
            if ppr.find(f"{_W}numPr") is not None:
                is_list = True
            style = ppr.find(f"{_W}pStyle")
            if style is not None and "list" in (style.get(f"{_W}val") or "").lower():
                is_list = True
        yield ("• " + text.lstrip()) if is_list else text
    # Text boxes (floating sidebars) after their anchor paragraph; skip the VML fallback copy.
    for box in p.iter(f"{_W}txbxContent"):
        if any(anc.tag == _MC_FALLBACK for anc in box.iterancestors()):
            continue
        if _inside_text_box(box, p):
            continue
        yield from _block_lines(box)


def _inside_text_box(node: Any, stop: Any) -> bool:
    for anc in node.iterancestors():
        if anc is stop:
            return False
        if anc.tag == f"{_W}txbxContent":
            return True
    return False


def _table_lines(tbl: Any) -> Iterator[str]:
    # Cell by cell, row by row: a layout table (sidebar | main) then reads column after column
    # within each row, which keeps each cell's paragraphs together.
    seen: set[int] = set()
    for row in tbl.iterchildren(f"{_W}tr"):
        for cell in row.iterchildren(f"{_W}tc"):
            if id(cell) in seen:
                continue
            seen.add(id(cell))
            yield from _block_lines(cell)
            yield ""


def _docx_pages(document: Any) -> int | None:
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            match = re.search(rb"<(?:\w+:)?Pages>(\d+)</", part.blob)
            if match:
                return max(1, int(match.group(1)))
    return None
