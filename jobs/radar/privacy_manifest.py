"""Personal data held by Job Radar (format: privacy/manifest.py).

Listings are job ads (curated by the tenant or fetched from a job board): no one's personal
data. What the user did with them — searches, scores, digest settings — is theirs.
"""

from __future__ import annotations

from datetime import timedelta

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    AppManifest,
    Category,
    ModelEntry,
    Retention,
    inferred,
    observed,
    provided,
)

_LISTING_FIELDS = (
    "source",
    "source_id",
    "dedupe_key",
    "title",
    "company",
    "location",
    "area",
    "country",
    "description",
    "redirect_url",
    "category",
    "contract_type",
    "contract_time",
    "workplace_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_is_predicted",
    "latitude",
    "longitude",
    "posted_at",
    "is_active",
    "created_at",
    "updated_at",
)

MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="radar.Listing",
            purpose="Job ads curated by your career centre or fetched from a job board.",
            personal=False,
            fields=dict.fromkeys(_LISTING_FIELDS, INTERNAL),
        ),
        ModelEntry(
            model="radar.SavedSearch",
            purpose="Your saved job searches, refreshed automatically.",
            subject="user",
            fields={
                "user": INTERNAL,
                "name": provided(Category.CAREER),
                "keywords": provided(Category.CAREER),
                "location": provided(Category.CAREER),
                "distance_km": provided(Category.CAREER),
                "salary_min": provided(Category.CAREER),
                "remote_only": provided(Category.CAREER),
                "contract_type": provided(Category.CAREER),
                "country": provided(Category.CAREER),
                "is_active": provided(Category.CAREER),
                "status": TECHNICAL,
                "error_code": TECHNICAL,
                "last_run_at": TECHNICAL,
                "created_at": TECHNICAL,
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="radar.SearchHit",
            purpose="Which job ads each of your saved searches found.",
            subject="search__user",
            fields={
                "search": INTERNAL,
                "listing": observed(Category.USAGE),
                "first_seen_at": TECHNICAL,
                "last_seen_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="radar.ListingScore",
            purpose="Automated scoring of your primary CV against job ads (profiling, Art. 22).",
            subject="user",
            fields={
                "user": INTERNAL,
                "listing": observed(Category.USAGE),
                "score": inferred(Category.CAREER),
                "resume_id": INTERNAL,
                "resume_updated_at": TECHNICAL,
                "engine_version": TECHNICAL,
                "matched_keywords": inferred(Category.CAREER),
                "missing_keywords": inferred(Category.CAREER),
                "breakdown": inferred(Category.CAREER),
                "scored_at": TECHNICAL,
                "notified_at": observed(Category.COMMUNICATION),
                "saved_at": observed(Category.USAGE),
                "application_id": INTERNAL,
                "created_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="radar.RadarSettings",
            purpose="Your Job Radar e-mail alert settings.",
            subject="user",
            fields={
                "user": INTERNAL,
                "digest": provided(Category.COMMUNICATION),
                "threshold": provided(Category.COMMUNICATION),
                "last_digest_at": observed(Category.COMMUNICATION),
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="radar.DigestDelivery",
            purpose="The Job Radar digest e-mails we sent you (so none is sent twice).",
            subject="user",
            retention=Retention(
                age=timedelta(days=365),
                timestamp_field="created_at",
                description="Digest delivery records are deleted after 12 months.",
            ),
            fields={
                "user": INTERNAL,
                "period": observed(Category.COMMUNICATION),
                "score_ids": INTERNAL,
                "status": observed(Category.COMMUNICATION),
                "attempts": INTERNAL,
                "created_at": TECHNICAL,
                "sent_at": observed(Category.COMMUNICATION),
            },
        ),
    ],
)
