"""The local career coach speaks the user's language: Italian and French users get answers,
guidance and proposed actions in their language (the product is EN/IT/FR), retrieval matches
their questions, and the wishlist action parses their phrasing. English is unchanged."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import Profile, Tenant, User
from coaching import services
from coaching.engine import coach as coach_engine
from coaching.models import Conversation, Message
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application
from resumes.models import Resume
from tests.coaching.conftest import make_interview
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _set_language(tenant: Tenant, user: User, language: str) -> None:
    with tenant_context(tenant.pk):
        Profile.objects.filter(user=user).update(language=language)


def _ask(tenant: Tenant, user: User, text: str) -> tuple[Message, str]:
    """The real path: message_send records the question, message_stream composes the answer.
    The stream is drained under another active language (English), as happens when the body
    streams after the request's middleware finished."""
    conversation = services.conversation_create(user=user)
    sent = services.message_send(user=user, tenant=tenant, conversation=conversation, text=text)
    events = services.message_stream(user=user, tenant=tenant, message=sent.answer)
    with translation.override("en"):
        drained = list(events)
    assert drained[-1] == ("done", "")
    text_out = "".join(data for kind, data in drained if kind == "delta")
    sent.answer.refresh_from_db()
    assert sent.answer.content == text_out and sent.answer.status == Message.Status.DONE
    return sent.answer, text_out


def test_italian_user_gets_the_negotiation_guidance_in_italian(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume
) -> None:
    _set_language(in_tenant, seeker_a, "it")
    _answer, text = _ask(in_tenant, seeker_a, "Come posso negoziare lo stipendio?")
    assert "Aspettative di stipendio e negoziazione:" in text
    assert "Negozia dopo l'offerta scritta" in text
    assert "fascia di mercato" in text
    assert "Salary expectations" not in text and "Negotiate" not in text


def test_french_user_gets_the_interview_guidance_in_french(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    make_interview(in_tenant, seeker_a, application_a)
    _set_language(in_tenant, seeker_a, "fr")
    answer, text = _ask(in_tenant, seeker_a, "Comment préparer mon entretien ?")
    assert "Préparer un entretien :" in text
    assert "Renseignez-vous sur l'entreprise" in text
    assert "Votre prochain entretien : Senior Data Engineer chez Globex le" in text
    assert "Preparing for an interview" not in text and "Your next interview" not in text
    # The proposed action is labelled in French too (labels are saved with the message).
    assert answer.actions[0]["kind"] == "prepare_interview"
    assert answer.actions[0]["label"].startswith("Créer un kit de préparation pour")


def test_italian_pipeline_answer_uses_plural_forms(
    in_tenant: Tenant, seeker_a: User, application_a: Application
) -> None:
    _set_language(in_tenant, seeker_a, "it")
    _answer, text = _ask(in_tenant, seeker_a, "Come sta andando la mia ricerca?")
    assert "Ciao Ada. Stai seguendo 1 candidatura (" in text
    assert "Gestire la tua ricerca di lavoro:" in text


def test_english_is_unchanged(in_tenant: Tenant, seeker_a: User, resume_a: Resume) -> None:
    _answer, text = _ask(in_tenant, seeker_a, "How should I negotiate my salary?")
    assert "Salary expectations and negotiation:" in text
    assert "- Negotiate after the written offer, with reasons" in text


def test_a_language_passed_by_the_view_wins_over_the_profile(
    in_tenant: Tenant, seeker_a: User
) -> None:
    _set_language(in_tenant, seeker_a, "it")
    assert services.coach_language(user=seeker_a, language="fr") == "fr"
    assert services.coach_language(user=seeker_a, language="de") == "it"
    assert services.coach_language(user=seeker_a) == "it"


@pytest.mark.parametrize(
    ("language", "text", "title", "company", "label"),
    [
        ("it", "Aggiungi Data Engineer presso Hooli alla mia lista dei desideri", "Data Engineer",
         "Hooli", "Aggiungi “Data Engineer” presso Hooli alla tua lista dei desideri"),
        ("it", "aggiungi l'offerta di Product Manager da Initech alla wishlist",
         "Product Manager", "Initech",
         "Aggiungi “Product Manager” presso Initech alla tua lista dei desideri"),
        ("fr", "Ajoute Data Engineer chez Hooli à ma liste d'envies", "Data Engineer", "Hooli",
         "Ajouter « Data Engineer » chez Hooli à votre liste d'envies"),
        ("fr", "Ajouter le poste de Chef de projet chez Société Générale à ma liste d\u2019envies.",
         "Chef de projet", "Société Générale",
         "Ajouter « Chef de projet » chez Société Générale à votre liste d'envies"),
    ],
)  # fmt: skip
def test_wishlist_action_from_italian_and_french_messages(
    in_tenant: Tenant,
    seeker_a: User,
    unlimited: None,
    language: str,
    text: str,
    title: str,
    company: str,
    label: str,
) -> None:
    _set_language(in_tenant, seeker_a, language)
    answer, streamed = _ask(in_tenant, seeker_a, text)
    action = answer.actions[0]
    assert action["kind"] == "add_to_wishlist"
    assert action["params"] == {"title": title, "company": company}
    assert action["label"] == label
    assert label in streamed  # the answer lists what it can do, in the user's language
    result = services.action_confirm(
        user=seeker_a, tenant=in_tenant, message=answer, action_id=action["id"]
    )
    assert result.application is not None
    assert (result.application.title, result.application.company) == (title, company)
    assert result.application.status == "wishlist"


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("How do I negotiate my salary?", "salary"),
        ("Come posso negoziare lo stipendio?", "salary"),
        ("Posso chiedere un aumento della RAL?", "salary"),
        ("Comment négocier mon salaire ?", "salary"),
        ("Quelle rémunération demander ?", "salary"),
        ("How should I prepare for my interview?", "interview_prep"),
        ("Come mi preparo al colloquio?", "interview_prep"),
        ("Comment préparer mon entretien ?", "interview_prep"),
        ("Come rispondo con il metodo STAR?", "star"),
        ("Comment répondre avec la méthode STAR ?", "star"),
        ("I have not heard back, should I follow up?", "follow_up"),
        ("Non ho ricevuto risposta: devo sollecitare?", "follow_up"),
        ("Pas de nouvelles après ma candidature, dois-je relancer ?", "follow_up"),
        ("I was rejected again", "rejection"),
        ("Ho ricevuto un rifiuto, cosa faccio?", "rejection"),
        ("J'ai reçu un refus, que faire ?", "rejection"),
        ("I want to change career", "career_change"),
        ("Vorrei cambiare settore", "career_change"),
        ("Je pense à une reconversion", "career_change"),
        ("How can I improve my CV?", "cv"),
        ("Come migliorare il mio curriculum?", "cv"),
        ("Comment améliorer mon CV ?", "cv"),
        ("Help me write a cover letter", "cover_letter"),
        ("Come scrivo una lettera di presentazione?", "cover_letter"),
        ("Comment rédiger une lettre de motivation ?", "cover_letter"),
        ("How do I use networking and referrals?", "networking"),
        ("Come sfruttare la mia rete di contatti?", "networking"),
        ("Comment développer mon réseau ?", "networking"),
        ("How do I explain a gap?", "gaps"),
        ("Come spiego un buco nel percorso?", "gaps"),
        ("Comment expliquer une période de chômage ?", "gaps"),
        ("Qual è il mio punto debole?", "weakness"),
        ("Quels sont mes points faibles ?", "weakness"),
        ("Devo mandare un ringraziamento dopo il colloquio?", "thank_you"),
        ("Lavoro da remoto o ibrido?", "remote"),
        ("Le télétravail est-il possible ?", "remote"),
        ("Il mio primo giorno nel nuovo lavoro", "first_days"),
        ("Où en est ma recherche ?", "pipeline"),
    ],
)
def test_retrieval_in_three_languages(question: str, key: str) -> None:
    assert key in [guidance.key for guidance in coach_engine.retrieve(question)]


def test_every_guidance_keyword_is_folded() -> None:
    """Keywords are matched against the folded question: lower case, no accents."""
    from coaching.guidance import GUIDANCE
    from resumes.scoring.text import fold

    for guidance in GUIDANCE:
        for keyword in guidance.keywords:
            assert fold(keyword) == keyword, keyword


def _sse_events(response: Any) -> list[tuple[str, str]]:
    raw = b"".join(response.streaming_content).decode()
    return [
        (event, json.loads(data)["text"])
        for event, data in re.findall(r"event: (\w+)\ndata: (.*)\n\n", raw)
    ]


def test_chat_page_streams_an_italian_answer(tenant_a: Tenant, seeker_a: User) -> None:
    """Through the views: no language cookie, so the profile's language is used; the SSE body
    runs after the middleware finished and still answers in Italian."""
    _set_language(tenant_a, seeker_a, "it")
    client: Client = client_for(tenant_a, seeker_a)
    client.post("/coach/chat/new/")
    with tenant_context(tenant_a.pk):
        conversation = Conversation.objects.get()
    html = client.post(
        f"/coach/chat/{conversation.pk}/messages/", {"text": "Come negoziare lo stipendio?"},
        HTTP_HX_REQUEST="true",
    ).content.decode()  # fmt: skip
    stream_url = re.search(r'data-stream-url="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    events = _sse_events(client.get(stream_url))
    assert events[-1] == ("done", "")
    text = "".join(data for kind, data in events if kind == "delta")
    assert "Aspettative di stipendio e negoziazione:" in text


def test_an_unnamed_conversation_is_titled_in_the_readers_language(
    tenant_a: Tenant, seeker_a: User
) -> None:
    _set_language(tenant_a, seeker_a, "fr")
    client = client_for(tenant_a, seeker_a)
    page = client.post("/coach/chat/new/", follow=True).content.decode()
    assert "Nouvelle conversation" in page
    with tenant_context(tenant_a.pk):
        conversation = Conversation.objects.get()
    assert conversation.title == "New conversation"  # stored as is; shown translated
