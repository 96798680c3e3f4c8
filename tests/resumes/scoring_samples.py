"""Realistic job descriptions and CVs (JSON Resume data) shared by the match-score tests."""

from __future__ import annotations

from datetime import date
from typing import Any

TODAY = date(2026, 11, 25)

JOB_EN = """Senior Python Developer
About us: we build software for career centres across Europe.

Requirements:
- 5+ years of professional experience with Python
- Strong experience with Django and PostgreSQL
- Experience with Docker and Kubernetes in production
- Solid understanding of REST APIs and automated testing
- Bachelor's degree in Computer Science or equivalent experience
- Fluent English; Italian B2 is required

Nice to have:
- Celery and Redis
- Experience with AWS
- React or Vue.js

What we offer: remote work, training budget.
"""

JOB_IT = """Titolo: Sviluppatore Python
Chi siamo: una software house di Milano.

Requisiti:
- Almeno 3 anni di esperienza nello sviluppo backend con Python e Django
- Conoscenza di PostgreSQL e Docker
- Laurea in Informatica o Ingegneria
- Inglese B2 e italiano madrelingua

Gradito:
- Conoscenza di Kubernetes
"""

JOB_FR = """Poste : Développeur Python confirmé
Qui sommes-nous : une startup lyonnaise.

Profil recherché :
- 3 ans d'expérience minimum en développement Python
- Maîtrise de Django et de PostgreSQL
- Diplôme : Master en informatique ou Bac+5
- Anglais courant, français C1

Un plus :
- Kubernetes, Terraform
"""

JOB_NURSE = """Registered Nurse - Intensive Care Unit
Requirements:
- Valid nursing licence and BLS certification is required
- 3+ years of ICU nursing experience
- Bachelor of Science in Nursing
- Excellent patient care and communication skills
- Fluent Spanish is essential
"""

CV_DEVELOPER: dict[str, Any] = {
    "basics": {
        "name": "Giulia Rossi",
        "label": "Senior Python Developer",
        "summary": "Backend developer building Django web applications and REST APIs.",
    },
    "work": [
        {
            "name": "Acme",
            "position": "Senior Python Developer",
            "startDate": "2021-03",
            "endDate": "",
            "highlights": [
                "Built Django services on PostgreSQL behind REST APIs",
                "Moved deployments to Docker and Kubernetes (k8s) with CI/CD",
                "Introduced automated testing with pytest",
            ],
        },
        {
            "name": "Globex",
            "position": "Python Developer",
            "startDate": "2018-01",
            "endDate": "2021-02",
            "highlights": ["Celery task queues with Redis", "Data pipelines in Python"],
        },
    ],
    "education": [
        {
            "institution": "Politecnico di Milano",
            "studyType": "Laurea magistrale",
            "area": "Informatica",
        }
    ],
    "skills": [{"name": "Backend", "keywords": ["Python", "Django", "Postgres", "Docker", "JS"]}],
    "languages": [
        {"language": "Italian", "fluency": "Native speaker", "cefr": "Native"},
        {"language": "English", "fluency": "Fluent", "cefr": "C1"},
        {"language": "French", "fluency": "Professional", "cefr": "C1"},
    ],
}

CV_CHEF: dict[str, Any] = {
    "basics": {"name": "Marco Bianchi", "label": "Head Chef", "summary": "Chef de cuisine."},
    "work": [
        {
            "name": "Trattoria",
            "position": "Head Chef",
            "startDate": "2024-01",
            "endDate": "",
            "highlights": ["Menu design", "Kitchen team of 6"],
        }
    ],
    "education": [
        {"institution": "Istituto alberghiero", "studyType": "Diploma", "area": "Cucina"}
    ],
    "skills": [{"name": "Cooking", "keywords": ["Pastry", "HACCP"]}],
    "languages": [{"language": "Italian", "fluency": "Native"}],
}
