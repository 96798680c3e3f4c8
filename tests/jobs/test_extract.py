"""Quick add's guesses from a pasted ad and/or its URL (no network)."""

from __future__ import annotations

from jobs.extract import guess_application


def test_labelled_fields_are_picked_out() -> None:
    guess = guess_application(
        text="Data Engineer\nCompany: Umbrella Corp\nLocation: Milan, Italy\n"
        "Salary: €45,000 - €55,000 per year\nHybrid working"
    )
    assert (guess.title, guess.company, guess.location) == (
        "Data Engineer",
        "Umbrella Corp",
        "Milan, Italy",
    )
    assert (guess.salary_min, guess.salary_max, guess.salary_currency, guess.salary_period) == (
        45000,
        55000,
        "EUR",
        "year",
    )
    assert guess.workplace_type == "hybrid"


def test_title_at_company_first_line() -> None:
    guess = guess_application(text="Backend Developer at Globex, Berlin\nWe build things.")
    assert (guess.title, guess.company) == ("Backend Developer", "Globex")


def test_hiring_sentence_and_k_salaries() -> None:
    guess = guess_application(text="Hooli is hiring a Product Manager\nRemote. $120k-$150k")
    assert guess.company == "Hooli" and guess.title.startswith("Product Manager")
    assert (guess.salary_min, guess.salary_max, guess.salary_currency) == (120000, 150000, "USD")
    assert guess.workplace_type == "remote"


def test_url_gives_source_and_company_of_ats_boards() -> None:
    assert guess_application(url="https://boards.greenhouse.io/acme-rockets/jobs/1").company == (
        "Acme Rockets"
    )
    linkedin = guess_application(url="https://www.linkedin.com/jobs/view/123")
    assert linkedin.source == "LinkedIn" and linkedin.company == ""
    assert guess_application(url="https://careers.initech.com/jobs/9").company == "Initech"


def test_text_wins_over_url_and_nothing_found_is_empty() -> None:
    guess = guess_application(url="https://jobs.lever.co/globex/1", text="Company: Initech")
    assert guess.company == "Initech"
    assert guess_application(text="").initial() == {}
