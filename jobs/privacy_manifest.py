"""Personal data held by the job tracker (format: privacy/manifest.py). Written by the privacy
engine when the tracker landed before it; the tracker owns it from here on."""

from __future__ import annotations

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    AppManifest,
    Category,
    Hooks,
    ModelEntry,
    hidden,
    observed,
    provided,
)

CAREER = provided(Category.CAREER)


def reminders_suspend_hook(user_id: int) -> None:
    # Imported when called: manifests are loaded at start-up, before the tracker's services.
    from jobs.reminders import reminders_suspend

    reminders_suspend(user_id)


MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="jobs.Tag",
            purpose="Labels you use to organise your job applications.",
            subject="user",
            fields={"user": INTERNAL, "name": CAREER, "created_at": TECHNICAL},
        ),
        ModelEntry(
            model="jobs.Application",
            purpose="The jobs you track: company, role, status, dates, notes, salary.",
            subject="user",
            fields={
                "user": INTERNAL,
                "company": CAREER,
                "title": CAREER,
                "url": CAREER,
                "description": CAREER,
                "location": CAREER,
                "workplace_type": CAREER,
                "contract_type": CAREER,
                "salary_min": CAREER,
                "salary_max": CAREER,
                "salary_currency": CAREER,
                "salary_period": CAREER,
                "source": CAREER,
                "status": CAREER,
                "closing_reason": CAREER,
                "furthest_stage": CAREER,
                "position": INTERNAL,
                "priority": CAREER,
                "applied_on": CAREER,
                "deadline": CAREER,
                "follow_up_on": CAREER,
                "notes": CAREER,
                "tags": CAREER,
                "resume": INTERNAL,
                "cover_letter": CAREER,
                "match_score": observed(Category.CAREER),
                "status_changed_at": TECHNICAL,
                "created_at": TECHNICAL,
                "updated_at": TECHNICAL,
                # A search index PostgreSQL derives from company, title and notes.
                "search": hidden(Category.CAREER),
            },
        ),
        ModelEntry(
            model="jobs.ApplicationTag",
            purpose="Which tags are on which application.",
            subject="application__user",
            fields={"application": INTERNAL, "tag": INTERNAL},
        ),
        ModelEntry(
            model="jobs.Contact",
            purpose="People you are in touch with about an application (recruiters, managers).",
            subject="application__user",
            fields={
                "application": INTERNAL,
                "name": provided(Category.CONTACT),
                "role": provided(Category.CONTACT),
                "email": provided(Category.CONTACT),
                "phone": provided(Category.CONTACT),
                "created_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="jobs.Interview",
            purpose="Your interviews: when, where, with whom, your notes and outcome.",
            subject="user",
            fields={
                "application": INTERNAL,
                "user": INTERNAL,
                "starts_at": CAREER,
                "time_zone": CAREER,
                "duration_minutes": CAREER,
                "kind": CAREER,
                "location": CAREER,
                "interviewers": CAREER,
                "prep_notes": CAREER,
                "outcome": CAREER,
                "outcome_notes": CAREER,
                "sequence": INTERNAL,
                "created_at": TECHNICAL,
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="jobs.Activity",
            purpose="The timeline of each application (status changes, notes).",
            subject="user",
            fields={
                "application": INTERNAL,
                "user": INTERNAL,
                "kind": observed(Category.USAGE),
                "from_status": observed(Category.USAGE),
                "to_status": observed(Category.USAGE),
                "body": CAREER,
                "created_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="jobs.CalendarFeed",
            purpose="Your private calendar feed of interviews and deadlines.",
            subject="user",
            fields={
                "user": INTERNAL,
                "token": hidden(Category.SECURITY),
                "created_at": TECHNICAL,
                "last_used_at": observed(Category.USAGE),
            },
        ),
        ModelEntry(
            model="jobs.ReminderSettings",
            purpose="Which reminders you want, and how.",
            subject="user",
            fields={
                "user": INTERNAL,
                "deadline_email": provided(Category.PROFILE),
                "deadline_in_app": provided(Category.PROFILE),
                "deadline_days": provided(Category.PROFILE),
                "follow_up_email": provided(Category.PROFILE),
                "follow_up_in_app": provided(Category.PROFILE),
                "interview_email": provided(Category.PROFILE),
                "interview_in_app": provided(Category.PROFILE),
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="jobs.Reminder",
            purpose="Reminders we raised for you (deadlines, follow-ups, interviews).",
            subject="user",
            fields={
                "user": INTERNAL,
                "application": INTERNAL,
                "interview": INTERNAL,
                "kind": observed(Category.USAGE),
                "due_on": observed(Category.USAGE),
                "in_app": TECHNICAL,
                "email": TECHNICAL,
                "emailed_at": TECHNICAL,
                "read_at": TECHNICAL,
                "created_at": TECHNICAL,
            },
        ),
    ],
    hooks=Hooks(suspend=(reminders_suspend_hook,)),
)
