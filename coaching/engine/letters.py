"""Letters (feature "coaching.letter"): the AI request and the local engine's composition.

External providers get our instructions, the CV (JSON Resume without contact details), the job
description and the letter's options as untrusted documents, and answer {"subject", "body"}.

The local engine writes a real letter offline, deterministically: it picks the CV's work entries
and bullets that speak most to the job's keywords, names the skills the job asks for that the CV
also names, and arranges them in sentences of the chosen language, tone and length. Every fact
in it comes from the CV (or the job's own company and title): it never invents.
"""

from __future__ import annotations

from typing import Any

from coaching.engine.common import (
    MAX_JOB_CHARS,
    Facts,
    as_first_person,
    best_highlights,
    facts_from,
    join_list,
    json_document,
    load_json_document,
    names_the_role,
)

FEATURE = "coaching.letter"
PROMPT_VERSION = "letter-2026-11.1"

LETTER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"subject": {"type": "string"}, "body": {"type": "string"}},
    "required": ["subject", "body"],
    "additionalProperties": False,
}

INSTRUCTIONS = (
    "You write job-application correspondence for the candidate whose CV is the document 'cv' "
    "(JSON Resume). The document 'job' is the job description; 'options' (JSON) gives the kind "
    "(cover_letter, follow_up: a short email following up on an application, thank_you: a "
    "short email after an interview), the company, job title, tone (formal, warm, direct), "
    "length (short ~120 words, standard ~250, long ~400; emails at most half), language (en, "
    "it, fr: write in it), the candidate's name and, for emails, interview details. Use ONLY "
    "facts stated in the CV: never invent an employer, title, date, degree, skill, tool, "
    "number or achievement; connect the CV's real experience to the job's needs. Return "
    "'subject' (an email subject line; for cover letters 'Application: <job title>') and "
    "'body' (plain text, paragraphs separated by blank lines, greeting and sign-off included)."
)

_LENGTH = {"short": (1, 1), "standard": (2, 1), "long": (3, 2)}  # (experiences, bullets each)

# Fixed phrases by language; {placeholders} are filled from the CV, the job or the options.
TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "and": "and",
        "greeting": {
            "formal": "Dear Hiring Manager,",
            "warm": "Dear {company} team,",
            "direct": "Hello {company} team,",
        },
        "opening": {
            "formal": "I am writing to apply for the {title} position at {company}.",
            "warm": "I was delighted to see the {title} opening at {company}, and I would love "
            "to bring my experience to your team.",
            "direct": "I am applying for the {title} role at {company}.",
        },
        "label": "I currently work as {label}.",
        "experience_verb": "As {position} at {employer}, {action}.",
        "experience_quote": "As {position} at {employer}, my work included: {highlight}.",
        "more": "I also {action}.",
        "more_quote": "Another highlight from that role: {highlight}.",
        "skills": "My hands-on experience with {skills} matches what you are looking for.",
        "motivation": {
            "formal": "I believe my background would allow me to contribute to {company} "
            "from the start.",
            "warm": "I would be genuinely excited to bring this experience to {company}.",
            "direct": "That is the experience this role needs.",
        },
        "education": "My education ({education}) gives me a solid foundation for this work.",
        "closing": {
            "formal": "I would welcome the opportunity to discuss how I can contribute. "
            "Thank you for your consideration.",
            "warm": "I would love to talk about how I could help your team. Thank you for "
            "reading my application!",
            "direct": "I would be glad to discuss this in an interview at your convenience.",
        },
        "signoff": {"formal": "Yours sincerely,", "warm": "Warm regards,", "direct": "Best,"},
        "subject_cover": "Application: {title}",
        "subject_thank_you": "Thank you — {title} interview",
        "subject_follow_up": "Following up on my application — {title}",
        "thank_you_greeting": "Dear {who},",
        "thank_you_open": "Thank you for taking the time to speak with me{when} about the "
        "{title} role at {company}.",
        "thank_you_interest": "Our conversation confirmed my interest in the role and in "
        "joining your team.",
        "follow_up_open": "I am writing to follow up on my application for the {title} role "
        "at {company}.",
        "follow_up_interest": "I remain very interested in the position and would be glad to "
        "share more about my experience.",
        "email_skills": "I am confident that my experience with {skills} would help me "
        "contribute quickly.",
        "email_close": "Please let me know if I can provide any further information.",
        "hiring_team": "hiring team",
        "on_date": " on {date}",
    },
    "it": {
        "and": "e",
        "greeting": {
            "formal": "Gentile Responsabile della selezione,",
            "warm": "Gentile team di {company},",
            "direct": "Buongiorno team di {company},",
        },
        "opening": {
            "formal": "Vi scrivo per candidarmi alla posizione di {title} presso {company}.",
            "warm": "Ho visto con grande piacere l'apertura per il ruolo di {title} presso "
            "{company} e sarei felice di portare la mia esperienza nel vostro team.",
            "direct": "Mi candido per il ruolo di {title} presso {company}.",
        },
        "label": "Attualmente lavoro come {label}.",
        "experience_verb": "Come {position} presso {employer}: {highlight}.",
        "experience_quote": "Come {position} presso {employer}, tra le mie attività: {highlight}.",
        "more": "Inoltre: {highlight}.",
        "more_quote": "Inoltre: {highlight}.",
        "skills": "La mia esperienza concreta con {skills} corrisponde a ciò che cercate.",
        "motivation": {
            "formal": "Ritengo che il mio percorso mi permetterebbe di contribuire fin da "
            "subito al successo di {company}.",
            "warm": "Sarei davvero entusiasta di portare questa esperienza in {company}.",
            "direct": "È l'esperienza che questo ruolo richiede.",
        },
        "education": "La mia formazione ({education}) è una base solida per questo lavoro.",
        "closing": {
            "formal": "Sarei lieto di approfondire in un colloquio come posso contribuire. "
            "Vi ringrazio per l'attenzione.",
            "warm": "Mi farebbe molto piacere parlarne con voi. Grazie per aver letto la mia "
            "candidatura!",
            "direct": "Sono disponibile per un colloquio quando preferite.",
        },
        "signoff": {
            "formal": "Distinti saluti,",
            "warm": "Un caro saluto,",
            "direct": "Cordiali saluti,",
        },
        "subject_cover": "Candidatura: {title}",
        "subject_thank_you": "Grazie — colloquio per {title}",
        "subject_follow_up": "Aggiornamento sulla mia candidatura — {title}",
        "thank_you_greeting": "Gentile {who},",
        "thank_you_open": "Grazie per il tempo che mi ha dedicato{when} per parlare del ruolo "
        "di {title} presso {company}.",
        "thank_you_interest": "Il nostro colloquio ha confermato il mio interesse per il ruolo "
        "e per il vostro team.",
        "follow_up_open": "Le scrivo in merito alla mia candidatura per il ruolo di {title} "
        "presso {company}.",
        "follow_up_interest": "Sono ancora molto interessato alla posizione e sarei lieto di "
        "raccontarle di più sulla mia esperienza.",
        "email_skills": "Sono convinto che la mia esperienza con {skills} mi permetterebbe di "
        "contribuire rapidamente.",
        "email_close": "Resto a disposizione per qualsiasi ulteriore informazione.",
        "hiring_team": "team di selezione",
        "on_date": " il {date}",
    },
    "fr": {
        "and": "et",
        "greeting": {
            "formal": "Madame, Monsieur,",
            "warm": "Chère équipe {company},",
            "direct": "Bonjour à l'équipe {company},",
        },
        "opening": {
            "formal": "Je vous adresse ma candidature au poste de {title} chez {company}.",
            "warm": "J'ai été ravi de découvrir le poste de {title} chez {company}, et "
            "j'aimerais beaucoup mettre mon expérience au service de votre équipe.",
            "direct": "Je postule au poste de {title} chez {company}.",
        },
        "label": "J'occupe actuellement un poste de {label}.",
        "experience_verb": "En tant que {position} chez {employer} : {highlight}.",
        "experience_quote": "En tant que {position} chez {employer}, mes réalisations "
        "incluent : {highlight}.",
        "more": "Également : {highlight}.",
        "more_quote": "Également : {highlight}.",
        "skills": "Mon expérience concrète de {skills} correspond à ce que vous recherchez.",
        "motivation": {
            "formal": "Je suis convaincu que mon parcours me permettrait de contribuer "
            "rapidement au succès de {company}.",
            "warm": "Je serais vraiment enthousiaste à l'idée de rejoindre {company}.",
            "direct": "C'est l'expérience dont ce poste a besoin.",
        },
        "education": "Ma formation ({education}) constitue une base solide pour ce poste.",
        "closing": {
            "formal": "Je serais heureux d'échanger avec vous lors d'un entretien. Je vous "
            "prie d'agréer mes salutations distinguées.",
            "warm": "Je serais ravi d'en discuter avec vous. Merci d'avoir lu ma candidature !",
            "direct": "Je suis disponible pour un entretien à votre convenance.",
        },
        "signoff": {"formal": "Cordialement,", "warm": "Bien à vous,", "direct": "Cordialement,"},
        "subject_cover": "Candidature : {title}",
        "subject_thank_you": "Merci — entretien pour le poste de {title}",
        "subject_follow_up": "Suivi de ma candidature — {title}",
        "thank_you_greeting": "Bonjour {who},",
        "thank_you_open": "Merci d'avoir pris le temps d'échanger avec moi{when} au sujet du "
        "poste de {title} chez {company}.",
        "thank_you_interest": "Notre échange a confirmé mon intérêt pour le poste et pour "
        "votre équipe.",
        "follow_up_open": "Je me permets de revenir vers vous au sujet de ma candidature au "
        "poste de {title} chez {company}.",
        "follow_up_interest": "Je reste très intéressé par ce poste et serais heureux de vous "
        "en dire plus sur mon expérience.",
        "email_skills": "Je suis convaincu que mon expérience de {skills} me permettrait de "
        "contribuer rapidement.",
        "email_close": "Je reste à votre disposition pour toute information complémentaire.",
        "hiring_team": "équipe de recrutement",
        "on_date": " le {date}",
    },
}


def template_vocabulary() -> str:
    """Every fixed phrase the local engine may write, all languages: the grounding check treats
    these words as ours, not as claims about the candidate."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(TEXTS)
    return "\n".join(out)


# --- the request -------------------------------------------------------------------------------


def letter_request(
    *,
    cv_data: dict[str, Any],
    job_description: str,
    options: dict[str, Any],
) -> Any:
    from jobmentis.ai.types import AIDocument, AIRequest
    from resumes.optimisation.engine import cv_document

    return AIRequest(
        feature=FEATURE,
        instructions=INSTRUCTIONS,
        output_schema=LETTER_SCHEMA,
        documents=[
            AIDocument("cv", cv_document(cv_data)),
            AIDocument("job", job_description[:MAX_JOB_CHARS]),
            AIDocument("options", json_document(options)),
        ],
        max_output_tokens=2048,
    )


# --- the local engine ---------------------------------------------------------------------------


def local_letter(request: Any) -> dict[str, Any]:
    """The local engine's handler: AIRequest -> {"subject", "body"}."""
    cv_data = load_json_document(request.document("cv"))
    options = load_json_document(request.document("options"))
    return compose(
        cv_data=cv_data if isinstance(cv_data, dict) else {},
        job_description=request.document("job"),
        options=options if isinstance(options, dict) else {},
    )


def compose(
    *, cv_data: dict[str, Any], job_description: str, options: dict[str, Any]
) -> dict[str, str]:
    language = str(options.get("language") or "")
    language = language if language in TEXTS else "en"
    tone = str(options.get("tone") or "")
    tone = tone if tone in ("formal", "warm", "direct") else "formal"
    length = str(options.get("length") or "")
    length = length if length in _LENGTH else "standard"
    kind = str(options.get("kind") or "cover_letter")
    t = TEXTS[language]
    facts = facts_from(cv_data, job_description)
    name = str(options.get("candidate_name") or facts.name or "").strip()
    company = str(options.get("company") or "").strip() or "—"
    title = str(options.get("job_title") or "").strip() or "—"
    fill = {"company": company, "title": title}

    if kind in ("thank_you", "follow_up"):
        return _email(kind, t, tone, facts, name, fill, options)

    paragraphs: list[str] = [t["greeting"][tone].format(**fill)]
    opening = t["opening"][tone].format(**fill)
    if facts.label and length != "short":
        opening += " " + t["label"].format(label=facts.label)
    paragraphs.append(opening)

    experience_count, bullet_count = _LENGTH[length]
    body: list[str] = []
    for experience in facts.experiences[:experience_count]:
        if not (experience.employer and experience.position):
            continue
        bullets = best_highlights(experience, facts, bullet_count)
        if not bullets:
            continue
        body.append(_experience_sentence(t, language, experience, bullets[0]))
        for extra in bullets[1:]:
            body.append(_more_sentence(t, language, extra))
    if body:
        paragraphs.append(" ".join(body))

    skills_and_motivation: list[str] = []
    skills = [s for s in facts.matched_skills if not names_the_role(s, title, facts.label)]
    skills = skills[: 3 if length == "short" else 5]
    if skills:
        skills_and_motivation.append(t["skills"].format(skills=join_list(skills, t["and"])))
    if length == "long" and facts.education:
        skills_and_motivation.append(t["education"].format(education=facts.education[0]))
    skills_and_motivation.append(t["motivation"][tone].format(**fill))
    paragraphs.append(" ".join(skills_and_motivation))
    paragraphs.append(t["closing"][tone])
    paragraphs.append(f"{t['signoff'][tone]}\n{name}".strip())
    return {"subject": t["subject_cover"].format(**fill), "body": "\n\n".join(paragraphs)}


def _experience_sentence(t: dict[str, Any], language: str, experience: Any, bullet: str) -> str:
    values = {"position": experience.position, "employer": experience.employer}
    if language == "en":
        action = as_first_person(bullet)
        if action:
            return str(t["experience_verb"]).format(action=action, **values)
        return str(t["experience_quote"]).format(highlight=bullet, **values)
    return str(t["experience_quote"]).format(highlight=bullet, **values)


def _more_sentence(t: dict[str, Any], language: str, bullet: str) -> str:
    if language == "en":
        action = as_first_person(bullet)
        if action:
            return str(t["more"]).format(action=action.removeprefix("I "))
        return str(t["more_quote"]).format(highlight=bullet)
    return str(t["more_quote"]).format(highlight=bullet)


def _email(
    kind: str,
    t: dict[str, Any],
    tone: str,
    facts: Facts,
    name: str,
    fill: dict[str, str],
    options: dict[str, Any],
) -> dict[str, str]:
    who = str(options.get("interviewers") or "").strip() or t["hiring_team"]
    date = str(options.get("interview_date") or "").strip()
    when = t["on_date"].format(date=date) if date else ""
    skills = [s for s in facts.matched_skills if not names_the_role(s, fill["title"], facts.label)]
    skills = skills[:3]
    if kind == "thank_you":
        subject = t["subject_thank_you"].format(**fill)
        lines = [
            t["thank_you_open"].format(when=when, **fill),
            t["thank_you_interest"],
        ]
    else:
        subject = t["subject_follow_up"].format(**fill)
        lines = [t["follow_up_open"].format(**fill), t["follow_up_interest"]]
    if skills:
        lines.append(t["email_skills"].format(skills=join_list(skills, t["and"])))
    paragraphs = [
        t["thank_you_greeting"].format(who=who),
        " ".join(lines),
        t["email_close"],
        f"{t['signoff'][tone]}\n{name}".strip(),
    ]
    return {"subject": subject, "body": "\n\n".join(paragraphs)}
