"""The curated skills vocabulary (multilingual) and the stop words for keyword extraction.

SKILLS maps a display name to its aliases; aliases are written naturally and folded with the
same `text.tokens` as the texts they are matched in, so "Postgres", "PostgreSQL" and "postgresql"
are one skill. Ambiguous short words ("Go", "R", "C") are left out on purpose: they match
ordinary prose far more often than the skill.
"""

from __future__ import annotations

from functools import cache

from resumes.scoring.text import tokens

SKILLS: dict[str, tuple[str, ...]] = {
    # languages
    "Python": ("python", "python3"),
    "JavaScript": ("javascript", "js", "ecmascript", "es6"),
    "TypeScript": ("typescript", "ts"),
    "Java": ("java",),
    "Kotlin": ("kotlin",),
    "Scala": ("scala",),
    "C++": ("c++", "cpp"),
    "C#": ("c#", "csharp"),
    "Go": ("golang", "go lang"),
    "Rust": ("rust",),
    "Ruby": ("ruby",),
    "PHP": ("php",),
    "Swift": ("swift",),
    "Objective-C": ("objective-c", "objective c"),
    "SQL": ("sql",),
    "Bash": ("bash", "shell scripting"),
    "HTML": ("html", "html5"),
    "CSS": ("css", "css3"),
    "Sass": ("sass", "scss"),
    "MATLAB": ("matlab",),
    "VBA": ("vba",),
    # frameworks and libraries
    "Django": ("django",),
    "Flask": ("flask",),
    "FastAPI": ("fastapi",),
    "Ruby on Rails": ("ruby on rails", "rails"),
    "Spring": ("spring boot", "spring framework", "spring"),
    "Laravel": ("laravel",),
    "Symfony": ("symfony",),
    ".NET": (".net", "dotnet", "asp.net"),
    "React": ("react", "reactjs", "react.js"),
    "React Native": ("react native",),
    "Angular": ("angular", "angularjs"),
    "Vue.js": ("vue", "vuejs", "vue.js"),
    "Svelte": ("svelte",),
    "Next.js": ("next.js", "nextjs"),
    "Node.js": ("node.js", "nodejs", "node"),
    "Express": ("express.js", "expressjs"),
    "jQuery": ("jquery",),
    "Tailwind CSS": ("tailwind", "tailwindcss"),
    "htmx": ("htmx",),
    "GraphQL": ("graphql",),
    "REST APIs": ("rest api", "restful", "rest apis", "api rest", "rest"),
    "Celery": ("celery",),
    "pandas": ("pandas",),
    "NumPy": ("numpy",),
    "scikit-learn": ("scikit-learn", "sklearn", "scikit learn"),
    "TensorFlow": ("tensorflow",),
    "PyTorch": ("pytorch", "torch"),
    "Spark": ("apache spark", "spark", "pyspark"),
    "Hadoop": ("hadoop",),
    "Airflow": ("airflow",),
    "dbt": ("dbt",),
    "Kafka": ("kafka", "apache kafka"),
    "RabbitMQ": ("rabbitmq",),
    # data stores
    "PostgreSQL": ("postgresql", "postgres", "psql"),
    "MySQL": ("mysql", "mariadb"),
    "SQL Server": ("sql server", "mssql"),
    "Oracle": ("oracle",),
    "SQLite": ("sqlite",),
    "MongoDB": ("mongodb", "mongo"),
    "Redis": ("redis",),
    "Elasticsearch": ("elasticsearch", "elastic search", "opensearch"),
    "Snowflake": ("snowflake",),
    "BigQuery": ("bigquery", "big query"),
    # cloud and ops
    "AWS": ("aws", "amazon web services"),
    "Azure": ("azure", "microsoft azure"),
    "Google Cloud": ("gcp", "google cloud", "google cloud platform"),
    "Docker": ("docker", "containers", "containerisation", "containerization"),
    "Kubernetes": ("kubernetes", "k8s"),
    "Terraform": ("terraform",),
    "Ansible": ("ansible",),
    "Linux": ("linux", "unix"),
    "Git": ("git", "github", "gitlab"),
    "CI/CD": ("ci/cd", "cicd", "continuous integration", "continuous delivery", "github actions"),
    "Jenkins": ("jenkins",),
    "DevOps": ("devops",),
    "Microservices": ("microservices", "microservice", "micro services", "microservizi"),
    "Observability": ("observability", "prometheus", "grafana", "monitoring"),
    # data, AI
    "Machine learning": (
        "machine learning",
        "ml",
        "apprendimento automatico",
        "apprentissage automatique",
    ),
    "Deep learning": ("deep learning", "apprentissage profond"),
    "NLP": ("nlp", "natural language processing"),
    "Computer vision": ("computer vision",),
    "LLMs": ("llm", "llms", "large language models", "generative ai", "genai"),
    "Data analysis": ("data analysis", "analisi dei dati", "analisi dati", "analyse de donnees"),
    "Data engineering": ("data engineering", "etl", "data pipelines"),
    "Statistics": ("statistics", "statistica", "statistiques"),
    "Power BI": ("power bi", "powerbi"),
    "Tableau": ("tableau",),
    "Excel": ("excel", "microsoft excel", "spreadsheets"),
    # practices and testing
    "Testing": ("unit testing", "test automation", "tdd", "pytest", "jest", "automated testing"),
    "Agile": ("agile", "scrum", "kanban"),
    "Security": ("security", "cybersecurity", "owasp", "sicurezza informatica"),
    "Accessibility": ("accessibility", "wcag", "accessibilita", "accessibilite"),
    "UX design": ("ux", "user experience", "ux design"),
    "UI design": ("ui design", "user interface design"),
    "Figma": ("figma",),
    "Photoshop": ("photoshop",),
    "Illustrator": ("illustrator",),
    # business
    "Project management": (
        "project management",
        "gestione progetti",
        "gestione dei progetti",
        "gestion de projet",
        "gestion de projets",
    ),
    "Product management": ("product management", "product owner"),
    "Stakeholder management": ("stakeholder management", "stakeholders"),
    "SAP": ("sap",),
    "Salesforce": ("salesforce",),
    "CRM": ("crm",),
    "ERP": ("erp",),
    "SEO": ("seo",),
    "Digital marketing": ("digital marketing", "marketing digitale", "marketing digital"),
    "Google Analytics": ("google analytics",),
    "Accounting": ("accounting", "contabilita", "comptabilite"),
    "Budgeting": ("budgeting", "budget management"),
    "Customer service": ("customer service", "assistenza clienti", "service client"),
    "Sales": ("sales", "vendite", "ventes"),
    "Negotiation": ("negotiation", "negoziazione", "negociation"),
    "Leadership": ("leadership", "team leadership", "people management"),
    "Communication": ("communication skills", "capacita comunicative", "communication"),
    "Teamwork": ("teamwork", "lavoro di squadra", "travail en equipe"),
    "Problem solving": ("problem solving", "problem-solving"),
}

# Grammar words in English, Italian and French (folded: no accents), plus words every job ad
# uses that say nothing about the job. Neither is ever offered as a keyword.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are around as at be because been
    before being below between both but by can could did do does doing down during each etc few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just like me more most my no nor not now of off on once only or other our ours out
    over own per same she should so some such than that the their them then there these they
    this those through to too under until up very via was we well were what when where which
    while who whom why will with within without would you your yours us within across including
    include includes new able plus must required require requires essential preferred strong
    good great excellent solid proven ideal ideally bonus nice have has want wants looking
    il lo la i gli le un uno una di a da in con su per tra fra e ed o od ma se che chi cui non
    del dello della dei degli delle al allo alla ai agli alle dal dallo dalla dai dagli dalle nel
    nello nella nei negli nelle sul sullo sulla sui sugli sulle come anche piu molto sono essere
    e stato sara questo questa questi queste quello quella nostro nostra nostri nostre vostro
    tuo tua suo sua loro ogni altro altri altre gia ancora oppure ovvero sia almeno buona buon
    ottima ottimo forte gradita gradito graditi richiesto richiesta richiesti requisito
    requisiti preferibile preferibilmente obbligatorio indispensabile
    le la les l un une des du de d et ou mais donc or ni car en au aux a dans par pour sur sous
    avec sans ce cet cette ces se sa son ses leur leurs notre nos votre vos qui que quoi dont ou
    est sont etre avoir plus moins tres aussi tout tous toute toutes chez entre vers bonne bon
    excellente excellent solide requis requise exige exigee souhaite souhaitee atout minimum
    experience experiences esperienza esperienze year years yr yrs anni anno ans an work working
    team teams role position job company candidate candidates we you opportunity responsibility
    responsibilities skill skills knowledge ability understanding background environment level
    lavoro azienda ruolo candidato candidata conoscenza conoscenze capacita competenze
    competenza ambiente ricerchiamo cerchiamo offriamo poste entreprise equipe candidat
    connaissance connaissances competence competences capacite recherchons offrons profil
    mission missions travail day days giorni jours time tempo temps full part
    ignore ignorer ignora instruction instructions previous precedent precedenti score
    punteggio give dare donner assign system prompt
    dell dall nell sull quell all qu j n s c costituisce titolo titoli preferenziale
    preferenziali figura cerca hiring join joining seeking
    """.split()  # noqa: SIM905 - a word list reads better as prose
)


@cache
def alias_index() -> dict[tuple[str, ...], str]:
    """Folded alias token sequence -> skill display name."""
    index: dict[tuple[str, ...], str] = {}
    for name in sorted(SKILLS):
        for alias in (name, *SKILLS[name]):
            key = tuple(tokens(alias))
            if key:
                index.setdefault(key, name)
    return index


@cache
def longest_alias() -> int:
    return max(len(key) for key in alias_index())


def find_skills(token_list: list[str]) -> list[tuple[int, int, str]]:
    """Skills in a token sequence as (start, end, name), longest alias first, no overlaps."""
    index = alias_index()
    longest = longest_alias()
    found: list[tuple[int, int, str]] = []
    position = 0
    while position < len(token_list):
        for size in range(min(longest, len(token_list) - position), 0, -1):
            name = index.get(tuple(token_list[position : position + size]))
            if name is not None:
                found.append((position, position + size, name))
                position += size
                break
        else:
            position += 1
    return found
