# ruff: noqa: RUF001 - CV text is full of dashes, bullets and curly quotes
"""Contact details: e-mail, phone, links and profiles, location."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import date_tokens, find_range
from .vocabulary import CITIES, COUNTRIES, US_STATES, fold

EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}"
    r"\.[A-Za-z]{2,24}(?![\w-])"
)
URL_RE = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s,;|<>()\"']{2,200}", re.IGNORECASE)
_KNOWN_HOSTS = (
    r"linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|behance\.net|dribbble\.com|"
    r"twitter\.com|x\.com|medium\.com|stackoverflow\.com|instagram\.com|youtube\.com|kaggle\.com|"
    r"orcid\.org|scholar\.google\.com|researchgate\.net|vimeo\.com|facebook\.com"
)
BARE_PROFILE_RE = re.compile(
    rf"(?<![\w@/.])(?:[a-z]{{2,3}}\.)?(?:{_KNOWN_HOSTS})/[^\s,;|<>()\"']{{1,120}}", re.IGNORECASE
)
BARE_SITE_RE = re.compile(
    r"(?<![\w@/.-])[a-z0-9][a-z0-9-]{1,62}(?:\.[a-z0-9-]{1,62}){0,3}"
    r"\.(?:com|dev|io|net|org|it|fr|design|me|co\.uk|uk|eu|page|site|app|studio|xyz|info|pro|"
    r"tech|blog|art|photo|portfolio|ie|be|ch|ca)(?:/[^\s,;|<>()\"']{0,120})?(?![\w@-])",
    re.IGNORECASE,
)
# One character class with a bounded length: linear, no nested quantifiers.
PHONE_CANDIDATE_RE = re.compile(r"(?<![\w+/])\+?\(?\d[\d \t().\-/]{6,22}\d(?![\w/])")

_NETWORKS = {
    "linkedin.com": "LinkedIn",
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "bitbucket.org": "Bitbucket",
    "behance.net": "Behance",
    "dribbble.com": "Dribbble",
    "twitter.com": "Twitter",
    "x.com": "X",
    "medium.com": "Medium",
    "stackoverflow.com": "Stack Overflow",
    "instagram.com": "Instagram",
    "youtube.com": "YouTube",
    "kaggle.com": "Kaggle",
    "orcid.org": "ORCID",
    "researchgate.net": "ResearchGate",
    "vimeo.com": "Vimeo",
    "facebook.com": "Facebook",
}

CONTACT_LABEL_RE = re.compile(
    r"\b(?:e-?mail|mail|courriel|tel|tél|tel\.|phone|telephone|téléphone|telefono|cell|cellulare|"
    r"mobile|mob|portable|linkedin|github|gitlab|web|website|site|sito|portfolio|url|address|"
    r"indirizzo|adresse|location|località|residenza|domicilio|ville|città|behance|dribbble|"
    r"twitter|blog)\b\.?\s{0,3}:?",
    re.IGNORECASE,
)
LOCATION_LABEL_RE = re.compile(
    r"^\s{0,4}(?:address|location|based in|lives in|home|indirizzo|residenza|domicilio|"
    r"località|citta|città|residente a|adresse|localisation|ville|lieu|domicile)"
    r"\s{0,3}[:\-–]?\s{0,3}"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
_POSTCODE_CITY_RE = re.compile(
    r"\b\d{4,5}\s{1,3}(?P<city>[A-Za-zÀ-ÿ'’\- ]{2,40}?)\s*(?:\(|,|$|cedex)"
)
_CITY_PROVINCE_RE = re.compile(r"(?P<city>[A-Za-zÀ-ÿ'’\- ]{2,40}?)\s{0,2}\((?P<prov>[A-Z]{2})\)")
_UK_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
_STREET_RE = re.compile(
    r"(?:via|viale|corso|piazza|piazzale|vicolo|largo|rue|avenue|av\.|boulevard|bd|place|chemin|"
    r"allee|impasse|quai|route|street|st\.|road|rd\.|lane|drive|way|flat|apartment|apt\.?)\b"
    r"|.*\b(?:street|road|lane|avenue|drive|close|crescent|square|terrace)$"
)
_SEPARATORS_RE = re.compile(r"\s[|·•▪◦/–—]\s|\s-\s|\s{3,}|\|")


@dataclass
class Contact:
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    profiles: list[dict[str, str]] = field(default_factory=list)
    location: dict[str, str] = field(default_factory=dict)


def find_emails(line: str) -> list[str]:
    return EMAIL_RE.findall(line)


def find_phone(line: str) -> str | None:
    for match in PHONE_CANDIDATE_RE.finditer(line):
        candidate = match.group(0).strip()
        digits = sum(ch.isdigit() for ch in candidate)
        if not 8 <= digits <= 15:
            continue
        # "2015 - 2019", "01/2019 - 03/2021", "01/03/2019" are dates; "333/1234567" is a phone.
        if find_range(candidate) is not None or any(
            t.value and len(t.value) == 7 for t in date_tokens(candidate)
        ):
            continue
        return candidate
    return None


def find_links(line: str) -> list[str]:
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for regex in (URL_RE, BARE_PROFILE_RE, BARE_SITE_RE):
        for match in regex.finditer(line):
            if any(s <= match.start() < e for s, e in taken):
                continue
            # A bare domain inside an e-mail address is not a link.
            if regex is BARE_SITE_RE and "@" in line[max(0, match.start() - 1) : match.start()]:
                continue
            taken.append((match.start(), match.end()))
            found.append(match.group(0).rstrip(".,;:)"))
    return found


def normalise_url(url: str) -> str:
    return url if re.match(r"https?://", url, re.IGNORECASE) else "https://" + url


def profile_for(url: str) -> dict[str, str] | None:
    full = normalise_url(url)
    host_path = re.sub(r"^https?://(?:www\.|[a-z]{2}\.)?", "", full, flags=re.IGNORECASE)
    host, _, path = host_path.partition("/")
    network = _NETWORKS.get(host.lower())
    if network is None:
        return None
    parts = [p for p in path.split("/") if p]
    if parts and parts[0].lower() in ("in", "pub", "company", "u", "user", "users", "@"):
        parts = parts[1:]
    username = parts[0].lstrip("@") if parts else ""
    return {"network": network, "username": username, "url": full}


def strip_contact(line: str) -> str:
    """What is left of a line once contact details and their labels are removed."""
    rest = EMAIL_RE.sub(" ", line)
    for link in find_links(rest):
        rest = rest.replace(link, " ")
    phone = find_phone(rest)
    while phone:
        rest = rest.replace(phone, " ")
        phone = find_phone(rest)
    rest = CONTACT_LABEL_RE.sub(" ", rest)
    return re.sub(r"[\s|·•▪◦/:,;–—\-]+", " ", rest).strip()


def has_contact(line: str) -> bool:
    return bool(EMAIL_RE.search(line) or find_links(line) or find_phone(line))


def location_from(text: str) -> dict[str, str] | None:
    """City, region, country of a fragment: "Milano (MI)", "75002 Paris, France", "Leeds, UK"."""
    labelled = LOCATION_LABEL_RE.match(text)
    explicit = labelled is not None
    if labelled:
        text = labelled.group("rest")
    text = text.strip(" .;,")
    if not text or len(text) > 120 or "@" in text:
        return None
    result: dict[str, str] = {}
    country_in_parens = re.search(r"\((?P<country>[^()]{2,30})\)\s*$", text)
    if country_in_parens and fold(country_in_parens.group("country")).strip() in COUNTRIES:
        # "37121 Verona (Italia)"
        result["countryCode"] = COUNTRIES[fold(country_in_parens.group("country")).strip()]
        text = text[: country_in_parens.start()].strip(" ,")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    country_code = COUNTRIES.get(fold(parts[-1]).strip(". "))
    if country_code:
        result["countryCode"] = country_code
        parts = parts[:-1]
    country_code = country_code or result.get("countryCode")
    province = _CITY_PROVINCE_RE.search(text)
    postcode = _POSTCODE_CITY_RE.search(", ".join(parts) + ",") if parts else None
    city: str | None = None
    if postcode:
        city = postcode.group("city").strip()
        result["postalCode"] = postcode.group(0).split()[0]
    elif province:
        city = province.group("city").strip()
        result["region"] = province.group("prov")
    elif parts:
        if len(parts) >= 2 and fold(parts[-1]).strip(". ") in US_STATES:
            # "Austin, TX": the city is right before the state.
            result["region"] = parts[-1].strip()
            parts = parts[-2:-1]
        # "Via Roma 10, Milano": street parts carry a number; "Milan, Lombardy": the city first.
        named = [p for p in parts if not re.search(r"\d", _UK_POSTCODE_RE.sub("", p))] or parts
        candidate = named[0]
        if len(named) >= 2 and _STREET_RE.match(fold(named[0])):
            candidate = named[1]
        city = _UK_POSTCODE_RE.sub("", candidate).strip(" ,")
        city = re.sub(r"(?i)^greater\s+|\s+(?:metropolitan\s+)?area$", "", city)
    if not city:
        return result or None
    city = re.sub(r"\s*\(.*$", "", city).strip(" -")
    words = city.split()
    if not words or len(words) > 4 or re.search(r"\d|@", city):
        return result or None
    looks_like_city = (
        country_code is not None
        or postcode is not None
        or province is not None
        or explicit
        or fold(city) in CITIES
        or "region" in result
    )
    if not looks_like_city:
        return None
    if not all(
        w[:1].isupper() or w.lower() in ("de", "di", "la", "le", "sur", "en", "del") for w in words
    ):
        return None
    result["city"] = city
    return result


def location_in_line(line: str) -> dict[str, str] | None:
    """Look for a location among the pieces of a contact line ("Milan, Italy · +39 … · a@b.it")."""
    # The whole line first ("12 rue X, 69002 Lyon, France"), unless it also holds contact details.
    whole = None if has_contact(line) else location_from(line)
    if whole and "city" in whole:
        return whole
    for piece in _SEPARATORS_RE.split(line):
        piece = piece.strip()
        if not piece or has_contact(piece):
            continue
        found = location_from(
            CONTACT_LABEL_RE.sub(" ", piece) if not LOCATION_LABEL_RE.match(piece) else piece
        )
        if found and "city" in found:
            return found
    return None
