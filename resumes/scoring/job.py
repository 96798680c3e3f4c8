"""Reading a job description: title, must-haves, nice-to-haves, skills, keywords, years of
experience, degree level and languages. English, Italian and French wording.

Everything works on folded text (see `text.fold`), so patterns are written without accents.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from resumes.scoring.text import fold, stem, tokens, words
from resumes.scoring.vocabulary import STOP_WORDS, find_skills

MAX_LINES = 400
MAX_REQUIREMENTS = 30
MAX_KEYWORDS = 12
MAX_LINE_CHARS = 240

MUST, NICE, OTHER = "must", "nice", "other"

_HEADINGS: dict[str, tuple[str, ...]] = {
    MUST: (
        "requirements",
        "requirement",
        "required",
        "required skills",
        "required qualifications",
        "minimum qualifications",
        "basic qualifications",
        "qualifications",
        "must have",
        "must haves",
        "must-have",
        "must-haves",
        "what you need",
        "what you will need",
        "what we are looking for",
        "what we re looking for",
        "who you are",
        "your profile",
        "skills",
        "requisiti",
        "requisiti richiesti",
        "requisiti obbligatori",
        "requisiti minimi",
        "competenze richieste",
        "il candidato ideale",
        "profilo",
        "profilo ricercato",
        "cosa cerchiamo",
        "profil recherche",
        "profil",
        "votre profil",
        "exigences",
        "competences requises",
        "qualifications requises",
        "ce que nous recherchons",
    ),
    NICE: (
        "nice to have",
        "nice to haves",
        "nice-to-have",
        "preferred",
        "preferred qualifications",
        "preferred skills",
        "bonus",
        "bonus points",
        "pluses",
        "plus",
        "desirable",
        "gradito",
        "graditi",
        "gradita",
        "costituisce titolo preferenziale",
        "titoli preferenziali",
        "requisiti preferenziali",
        "un plus",
        "atouts",
        "serait un plus",
        "souhaite",
        "competences appreciees",
    ),
    OTHER: (
        "responsibilities",
        "what you will do",
        "what you ll do",
        "the role",
        "about the role",
        "about us",
        "about the company",
        "who we are",
        "what we offer",
        "benefits",
        "perks",
        "the team",
        "description",
        "job description",
        "responsabilita",
        "mansioni",
        "attivita",
        "chi siamo",
        "cosa offriamo",
        "offriamo",
        "descrizione",
        "missions",
        "vos missions",
        "description du poste",
        "qui sommes nous",
        "nous offrons",
        "ce que nous offrons",
        "avantages",
        "how to apply",
    ),
}
_HEADING_INDEX = {
    " ".join(words(phrase)): kind for kind, phrases in _HEADINGS.items() for phrase in phrases
}
_MUST_CUE = re.compile(
    r"\b(must|required|requirement|essential|mandatory|obbligatori[oa]|indispensabil[ei]"
    r"|richiest[oaei]|necessari[oa]|indispensable|requis|requise|exige|exigee|imperati(f|ve))\b"
)
_NICE_CUE = re.compile(
    r"\b(nice to have|preferred|preferably|bonus|a plus|desirable|gradit[oaei]|apprezzat[oaei]"
    r"|preferenziale|preferibile|un plus|un atout|souhaite|apprecie)\b"
)
_TITLE_LABEL = re.compile(
    r"^\s*(?:job title|title|position|role|titolo|posizione|ruolo|poste|intitule du poste"
    r"|titre du poste)\s*:\s*(.+)$"
)
_BULLET = re.compile(r"^[\s\-\*\u2022\u00b7\u2023\u25e6\u25aa\u2013\u2014>+]+|^\s*\d{1,2}[.)]\s+")

# Years of experience: "5+ years", "at least 3 years", "3-5 years", "almeno 3 anni",
# "3 ans d'experience minimum". Numbers are capped: "founded 120 years ago" is no requirement.
_YEARS = re.compile(
    r"(?<![\d.])(\d{1,2})\s*(\+|plus)?\s*(?:(?:-|to|a|/)\s*\d{1,2}\s*)?\+?\s*"
    r"(?:years?|yrs?|anni|anno|ans?)\b"
)
_YEARS_CONTEXT = re.compile(
    r"\b(experience|esperienza|maturato|maturata|at least|minimum|min|almeno|minimo|au moins"
    r"|d experience|of experience|comprovata|professional|professionale|professionnelle)\b"
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "un": 1, "uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5,
    "sei": 6, "sette": 7, "otto": 8, "dieci": 10, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "sept": 7, "huit": 8, "dix": 10,
}  # fmt: skip
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b")

# Degree levels: 2 bachelor, 3 master, 4 doctorate.
BACHELOR, MASTER, DOCTORATE = 2, 3, 4
_DEGREES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (DOCTORATE, re.compile(r"\b(phd|ph d|doctorate|doctoral|dottorato|doctorat)\b")),
    (
        MASTER,
        re.compile(
            r"\b(master s?|masters|msc|m sc|mba|meng|laurea magistrale|laurea specialistica"
            r"|laurea vecchio ordinamento|bac 5|diplome d ingenieur|postgraduate)\b"
        ),
    ),
    (
        BACHELOR,
        re.compile(
            r"\b(bachelor s?|bachelors|bsc|b sc|ba|beng|undergraduate|laurea triennale"
            r"|licence (?:en|de|d|professionnelle)|bac 3)\b"
        ),
    ),
)
# A degree without a level ("a university degree", "laurea") reads as a bachelor's, but only
# when no level is named: "Master's degree" is a master's.
_ANY_DEGREE = re.compile(
    r"\b(degree|university degree|college degree|laurea|laureat[oa]|diplome universitaire"
    r"|diplome d etudes superieures)\b"
)
_EQUIVALENT = re.compile(r"\b(or equivalent|or similar|o equivalente|ou equivalent)\b")

LANGUAGES: dict[str, tuple[str, ...]] = {
    "en": ("english", "inglese", "anglais"),
    "it": ("italian", "italiano", "italien", "italienne"),
    "fr": ("french", "francese", "francais", "francaise"),
    "de": ("german", "tedesco", "allemand"),
    "es": ("spanish", "spagnolo", "espagnol"),
    "pt": ("portuguese", "portoghese", "portugais"),
    "nl": ("dutch", "olandese", "neerlandais"),
    "zh": ("chinese", "mandarin", "cinese", "chinois"),
    "ar": ("arabic", "arabo", "arabe"),
    "ru": ("russian", "russo", "russe"),
    "ja": ("japanese", "giapponese", "japonais"),
}
LANGUAGE_NAMES = {
    "en": "English", "it": "Italian", "fr": "French", "de": "German", "es": "Spanish",
    "pt": "Portuguese", "nl": "Dutch", "zh": "Chinese", "ar": "Arabic", "ru": "Russian",
    "ja": "Japanese",
}  # fmt: skip
_LANGUAGE_WORD = {name: code for code, names in LANGUAGES.items() for name in names}
CEFR_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "NATIVE": 7}
# Level words -> CEFR; checked on the folded text of the line around a language name.
LEVEL_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("NATIVE", re.compile(r"\b(native|mother tongue|madrelingua|langue maternelle)\b")),
    (
        "C1",
        re.compile(
            r"\b(fluent|fluency|fluently|fluente|fluentemente|ottim[oa]|eccellente|excellent"
            r"|courant|couramment|bilingue|bilingual|proficient|full professional|parfait"
            r"|parfaite|business level)\b"
        ),
    ),
    (
        "B2",
        re.compile(
            r"\b(good|buon[oa]|bonne|professional|professionale|professionnel|working"
            r"|advanced|avanzat[oa]|avance|upper intermediate)\b"
        ),
    ),
    ("B1", re.compile(r"\b(intermediate|intermedi[oa]|intermediaire|conversational)\b")),
    ("A2", re.compile(r"\b(basic|base|elementary|elementare|scolaire|notions)\b")),
)
_CEFR = re.compile(r"\b([abc][12])\b")
_LANGUAGE_CONTEXT = re.compile(
    r"\b(language|languages|lingua|lingue|langue|langues|speak|speaking|spoken|written|parlat[oa]"
    r"|scritt[oa]|parle|ecrit|conoscenza|knowledge|maitrise|padronanza|communicate|level|livello"
    r"|niveau)\b"
)


@dataclass(frozen=True)
class JobLine:
    text: str  # original text (bullets stripped, bounded)
    folded: str
    section: str  # must / nice / other


@dataclass(frozen=True)
class LanguageNeed:
    code: str
    level: str  # CEFR or NATIVE


@dataclass(frozen=True)
class Job:
    title: str
    lines: tuple[JobLine, ...]
    must_lines: tuple[JobLine, ...]
    nice_lines: tuple[JobLine, ...]
    skills: tuple[str, ...]  # every vocabulary skill named, sorted
    nice_skills: tuple[str, ...]  # skills named only in nice-to-have lines
    keywords: tuple[tuple[str, str], ...]  # (stemmed key, display form), best first
    years: int | None
    degree: int | None
    degree_equivalent: bool
    languages: tuple[LanguageNeed, ...]


def _heading(line: str) -> tuple[str | None, str]:
    """(section kind, rest of the line) when the line opens a section, else (None, line)."""
    head, sep, rest = line.partition(":")
    key = " ".join(words(head))
    if key in _HEADING_INDEX and (sep or len(key.split()) <= 6):
        return _HEADING_INDEX[key], rest.strip()
    return None, line


def _title(lines: list[str]) -> str:
    for line in lines[:15]:
        match = _TITLE_LABEL.match(fold(line))
        if match:
            # Return the original casing: cut the label off the original line.
            return line.split(":", 1)[1].strip()[:120]
    for line in lines[:1]:  # only the opening line: later short lines are requirements
        clean = _BULLET.sub("", line).strip().rstrip(":")
        kind, _rest = _heading(clean)
        short = clean and len(clean) <= 80 and len(clean.split()) <= 10
        if kind is None and short and not clean.endswith((".", "!", "?")):
            return clean[:120]
    return ""


def required_years(folded: str) -> int | None:
    text = _NUMBER_WORD.sub(lambda match: str(_NUMBER_WORDS[match.group(1)]), folded)
    found: list[int] = []
    for match in _YEARS.finditer(text):
        value = int(match.group(1))
        if not 0 < value <= 30:
            continue
        if match.group(2) or _YEARS_CONTEXT.search(text):
            found.append(value)
    return max(found) if found else None


def degree_level(folded: str, *, highest: bool = False) -> int | None:
    """The lowest degree level a text names (a 'bachelor's or master's' needs a bachelor's);
    with `highest`, the highest (a CV's "laurea magistrale" is a master's, not a bachelor's)."""
    text = " ".join(words(folded))
    levels = [level for level, pattern in _DEGREES if pattern.search(text)]
    if not levels and _ANY_DEGREE.search(text):
        levels = [BACHELOR]
    if not levels:
        return None
    return max(levels) if highest else min(levels)


def level_in(folded: str) -> str | None:
    cefr = _CEFR.search(folded)
    if cefr:
        return cefr.group(1).upper()
    for level, pattern in LEVEL_WORDS:
        if pattern.search(folded):
            return level
    return None


def _language_needs(lines: tuple[JobLine, ...]) -> tuple[LanguageNeed, ...]:
    needs: dict[str, str] = {}
    for line in lines:
        if line.section == NICE:
            continue
        text = " ".join(words(line.folded))
        # One clause per language: "fluent English and good French" -> two levels.
        for clause in re.split(r"[,;]| and | e | et ", text):
            clause_words = clause.split()
            codes = sorted({_LANGUAGE_WORD[w] for w in clause_words if w in _LANGUAGE_WORD})
            if not codes:
                continue
            level = level_in(clause)
            if level is None:
                level = level_in(text) if len(codes) == 1 else None
            if level is None and not (line.section == MUST or _LANGUAGE_CONTEXT.search(text)):
                continue  # "the Italian market", "an English-speaking team"
            for code in codes:
                current = needs.get(code)
                chosen = level or "B1"
                if current is None or CEFR_RANK[chosen] > CEFR_RANK[current]:
                    needs[code] = chosen
    return tuple(LanguageNeed(code, needs[code]) for code in sorted(needs))


# Words the experience, education and language components already judge: never keywords.
JUDGED_ELSEWHERE = frozenset(
    [stem(word) for word in _LANGUAGE_WORD]
    + [
        stem(word)
        for word in (  # noqa: SIM905
            "fluent fluency fluente courant native madrelingua bilingue bilingual proficient "
            "intermediate advanced avanzato basic scolaire bachelor bachelors master masters "
            "degree degrees laurea laureato laureata licence diplome diploma phd doctorate "
            "dottorato doctorat msc bsc mba equivalent equivalente equivalent valid "
            "professional professionale professionnel professionnelle maitrise padronanza "
            "minimo almeno least senior junior"
        ).split()
    ]
)
_SURFACE = re.compile(r"[^\W_]+")


def _surface_forms(text: str) -> dict[str, str]:
    """Folded word -> the word as written (lower case, accents kept), for display."""
    forms: dict[str, str] = {}
    for word in _SURFACE.findall(text.lower()):
        folded = fold(word).strip()
        if folded.isalnum():
            forms.setdefault(folded, word)
    return forms


def _keywords(lines: tuple[JobLine, ...], skill_spans: set[str]) -> tuple[tuple[str, str], ...]:
    """Frequent content words and repeated two-word phrases, skills and stop words excluded."""
    counts: Counter[str] = Counter()
    display: dict[str, str] = {}
    for line in lines:
        surface = _surface_forms(line.text)
        # Words in requirement lines matter more than those in the company blurb.
        weight = 1 if line.section == OTHER and not _MUST_CUE.search(line.folded) else 2
        raw = words(line.folded)
        chunk: list[tuple[str, str]] = []
        chunks: list[list[tuple[str, str]]] = []
        for word in raw:
            key = stem(word)
            skip = word in STOP_WORDS or key in STOP_WORDS or key in JUDGED_ELSEWHERE
            if skip or word.isdigit() or len(word) < 3:
                if chunk:
                    chunks.append(chunk)
                chunk = []
                continue
            chunk.append((key, surface.get(word, word)))
        if chunk:
            chunks.append(chunk)
        for chunk in chunks:
            for key, word in chunk:
                if key in skill_spans or len(key) < 4:
                    continue
                counts[key] += weight
                display.setdefault(key, word)
            for (key1, word1), (key2, word2) in itertools.pairwise(chunk):
                if key1 in skill_spans or key2 in skill_spans:
                    continue
                pair = f"{key1} {key2}"
                counts[pair] += weight
                display.setdefault(pair, f"{word1} {word2}")
    # A phrase is worth keeping only when repeated; then its words are not offered alone.
    # (or when its words never appear apart: "computer science").
    phrases = {
        key
        for key, count in counts.items()
        if " " in key
        and (count >= 3 or (count >= 2 and all(counts[part] == count for part in key.split())))
    }
    covered = {part for phrase in phrases for part in phrase.split()}
    candidates = [
        (key, count)
        for key, count in counts.items()
        if (" " in key and key in phrases) or (" " not in key and key not in covered)
    ]
    candidates = [(key, count) for key, count in candidates if count >= 2]
    candidates.sort(key=lambda item: (-item[1], item[0]))
    return tuple((key, display[key]) for key, _count in candidates[:MAX_KEYWORDS])


def _states_requirement(folded: str) -> bool:
    return bool(find_skills(tokens(folded))) or required_years(folded) is not None


def parse_job(job_text: str, max_chars: int) -> Job:
    raw_lines = job_text[:max_chars].replace("\r", "\n").split("\n")
    stripped = [line.strip() for line in raw_lines if line.strip()][:MAX_LINES]
    title = _title(stripped)
    section = OTHER
    lines: list[JobLine] = []
    for raw in stripped:
        clean = _BULLET.sub("", raw).strip()
        kind, rest = _heading(clean)
        if kind is not None:
            section = kind
            if not rest:
                continue
            clean = rest
        if title and clean == title and not lines:
            continue
        for piece in re.split(r"(?<=[.;])\s+(?=[A-Z])", clean):  # one requirement per sentence
            piece = piece.strip().rstrip(";,")[:MAX_LINE_CHARS]
            if piece:
                folded = fold(piece)
                line_section = section
                if section == OTHER and _NICE_CUE.search(folded):
                    line_section = NICE
                elif section == OTHER and _MUST_CUE.search(folded):
                    line_section = MUST
                elif section == MUST and _NICE_CUE.search(folded):
                    line_section = NICE
                lines.append(JobLine(piece, folded, line_section))
    if sum(1 for line in lines if line.section == MUST) < 2:
        # A prose ad with no requirements section: its sentences naming skills or years of
        # experience are the requirements ("You will build models in Python and SQL").
        lines = [
            JobLine(line.text, line.folded, MUST)
            if line.section == OTHER and _states_requirement(line.folded)
            else line
            for line in lines
        ]
    all_lines = tuple(lines)
    must_lines = tuple(line for line in all_lines if line.section == MUST)[:MAX_REQUIREMENTS]
    nice_lines = tuple(line for line in all_lines if line.section == NICE)[:MAX_REQUIREMENTS]

    skills: set[str] = set()
    strong: set[str] = set()
    skill_tokens: set[str] = set()
    for line in all_lines:
        line_tokens = tokens(line.folded)
        for start, end, name in find_skills(line_tokens):
            skills.add(name)
            skill_tokens.update(line_tokens[start:end])
            if line.section != NICE:
                strong.add(name)
    years_found = [required_years(line.folded) for line in all_lines if line.section != NICE]
    years_values = [value for value in years_found if value is not None]
    degree_lines = [line for line in all_lines if line.section != NICE]
    degrees = [
        level for level in (degree_level(line.folded) for line in degree_lines) if level is not None
    ]
    equivalent = any(
        _EQUIVALENT.search(line.folded) and degree_level(line.folded) for line in degree_lines
    )
    return Job(
        title=title,
        lines=all_lines,
        must_lines=must_lines,
        nice_lines=nice_lines,
        skills=tuple(sorted(skills)),
        nice_skills=tuple(sorted(skills - strong)),
        keywords=_keywords(all_lines, skill_tokens),
        years=max(years_values) if years_values else None,
        degree=min(degrees) if degrees else None,
        degree_equivalent=bool(equivalent),
        languages=_language_needs(all_lines),
    )
