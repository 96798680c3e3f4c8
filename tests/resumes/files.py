"""Real CV files for tests, built in memory: valid PDFs and DOCX, and every kind of bad file."""

from __future__ import annotations

import io
import zipfile

SAMPLE_CV_LINES = [
    "Ada Lovelace",
    "Data Analyst",
    "ada.lovelace@example.com | +44 20 7946 0958 | London, UK",
    "",
    "Experience",
    "Senior Data Analyst, Analytical Engines Ltd, London",
    "Jan 2020 - Present",
    "- Built forecasting models in Python and SQL",
    "- Led a team of 4 analysts",
    "",
    "Education",
    "BSc Mathematics, University of London",
    "2012 - 2015",
    "",
    "Skills",
    "Python, SQL, Tableau",
    "",
    "Languages",
    "English (native), French (B2)",
]


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def make_pdf(pages: list[list[str]] | None = None) -> bytes:
    """A valid PDF with real text (Helvetica), one list of lines per page."""
    pages = pages if pages is not None else [SAMPLE_CV_LINES]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for lines in pages:
        ops = b" ".join(_pdf_string(line) + b" Tj T*" for line in lines)
        content = b"BT /F1 11 Tf 72 760 Td 14 TL " + ops + b" ET"
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, stream, font)
            )
        )
    kid_refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    assert add(b"<< /Type /Pages /Kids [" + kid_refs + b"] /Count %d >>" % len(kids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()


def make_pdf_decompression_bomb(megabytes: int = 600) -> bytes:
    """A one-page PDF whose content stream is ~1 MB deflated and `megabytes` inflated."""
    import zlib

    compressor = zlib.compressobj(9)
    line = b"0 0 m 1 1 l S\n" * 74_899  # ~1 MB of drawing operators
    stream = b"".join(compressor.compress(line) for _ in range(megabytes)) + compressor.flush()
    pdf = make_pdf([["Bomb"]])
    # Swap the page's plain content stream for the deflated bomb (offsets rebuilt by pypdf).
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    bomb = StreamObject()
    bomb._data = stream
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(bomb)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_encrypted_pdf(password: str = "s3cret") -> bytes:  # noqa: S107 - a test file
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(lines: list[str] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for index, line in enumerate(lines if lines is not None else SAMPLE_CV_LINES):
        if index == 0:
            document.add_heading(line, level=0)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rewrite_docx(original: bytes, replace: dict[str, bytes], extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item)))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def make_docx_zip_bomb(uncompressed_mb: int = 30) -> bytes:
    """A real DOCX plus one part of zeros that deflates ~1000:1 (declared in the directory)."""
    bomb = bytes(uncompressed_mb * 1024 * 1024)
    return _rewrite_docx(make_docx(), {}, {"word/media/bomb.bin": bomb})


def make_docx_with_entities(kind: str = "billion_laughs") -> bytes:
    """document.xml with a DOCTYPE declaring entities (billion laughs or an external entity)."""
    if kind == "billion_laughs":
        doctype = (
            b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        )
        body_text = b"&lol3;"
    else:
        doctype = b'<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        body_text = b"&xxe;"
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + doctype
        + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>" + body_text + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    return _rewrite_docx(make_docx(), {"word/document.xml": document}, {})


def make_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def make_json_resume() -> dict[str, object]:
    return {
        "basics": {
            "name": "Grace Hopper",
            "label": "Software Engineer",
            "email": "grace@example.com",
            "phone": "+1 555 0100",
            "location": {"city": "Arlington", "countryCode": "US"},
            "profiles": [{"network": "GitHub", "url": "https://github.com/grace"}],
            "summary": "Compiler pioneer.",
        },
        "work": [
            {
                "name": "US Navy",
                "position": "Rear Admiral",
                "startDate": "1943-12",
                "endDate": "1986-08",
                "highlights": ["Led COBOL standardisation", "Found the first bug"],
            }
        ],
        "education": [
            {"institution": "Yale University", "area": "Mathematics", "studyType": "PhD"}
        ],
        "skills": [{"name": "Programming", "keywords": ["COBOL", "FLOW-MATIC"]}],
        "languages": [{"language": "English", "fluency": "Native speaker"}],
        "certificates": [],
        "projects": [{"name": "A-0 System", "description": "First compiler"}],
    }
