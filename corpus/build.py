# ruff: noqa: RUF001 - CV text is full of dashes, bullets and curly quotes
"""Render the evaluation corpus: JSON Resume truth files -> CVs in several layouts, PDF and DOCX.

    .venv/bin/python corpus/build.py

Each `truth/<person>.json` (fictional people) is rendered as:
  - single:     one column with section headings,
  - twocol:     a header, then a sidebar (contact, skills, languages) beside the main column,
  - noheadings: one column, no section headings at all (a minimal CV: header, summary, experience,
                education, skills and languages lines; certificates and projects are not rendered,
                and `manifest.json` records that so the benchmark does not expect them).
Formatting varies per person and layout, deterministically (seeded by the file name): date formats
in the CV's language, bullet characters, heading case, entry header arrangements, contact line
styles, ligature glyphs and hyphenated line breaks in some PDFs. Needs fpdf2 (dev extra) and
DejaVu Sans.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
TRUTH = ROOT / "truth"
OUT = ROOT / "files"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "it": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
}
MONTHS_SHORT = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "it": ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
    "fr": [
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ],
}
PRESENT = {
    "en": ["Present", "present", "Current", "Now"],
    "it": ["oggi", "presente", "in corso", "attuale"],
    "fr": ["aujourd'hui", "présent", "en cours", "à ce jour"],
}
HEADINGS = {
    "en": {
        "summary": ["Profile", "Professional Summary", "Summary", "About Me"],
        "work": ["Experience", "Work Experience", "Employment History", "Professional Experience"],
        "education": ["Education", "Education and Training", "Qualifications", "Education"],
        "skills": ["Skills", "Key Skills", "Technical Skills", "Core Competencies"],
        "languages": ["Languages", "Languages", "Language Skills", "Languages"],
        "certificates": ["Certifications", "Certificates", "Licenses & Certifications", "Training"],
        "projects": ["Projects", "Personal Projects", "Selected Projects", "Side Projects"],
        "contact": ["Contact", "Contact Details", "Personal Details", "Contact"],
    },
    "it": {
        "summary": ["Profilo", "Profilo professionale", "Sommario", "Chi sono"],
        "work": ["Esperienza lavorativa", "Esperienze professionali", "Esperienza", "Esperienze"],
        "education": ["Istruzione", "Formazione", "Istruzione e formazione", "Titoli di studio"],
        "skills": ["Competenze", "Competenze tecniche", "Competenze chiave", "Competenze"],
        "languages": ["Lingue", "Conoscenze linguistiche", "Lingue straniere", "Lingue"],
        "certificates": ["Certificazioni", "Certificati", "Corsi e certificazioni", "Abilitazioni"],
        "projects": ["Progetti", "Progetti personali", "Progetti", "Progetti principali"],
        "contact": ["Contatti", "Dati personali", "Recapiti", "Contatti"],
    },
    "fr": {
        "summary": ["Profil", "Profil professionnel", "À propos", "Résumé"],
        "work": [
            "Expérience professionnelle",
            "Expériences professionnelles",
            "Parcours professionnel",
            "Expérience",
        ],
        "education": ["Formation", "Formations", "Études", "Diplômes et formations"],
        "skills": ["Compétences", "Compétences techniques", "Compétences clés", "Savoir-faire"],
        "languages": ["Langues", "Langues étrangères", "Compétences linguistiques", "Langues"],
        "certificates": ["Certifications", "Certificats", "Habilitations", "Certifications"],
        "projects": ["Projets", "Projets personnels", "Réalisations", "Projets"],
        "contact": ["Contact", "Coordonnées", "Informations personnelles", "Contact"],
    },
}
NATIVE = {
    "en": ["native", "native speaker", "mother tongue", "Native"],
    "it": ["madrelingua", "lingua madre", "madrelingua", "nativo"],
    "fr": ["langue maternelle", "natif", "langue maternelle", "bilingue"],
}
COUNTRY_NAMES = {
    "GB": {"en": ["UK", "United Kingdom"]},
    "IE": {"en": ["Ireland", "Ireland"]},
    "IT": {"it": ["Italia", "Italy"]},
    "FR": {"fr": ["France", "France"]},
}
IN_WORD = {"en": " in ", "it": " in ", "fr": " en "}
AT_WORD = {"en": " at ", "it": " presso ", "fr": " chez "}
SCORE_LABEL = {"en": "Grade: ", "it": "Voto: ", "fr": "Mention : "}
CONTACT_LABELS = {
    "en": ("Email: ", "Phone: ", "Address: "),
    "it": ("E-mail: ", "Tel.: ", "Indirizzo: "),
    "fr": ("E-mail : ", "Tél. : ", "Adresse : "),
}
BULLETS = ["•", "-", "▪", "–", "*", "•"]
LIGATURES = {"ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}


@dataclass
class Style:
    seed: int
    lang: str

    def pick(self, options: list[Any], salt: int = 0) -> Any:
        return options[(self.seed // (salt * 7 + 1) + salt) % len(options)]


@dataclass
class Item:
    kind: str  # name label contact heading para bullet strong line small blank
    text: str = ""
    right: str = ""  # right-aligned text on the same line (dates)


@dataclass
class Doc:
    header: list[Item] = field(default_factory=list)
    main: list[Item] = field(default_factory=list)
    side: list[Item] = field(default_factory=list)


# ----------------------------------------------------------------------------- formatting


def fmt_date(value: str | None, style: Style) -> str:
    lang = style.lang
    if value is None:
        return style.pick(PRESENT[lang], 3)
    if len(value) == 4:
        return value
    year, month = value.split("-")
    m = int(month)
    kind = style.pick(["short", "full", "numeric", "short", "full"], 1)
    if kind == "numeric":
        return f"{m:02d}/{year}"
    if kind == "full":
        name = MONTHS[lang][m - 1]
        return f"{name} {year}"
    return f"{MONTHS_SHORT[lang][m - 1]} {year}"


def fmt_range(start: str | None, end: str | None, style: Style) -> str:
    sep = style.pick([" – ", " - ", " — ", "–"], 2)
    if style.lang == "en" and style.pick([0, 1, 0], 4) and start and len(start) > 4:
        sep = " to "
    if start is None:
        return fmt_date(end, style) if end else ""
    return f"{fmt_date(start, style)}{sep}{fmt_date(end, style)}"


def heading(key: str, style: Style) -> str:
    text = style.pick(HEADINGS[style.lang][key], 5)
    return text.upper() if style.pick([True, False], 6) else text


def location_text(basics: dict[str, Any], style: Style) -> str:
    loc = basics.get("location") or {}
    city = loc.get("city", "")
    code = loc.get("countryCode", "")
    if loc.get("region") and style.pick([True, False, True], 7):
        return f"{city} ({loc['region']})"
    names = COUNTRY_NAMES.get(code, {}).get(style.lang)
    if names:
        return f"{city}, {style.pick(names, 8)}"
    return city


def profile_text(url: str, style: Style) -> str:
    return url if style.pick([True, False], 9) else url.removeprefix("https://")


def language_text(lang_item: dict[str, Any], style: Style, salt: int) -> str:
    fluency = lang_item["fluency"]
    name = lang_item["language"]
    if fluency == "Native":
        level = style.pick(NATIVE[style.lang], salt)
    elif fluency and len(fluency) == 2:
        level = fluency
    else:
        level = (fluency or "").lower()
    form = style.pick(["paren", "colon", "dash"], 10)
    if form == "paren":
        return f"{name} ({level})"
    if form == "colon":
        return f"{name}: {level}" if style.lang != "fr" else f"{name} : {level}"
    return f"{name} – {level}"


def degree_text(edu: dict[str, Any], style: Style) -> str:
    if not edu.get("area"):
        return edu["studyType"]
    joiner = style.pick([IN_WORD[style.lang], ", "], 11)
    return f"{edu['studyType']}{joiner}{edu['area']}"


def chunk_list(words: list[str], sep: str, width: int = 80) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current}{sep}{word}" if current else word
        if len(candidate) > width and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


# ----------------------------------------------------------------------------- sections


def header_items(data: dict[str, Any], style: Style, *, with_contact: bool) -> list[Item]:
    b = data["basics"]
    items = [Item("name", b["name"].upper() if style.pick([True, False, False], 12) else b["name"])]
    if b.get("label"):
        items.append(Item("label", b["label"]))
    if with_contact:
        items.extend(contact_items(b, style, inline=bool(style.pick([True, False], 13))))
    return items


def contact_items(b: dict[str, Any], style: Style, *, inline: bool) -> list[Item]:
    links = [profile_text(p["url"], style) for p in b.get("profiles", [])]
    if b.get("url"):
        links.insert(0, profile_text(b["url"], style))
    if inline:
        sep = style.pick([" · ", " | ", "  •  "], 14)
        first = sep.join([location_text(b, style), b["phone"], b["email"]])
        items = [Item("contact", first)]
        if links:
            items.append(Item("contact", sep.join(links)))
        return items
    email_l, phone_l, addr_l = CONTACT_LABELS[style.lang]
    items = [
        Item("contact", f"{email_l}{b['email']}"),
        Item("contact", f"{phone_l}{b['phone']}"),
        Item("contact", f"{addr_l}{location_text(b, style)}"),
    ]
    items.extend(Item("contact", link.removeprefix("https://")) for link in links)
    return items


def work_items(work: list[dict[str, Any]], style: Style, variant: int) -> list[Item]:
    bullet = style.pick(BULLETS, 15)
    items: list[Item] = []
    for w in work:
        dates = fmt_range(w.get("startDate"), w.get("endDate"), style)
        loc = w.get("location")
        company_loc = f"{w['name']}, {loc}" if loc else w["name"]
        if variant == 0:
            items.append(Item("strong", f"{w['position']} — {company_loc}"))
            items.append(Item("small", dates))
        elif variant == 1:
            items.append(Item("strong", w["position"]))
            items.append(Item("line", " | ".join(p for p in (w["name"], loc, dates) if p)))
        elif variant == 2:
            items.append(Item("small", dates))
            items.append(Item("strong", w["position"]))
            items.append(Item("line", company_loc))
        elif variant == 3:
            items.append(Item("strong", f"{w['position']}{AT_WORD[style.lang]}{w['name']}", dates))
            if loc:
                items.append(Item("small", loc))
        else:
            items.append(Item("strong", f"{w['name']} | {w['position']} | {dates}"))
        items.extend(Item("bullet", f"{bullet} {h}") for h in w.get("highlights", []))
        items.append(Item("blank"))
    return items


def education_items(education: list[dict[str, Any]], style: Style, variant: int) -> list[Item]:
    items: list[Item] = []
    for e in education:
        dates = fmt_range(e.get("startDate"), e.get("endDate"), style)
        degree = degree_text(e, style)
        if variant == 0:
            items.append(Item("strong", degree))
            items.append(Item("line", f"{e['institution']}, {dates}"))
        elif variant == 1:
            items.append(Item("small", dates))
            items.append(Item("strong", f"{degree} — {e['institution']}"))
        else:
            items.append(Item("strong", e["institution"]))
            items.append(Item("line", degree))
            items.append(Item("small", dates))
        if e.get("score"):
            items.append(Item("small", f"{SCORE_LABEL[style.lang]}{e['score']}"))
        items.append(Item("blank"))
    return items


def skills_items(skills: list[dict[str, Any]], style: Style, *, sidebar: bool) -> list[Item]:
    if sidebar:
        bullet = style.pick(["", "• "], 16)
        return [Item("line", f"{bullet}{k}") for s in skills for k in s["keywords"]]
    items: list[Item] = []
    for s in skills:
        sep = style.pick([", ", " · ", ", "], 17)
        for i, text in enumerate(chunk_list(s["keywords"], sep)):
            prefix = f"{s['name']}: " if s["name"] and i == 0 else ""
            items.append(Item("line", f"{prefix}{text}"))
    return items


def language_items(languages: list[dict[str, Any]], style: Style, *, sidebar: bool) -> list[Item]:
    texts = [language_text(item, style, i) for i, item in enumerate(languages)]
    if sidebar or style.pick([True, False], 18):
        return [Item("line", t) for t in texts]
    return [Item("line", line) for line in chunk_list(texts, ", ")]


def certificate_items(certs: list[dict[str, Any]], style: Style) -> list[Item]:
    form = style.pick(["dash", "comma", "yearfirst"], 19)
    items = []
    for c in certs:
        if form == "dash":
            text = f"{c['name']} — {c['issuer']} ({c['date']})"
        elif form == "comma":
            text = f"{c['name']}, {c['issuer']}, {c['date']}"
        else:
            text = f"{c['date']} · {c['name']} — {c['issuer']}"
        items.append(Item("line", text))
    return items


def project_items(projects: list[dict[str, Any]], style: Style) -> list[Item]:
    items = []
    for p in projects:
        url = profile_text(p["url"], style) if p.get("url") else ""
        if style.pick([True, False], 20):
            items.append(
                Item("line", f"{p['name']} — {p['description']}" + (f" ({url})" if url else ""))
            )
        else:
            items.append(Item("strong", p["name"]))
            items.append(Item("line", p["description"]))
            if url:
                items.append(Item("small", url))
    return items


def build_doc(data: dict[str, Any], layout: str, style: Style) -> Doc:
    doc = Doc()
    wv = style.seed % 5 if layout != "twocol" else (style.seed + 2) % 5
    ev = style.seed % 3 if layout != "twocol" else (style.seed + 1) % 3
    b = data["basics"]

    def section(key: str, items: list[Item], target: list[Item]) -> None:
        if not items:
            return
        if layout != "noheadings":
            target.append(Item("heading", heading(key, style)))
        target.extend(items)
        target.append(Item("blank"))

    summary = [Item("para", b["summary"])] if b.get("summary") else []
    if layout == "twocol":
        doc.header = header_items(data, style, with_contact=False)
        section("contact", contact_items(b, style, inline=False), doc.side)
        section("skills", skills_items(data["skills"], style, sidebar=True), doc.side)
        section("languages", language_items(data["languages"], style, sidebar=True), doc.side)
        target = doc.main
    else:
        doc.header = header_items(data, style, with_contact=True)
        target = doc.main
    section("summary", summary, target)
    section("work", work_items(data["work"], style, wv), target)
    section("education", education_items(data["education"], style, ev), target)
    if layout != "twocol":
        section("skills", skills_items(data["skills"], style, sidebar=False), target)
        section("languages", language_items(data["languages"], style, sidebar=False), target)
    if layout != "noheadings":
        section("certificates", certificate_items(data["certificates"], style), target)
        section("projects", project_items(data["projects"], style), target)
    return doc


# ----------------------------------------------------------------------------- writers


def ligatures(text: str) -> str:
    for letters, glyph in LIGATURES.items():
        text = text.replace(letters, glyph)
    return text


def hyphenate(text: str) -> str:
    """Break the first long word of a bullet across a line, as justified PDFs do."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) >= 10 and word.isalpha() and word.islower() and i > 2:
            cut = len(word) // 2
            words[i] = f"{word[:cut]}-\n{word[cut:]}"
            return " ".join(words)
    return text


def write_pdf(doc: Doc, style: Style, *, tricks: bool, scale: float = 1.0) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_creation_date(
        __import__("datetime").datetime(2026, 1, 1, tzinfo=__import__("datetime").UTC)
    )
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()

    def draw(items: list[Item], width: float) -> None:
        for item in items:
            text = item.text
            if tricks and item.kind in ("para", "bullet"):
                text = ligatures(hyphenate(text) if item.kind == "bullet" else text)
            if item.kind == "blank":
                pdf.ln(2 * scale * scale)
                continue
            size, bold = {
                "name": (20, True),
                "label": (12, False),
                "heading": (12, True),
                "strong": (10, True),
                "small": (9, False),
            }.get(item.kind, (9.5, False))
            if item.kind == "contact" and width < 100:
                size = 7.5  # a narrow sidebar: keep links on one line, as designers do
            size *= scale
            pdf.set_font("DejaVu", "B" if bold else "", size)
            if item.kind == "heading":
                pdf.ln(2)
            if item.right and pdf.get_string_width(text) > width - 47:
                # Too long to share the line with the dates: dates go on the next line.
                pdf.multi_cell(width, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.set_font("DejaVu", "", 9)
                pdf.multi_cell(width, 4.5, item.right, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                continue
            if item.right:
                x = pdf.get_x()
                pdf.cell(width - 45, 6, text)
                pdf.set_font("DejaVu", "", 9)
                pdf.cell(45, 6, item.right, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.set_x(x)
                continue
            pdf.multi_cell(width, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    full = pdf.w - 30
    draw(doc.header, full)
    pdf.ln(3)
    if doc.side:
        top = pdf.get_y()
        pdf.set_left_margin(15)
        pdf.set_x(15)
        draw(doc.side, 58)
        pdf.page = 1
        pdf.set_y(top)
        pdf.set_left_margin(80)
        pdf.set_x(80)
        draw(doc.main, pdf.w - 95)
    else:
        draw(doc.main, full)
    return bytes(pdf.output())


def write_docx(doc: Doc, style: Style) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    core = document.core_properties
    core.author = "JobMentis corpus"
    core.created = __import__("datetime").datetime(2026, 1, 1)
    core.modified = core.created
    core.last_modified_by = "JobMentis corpus"
    core.revision = 1

    def add(container: Any, items: list[Item]) -> None:
        first = True
        for item in items:
            if item.kind == "blank":
                continue
            text = item.text
            if item.kind == "heading":
                para = container.add_paragraph(text, style="Heading 2")
            elif item.kind == "bullet":
                para = container.add_paragraph(text.split(" ", 1)[1], style="List Bullet")
            elif item.kind == "name":
                para = container.add_paragraph()
                run = para.add_run(text)
                run.bold = True
                run.font.size = Pt(22)
            else:
                if first and container is not document and hasattr(container, "paragraphs"):
                    para = container.paragraphs[0]
                else:
                    para = container.add_paragraph()
                run = para.add_run(text)
                run.bold = item.kind == "strong"
                if item.right:
                    para.add_run("\t" + item.right)
            first = False

    add(document, doc.header)
    if doc.side:
        table = document.add_table(rows=1, cols=2)
        side, main = table.rows[0].cells
        add(side, doc.side)
        add(main, doc.main)
    else:
        add(document, doc.main)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(blob: bytes) -> bytes:
    """Re-pack with a fixed timestamp so rebuilding the corpus gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ----------------------------------------------------------------------------- main


def build() -> list[dict[str, Any]]:
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    manifest: list[dict[str, Any]] = []
    for path in sorted(TRUTH.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        lang = data["meta"]["language"]
        seed = zlib.crc32(path.stem.encode())
        for index, layout in enumerate(("single", "twocol", "noheadings")):
            style = Style(seed + index * 13, lang)
            doc = build_doc(data, layout, style)
            formats = ["pdf", "docx"]
            if layout == "noheadings":
                formats = [("pdf", "docx")[seed % 2]]
            for fmt in formats:
                name = f"{path.stem}.{layout}.{fmt}"
                tricks = fmt == "pdf" and (seed + index) % 3 == 0
                # Some single-column PDFs in a large, airy type run over two pages.
                scale = 1.35 if layout == "single" and seed % 3 == 1 else 1.0
                blob = (
                    write_pdf(doc, style, tricks=tricks, scale=scale)
                    if fmt == "pdf"
                    else write_docx(doc, style)
                )
                (OUT / name).write_bytes(blob)
                manifest.append(
                    {
                        "file": f"files/{name}",
                        "truth": f"truth/{path.name}",
                        "layout": layout,
                        "format": fmt,
                        "language": lang,
                        "ligatures_and_hyphenation": tricks,
                        "not_rendered": ["certificates", "projects"]
                        if layout == "noheadings"
                        else [],
                    }
                )
    (ROOT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":
    entries = build()
    total = sum((ROOT / e["file"]).stat().st_size for e in entries)
    print(f"{len(entries)} files, {total / 1024:.0f} KiB")  # noqa: T201
