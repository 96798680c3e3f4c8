"""A small curated corpus of career guidance the local coach retrieves from (offline, no model).

Each snippet has a topic, the keywords that retrieve it (English, Italian and French stems) and
short advice. Kept deliberately concrete: an answer should give the user something to do today.

Keywords are matched at the start of a word against the question folded by
resumes.scoring.text.fold (lower case, accents stripped), so they are written lower case and
without accents: "negoci" matches "négocier", "stipend" matches "stipendio". Titles and advice
are marked with gettext_noop and translated when the answer is composed, in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Guidance:
    key: str
    title: str
    keywords: tuple[str, ...]
    advice: tuple[str, ...]


GUIDANCE: tuple[Guidance, ...] = (
    Guidance(
        "follow_up",
        gettext_noop("Following up on an application"),
        (
            "follow",
            "followup",
            "heard",
            "reply",
            "response",
            "answer",
            "wait",
            "ghost",
            "risposta",
            "sollecit",
            "ricontatt",
            "nessuna notizia",
            "non ho ricevuto",
            "reponse",
            "relanc",
            "sans nouvelle",
            "pas de nouvelle",
            "aucune nouvelle",
        ),
        (
            gettext_noop(
                "Wait 7-10 working days after applying, then send one short, polite follow-up."
            ),
            gettext_noop("Restate the role, one line on why you fit, and ask about the timeline."),
            gettext_noop(
                "If there is still no answer a week later, move on: keep applying elsewhere."
            ),
        ),
    ),
    Guidance(
        "interview_prep",
        gettext_noop("Preparing for an interview"),
        ("interview", "prepare", "preparation", "prep", "colloqui", "entretien", "domande"),
        (
            gettext_noop(
                "Research the company: product, customers, recent news, the interviewers' roles."
            ),
            gettext_noop(
                "Prepare 5-6 STAR stories that show the skills the job description lists."
            ),
            gettext_noop("Prepare 3-5 questions to ask them; end by asking about next steps."),
        ),
    ),
    Guidance(
        "star",
        gettext_noop("Answering behavioural questions (STAR)"),
        (
            "star",
            "behavioural",
            "behavioral",
            "tell me about a time",
            "example",
            "story",
            "comportament",
            "raccont",
            "esempi",
            "parlami di una",
            "comportement",
            "exemple",
            "parlez-moi d",
        ),
        (
            gettext_noop(
                "Situation and task in two sentences, then spend most of the time on your actions."
            ),
            gettext_noop("Finish with a measurable result and what you learned."),
            gettext_noop("Keep each answer to 1-2 minutes (roughly 120-300 words)."),
        ),
    ),
    Guidance(
        "salary",
        gettext_noop("Salary expectations and negotiation"),
        (
            "salary",
            "pay",
            "negotiat",
            "offer",
            "compensation",
            "money",
            "stipend",
            "salari",
            "negozi",
            "trattativ",
            "retribu",
            "compenso",
            "ral",
            "offert",
            "aumento",
            "salaire",
            "negoci",
            "remuner",
            "offre",
            "augmentation",
            "package",
        ),
        (
            gettext_noop(
                "Research the market range for the role and location before the first call."
            ),
            gettext_noop(
                "Give a range whose bottom you would happily accept, and ask about the full "
                "package."
            ),
            gettext_noop(
                "Negotiate after the written offer, with reasons (market data, competing offers)."
            ),
        ),
    ),
    Guidance(
        "cover_letter",
        gettext_noop("Writing a cover letter"),
        (
            "cover",
            "letter",
            "lettera",
            "lettre",
            "motivation",
            "motivazion",
            "presentazione",
            "candidature spontanee",
        ),
        (
            gettext_noop("Open with the role and one reason you are a strong fit."),
            gettext_noop(
                "Pick two achievements from your CV that match the job's top requirements."
            ),
            gettext_noop("Keep it under a page; end with a clear call to action."),
        ),
    ),
    Guidance(
        "cv",
        gettext_noop("Improving your CV"),
        (
            "cv",
            "resume",
            "curriculum",
            "ats",
            "keyword",
            "parole chiave",
            "parola chiave",
            "mots-cles",
            "mots cles",
            "mot-cle",
            "migliorar",
            "ameliorer",
        ),
        (
            gettext_noop(
                "Lead each bullet with an action verb and a result; add figures where you can."
            ),
            gettext_noop("Mirror the job description's keywords where they are true of you."),
            gettext_noop("Tailor the summary and the order of bullets to each application."),
        ),
    ),
    Guidance(
        "rejection",
        gettext_noop("Dealing with rejection"),
        (
            "reject",
            "rejection",
            "rejected",
            "declined",
            "unsuccessful",
            "rifiut",
            "scartat",
            "bocciat",
            "esito negativo",
            "non selezionat",
            "refus",
            "rejet",
            "pas retenu",
            "non retenu",
            "reponse negative",
        ),
        (
            gettext_noop(
                "A rejection is common and rarely personal: most applications do not convert."
            ),
            gettext_noop("Ask politely for feedback; note any pattern across rejections."),
            gettext_noop(
                "Look at where in the funnel you drop out: CV stage, first interview or final."
            ),
        ),
    ),
    Guidance(
        "networking",
        gettext_noop("Networking and referrals"),
        (
            "network",
            "networking",
            "referral",
            "linkedin",
            "contact",
            "recruiter",
            "rete",
            "contatt",
            "segnalazion",
            "referenz",
            "selezionator",
            "reseau",
            "cooptation",
            "recruteur",
            "chasseur",
            "headhunter",
        ),
        (
            gettext_noop(
                "Referrals convert far better than cold applications: ask former colleagues first."
            ),
            gettext_noop("Send short, specific messages: who you are, what you ask, why them."),
            gettext_noop("Follow up on conversations with a thank-you and something useful."),
        ),
    ),
    Guidance(
        "career_change",
        gettext_noop("Changing career"),
        (
            "change",
            "switch",
            "pivot",
            "transition",
            "new field",
            "cambiare",
            "cambio",
            "cambiament",
            "riconversion",
            "riqualific",
            "nuovo settore",
            "reconversion",
            "reorient",
            "nouveau metier",
            "nouveau secteur",
        ),
        (
            gettext_noop("List the skills that transfer, and the gaps the target roles require."),
            gettext_noop("Close one gap at a time with a visible project or a short course."),
            gettext_noop("Target roles adjacent to your current one first: one step, not two."),
        ),
    ),
    Guidance(
        "pipeline",
        gettext_noop("Managing your job search"),
        (
            "pipeline",
            "search",
            "applications",
            "how am i doing",
            "progress",
            "next step",
            "strateg",
            "plan",
            "candidatur",
            "ricerca",
            "strateg",
            "pianific",
            "come sta andando",
            "come sto andando",
            "prossimi passi",
            "recherche",
            "ou en est",
            "ou en suis",
            "prochaine etape",
            "prochaines etapes",
        ),
        (
            gettext_noop(
                "Aim for a steady weekly rhythm: a few well-tailored applications beat many "
                "generic."
            ),
            gettext_noop("Keep every application's status and follow-up date up to date."),
            gettext_noop(
                "If responses are low, improve the CV; if interviews do not convert, practise."
            ),
        ),
    ),
    Guidance(
        "thank_you",
        gettext_noop("Thank-you notes after an interview"),
        (
            "thank",
            "thanks",
            "after the interview",
            "grazie",
            "ringrazi",
            "dopo il colloquio",
            "merci",
            "remerci",
            "apres l'entretien",
        ),
        (
            gettext_noop("Send it within 24 hours to each interviewer, personalised."),
            gettext_noop("Mention one topic from the conversation and restate your interest."),
            gettext_noop("Keep it to a few sentences."),
        ),
    ),
    Guidance(
        "weakness",
        gettext_noop("The 'greatest weakness' question"),
        (
            "weakness",
            "weaknesses",
            "debolezz",
            "faiblesse",
            "improve",
            "punti deboli",
            "punto debole",
            "difett",
            "point faible",
            "points faibles",
            "defaut",
        ),
        (
            gettext_noop("Choose a real but non-critical weakness for the role."),
            gettext_noop("Show what you do about it and the progress you have made."),
        ),
    ),
    Guidance(
        "gaps",
        gettext_noop("Explaining a gap in your CV"),
        (
            "gap",
            "break",
            "unemployed",
            "career break",
            "pausa",
            "pause",
            "buco",
            "buchi",
            "vuoto",
            "interruzion",
            "disoccupa",
            "inattivit",
            "trou",
            "chomage",
            "interruption",
            "inactivite",
        ),
        (
            gettext_noop("Be brief and factual; you do not owe personal details."),
            gettext_noop(
                "Mention what you learned or kept up with, then move to why you are ready now."
            ),
        ),
    ),
    Guidance(
        "remote",
        gettext_noop("Remote and hybrid roles"),
        (
            "remote",
            "hybrid",
            "home",
            "distanza",
            "teletravail",
            "remoto",
            "ibrid",
            "smart working",
            "lavoro agile",
            "a distance",
            "distanciel",
        ),
        (
            gettext_noop(
                "Show evidence of working asynchronously: written communication, ownership."
            ),
            gettext_noop("Ask how the team communicates and how often people meet in person."),
        ),
    ),
    Guidance(
        "first_days",
        gettext_noop("Starting a new job"),
        (
            "start",
            "first day",
            "onboarding",
            "new job",
            "90 days",
            "probation",
            "primo giorno",
            "primi giorni",
            "nuovo lavoro",
            "periodo di prova",
            "inseriment",
            "premier jour",
            "premiers jours",
            "nouveau poste",
            "nouvel emploi",
            "periode d'essai",
            "integration",
        ),
        (
            gettext_noop("In the first weeks, listen and learn; ask for what success looks like."),
            gettext_noop("Deliver one small, visible win early; build relationships across teams."),
        ),
    ),
)
