"""PII redaction: identifiers out before an external provider, back in the result; dates,
years and salaries untouched."""

from __future__ import annotations

import pytest

from jobmentis.ai.redaction import Redactor, request_redact
from jobmentis.ai.types import AIDocument, AIRequest
from tests.ai.conftest import CV_SCHEMA


@pytest.mark.parametrize(
    "phone",
    [
        "+39 333 123 4567",
        "+39 02 1234 5678",
        "+33 6 12 34 56 78",
        "+33 1 23 45 67 89",
        "06 12 34 56 78",
        "02.12.34.56.78",
        "+44 20 7946 0958",
        "+44 (0)20 7946 0958",
        "020 7946 0958",
        "07700 900123",
        "(415) 555-2671",
        "415-555-2671",
        "+1 415 555 2671",
        "+1 (415) 555-2671",
        "415.555.2671",
    ],
)
def test_international_phone_numbers_are_replaced(phone: str) -> None:
    redactor = Redactor()
    redacted = redactor.redact(f"Mobile: {phone} (evenings)")
    assert redacted == "Mobile: [PHONE_1] (evenings)"
    assert redactor.replacements == {"[PHONE_1]": phone}


@pytest.mark.parametrize(
    "text",
    [
        "Acme Corp, 2019 \u2013 2023",
        "Acme Corp, 2019-2023",
        "01/2019 - 03/2021",
        "Started 10/03/2021, left 2021-03-10 and 10.03.2021",
        "Jan 2020 \u2013 Present, since 1998",
        "Salary €45,000; $120,000 - $150,000",
        "RAL 35.000 €, target 45.000-55.000 EUR",
        "Budget 120 000 \u2013 150 000 €, 45 000 - 55 000",
        "Grew revenue +15% in 3.5 years; 1,200,000 USD pipeline",
        "Certified 2015 2016 2017; ISO 9001:2015; 40 hours/week",
        "Node.js, ASP.NET, Vue.js, e.g. Python 3.13",
    ],
)
def test_dates_years_salaries_and_tech_names_are_not_redacted(text: str) -> None:
    redactor = Redactor()
    assert redactor.redact(text) == text
    assert redactor.replacements == {}


def test_emails_and_links_become_placeholders() -> None:
    redactor = Redactor()
    text = (
        "ada.lovelace+cv@example.co.uk | https://www.linkedin.com/in/ada-lovelace | "
        "github.com/ada | see ada.dev. | www.example.org/portfolio"
    )
    assert redactor.redact(text) == ("[EMAIL_1] | [URL_1] | [URL_2] | see [URL_3]. | [URL_4]")
    assert redactor.replacements["[EMAIL_1]"] == "ada.lovelace+cv@example.co.uk"
    assert redactor.replacements["[URL_1]"] == "https://www.linkedin.com/in/ada-lovelace"
    assert redactor.replacements["[URL_3]"] == "ada.dev"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Home: 123 Main Street, Apt 4B, Springfield", "123 Main Street, Apt 4B"),
        ("Home: 221B Baker Street, London", "221B Baker Street"),
        ("Residenza: Via Roma 12, 20121 Milano", "Via Roma 12"),
        ("Residenza: Corso Vittorio Emanuele II 10, Torino", "Corso Vittorio Emanuele II 10"),
        ("Residenza: Via Giuseppe Garibaldi, 5 - Roma", "Via Giuseppe Garibaldi, 5"),
        ("Adresse : 12 rue de la Paix, 75002 Paris", "12 rue de la Paix"),
        ("Adresse : 5 bis avenue des Champs-Élysées, Paris", "5 bis avenue des Champs-Élysées"),
    ],
)
def test_street_addresses_are_replaced_but_the_city_stays(text: str, address: str) -> None:
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert "[ADDRESS_1]" in redacted
    assert address not in redacted
    assert redactor.replacements == {"[ADDRESS_1]": address}


def test_same_value_gets_the_same_placeholder_across_documents_of_one_request() -> None:
    request = AIRequest(
        feature="jobs.match",
        instructions="Match.",
        output_schema=CV_SCHEMA,
        documents=[
            AIDocument("cv", "ada@example.com, +44 20 7946 0958"),
            AIDocument("job", "Send CVs to jobs@corp.example; cc ada@example.com"),
        ],
    )
    redacted, _redactor = request_redact(request)
    assert redacted.documents[0].text == "[EMAIL_1], [PHONE_1]"
    assert redacted.documents[1].text == "Send CVs to [EMAIL_2]; cc [EMAIL_1]"
    assert redacted.instructions == request.instructions
    assert request.documents[0].text == "ada@example.com, +44 20 7946 0958"  # original intact


def test_kept_identifier_kinds_are_not_redacted() -> None:
    redactor = Redactor(keep=frozenset({"email", "url"}))
    assert redactor.redact("ada@example.com github.com/ada +33 6 12 34 56 78") == (
        "ada@example.com github.com/ada [PHONE_1]"
    )


def test_restore_walks_nested_strings_and_leaves_unknown_placeholders() -> None:
    redactor = Redactor()
    redactor.redact("ada@example.com +39 333 123 4567")
    restored = redactor.restore(
        {
            "contact": {"email": "[EMAIL_1]", "phones": ["[PHONE_1]", "[PHONE_9]"]},
            "years": 5,
            "note": "Write to [EMAIL_1].",
            "missing": None,
        }
    )
    assert restored == {
        "contact": {"email": "ada@example.com", "phones": ["+39 333 123 4567", "[PHONE_9]"]},
        "years": 5,
        "note": "Write to ada@example.com.",
        "missing": None,
    }
