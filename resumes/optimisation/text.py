"""What the user reads about a suggestion: section, place, reason and flags, translated."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SECTION_LABELS: dict[str, Promise] = {
    "summary": gettext_lazy("Summary"),
    "work": gettext_lazy("Work experience"),
    "projects": gettext_lazy("Projects"),
    "skills": gettext_lazy("Skills"),
}

# The local engine's reason codes; an external model's reason is its own sentence, shown as is.
REASON_TEXTS: dict[str, Promise] = {
    "tighten": gettext_lazy("Tighter wording: filler removed, a stronger opening."),
    "front_load": gettext_lazy("Puts what this job asks for first."),
    "reorder_relevance": gettext_lazy("Puts the items most relevant to this job first."),
    "summary_from_facts": gettext_lazy(
        "A summary built only from your own headline and skills: your CV has none yet."
    ),
}

FLAG_LABELS: dict[str, Promise] = {
    "employer": gettext_lazy("a name (employer or organisation) that is not in your CV"),
    "title": gettext_lazy("a job title that is not in your CV"),
    "date": gettext_lazy("a date that is not in your CV"),
    "degree": gettext_lazy("a degree that is not in your CV"),
    "skill": gettext_lazy("a skill that is not in your CV"),
    "figure": gettext_lazy("a number that is not in your CV"),
}


def location_text(path: str, context: str) -> str:
    """Where in the CV a suggestion applies: "Bullet 3 · Data Scientist · Featurespace"."""
    parts = path.split(".")
    if path == "basics.summary":
        place = _("Summary")
    elif path == "skills":
        place = _("Order of skill groups")
    elif len(parts) == 3 and parts[2] == "keywords":
        place = _("Order of skills")
    elif len(parts) == 3 and parts[2] == "highlights":
        place = _("Order of bullet points")
    elif len(parts) == 4 and parts[2] == "highlights" and parts[3].isdigit():
        place = _("Bullet %(number)s") % {"number": int(parts[3]) + 1}
    elif len(parts) == 3 and parts[2] in ("summary", "description"):
        place = _("Description")
    else:
        place = path
    return f"{place} · {context}" if context else place
