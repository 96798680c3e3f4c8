"""The career coach (feature "coaching.coach"): the streamed chat request, the local engine's
answer, proposed actions, and the running summary of long conversations.

The local engine answers offline from two sources: the user's own data (profile, target roles,
primary CV, applications, interviews — the "context" document built by coaching.services) and
the curated guidance corpus (coaching.guidance). It retrieves by keyword, then composes: what it
sees in the user's pipeline that matters for the question, the relevant guidance, and concrete
next steps.

Proposed actions ("add this job to your wishlist", "draft a follow-up") are detected by our own
code from the user's message and their data — never parsed from a model's output — and only
happen when the user confirms one with a POST. So no text in a CV, a job description or a
model's answer can trigger an action.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from coaching.engine.common import json_document, load_json_document
from coaching.guidance import GUIDANCE, Guidance
from resumes.scoring.text import fold

FEATURE = "coaching.coach"
PROMPT_VERSION = "coach-2026-11.2"
CONTEXT_MESSAGES = 12  # the last N messages go to the model verbatim; older ones are summarised
SUMMARY_MAX_CHARS = 2000

INSTRUCTIONS = (
    "You are JobMentis's career coach: warm, concrete and honest. You help one job seeker with "
    "their search. The document 'context' (JSON) is what the application knows about this "
    "user: profile, target roles, primary CV, applications with their status, upcoming "
    "interviews and follow-ups due; 'summary', when present, summarises earlier messages. "
    "Ground your advice in that data and say when you are using it; if something is not in "
    "it, say you do not know rather than guessing. Give specific next steps. Keep answers "
    "under 250 words. Your output is advice the user decides on, never a decision. Reply in "
    "the language named by the context's 'language' field (en, it or fr) unless the user "
    "writes to you in another language."
)

_WISHLIST_PATTERNS = (
    # English: "add (the) Data Engineer (job) at Globex to my wishlist"
    re.compile(
        r"\badd\s+(?:the\s+|a\s+|this\s+)?(?P<title>[^\n]{2,120}?)\s+"
        r"(?:job\s+|role\s+|position\s+)?(?:at|@|with)\s+(?P<company>[^\n]{2,80}?)\s+"
        r"to\s+(?:my\s+)?wish\s?list\b",
        re.IGNORECASE,
    ),
    # Italian: "aggiungi Data Engineer presso Globex alla mia lista dei desideri"
    re.compile(
        r"\baggiung(?:i|ere|ete)\s+"
        r"(?:l['\u2019]offerta\s+(?:di\s+|per\s+)?|il\s+ruolo\s+(?:di\s+)?|"
        r"la\s+posizione\s+(?:di\s+)?|l['\u2019]\s*|il\s+|lo\s+|la\s+|un\s+|una\s+|questo\s+|"
        r"questa\s+)?(?P<title>[^\n]{2,120}?)\s+(?:presso|da|con|@)\s+"
        r"(?P<company>[^\n]{2,80}?)\s+(?:alla|nella|in|a)\s+(?:mia\s+)?"
        r"(?:lista\s+(?:dei\s+)?desideri|wish\s?list)\b",
        re.IGNORECASE,
    ),
    # French: "ajoute(r) Data Engineer chez Globex à ma liste d'envies"
    re.compile(
        r"\bajout(?:e|er|ez)\s+"
        r"(?:l['\u2019]offre\s+(?:de\s+|d['\u2019]\s*)?|le\s+poste\s+(?:de\s+|d['\u2019]\s*)?|"
        r"l['\u2019]\s*|le\s+|la\s+|un\s+|une\s+|ce\s+|cette\s+)?(?P<title>[^\n]{2,120}?)\s+"
        r"(?:chez|aupr[eè]s\s+de|@)\s+(?P<company>[^\n]{2,80}?)\s+(?:[àa]|dans)\s+"
        r"(?:ma\s+)?(?:liste\s+d['\u2019]\s*envies|liste\s+de\s+souhaits|wish\s?list)\b",
        re.IGNORECASE,
    ),
)
_FOLLOW_UP = re.compile(r"\bfollow[\s-]?up\b|\brelan[cç]|\bsollecit|\bricontatt", re.IGNORECASE)
_THANK = re.compile(r"\bthank(?:s|\s+you)?\b|\bringrazi|\bremerci", re.IGNORECASE)
_INTERVIEW = re.compile(r"\binterview|\bcolloqui|\bentretien", re.IGNORECASE)
_QUOTES = " .,;:!?'\"“”«»"

# Translated when the answer is composed (gettext_noop only marks them for makemessages).
STATUS_NEXT_STEP = {
    "wishlist": gettext_noop("tailor your CV and apply"),
    "applied": gettext_noop("follow up if you have not heard back within 7-10 working days"),
    "screening": gettext_noop("prepare a two-minute pitch and your questions for the recruiter"),
    "interviewing": gettext_noop("prepare STAR stories for the job's key requirements"),
    "offer": gettext_noop("compare the offer with your priorities and negotiate with evidence"),
}


# --- the request -----------------------------------------------------------------------------


def chat_request(
    *, context: dict[str, Any], summary: str, history: list[tuple[str, str]], language: str = ""
) -> Any:
    """The chat request. `language` (en, it, fr) is the language the user reads the app in; it
    goes into the context document, so the local engine composes in it and a model knows it."""
    from jobmentis.ai.types import AIChatMessage, AIChatRequest, AIDocument

    if language:
        context = {**context, "language": language}
    documents = [AIDocument("context", json_document(context))]
    if summary:
        documents.append(AIDocument("summary", summary))
    return AIChatRequest(
        feature=FEATURE,
        instructions=INSTRUCTIONS,
        documents=documents,
        messages=[AIChatMessage(role=role, text=text) for role, text in history],
        max_output_tokens=1024,
    )


# --- the local engine --------------------------------------------------------------------------


def answer_language(context: dict[str, Any]) -> str:
    """The language to answer in: the context's, when it is one the product speaks; otherwise
    the active one. (The stream runs after the request's middleware finished, so the active
    language cannot be relied on there: message_stream puts the user's in the context.)"""
    language = str(context.get("language") or "")[:8].lower()
    if language in {code for code, _name in settings.LANGUAGES}:
        return language
    return translation.get_language() or settings.LANGUAGE_CODE


def local_stream(request: Any) -> Iterator[str]:
    """The local engine's streaming handler: the composed answer, a few words at a time."""
    document = load_json_document(request.document("context"))
    context = document if isinstance(document, dict) else {}
    question = request.messages[-1].text
    with translation.override(answer_language(context)):
        answer = compose_answer(question=question, context=context)
    delay = float(getattr(settings, "COACHING_LOCAL_STREAM_DELAY", 0.0))
    for chunk in re.findall(r"\S+\s*", answer):
        if delay:
            time.sleep(delay)
        yield chunk


def retrieve(question: str, *, limit: int = 2) -> list[Guidance]:
    folded = fold(question)
    scored = []
    for index, guidance in enumerate(GUIDANCE):
        # Keywords match at the start of a word ("negotiat" -> "negotiating"), not inside one.
        score = sum(1 for keyword in guidance.keywords if re.search(rf"\b{keyword}", folded))
        if score:
            scored.append((-score, index, guidance))
    return [guidance for _s, _i, guidance in sorted(scored)[:limit]]


def _mentioned_applications(question: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    folded = fold(question)
    found = []
    for application in context.get("applications") or []:
        company = fold(str(application.get("company") or ""))
        if company and len(company) > 1 and re.search(rf"\b{re.escape(company)}\b", folded):
            found.append(application)
    return found


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def compose_answer(*, question: str, context: dict[str, Any]) -> str:
    """The local answer, in the active language (local_stream activates the user's)."""
    guidance = retrieve(question)
    keys = {g.key for g in guidance}
    pipeline = context.get("pipeline") or {}
    interviews = context.get("upcoming_interviews") or []
    follow_ups = context.get("follow_ups_due") or []
    cv = context.get("primary_cv") or {}
    name = str((context.get("profile") or {}).get("first_name") or "").strip()
    paragraphs: list[str] = []

    proposed = propose_actions(question=question, context=context)
    if proposed:
        paragraphs.append(
            _("I can do this for you once you confirm (nothing happens until you do):")
            + "\n"
            + _bullets([str(action["label"]) for action in proposed])
        )

    mentioned = _mentioned_applications(question, context)
    if mentioned:
        lines = []
        for application in mentioned[:3]:
            status = str(application.get("status") or "")
            step = (
                _(STATUS_NEXT_STEP[status])
                if status in STATUS_NEXT_STEP
                else _("decide whether to keep it open")
            )
            lines.append(
                _("%(title)s at %(company)s: %(status)s. Next: %(step)s.")
                % {
                    "title": application.get("title"),
                    "company": application.get("company"),
                    "status": application.get("status_label") or status,
                    "step": step,
                }
            )
        paragraphs.append(_("From your tracker:") + "\n" + _bullets(lines))
    elif not guidance or keys & {"pipeline", "rejection"}:
        total = int(pipeline.get("total") or 0)
        if total:
            counts = ", ".join(
                f"{count} {str(label).lower()}"
                for label, count in (pipeline.get("by_status") or {}).items()
                if count
            )
            values = {"name": name, "total": total, "counts": counts}
            if name:
                text = ngettext(
                    "Hi %(name)s. You are tracking %(total)s application (%(counts)s).",
                    "Hi %(name)s. You are tracking %(total)s applications (%(counts)s).",
                    total,
                )
            else:
                text = ngettext(
                    "You are tracking %(total)s application (%(counts)s).",
                    "You are tracking %(total)s applications (%(counts)s).",
                    total,
                )
            paragraphs.append(text % values)
        else:
            paragraphs.append(
                _(
                    "Your tracker is empty so far: add the jobs you are considering to your "
                    "wishlist, so I can help you plan applications and follow-ups."
                )
            )

    if interviews and (keys & {"interview_prep", "star", "pipeline"} or not guidance):
        first = interviews[0]
        paragraphs.append(
            _(
                "Your next interview: %(title)s at %(company)s on %(when)s (%(kind)s). Open its "
                "preparation pack from the application page to rehearse likely questions."
            )
            % {
                "title": first.get("title"),
                "company": first.get("company"),
                "when": first.get("when"),
                "kind": first.get("kind"),
            }
        )
    if follow_ups and (keys & {"follow_up", "pipeline"} or not guidance):
        names = ", ".join(
            _("%(title)s at %(company)s") % {"title": f.get("title"), "company": f.get("company")}
            for f in follow_ups[:3]
        )
        paragraphs.append(_("Follow-ups due: %(names)s.") % {"names": names})
    if keys & {"cv", "cover_letter"} and cv:
        skills = ", ".join(str(skill) for skill in (cv.get("skills") or [])[:6])
        values = {
            "title": cv.get("title") or "",
            "label": f" ({cv.get('label')})" if cv.get("label") else "",
            "skills": skills,
        }
        if skills:
            text = _("Your primary CV is “%(title)s”%(label)s, naming %(skills)s.") % values
        else:
            text = _("Your primary CV is “%(title)s”%(label)s.") % values
        paragraphs.append(
            text + " " + _("Tailor it to each job with the CV optimiser before applying.")
        )

    for item in guidance:
        paragraphs.append(
            _("%(topic)s:") % {"topic": _(item.title)}
            + "\n"
            + _bullets([_(line) for line in item.advice])
        )

    if not guidance:
        paragraphs.append(_("Suggested next steps:") + "\n" + _bullets(_next_steps(context)))
    targets = (context.get("profile") or {}).get("target_roles")
    if targets and not mentioned and keys & {"pipeline", "career_change", "cv"}:
        paragraphs.append(_("Keep your target roles in view: %(targets)s.") % {"targets": targets})
    return "\n\n".join(paragraphs)


def _next_steps(context: dict[str, Any]) -> list[str]:
    steps: list[str] = []
    by_status = (context.get("pipeline") or {}).get("by_status_key") or {}
    wishlist = int(by_status.get("wishlist") or 0)
    if wishlist:
        steps.append(
            ngettext(
                "Apply to the %(count)s job on your wishlist, starting with the closest deadline.",
                "Apply to the %(count)s jobs on your wishlist, starting with the closest deadline.",
                wishlist,
            )
            % {"count": wishlist}
        )
    if context.get("follow_ups_due"):
        steps.append(_("Send the follow-ups that are due (I can draft one for you)."))
    if context.get("upcoming_interviews"):
        steps.append(_("Prepare for your upcoming interview with its preparation pack."))
    if not context.get("primary_cv"):
        steps.append(_("Upload your CV and mark it as primary, so advice can use it."))
    steps.append(_("Add one new, well-matched job to your tracker this week."))
    return steps[:4]


# --- proposed actions --------------------------------------------------------------------------


def _wishlist_match(question: str) -> re.Match[str] | None:
    for pattern in _WISHLIST_PATTERNS:
        match = pattern.search(question)
        if match:
            return match
    return None


def propose_actions(*, question: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    """Actions the user may confirm, from their own message and data. Labels are plain text,
    in the active language (they are saved with the message, so written once)."""
    actions: list[dict[str, Any]] = []
    match = _wishlist_match(question)
    if match:
        title = match.group("title").strip(_QUOTES)[:200]
        company = match.group("company").strip(_QUOTES)[:160]
        if title and company:
            actions.append(
                {
                    "kind": "add_to_wishlist",
                    "label": _("Add “%(title)s” at %(company)s to your wishlist")
                    % {"title": title, "company": company},
                    "params": {"title": title, "company": company},
                }
            )
    mentioned = _mentioned_applications(question, context)
    if _FOLLOW_UP.search(question):
        candidates = mentioned or [a for a in context.get("follow_ups_due") or [] if a.get("id")]
        for application in candidates[:2]:
            actions.append(
                {
                    "kind": "draft_follow_up",
                    "label": _("Draft a follow-up email for %(title)s at %(company)s")
                    % {"title": application.get("title"), "company": application.get("company")},
                    "params": {"application_id": int(application["id"])},
                }
            )
    if _INTERVIEW.search(question) and not _THANK.search(question):
        for interview in (context.get("upcoming_interviews") or [])[:1]:
            actions.append(
                {
                    "kind": "prepare_interview",
                    "label": _("Create a preparation pack for %(title)s at %(company)s")
                    % {"title": interview.get("title"), "company": interview.get("company")},
                    "params": {
                        "application_id": int(interview["application_id"]),
                        "interview_id": int(interview["id"]),
                    },
                }
            )
    for index, action in enumerate(actions, start=1):
        action["id"] = f"a{index}"
        action["status"] = "proposed"
    return actions


# --- running summary ---------------------------------------------------------------------------


def summary_extend(summary: str, messages: list[tuple[str, str]]) -> str:
    """Fold older messages into the running summary (deterministic, extractive): one line per
    message, the newest lines kept when it grows past SUMMARY_MAX_CHARS. The summary is a
    document for the model, never shown to the user, so its prefixes stay in English."""
    lines = [line for line in summary.splitlines() if line.strip()]
    for role, text in messages:
        first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0][:160]
        if not first:
            continue
        lines.append(f"- {'User asked' if role == 'user' else 'Coach said'}: {first}")
    while lines and len("\n".join(lines)) > SUMMARY_MAX_CHARS:
        lines.pop(0)
    return "\n".join(lines)
