"""Letters as DOCX (python-docx) and PDF (fpdf2 with the DejaVu font vendored in resumes/fonts,
so accents and typographic quotes in every language render)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from resumes.export import FONT_DIR


def _paragraphs(body: str) -> list[str]:
    return [
        block.strip("\n") for block in body.replace("\r\n", "\n").split("\n\n") if block.strip()
    ]


def render_docx(*, subject: str, body: str, language: str = "en") -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    document.core_properties.title = subject
    document.core_properties.language = language
    document.core_properties.author = "JobMentis"
    for block in _paragraphs(body):
        paragraph = document.add_paragraph()
        lines = block.split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_pdf(*, subject: str, body: str, language: str = "en") -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_title(subject or "Letter")
    pdf.set_author("JobMentis")
    pdf.set_lang(language)
    pdf.set_creation_date(datetime.now(UTC))
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(22, 22, 22)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10.5)
    width = pdf.w - 44
    for block in _paragraphs(body):
        pdf.multi_cell(width, 5.6, block, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3.5)
    return bytes(pdf.output())
