"""The local engines: letters, packs, practice and the coach answer offline, from the CV."""

from __future__ import annotations

import pytest

from coaching.engine.coach import compose_answer, propose_actions, retrieve, summary_extend
from coaching.engine.interviews import compose_pack, score_answer
from coaching.engine.letters import compose
from coaching.grounding import grounding_flags
from tests.coaching.conftest import CV, JOB

OPTIONS = {"company": "Globex", "job_title": "Senior Data Engineer", "candidate_name": "Ada"}
CONTEXT = ["Globex", "Senior Data Engineer"]


@pytest.mark.parametrize("language", ["en", "it", "fr"])
@pytest.mark.parametrize("tone", ["formal", "warm", "direct"])
@pytest.mark.parametrize("length", ["short", "standard", "long"])
def test_local_letter_is_grounded_in_every_language_tone_and_length(
    language: str, tone: str, length: str
) -> None:
    letter = compose(
        cv_data=CV,
        job_description=JOB,
        options={**OPTIONS, "language": language, "tone": tone, "length": length},
    )
    body = letter["body"]
    assert "Globex" in body and "Senior Data Engineer" in letter["subject"]
    assert "Initrode" in body  # the CV's most relevant employer
    assert "Python" in body and "Airflow" in body  # skills the job asks for that the CV names
    assert "Kubernetes" not in body and "dbt" not in body  # asked for, but not in the CV
    assert grounding_flags(cv_data=CV, text=body, context=CONTEXT) == []


def test_letter_length_changes_how_much_experience_is_used() -> None:
    short = compose(cv_data=CV, job_description=JOB, options={**OPTIONS, "length": "short"})
    long = compose(cv_data=CV, job_description=JOB, options={**OPTIONS, "length": "long"})
    assert len(long["body"]) > len(short["body"]) * 1.4
    assert "Acme Analytics" in long["body"] and "Acme Analytics" not in short["body"]


def test_letter_language_changes_the_wording() -> None:
    english = compose(cv_data=CV, job_description=JOB, options={**OPTIONS, "language": "en"})
    italian = compose(cv_data=CV, job_description=JOB, options={**OPTIONS, "language": "it"})
    french = compose(cv_data=CV, job_description=JOB, options={**OPTIONS, "language": "fr"})
    assert "I am writing to apply" in english["body"]
    assert "candidarmi" in italian["body"] and italian["subject"].startswith("Candidatura")
    assert "candidature" in french["body"]


def test_thank_you_email_uses_the_interview_context() -> None:
    email = compose(
        cv_data=CV,
        job_description=JOB,
        options={**OPTIONS, "kind": "thank_you", "interviewers": "Maria Rossi",
                 "interview_date": "3 December 2026"},
    )  # fmt: skip
    assert email["body"].startswith("Dear Maria Rossi,")
    assert "3 December 2026" in email["body"]
    assert email["subject"].startswith("Thank you")
    flags = grounding_flags(
        cv_data=CV, text=email["body"], context=[*CONTEXT, "Maria Rossi", "3 December 2026"]
    )
    assert flags == []


def test_grounding_flags_employers_titles_skills_and_figures_not_in_the_cv() -> None:
    text = "At Google I was Head of Data. I led 12 engineers using Kubernetes."
    kinds = {(flag["kind"], flag["value"]) for flag in grounding_flags(cv_data=CV, text=text)}
    assert ("employer", "Google") in kinds
    assert ("skill", "Kubernetes") in kinds
    assert ("figure", "12") in kinds
    assert ("title", "Head") in kinds


def test_grounding_does_not_trust_the_job_description() -> None:
    # dbt is in the job ad, not in the CV: claiming it is flagged.
    flags = grounding_flags(cv_data=CV, text="I have years of dbt experience.", context=CONTEXT)
    assert any(flag["value"].lower() == "dbt" for flag in flags)


def test_pack_has_every_category_and_grounded_star_answers() -> None:
    pack = compose_pack(
        cv_data=CV, job_description=JOB, context={"company": "Globex", "job_title": "DE"}
    )
    categories = {q["category"] for q in pack["questions"]}
    assert categories == {"behavioural", "role", "company", "gap"}
    questions = " ".join(q["question"] for q in pack["questions"])
    assert "Python" in questions and "Kubernetes" in questions  # role and gap questions
    assert "between 2020-02 and 2021-03" in questions  # the employment gap in the CV
    role = next(q for q in pack["questions"] if q["category"] == "role")
    assert role["answer"]["situation"].startswith("As Data Engineer at Initrode")
    python = next(q for q in pack["questions"] if q["question"].endswith("used Python."))
    assert python["answer"]["result"] == "Reduced warehouse costs by 30% by tuning SQL queries"
    assert python["answer"]["action"].startswith("Built ETL pipelines")
    assert len(pack["questions_to_ask"]) >= 5
    # No figure in a suggested answer that the CV does not state.
    for question in pack["questions"]:
        for part in question["answer"].values():  # situation, task, action, result, story
            assert not [f for f in grounding_flags(cv_data=CV, text=part) if f["kind"] == "figure"]


def test_pack_reuses_a_matching_story_from_the_bank() -> None:
    story = {"title": "Airflow migration", "situation": "Legacy cron jobs kept failing.",
             "task": "Move them to Airflow.", "action": "I migrated 40 jobs.",
             "result": "Failures dropped to zero.", "skills": "Airflow"}  # fmt: skip
    pack = compose_pack(cv_data=CV, job_description=JOB, context={"stories": [story]})
    airflow = next(q for q in pack["questions"] if "Airflow" in q["question"])
    assert airflow["answer"]["story"] == "Airflow migration"


def test_practice_rubric_rewards_a_structured_evidenced_answer() -> None:
    question = "Tell us about a project where you used Python."
    weak = score_answer(question=question, answer="I know Python well.", job_description=JOB)
    strong_answer = (
        "In my role as data engineer at Initrode, our nightly pipelines kept failing and the "
        "sales team had no fresh data. My goal was to make the Python ETL reliable. I rewrote "
        "the pipelines in Python with Airflow, added retries and tests, and I tuned the SQL "
        "queries with the analysts. As a result, failures dropped by 90% and we now process "
        "2 million rows a day, while warehouse costs fell by 30%. "
    ) * 2
    strong = score_answer(question=question, answer=strong_answer, job_description=JOB)
    assert sum(strong["scores"].values()) >= 17
    assert sum(weak["scores"].values()) <= 8
    assert any("STAR" in s for s in weak["suggestions"])
    assert all(0 <= v <= 5 for v in strong["scores"].values())


CONTEXT_DATA = {
    "profile": {"first_name": "Ada", "target_roles": "Data engineer"},
    "primary_cv": {"title": "Main CV", "label": "Data Engineer", "skills": ["Python"]},
    "pipeline": {"total": 2, "by_status": {"Applied": 1, "Wishlist": 1},
                 "by_status_key": {"applied": 1, "wishlist": 1}},
    "applications": [
        {"id": 7, "company": "Globex", "title": "Data Engineer", "status": "applied",
         "status_label": "Applied"},
    ],
    "upcoming_interviews": [
        {"id": 3, "application_id": 7, "company": "Globex", "title": "Data Engineer",
         "kind": "Video", "when": "3 December 2026"},
    ],
    "follow_ups_due": [{"id": 7, "company": "Globex", "title": "Data Engineer"}],
}  # fmt: skip


def test_coach_answers_from_the_users_pipeline_and_guidance() -> None:
    answer = compose_answer(question="How is my job search going?", context=CONTEXT_DATA)
    assert "You are tracking 2 applications" in answer
    assert "Globex" in answer
    follow = compose_answer(question="Should I follow up with Globex?", context=CONTEXT_DATA)
    assert "Data Engineer at Globex: Applied" in follow
    assert "Following up on an application" in follow


def test_coach_never_answers_with_a_canned_apology() -> None:
    answer = compose_answer(question="zzz qqq", context={})
    assert "Suggested next steps" in answer
    assert "sorry" not in answer.lower()


def test_retrieval_finds_guidance_in_italian_and_french() -> None:
    assert retrieve("Come preparo il colloquio?")[0].key == "interview_prep"
    assert retrieve("Comment négocier mon salaire ?")[0].key == "salary"


def test_actions_are_proposed_from_the_users_message_only() -> None:
    actions = propose_actions(
        question="Please add Data Engineer at Hooli to my wishlist", context=CONTEXT_DATA
    )
    assert actions[0]["kind"] == "add_to_wishlist"
    assert actions[0]["params"] == {"title": "Data Engineer", "company": "Hooli"}
    assert actions[0]["status"] == "proposed"
    follow = propose_actions(question="Can you draft a follow-up for Globex?", context=CONTEXT_DATA)
    assert follow[0] == {**follow[0], "kind": "draft_follow_up", "params": {"application_id": 7}}
    assert propose_actions(question="How are you?", context=CONTEXT_DATA) == []


def test_summary_keeps_the_newest_lines_within_its_budget() -> None:
    summary = summary_extend("", [("user", "How do I negotiate? Details."), ("assistant", "Ask.")])
    assert summary == "- User asked: How do I negotiate?\n- Coach said: Ask."
    long = summary_extend(summary, [("user", "x" * 150)] * 40)
    assert len(long) <= 2000 and long.endswith("x" * 150)
