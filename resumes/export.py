"""Export a CV version (JSON Resume data) as DOCX and PDF, and check the result re-parses.

One ATS-friendly single-column layout for both formats: name, headline, one contact line and
one links line, then the sections under plain headings (in the CV's language: English,
Italian or French), dates on their own line, bullets as real list items. No tables, columns,
text boxes or images — what applicant tracking systems read best.

`export_check` renders a file, reads it back with our own local extractor (the same one that
reads uploads) and compares the result with the data field by field: anything that would not
survive a round trip is reported, so the user is warned before sending the file.

The PDF font is DejaVu Sans, vendored in resumes/fonts (free licence alongside), so every
Latin, Greek and Cyrillic character of a CV prints, on any deployment.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from resumes import jsonresume
from resumes.scoring.text import words

# fontTools (fpdf2's font subsetter) logs every glyph at INFO: noise in the application log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

_HEADINGS = {
    "en": {
        "summary": "Summary",
        "work": "Experience",
        "education": "Education",
        "skills": "Skills",
        "languages": "Languages",
        "certificates": "Certifications",
        "projects": "Projects",
    },
    "it": {
        "summary": "Profilo",
        "work": "Esperienza lavorativa",
        "education": "Istruzione",
        "skills": "Competenze",
        "languages": "Lingue",
        "certificates": "Certificazioni",
        "projects": "Progetti",
    },
    "fr": {
        "summary": "Profil",
        "work": "Expérience professionnelle",
        "education": "Formation",
        "skills": "Compétences",
        "languages": "Langues",
        "certificates": "Certifications",
        "projects": "Projets",
    },
}
_PRESENT = {"en": "Present", "it": "presente", "fr": "présent"}
_IN = {"en": " in ", "it": " in ", "fr": " en "}
_LANG_WORDS = {
    "en": frozenset(
        ["the", "and", "of", "with", "for", "to", "in", "on", "at", "by", "from", "as"]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "di",
            "del",
            "della",
            "per",
            "con",
            "che",
            "e",
            "un",
            "una",
            "nel",
            "alla",
            "dei",
            "delle",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "et",
            "pour",
            "avec",
            "dans",
            "du",
            "au",
            "un",
            "une",
            "sur",
            "en",
            "aux",
        ]
    ),
}


def document_language(data: dict[str, Any]) -> str:
    """en, it or fr: whichever language's common words the CV's prose uses most."""
    texts = [data["basics"].get("summary") or ""]
    for section in ("work", "projects"):
        for entry in data[section]:
            texts.extend(entry.get("highlights") or [])
            texts.append(entry.get("summary") or entry.get("description") or "")
    found = words(" ".join(texts))
    counts = {lang: sum(1 for w in found if w in vocab) for lang, vocab in _LANG_WORDS.items()}
    best = max(counts, key=lambda lang: (counts[lang], lang == "en"))
    return best if counts[best] else "en"


@dataclass(frozen=True)
class Item:
    kind: str  # name, label, contact, heading, strong, small, para, bullet, line
    text: str


def _date(value: str, lang: str) -> str:
    """YYYY-MM -> MM/YYYY (language-neutral, and what our reader parses best); YYYY as is."""
    value = (value or "").strip()
    if len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        return f"{value[5:]}/{value[:4]}"
    return value


def _range(start: str, end: str, lang: str, *, ongoing: bool) -> str:
    start_text, end_text = _date(start, lang), _date(end, lang)
    if start_text and end_text:
        return f"{start_text} \u2013 {end_text}"
    if start_text:
        return f"{start_text} \u2013 {_PRESENT[lang]}" if ongoing else start_text
    return end_text


def document_items(data: Any) -> tuple[list[Item], str]:
    """The layout as a list of items (shared by the DOCX and PDF writers), and the language."""
    data = jsonresume.normalise(data)
    lang = document_language(data)
    headings = _HEADINGS[lang]
    basics = data["basics"]
    items: list[Item] = []
    if basics["name"]:
        items.append(Item("name", basics["name"]))
    if basics["label"]:
        items.append(Item("label", basics["label"]))
    location = basics["location"]
    place = ", ".join(
        part for part in (location["address"], location["city"], location["region"]) if part
    )
    contact = [part for part in (place, basics["phone"], basics["email"]) if part]
    if contact:
        items.append(Item("contact", " · ".join(contact)))
    links = [basics["url"], *(profile["url"] for profile in basics["profiles"])]
    links = [link for link in links if link]
    if links:
        items.append(Item("contact", " · ".join(links)))

    def section(key: str, content: list[Item]) -> None:
        if content:
            items.append(Item("heading", headings[key]))
            items.extend(content)

    section("summary", [Item("para", basics["summary"])] if basics["summary"] else [])

    work: list[Item] = []
    for entry in data["work"]:
        company = ", ".join(part for part in (entry["name"], entry["location"]) if part)
        head = " — ".join(part for part in (entry["position"], company) if part)
        if head:
            work.append(Item("strong", head))
        dates = _range(entry["startDate"], entry["endDate"], lang, ongoing=True)
        if dates:
            work.append(Item("small", dates))
        if entry["summary"]:
            work.append(Item("para", entry["summary"]))
        work.extend(Item("bullet", text) for text in entry["highlights"])
    section("work", work)

    education: list[Item] = []
    for entry in data["education"]:
        degree = _IN[lang].join(part for part in (entry["studyType"], entry["area"]) if part)
        head = " — ".join(part for part in (degree, entry["institution"]) if part)
        if head:
            education.append(Item("strong", head))
        dates = _range(entry["startDate"], entry["endDate"], lang, ongoing=False)
        if dates:
            education.append(Item("small", dates))
        if entry["score"]:
            education.append(Item("small", entry["score"]))
        education.extend(Item("bullet", course) for course in entry["courses"])
    section("education", education)

    skills: list[Item] = []
    loose = [entry["name"] for entry in data["skills"] if entry["name"] and not entry["keywords"]]
    for entry in data["skills"]:
        if entry["keywords"]:
            listed = ", ".join(entry["keywords"])
            skills.append(Item("line", f"{entry['name']}: {listed}" if entry["name"] else listed))
    if loose:
        skills.append(Item("line", ", ".join(loose)))
    section("skills", skills)

    languages = []
    for entry in data["languages"]:
        level = entry["fluency"] or entry["cefr"]
        if entry["cefr"] and entry["cefr"] not in level and entry["cefr"] != "Native":
            level = f"{level} ({entry['cefr']})" if level else entry["cefr"]
        languages.append(f"{entry['language']} ({level})" if level else entry["language"])
    section("languages", [Item("line", text) for text in languages if text])

    certificates = []
    for entry in data["certificates"]:
        text = " — ".join(part for part in (entry["name"], entry["issuer"]) if part)
        if entry["date"]:
            text = f"{text} ({_date(entry['date'], lang)})" if text else entry["date"]
        if text:
            certificates.append(Item("line", text))
    section("certificates", certificates)

    projects: list[Item] = []
    for entry in data["projects"]:
        if entry["name"]:
            projects.append(Item("strong", entry["name"]))
        dates = _range(entry["startDate"], entry["endDate"], lang, ongoing=False)
        if dates:
            projects.append(Item("small", dates))
        if entry["description"]:
            projects.append(Item("para", entry["description"]))
        if entry["url"]:
            projects.append(Item("small", entry["url"]))
        projects.extend(Item("bullet", text) for text in entry["highlights"])
    section("projects", projects)
    return items, lang


# --- writers -------------------------------------------------------------------------------------


def render_docx(data: Any, *, title: str = "") -> bytes:
    import docx
    from docx.shared import Pt

    items, lang = document_items(data)
    document = docx.Document()
    core = document.core_properties
    core.title = title or (items[0].text if items else "CV")
    core.author = "JobMentis"
    core.language = lang
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for item in items:
        if item.kind == "heading":
            document.add_paragraph(item.text, style="Heading 2")
        elif item.kind == "bullet":
            document.add_paragraph(item.text, style="List Bullet")
        else:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(item.text)
            if item.kind == "name":
                run.bold = True
                run.font.size = Pt(20)
            elif item.kind == "label":
                run.font.size = Pt(12)
            elif item.kind == "strong":
                run.bold = True
            elif item.kind in ("small", "contact"):
                run.font.size = Pt(9.5)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_PDF_STYLES: dict[str, tuple[float, bool]] = {
    "name": (20, True),
    "label": (12, False),
    "contact": (9, False),
    "heading": (12, True),
    "strong": (10.5, True),
    "small": (9, False),
}


def render_pdf(data: Any, *, title: str = "") -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    items, lang = document_items(data)
    pdf = FPDF(format="A4")
    pdf.set_title(title or (items[0].text if items else "CV"))
    pdf.set_author("JobMentis")
    pdf.set_lang(lang)
    pdf.set_creation_date(datetime.now(UTC))
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    width = pdf.w - 36
    for item in items:
        size, bold = _PDF_STYLES.get(item.kind, (10, False))
        pdf.set_font("DejaVu", "B" if bold else "", size)
        if item.kind == "heading":
            pdf.ln(3)
        elif item.kind == "strong":
            pdf.ln(1.5)
        if item.kind == "bullet":
            pdf.set_x(pdf.l_margin + 2)
            pdf.cell(4, size * 0.5, "•")
            pdf.multi_cell(width - 6, size * 0.5, item.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            continue
        pdf.multi_cell(width, size * 0.5, item.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if item.kind == "heading":
            y = pdf.get_y() + 0.5
            pdf.set_draw_color(160, 160, 160)
            pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
            pdf.ln(1.5)
    return bytes(pdf.output())


def render(data: Any, fmt: str, *, title: str = "") -> bytes:
    if fmt == "docx":
        return render_docx(data, title=title)
    if fmt == "pdf":
        return render_pdf(data, title=title)
    raise ValueError(f"Unknown export format {fmt!r}.")


# --- the round-trip check ------------------------------------------------------------------------


@dataclass(frozen=True)
class LostField:
    section: str  # basics / work / education / skills / languages / certificates / projects
    field: str  # e.g. "email", "position", "highlights"
    value: str  # the value that did not come back


@dataclass
class ExportCheck:
    fmt: str
    lost: list[LostField] = field(default_factory=list)
    checked: int = 0  # how many values were compared

    @property
    def ok(self) -> bool:
        return not self.lost


def _norm(value: str) -> str:
    return " ".join(words(value))


def _present(value: str, haystack: str) -> bool:
    needle = _norm(value)
    return not needle or needle in haystack


def reparse(content: bytes, fmt: str) -> tuple[dict[str, Any], str]:
    """Our own extractor's reading of a generated file: (JSON Resume data, plain text)."""
    from resumes.extraction import docx_text, extract_resume, pdf_text

    text = (pdf_text(content) if fmt == "pdf" else docx_text(content)).text
    return jsonresume.normalise(extract_resume(text)), text


def compare(source: Any, parsed: dict[str, Any], fmt: str) -> ExportCheck:
    """Field-by-field: each value of the source must come back in the same section of the
    re-parsed data (compared on folded words, so punctuation and case do not matter)."""
    source = jsonresume.normalise(source)
    check = ExportCheck(fmt)

    def expect(section: str, name: str, value: str, haystack: str) -> None:
        if not value:
            return
        check.checked += 1
        if not _present(value, haystack):
            check.lost.append(LostField(section, name, value))

    def flat(value: Any) -> str:
        if isinstance(value, dict):
            return " | ".join(flat(item) for item in value.values())
        if isinstance(value, list):
            return " | ".join(flat(item) for item in value)
        return _norm(str(value)) if value is not None else ""

    basics, got = source["basics"], parsed["basics"]
    for name in ("name", "label", "email", "phone", "summary"):
        expect("basics", name, basics[name], _norm(str(got.get(name) or "")))
    expect("basics", "url", basics["url"], flat([got.get("url"), got.get("profiles")]))
    for profile in basics["profiles"]:
        expect("basics", "profiles", profile["url"], flat([got.get("url"), got.get("profiles")]))
    city = basics["location"]["city"]
    expect("basics", "location", city, flat(got.get("location")))

    work = flat(parsed["work"])
    for entry in source["work"]:
        for name in ("name", "position", "location", "summary"):
            expect("work", name, entry[name], work)
        for name in ("startDate", "endDate"):
            expect("work", name, entry[name], work)
        for text in entry["highlights"]:
            expect("work", "highlights", text, work)

    education = flat(parsed["education"])
    for entry in source["education"]:
        for name in ("institution", "studyType", "area", "startDate", "endDate"):
            expect("education", name, entry[name], education)

    skills = flat(parsed["skills"])
    for entry in source["skills"]:
        if entry["keywords"]:
            for keyword in entry["keywords"]:
                expect("skills", "keywords", keyword, skills)
        else:
            expect("skills", "name", entry["name"], skills)

    languages = flat(parsed["languages"])
    for entry in source["languages"]:
        expect("languages", "language", entry["language"], languages)

    certificates = flat(parsed["certificates"])
    for entry in source["certificates"]:
        expect("certificates", "name", entry["name"], certificates)

    projects = flat(parsed["projects"])
    for entry in source["projects"]:
        expect("projects", "name", entry["name"], projects)
        expect("projects", "description", entry["description"], projects)
    return check


def export_check(data: Any, fmt: str) -> ExportCheck:
    content = render(data, fmt)
    parsed, _text = reparse(content, fmt)
    return compare(data, parsed, fmt)
