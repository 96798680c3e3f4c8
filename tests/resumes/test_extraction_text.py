"""PDF and DOCX bytes -> text, in reading order, with our own errors for bad documents."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from pypdf import PdfReader, PdfWriter

from resumes.extraction import (
    CorruptDocument,
    EncryptedDocument,
    ExtractedText,
    ExtractionError,
    docx_text,
    pdf_text,
)
from resumes.extraction.text import split_columns

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "files"


def _block(text: str, first: str, last: str) -> list[str]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[lines.index(first) : lines.index(last) + 1]


def test_two_column_pdf_reads_the_sidebar_and_the_main_column_separately() -> None:
    extracted = pdf_text((CORPUS / "giulia-conti.twocol.pdf").read_bytes())
    assert extracted.pages == 1
    # The sidebar's skills come out as one uninterrupted list, not interleaved with job lines.
    skills = _block(extracted.text, "• Java", "• GitLab CI")
    assert len(skills) == 9
    assert all(line.startswith("• ") for line in skills)
    # And each main-column line is whole.
    assert "• Mentoring di tre sviluppatori junior" in extracted.text
    assert "Sviluppatrice Backend Senior" in extracted.text.splitlines()


def test_single_column_pdf_keeps_lines_and_bullets() -> None:
    extracted = pdf_text((CORPUS / "oliver-bennett.single.pdf").read_bytes())
    assert extracted.text.splitlines()[0].strip().lower() == "oliver bennett"
    assert "oliver.bennett@example.co.uk" in extracted.text
    assert extracted.page_texts and extracted.pages == len(extracted.page_texts)


def test_split_columns_leaves_a_single_column_page_alone() -> None:
    page = "\n".join(
        f"Line {i} of a normal paragraph that runs across the page width" for i in range(20)
    )
    assert split_columns(page) is None


def test_split_columns_reads_left_column_then_right_column() -> None:
    rows = [f"{'Left ' + str(i):<30}     {'Right ' + str(i)}" for i in range(10)]
    columns = split_columns("\n".join(rows))
    assert columns is not None
    lines = [ln for ln in columns.splitlines() if ln]
    assert lines[:10] == [f"Left {i}" for i in range(10)]
    assert lines[10:] == [f"Right {i}" for i in range(10)]


def test_docx_list_items_tables_and_headers() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jane Header-Name"
    document.add_paragraph("Experience", style="Heading 2")
    document.add_paragraph("Shipped the thing", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].paragraphs[0].text = "Sidebar: Python"
    table.rows[0].cells[1].paragraphs[0].text = "Main: Developer at Acme"
    extracted = docx_text(_save(document))
    lines = extracted.text.splitlines()
    assert lines[0] == "Jane Header-Name"
    assert "• Shipped the thing" in lines
    assert lines.index("Sidebar: Python") < lines.index("Main: Developer at Acme")
    assert isinstance(extracted, ExtractedText) and extracted.pages >= 1


def test_docx_text_boxes_are_read_once() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Body text")
    paragraph._p.append(
        parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
            ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>Floating sidebar</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"
        )
    )
    text = docx_text(_save(document)).text
    assert text.count("Floating sidebar") == 1
    assert text.splitlines()[0] == "Body text"


def test_corpus_docx_two_column_table_reads_cell_by_cell() -> None:
    text = docx_text((CORPUS / "camille-lefevre.twocol.docx").read_bytes()).text
    lines = text.splitlines()
    job = next(i for i, ln in enumerate(lines) if ln.startswith("Infirmière à domicile chez SSIAD"))
    assert lines.index("Anglais (B1)") < job  # the whole sidebar cell before the main cell
    assert "• Encadrement des étudiants en soins infirmiers" in lines


def test_encrypted_pdf_raises_encrypted_document() -> None:
    writer = PdfWriter(clone_from=PdfReader(CORPUS / "oliver-bennett.single.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    with pytest.raises(EncryptedDocument):
        pdf_text(_write(writer))


def test_pdf_with_only_an_owner_password_still_opens() -> None:
    writer = PdfWriter(clone_from=PdfReader(CORPUS / "oliver-bennett.single.pdf"))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    assert "oliver bennett" in pdf_text(_write(writer)).text.lower()


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", b"not a pdf at all"],
    ids=["empty", "header-only", "garbage", "text"],
)
def test_corrupt_pdf_raises_corrupt_document(data: bytes) -> None:
    with pytest.raises(CorruptDocument):
        pdf_text(data)


def test_truncated_pdf_gives_text_or_corrupt_document_never_another_error() -> None:
    data = (CORPUS / "oliver-bennett.single.pdf").read_bytes()
    try:
        result = pdf_text(data[: len(data) // 2])
    except ExtractionError as exc:
        assert isinstance(exc, CorruptDocument)
    else:
        assert isinstance(result, ExtractedText)


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04 broken zip", b"plain text"],
    ids=["empty", "broken-zip", "text"],
)
def test_corrupt_docx_raises_corrupt_document(data: bytes) -> None:
    with pytest.raises(CorruptDocument):
        docx_text(data)


def test_zip_that_is_not_a_word_document_raises_corrupt_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CorruptDocument):
        docx_text(buffer.getvalue())


def test_password_protected_word_file_raises_encrypted_document() -> None:
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(EncryptedDocument):
        docx_text(ole_header)


def _save(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
