"""A small curated corpus of career guidance the local coach retrieves from (offline, no model).

Each snippet has a topic, the keywords that retrieve it (English, Italian and French stems) and
short advice. Kept deliberately concrete: an answer should give the user something to do today.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Guidance:
    key: str
    title: str
    keywords: tuple[str, ...]
    advice: tuple[str, ...]


GUIDANCE: tuple[Guidance, ...] = (
    Guidance(
        "follow_up",
        "Following up on an application",
        ("follow", "followup", "heard", "reply", "response", "answer", "wait", "ghost",
         "risposta", "reponse", "relance"),
        ("Wait 7-10 working days after applying, then send one short, polite follow-up.",
         "Restate the role, one line on why you fit, and ask about the timeline.",
         "If there is still no answer a week later, move on: keep applying elsewhere."),
    ),
    Guidance(
        "interview_prep",
        "Preparing for an interview",
        ("interview", "prepare", "preparation", "prep", "colloquio", "entretien"),
        ("Research the company: product, customers, recent news, the interviewers' roles.",
         "Prepare 5-6 STAR stories that show the skills the job description lists.",
         "Prepare 3-5 questions to ask them; end by asking about next steps."),
    ),
    Guidance(
        "star",
        "Answering behavioural questions (STAR)",
        ("star", "behavioural", "behavioral", "tell me about a time", "example", "story"),
        ("Situation and task in two sentences, then spend most of the time on your actions.",
         "Finish with a measurable result and what you learned.",
         "Keep each answer to 1-2 minutes (roughly 120-300 words)."),
    ),
    Guidance(
        "salary",
        "Salary expectations and negotiation",
        ("salary", "pay", "negotiat", "offer", "compensation", "money", "stipendio", "salaire",
         "ral"),
        ("Research the market range for the role and location before the first call.",
         "Give a range whose bottom you would happily accept, and ask about the full package.",
         "Negotiate after the written offer, with reasons (market data, competing offers)."),
    ),
    Guidance(
        "cover_letter",
        "Writing a cover letter",
        ("cover", "letter", "lettera", "lettre", "motivation", "motivazione"),
        ("Open with the role and one reason you are a strong fit.",
         "Pick two achievements from your CV that match the job's top requirements.",
         "Keep it under a page; end with a clear call to action."),
    ),
    Guidance(
        "cv",
        "Improving your CV",
        ("cv", "resume", "curriculum", "ats", "keyword"),
        ("Lead each bullet with an action verb and a result; add figures where you can.",
         "Mirror the job description's keywords where they are true of you.",
         "Tailor the summary and the order of bullets to each application."),
    ),
    Guidance(
        "rejection",
        "Dealing with rejection",
        ("reject", "rejection", "rejected", "declined", "unsuccessful", "rifiut", "refus"),
        ("A rejection is common and rarely personal: most applications do not convert.",
         "Ask politely for feedback; note any pattern across rejections.",
         "Look at where in the funnel you drop out: CV stage, first interview or final."),
    ),
    Guidance(
        "networking",
        "Networking and referrals",
        ("network", "networking", "referral", "linkedin", "contact", "recruiter", "rete"),
        ("Referrals convert far better than cold applications: ask former colleagues first.",
         "Send short, specific messages: who you are, what you ask, why them.",
         "Follow up on conversations with a thank-you and something useful."),
    ),
    Guidance(
        "career_change",
        "Changing career",
        ("change", "switch", "pivot", "transition", "new field", "cambiare", "reconversion"),
        ("List the skills that transfer, and the gaps the target roles require.",
         "Close one gap at a time with a visible project or a short course.",
         "Target roles adjacent to your current one first: one step, not two."),
    ),
    Guidance(
        "pipeline",
        "Managing your job search",
        ("pipeline", "search", "applications", "how am i doing", "progress", "next step",
         "strategy", "plan", "candidature", "ricerca"),
        ("Aim for a steady weekly rhythm: a few well-tailored applications beat many generic.",
         "Keep every application's status and follow-up date up to date.",
         "If responses are low, improve the CV; if interviews do not convert, practise."),
    ),
    Guidance(
        "thank_you",
        "Thank-you notes after an interview",
        ("thank", "thanks", "after the interview", "grazie", "merci"),
        ("Send it within 24 hours to each interviewer, personalised.",
         "Mention one topic from the conversation and restate your interest.",
         "Keep it to a few sentences."),
    ),
    Guidance(
        "weakness",
        "The 'greatest weakness' question",
        ("weakness", "weaknesses", "debolezz", "faiblesse", "improve"),
        ("Choose a real but non-critical weakness for the role.",
         "Show what you do about it and the progress you have made."),
    ),
    Guidance(
        "gaps",
        "Explaining a gap in your CV",
        ("gap", "break", "unemployed", "career break", "pausa", "pause"),
        ("Be brief and factual; you do not owe personal details.",
         "Mention what you learned or kept up with, then move to why you are ready now."),
    ),
    Guidance(
        "remote",
        "Remote and hybrid roles",
        ("remote", "hybrid", "home", "distanza", "teletravail"),
        ("Show evidence of working asynchronously: written communication, ownership.",
         "Ask how the team communicates and how often people meet in person."),
    ),
    Guidance(
        "first_days",
        "Starting a new job",
        ("start", "first day", "onboarding", "new job", "90 days", "probation"),
        ("In the first weeks, listen and learn; ask for what success looks like.",
         "Deliver one small, visible win early; build relationships across teams."),
    ),
)  # fmt: skip
