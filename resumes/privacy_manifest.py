"""Personal data held by the CV app (format: privacy/manifest.py)."""

from __future__ import annotations

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    AppManifest,
    Category,
    ModelEntry,
    hidden,
    inferred,
    provided,
)

MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="resumes.Resume",
            purpose="Your CVs: the file you uploaded and what we read from it.",
            subject="user",
            fields={
                "user": INTERNAL,
                "title": provided(Category.CAREER),
                "kind": TECHNICAL,
                "original_filename": provided(Category.DOCUMENT),
                "size": TECHNICAL,
                "sha256": TECHNICAL,
                "page_count": TECHNICAL,
                "file": provided(Category.DOCUMENT),
                "is_primary": provided(Category.CAREER),
                "status": TECHNICAL,
                "error_code": TECHNICAL,
                "parse_attempts": TECHNICAL,
                "parse_engine": TECHNICAL,
                "parse_started_at": TECHNICAL,
                "parsed_at": TECHNICAL,
                # The text is the file's content again: the original file is in the export.
                "extracted_text": hidden(Category.CAREER),
                "parsed_data": inferred(Category.CAREER),
                "edited_data": provided(Category.CAREER),
                "created_at": TECHNICAL,
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="resumes.MatchScore",
            purpose="Automated scoring of a CV against a job description (profiling, Art. 22).",
            subject="user",
            fields={
                "resume": INTERNAL,
                "user": INTERNAL,
                "job_title": provided(Category.CAREER),
                "job_description": provided(Category.CAREER),
                "score": inferred(Category.CAREER),
                "breakdown": inferred(Category.CAREER),
                "missing_keywords": inferred(Category.CAREER),
                "engine_version": TECHNICAL,
                "created_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="resumes.Optimisation",
            purpose="AI suggestions to tailor a CV to a job description.",
            subject="user",
            fields={
                "resume": INTERNAL,
                "user": INTERNAL,
                "match": INTERNAL,
                "job_title": provided(Category.CAREER),
                "job_description": provided(Category.CAREER),
                "source_data": hidden(Category.CAREER),
                "suggestions": inferred(Category.CAREER),
                "provider": TECHNICAL,
                "model_name": TECHNICAL,
                "created_at": TECHNICAL,
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="resumes.ResumeVersion",
            purpose="Tailored versions of your CV.",
            subject="user",
            fields={
                "resume": INTERNAL,
                "user": INTERNAL,
                "optimisation": INTERNAL,
                "name": provided(Category.CAREER),
                "job_title": provided(Category.CAREER),
                "data": provided(Category.CAREER),
                "applied_count": TECHNICAL,
                "created_at": TECHNICAL,
                "updated_at": TECHNICAL,
            },
        ),
    ],
)
