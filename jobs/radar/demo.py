"""Demo data for `bin/run`: curated listings for the acme tenant, and for its demo seeker a CV to
score against (only when they have none) and a saved search that has already run.
Idempotent: listings are keyed by a fixed reference; nothing the user changed is touched."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.radar.models import Listing, SavedSearch, Source, currency_for
from jobs.radar.text import dedupe_key

_REQUIREMENTS = "Requirements:\n"


def _ad(intro: str, must: list[str], nice: list[str], offer: str) -> str:
    lines = [intro, "", _REQUIREMENTS.strip()]
    lines += [f"- {item}" for item in must]
    if nice:
        lines += ["", "Nice to have:"] + [f"- {item}" for item in nice]
    lines += ["", offer]
    return "\n".join(lines)


LISTINGS: list[dict[str, Any]] = [
    {
        "ref": "demo-python-backend",
        "title": "Senior Python Developer",
        "company": "Brightwave Health",
        "location": "London",
        "workplace_type": "hybrid",
        "contract_type": "permanent",
        "contract_time": "full_time",
        "salary": (70000, 85000),
        "category": "IT Jobs",
        "days": 1,
        "description": _ad(
            "Brightwave builds the booking platform 400 NHS clinics use every day. Join the "
            "backend team that owns our Django services and public API.",
            [
                "5+ years of professional experience with Python",
                "Strong experience with Django and PostgreSQL",
                "Experience with Docker and REST APIs",
                "Automated testing with pytest",
            ],
            ["Celery and Redis", "AWS"],
            "We offer hybrid working (two days in our Shoreditch office), 30 days of holiday "
            "and a training budget.",
        ),
    },
    {
        "ref": "demo-platform-engineer",
        "title": "Backend Engineer (Python, Kubernetes)",
        "company": "Northstar Logistics Ltd",
        "location": "Manchester",
        "workplace_type": "remote",
        "contract_type": "permanent",
        "contract_time": "full_time",
        "salary": (60000, 72000),
        "category": "IT Jobs",
        "days": 3,
        "description": _ad(
            "Northstar routes 20,000 parcels an hour. Our platform team keeps the Python "
            "services behind it fast and boring. Fully remote within the UK.",
            [
                "3+ years of experience with Python in production",
                "Experience with Kubernetes and Docker",
                "PostgreSQL and SQL performance tuning",
            ],
            ["Terraform", "Go"],
            "Remote-first, quarterly meet-ups in Manchester, share options.",
        ),
    },
    {
        "ref": "demo-django-contract",
        "title": "Django Developer — 6-month contract",
        "company": "Civic Digital",
        "location": "London",
        "workplace_type": "remote",
        "contract_type": "contract",
        "contract_time": "full_time",
        "salary": (95000, 110000),
        "category": "IT Jobs",
        "days": 2,
        "description": _ad(
            "A public-sector service is moving to Django 6. We need an experienced developer "
            "for six months, outside IR35.",
            [
                "Commercial experience with Django and Python",
                "Accessibility (WCAG 2.2) in server-rendered templates",
                "Experience with PostgreSQL",
            ],
            ["htmx"],
            "Day rate equivalent shown as a yearly figure. Remote with occasional visits.",
        ),
    },
    {
        "ref": "demo-data-engineer",
        "title": "Data Engineer",
        "company": "Fernhill Energy",
        "location": "Bristol",
        "workplace_type": "hybrid",
        "contract_type": "permanent",
        "contract_time": "full_time",
        "salary": (55000, 65000),
        "category": "IT Jobs",
        "days": 5,
        "description": _ad(
            "Fernhill forecasts demand for 2 million smart meters. Build the pipelines that "
            "feed our models.",
            [
                "Experience with Python and SQL",
                "Experience with Apache Airflow or a similar scheduler",
                "Knowledge of data modelling",
            ],
            ["Spark", "AWS"],
            "Hybrid in Bristol, 10% pension.",
        ),
    },
    {
        "ref": "demo-frontend",
        "title": "Frontend Developer (React)",
        "company": "Paperkite Studio",
        "location": "Leeds",
        "workplace_type": "on_site",
        "contract_type": "permanent",
        "contract_time": "full_time",
        "salary": (45000, 55000),
        "category": "IT Jobs",
        "days": 4,
        "description": _ad(
            "Paperkite designs and builds web apps for charities.",
            [
                "3+ years of experience with React and TypeScript",
                "Strong CSS and accessibility skills",
            ],
            ["Figma"],
            "In our Leeds studio, four-day week.",
        ),
    },
    {
        "ref": "demo-nurse",
        "title": "Registered Nurse — Intensive Care Unit",
        "company": "St Aldhelm's Hospital",
        "location": "London",
        "workplace_type": "on_site",
        "contract_type": "permanent",
        "contract_time": "full_time",
        "salary": (38000, 46000),
        "category": "Healthcare & Nursing Jobs",
        "days": 2,
        "description": _ad(
            "Our 24-bed ICU is recruiting experienced nurses.",
            [
                "Valid NMC registration and BLS certification is required",
                "3+ years of ICU nursing experience",
                "Bachelor of Science in Nursing",
            ],
            [],
            "NHS pension, relocation support.",
        ),
    },
    {
        "ref": "demo-marketing",
        "title": "Digital Marketing Manager",
        "company": "Oakleaf Books",
        "location": "London",
        "workplace_type": "hybrid",
        "contract_type": "permanent",
        "contract_time": "part_time",
        "salary": (42000, 48000),
        "category": "Marketing Jobs",
        "days": 6,
        "description": _ad(
            "An independent publisher looking for someone to run our campaigns.",
            [
                "Experience with Google Ads and Meta campaigns",
                "Experience with email marketing and SEO",
            ],
            ["Copywriting"],
            "Part time (3 days), hybrid.",
        ),
    },
    {
        "ref": "demo-sre",
        "title": "Site Reliability Engineer",
        "company": "Quayside Payments",
        "location": "Edinburgh",
        "workplace_type": "hybrid",
        "contract_type": "permanent",
        "contract_time": "full_time",
        "salary": (75000, 90000),
        "category": "IT Jobs",
        "days": 8,
        "description": _ad(
            "Keep card payments flowing for 3,000 merchants.",
            [
                "Experience with Linux, Kubernetes and Terraform",
                "Scripting in Python or Go",
                "On-call experience",
            ],
            ["PostgreSQL replication"],
            "Hybrid in Edinburgh, on-call allowance.",
        ),
    },
]

DEMO_CV: dict[str, Any] = {
    "basics": {
        "name": "Alex Rivera",
        "label": "Python Developer",
        "email": "seeker@acme.example",
        "summary": (
            "Backend developer with six years of Python and Django, building APIs and "
            "data-heavy web applications."
        ),
        "location": {"city": "London", "countryCode": "GB"},
    },
    "work": [
        {
            "name": "Ledgerly",
            "position": "Senior Python Developer",
            "startDate": "2022-03",
            "summary": "Django and PostgreSQL services for 40,000 small businesses.",
            "highlights": [
                "Built REST APIs with Django REST framework, tested with pytest",
                "Moved background jobs to Celery and Redis",
                "Deployed with Docker on AWS",
            ],
        },
        {
            "name": "Tessera Labs",
            "position": "Python Developer",
            "startDate": "2019-09",
            "endDate": "2022-02",
            "highlights": ["Django web applications, PostgreSQL, automated testing"],
        },
    ],
    "education": [
        {
            "institution": "University of Leeds",
            "area": "Computer Science",
            "studyType": "Bachelor",
            "startDate": "2016-09",
            "endDate": "2019-06",
        }
    ],
    "skills": [
        {"name": "Backend", "keywords": ["Python", "Django", "PostgreSQL", "REST APIs"]},
        {"name": "Tools", "keywords": ["Docker", "Celery", "Redis", "AWS", "pytest", "Git"]},
    ],
    "languages": [{"language": "English", "fluency": "Native speaker"}],
}


def _listing(spec: dict[str, Any], now: Any) -> Listing:
    low, high = spec["salary"]
    return Listing(
        source=Source.CURATED,
        source_id=spec["ref"],
        dedupe_key=dedupe_key(
            company=spec["company"], title=spec["title"], location=spec["location"]
        ),
        title=spec["title"],
        company=spec["company"],
        location=spec["location"],
        country="gb",
        description=spec["description"],
        redirect_url=f"https://careers.example.com/{spec['ref']}",
        category=spec["category"],
        contract_type=spec["contract_type"],
        contract_time=spec["contract_time"],
        workplace_type=spec["workplace_type"],
        salary_min=low,
        salary_max=high,
        salary_currency=currency_for("gb"),
        posted_at=now - timedelta(days=spec["days"]),
    )


def radar_demo_seed(*, tenant: Tenant, seeker_email: str) -> int:
    """Curated listings for `tenant`; a CV and a run saved search for its seeker. Returns the
    number of listings created."""
    from jobs.radar.services import saved_search_create, saved_search_refresh_request
    from resumes.models import Resume
    from resumes.services import resume_import_json

    now = timezone.now()
    with tenant_context(tenant.pk):
        existing = set(
            Listing.objects.filter(source=Source.CURATED).values_list("source_id", flat=True)
        )
        created = 0
        for spec in LISTINGS:
            if spec["ref"] not in existing:
                _listing(spec, now).save()
                created += 1
        seeker = User.objects.filter(email=seeker_email).first()
        if seeker is None:
            return created
        if not Resume.objects.filter(user=seeker).exists():
            resume_import_json(
                user=seeker, data=DEMO_CV, original_filename="alex-rivera.json", title="Demo CV"
            )
        if not SavedSearch.objects.filter(user=seeker).exists():
            search = saved_search_create(
                user=seeker,
                data={"name": "Python jobs in London", "keywords": "python", "location": "London"},
            )
            saved_search_refresh_request(search=search)
    return created
