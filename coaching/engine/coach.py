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

from coaching.engine.common import json_document, load_json_document
from coaching.guidance import GUIDANCE, Guidance
from resumes.scoring.text import fold

FEATURE = "coaching.coach"
PROMPT_VERSION = "coach-2026-11.1"
CONTEXT_MESSAGES = 12  # the last N messages go to the model verbatim; older ones are summarised
SUMMARY_MAX_CHARS = 2000

INSTRUCTIONS = (
    "You are JobMentis's career coach: warm, concrete and honest. You help one job seeker with "
    "their search. The document 'context' (JSON) is what the application knows about this "
    "user: profile, target roles, primary CV, applications with their status, upcoming "
    "interviews and follow-ups due; 'summary', when present, summarises earlier messages. "
    "Ground your advice in that data and say when you are using it; if something is not in "
    "it, say you do not know rather than guessing. Give specific next steps. Keep answers "
    "under 250 words. Your output is advice the user decides on, never a decision."
)

_WISHLIST = re.compile(
    r"\badd\s+(?:the\s+|a\s+|this\s+)?(?P<title>[^\n]{2,120}?)\s+(?:job\s+|role\s+|position\s+)?"
    r"(?:at|@|with)\s+(?P<company>[^\n]{2,80}?)\s+to\s+(?:my\s+)?wish\s?list\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(r"\bfollow[\s-]?up\b|\brelance\b|\bsollecit", re.IGNORECASE)
_THANK = re.compile(r"\bthank(?:s|\s+you)?\b|\bringrazi|\bremerci", re.IGNORECASE)
_INTERVIEW = re.compile(r"\binterview|\bcolloqui|\bentretien", re.IGNORECASE)

STATUS_NEXT_STEP = {
    "wishlist": "tailor your CV and apply",
    "applied": "follow up if you have not heard back within 7-10 working days",
    "screening": "prepare a two-minute pitch and your questions for the recruiter",
    "interviewing": "prepare STAR stories for the job's key requirements",
    "offer": "compare the offer with your priorities and negotiate with evidence",
}


# --- the request -----------------------------------------------------------------------------


def chat_request(*, context: dict[str, Any], summary: str, history: list[tuple[str, str]]) -> Any:
    from jobmentis.ai.types import AIChatMessage, AIChatRequest, AIDocument

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


def local_stream(request: Any) -> Iterator[str]:
    """The local engine's streaming handler: the composed answer, a few words at a time."""
    context = load_json_document(request.document("context"))
    question = request.messages[-1].text
    answer = compose_answer(question=question, context=context if isinstance(context, dict) else {})
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


def compose_answer(*, question: str, context: dict[str, Any]) -> str:
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
            "I can do this for you once you confirm (nothing happens until you do):\n"
            + "\n".join(f"- {action['label']}" for action in proposed)
        )

    mentioned = _mentioned_applications(question, context)
    if mentioned:
        lines = []
        for application in mentioned[:3]:
            status = str(application.get("status") or "")
            step = STATUS_NEXT_STEP.get(status, "decide whether to keep it open")
            lines.append(
                f"- {application.get('title')} at {application.get('company')}: "
                f"{application.get('status_label') or status}. Next: {step}."
            )
        paragraphs.append("From your tracker:\n" + "\n".join(lines))
    elif not guidance or keys & {"pipeline", "rejection"}:
        total = int(pipeline.get("total") or 0)
        if total:
            counts = ", ".join(
                f"{count} {label.lower()}"
                for label, count in (pipeline.get("by_status") or {}).items()
                if count
            )
            paragraphs.append(
                f"{'Hi ' + name + '. ' if name else ''}You are tracking {total} "
                f"application{'s' if total != 1 else ''} ({counts})."
            )
        else:
            paragraphs.append(
                "Your tracker is empty so far: add the jobs you are considering to your "
                "wishlist, so I can help you plan applications and follow-ups."
            )

    if interviews and (keys & {"interview_prep", "star", "pipeline"} or not guidance):
        first = interviews[0]
        paragraphs.append(
            f"Your next interview: {first.get('title')} at {first.get('company')} on "
            f"{first.get('when')} ({first.get('kind')}). Open its preparation pack from the "
            "application page to rehearse likely questions."
        )
    if follow_ups and (keys & {"follow_up", "pipeline"} or not guidance):
        names = ", ".join(f"{f.get('title')} at {f.get('company')}" for f in follow_ups[:3])
        paragraphs.append(f"Follow-ups due: {names}.")
    if keys & {"cv", "cover_letter"} and cv:
        skills = ", ".join((cv.get("skills") or [])[:6])
        paragraphs.append(
            f"Your primary CV is “{cv.get('title')}”"
            + (f" ({cv.get('label')})" if cv.get("label") else "")
            + (f", naming {skills}." if skills else ".")
            + " Tailor it to each job with the CV optimiser before applying."
        )

    for item in guidance:
        paragraphs.append(f"{item.title}:\n" + "\n".join(f"- {line}" for line in item.advice))

    if not guidance:
        steps = _next_steps(context)
        paragraphs.append("Suggested next steps:\n" + "\n".join(f"- {step}" for step in steps))
    targets = (context.get("profile") or {}).get("target_roles")
    if targets and not mentioned and keys & {"pipeline", "career_change", "cv"}:
        paragraphs.append(f"Keep your target roles in view: {targets}.")
    return "\n\n".join(paragraphs)


def _next_steps(context: dict[str, Any]) -> list[str]:
    steps: list[str] = []
    by_status = (context.get("pipeline") or {}).get("by_status_key") or {}
    if by_status.get("wishlist"):
        steps.append(
            f"Apply to the {by_status['wishlist']} job(s) on your wishlist, starting with the "
            "closest deadline."
        )
    if context.get("follow_ups_due"):
        steps.append("Send the follow-ups that are due (I can draft one for you).")
    if context.get("upcoming_interviews"):
        steps.append("Prepare for your upcoming interview with its preparation pack.")
    if not context.get("primary_cv"):
        steps.append("Upload your CV and mark it as primary, so advice can use it.")
    steps.append("Add one new, well-matched job to your tracker this week.")
    return steps[:4]


# --- proposed actions --------------------------------------------------------------------------


def propose_actions(*, question: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    """Actions the user may confirm, from their own message and data. Labels are plain text."""
    actions: list[dict[str, Any]] = []
    match = _WISHLIST.search(question)
    if match:
        title = match.group("title").strip(" .,'\"“”")[:200]
        company = match.group("company").strip(" .,'\"“”")[:160]
        if title and company:
            actions.append(
                {
                    "kind": "add_to_wishlist",
                    "label": f"Add “{title}” at {company} to your wishlist",
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
                    "label": f"Draft a follow-up email for {application.get('title')} at "
                    f"{application.get('company')}",
                    "params": {"application_id": int(application["id"])},
                }
            )
    if _INTERVIEW.search(question) and not _THANK.search(question):
        for interview in (context.get("upcoming_interviews") or [])[:1]:
            actions.append(
                {
                    "kind": "prepare_interview",
                    "label": f"Create a preparation pack for {interview.get('title')} at "
                    f"{interview.get('company')}",
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
    message, the newest lines kept when it grows past SUMMARY_MAX_CHARS."""
    lines = [line for line in summary.splitlines() if line.strip()]
    for role, text in messages:
        first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0][:160]
        if not first:
            continue
        lines.append(f"- {'User asked' if role == 'user' else 'Coach said'}: {first}")
    while lines and len("\n".join(lines)) > SUMMARY_MAX_CHARS:
        lines.pop(0)
    return "\n".join(lines)
