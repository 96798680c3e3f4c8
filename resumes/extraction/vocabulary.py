"""Word lists for English, Italian and French CVs.

All entries are written folded (lower case, no accents): compare them with `fold()` output.
"""

from __future__ import annotations

import unicodedata


def _words(text: str) -> list[str]:
    return text.split()


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes unified: the form every vocabulary lookup uses."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Section headings -> section key. Matched against the whole (folded, trimmed) heading line.
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "about me",
        "about",
        "objective",
        "career objective",
        "personal statement",
        "career summary",
        "overview",
        "profilo",
        "profilo professionale",
        "sommario",
        "chi sono",
        "presentazione",
        "obiettivo",
        "obiettivo professionale",
        "su di me",
        "profil",
        "profil professionnel",
        "resume",
        "a propos",
        "a propos de moi",
        "objectif",
        "objectif professionnel",
        "presentation",
        "synthese",
        "summary of qualifications",
    ),
    "work": (
        "experience",
        "experiences",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "experience professionnelle",
        "experiences professionnelles",
        "parcours professionnel",
        "esperienza",
        "esperienze",
        "esperienza lavorativa",
        "esperienze lavorative",
        "esperienza professionale",
        "esperienze professionali",
        "percorso professionale",
        "career",
        "professional background",
        "work",
        "carriera",
        "emplois",
        "postes occupes",
        "clinical experience",
        "teaching experience",
        "experience clinique",
    ),
    "education": (
        "education",
        "education and training",
        "academic background",
        "qualifications",
        "academic qualifications",
        "studies",
        "istruzione",
        "formazione",
        "istruzione e formazione",
        "studi",
        "percorso di studi",
        "titoli di studio",
        "formation",
        "formations",
        "etudes",
        "diplomes",
        "formation academique",
        "parcours academique",
        "diplomes et formations",
        "education & training",
    ),
    "skills": (
        "skills",
        "technical skills",
        "key skills",
        "core skills",
        "core competencies",
        "competencies",
        "expertise",
        "areas of expertise",
        "tools",
        "technologies",
        "skills and tools",
        "hard skills",
        "soft skills",
        "strengths",
        "competenze",
        "competenze tecniche",
        "competenze chiave",
        "abilita",
        "capacita e competenze",
        "competenze informatiche",
        "competenze personali",
        "skills and abilities",
        "skills & abilities",
        "abilities",
        "skills and expertise",
        "skills summary",
        "competenze digitali",
        "competenze comunicative",
        "competenze organizzative",
        "competenze organizzative e gestionali",
        "competenze trasversali",
        "altre competenze",
        "competences numeriques",
        "competences informatiques",
        "competences transversales",
        "digital skills",
        "computer literacy",
        "competenze professionali",
        "strumenti",
        "competences",
        "competences techniques",
        "competences cles",
        "savoir-faire",
        "outils",
        "informatique",
        "skills & tools",
        "software",
        "it skills",
        "computer skills",
    ),
    "languages": (
        "languages",
        "language skills",
        "lingue",
        "lingue straniere",
        "altre lingue",
        "other languages",
        "autres langues",
        "conoscenze linguistiche",
        "competenze linguistiche",
        "langues",
        "langues etrangeres",
        "competences linguistiques",
        "language",
    ),
    "certificates": (
        "certifications",
        "certification",
        "certificates",
        "licenses & certifications",
        "licenses and certifications",
        "licences and certifications",
        "accreditations",
        "certificazioni",
        "certificati",
        "attestati",
        "abilitazioni",
        "certifications et licences",
        "certificats",
        "habilitations",
        "courses and certifications",
        "courses & certifications",
        "training",
        "courses",
        "corsi",
        "corsi e certificazioni",
        "stages et certifications",
    ),
    "projects": (
        "projects",
        "personal projects",
        "selected projects",
        "key projects",
        "side projects",
        "open source",
        "portfolio",
        "progetti",
        "progetti personali",
        "progetti principali",
        "projets",
        "projets personnels",
        "realisations",
        "projets realises",
    ),
    "contact": (
        "contact",
        "contacts",
        "contact details",
        "contact information",
        "personal details",
        "personal information",
        "details",
        "contatti",
        "recapiti",
        "dati personali",
        "informazioni personali",
        "coordonnees",
        "informations personnelles",
        "info",
        "infos",
    ),
    "other": (
        "interests",
        "hobbies",
        "hobbies and interests",
        "interessi",
        "hobby",
        "passioni",
        "centres d'interet",
        "loisirs",
        "interets",
        "references",
        "referenze",
        "referees",
        "volunteering",
        "volunteer experience",
        "volontariato",
        "benevolat",
        "awards",
        "honours",
        "honors",
        "premi",
        "riconoscimenti",
        "distinctions",
        "publications",
        "pubblicazioni",
        "additional information",
        "informazioni aggiuntive",
        "informations complementaires",
        "activities",
        "attivita",
        "activites",
        "extracurricular activities",
        "achievements",
    ),
}

HEADING_TO_SECTION: dict[str, str] = {
    heading: key for key, headings in SECTION_HEADINGS.items() for heading in headings
}

# Job title words (folded). A fragment containing one of these is probably a position.
TITLE_WORDS: frozenset[str] = frozenset(
    _words(
        """
    engineer developer programmer architect manager director head lead chief officer analyst
    consultant specialist coordinator assistant associate intern trainee apprentice nurse
    teacher lecturer professor tutor designer writer editor accountant auditor controller
    administrator technician scientist researcher advisor adviser representative executive
    receptionist chef cook waiter waitress bartender sommelier concierge supervisor planner
    strategist marketer copywriter buyer agent clerk cashier pharmacist therapist physician
    doctor midwife caregiver paramedic driver operator mechanic electrician founder
    co-founder owner partner president vp cto ceo cfo coo cmo product owner scrum master devops
    sre full-stack frontend backend fullstack instructor educator headteacher principal
    librarian translator interpreter photographer illustrator animator artist secretary
    officer investigator banker trader economist lawyer solicitor paralegal attorney
    recruiter hr sales marketing ingegnere sviluppatore programmatore architetto
    responsabile direttore direttrice capo analista consulente specialista coordinatore
    coordinatrice assistente stagista tirocinante infermiere infermiera insegnante docente
    professore professoressa educatore educatrice progettista grafico grafica redattore
    redattrice contabile revisore amministratore amministratrice tecnico tecnica ricercatore
    ricercatrice receptionist cuoco cuoca cameriere cameriera barista addetto addetta
    impiegato impiegata commesso commessa fondatore fondatrice titolare socio socia medico
    farmacista fisioterapista operatore operatrice maestro maestra account ingenieur
    developpeur developpeuse programmeur architecte responsable directeur directrice chef
    analyste consultante consultant specialiste coordinateur coordinatrice assistant
    assistante stagiaire alternant alternante apprenti infirmier infirmiere enseignant
    enseignante professeur professeure formateur formatrice concepteur conceptrice graphiste
    redacteur redactrice comptable auditeur auditrice administrateur administratrice
    technicien technicienne chercheur chercheuse receptionniste cuisinier cuisiniere serveur
    serveuse vendeur vendeuse conseiller conseillere fondateur fondatrice gerant gerante
    charge chargee commis gouvernante agent agente medecin pharmacien pharmacienne
    kinesitherapeute aide-soignant aide-soignante educateur educatrice institutrice
    instituteur juriste avocat avocate
        """
    )
)

# Organisation words (folded). A fragment containing one of these is probably an employer/school.
COMPANY_WORDS: frozenset[str] = frozenset(
    _words(
        """
    inc inc. ltd ltd. llc plc corp corp. corporation company co. gmbh ag sa s.a. sas s.a.s.
    sarl s.a.r.l. spa s.p.a. srl s.r.l. snc sas bv nv oy ab group gruppo groupe holding
    holdings bank banca banque hospital ospedale hopital clinic clinica clinique agency
    agenzia agence studio hotel hotels resort restaurant ristorante trattoria osteria
    brasserie cafe bistro labs lab solutions systems technologies technology software
    consulting partners associates services servizi insurance assicurazioni assurances
    foundation fondazione fondation ministry ministero ministere council comune mairie
    municipality nhs trust asl ausl ats chu aphp ap-hp pharma pharmaceuticals media
    publishing edizioni editions retail stores logistics industries industrie airlines
    airline
        """
    )
)

SCHOOL_WORDS: frozenset[str] = frozenset(
    _words(
        """
    university universita universite università université politecnico polytechnic
    polytechnique school scuola ecole college collegio liceo lycee institute istituto
    institut academy accademia conservatorio conservatoire iut insa hec essec escp
    sciences-po sciencespo bocconi sorbonne its campus faculty facolta faculte
        """
    )
)

# Degree phrases (folded), longest first when matched. studyType is the matched phrase as written.
DEGREE_PHRASES: tuple[str, ...] = tuple(
    sorted(
        {
            "bachelor of science",
            "bachelor of arts",
            "bachelor of engineering",
            "bachelor of education",
            "bachelor of business administration",
            "bachelor of laws",
            "bachelor",
            "bachelor's degree",
            "master of science",
            "master of arts",
            "master of business administration",
            "master of engineering",
            "master of education",
            "master's degree",
            "master",
            "mba",
            "msc",
            "m.sc.",
            "m.sc",
            "bsc",
            "b.sc.",
            "b.sc",
            "ba",
            "b.a.",
            "ma",
            "m.a.",
            "beng",
            "meng",
            "phd",
            "ph.d.",
            "doctorate",
            "doctor of philosophy",
            "associate degree",
            "diploma",
            "higher national diploma",
            "hnd",
            "hnc",
            "nvq",
            "btec",
            "city & guilds",
            "level 2 diploma",
            "level 3 diploma",
            "level 4 diploma",
            "foundation degree",
            "graduate diploma",
            "graduate certificate",
            "llb",
            "llm",
            "mphil",
            "edd",
            "dnp",
            "mpa",
            "mph",
            "pgce",
            "postgraduate certificate",
            "postgraduate diploma",
            "a-levels",
            "a levels",
            "high school diploma",
            "gcse",
            "bsn",
            "msn",
            "laurea magistrale",
            "laurea triennale",
            "laurea specialistica",
            "laurea magistrale a ciclo unico",
            "laurea",
            "laurea in",
            "dottorato di ricerca",
            "dottorato",
            "master di primo livello",
            "master di secondo livello",
            "diploma di maturita",
            "diploma di maturita scientifica",
            "diploma di maturita classica",
            "maturita scientifica",
            "maturita classica",
            "maturita",
            "diploma accademico",
            "diploma di laurea",
            "its",
            "qualifica professionale",
            "licence",
            "licence professionnelle",
            "master 1",
            "master 2",
            "master professionnel",
            "master recherche",
            "doctorat",
            "baccalaureat",
            "bac",
            "bac+2",
            "bac+3",
            "bac+5",
            "bts",
            "dut",
            "but",
            "cap",
            "bep",
            "diplome d'ingenieur",
            "diplome d'etat",
            "diplome d'etat d'infirmier",
            "diplome d'etat infirmier",
            "diplome",
            "deug",
            "dess",
            "dea",
            "mastere specialise",
            "classe preparatoire",
            "cpge",
        },
        key=len,
        reverse=True,
    )
)

# Language names (folded) in English, Italian and French -> canonical English name.
LANGUAGE_NAMES: dict[str, str] = {}
for _canonical, _names in {
    "English": "english inglese anglais",
    "Italian": "italian italiano italien italienne",
    "French": "french francese francais francaise",
    "Spanish": "spanish spagnolo espagnol castellano",
    "German": "german tedesco allemand",
    "Portuguese": "portuguese portoghese portugais",
    "Dutch": "dutch olandese neerlandais",
    "Russian": "russian russo russe",
    "Chinese": "chinese mandarin cinese chinois mandarino",
    "Japanese": "japanese giapponese japonais",
    "Arabic": "arabic arabo arabe",
    "Romanian": "romanian rumeno roumain",
    "Polish": "polish polacco polonais",
    "Greek": "greek greco grec",
    "Catalan": "catalan catalano",
    "Hindi": "hindi",
    "Turkish": "turkish turco turc",
    "Swedish": "swedish svedese suedois",
    "Korean": "korean coreano coreen",
    "Ukrainian": "ukrainian ucraino ukrainien",
    "Albanian": "albanian albanese albanais",
    "Czech": "czech ceco tcheque",
    "Hungarian": "hungarian ungherese hongrois",
    "Danish": "danish danese danois",
    "Norwegian": "norwegian norvegese norvegien",
    "Finnish": "finnish finlandese finnois",
    "Irish": "irish gaelic irlandese irlandais",
    "Welsh": "welsh gallese gallois",
    "Sign language": "bsl lis lsf",
    "Wolof": "wolof",
    "Tagalog": "tagalog filipino",
    "Vietnamese": "vietnamese vietnamita vietnamien",
    "Hebrew": "hebrew ebraico hebreu",
    "Persian": "persian farsi persiano persan",
    "Bengali": "bengali",
    "Urdu": "urdu",
    "Swahili": "swahili",
    "Croatian": "croatian croato croate",
    "Serbian": "serbian serbo serbe",
    "Slovenian": "slovenian sloveno slovene",
    "Bulgarian": "bulgarian bulgaro bulgare",
    "Yoruba": "yoruba",
    "Igbo": "igbo",
    "Hausa": "hausa",
    "Amharic": "amharic amarico amharique",
    "Somali": "somali somalo",
    "Gujarati": "gujarati",
    "Punjabi": "punjabi panjabi",
    "Tamil": "tamil",
    "Telugu": "telugu",
    "Marathi": "marathi",
    "Malay": "malay malese malais",
    "Indonesian": "indonesian indonesiano indonesien",
    "Thai": "thai tailandese thailandais",
    "Berber": "berber berbero berbere tamazight kabyle",
    "Kurdish": "kurdish curdo kurde",
    "Armenian": "armenian armeno armenien",
    "Georgian": "georgian georgiano georgien",
    "Lithuanian": "lithuanian lituano lituanien",
    "Latvian": "latvian lettone letton",
    "Estonian": "estonian estone estonien",
    "Slovak": "slovak slovacco slovaque",
    "Icelandic": "icelandic islandese islandais",
    "Maltese": "maltese maltais",
    "Luxembourgish": "luxembourgish lussemburghese luxembourgeois",
    "Basque": "basque basco",
    "Galician": "galician galiziano galicien",
    "Afrikaans": "afrikaans",
    "Zulu": "zulu",
    "Lingala": "lingala",
    "Creole": "creole haitian",
    "Sardinian": "sardinian sardo",
    "Neapolitan": "neapolitan napoletano",
    "Occitan": "occitan occitano",
    "Breton": "breton bretone",
    "Corsican": "corsican",
    "Latin": "latin latino",
}.items():
    for _name in _names.split():
        LANGUAGE_NAMES[_name] = _canonical

NATIVE_WORDS: tuple[str, ...] = (
    "native speaker",
    "native",
    "mother tongue",
    "first language",
    "bilingual",
    "madrelingua",
    "lingua madre",
    "nativo",
    "nativa",
    "langue maternelle",
    "natif",
    "native",
    "maternelle",
    "bilingue",
)

FLUENCY_WORDS: dict[str, str] = {
    "fluent": "Fluent",
    "proficient": "Proficient",
    "advanced": "Advanced",
    "upper intermediate": "Upper intermediate",
    "intermediate": "Intermediate",
    "conversational": "Conversational",
    "basic": "Basic",
    "elementary": "Elementary",
    "beginner": "Beginner",
    "working knowledge": "Working knowledge",
    "professional working proficiency": "Professional working proficiency",
    "full professional": "Full professional",
    "professional working": "Professional working",
    "limited working": "Limited working",
    "fluente": "Fluent",
    "ottimo": "Advanced",
    "ottima": "Advanced",
    "avanzato": "Advanced",
    "buono": "Intermediate",
    "buona": "Intermediate",
    "intermedio": "Intermediate",
    "scolastico": "Basic",
    "base": "Basic",
    "elementare": "Elementary",
    "courant": "Fluent",
    "couramment": "Fluent",
    "avance": "Advanced",
    "intermediaire": "Intermediate",
    "notions": "Basic",
    "debutant": "Beginner",
    "scolaire": "Basic",
    "professionnel": "Proficient",
}

# Countries (folded) -> ISO 3166 alpha-2.
COUNTRIES: dict[str, str] = {
    "italy": "IT",
    "italia": "IT",
    "italie": "IT",
    "france": "FR",
    "francia": "FR",
    "united kingdom": "GB",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "regno unito": "GB",
    "royaume-uni": "GB",
    "great britain": "GB",
    "ireland": "IE",
    "irlanda": "IE",
    "irlande": "IE",
    "spain": "ES",
    "spagna": "ES",
    "espagne": "ES",
    "germany": "DE",
    "germania": "DE",
    "allemagne": "DE",
    "deutschland": "DE",
    "switzerland": "CH",
    "svizzera": "CH",
    "suisse": "CH",
    "belgium": "BE",
    "belgio": "BE",
    "belgique": "BE",
    "netherlands": "NL",
    "paesi bassi": "NL",
    "pays-bas": "NL",
    "portugal": "PT",
    "portogallo": "PT",
    "austria": "AT",
    "autriche": "AT",
    "luxembourg": "LU",
    "lussemburgo": "LU",
    "usa": "US",
    "u.s.a.": "US",
    "united states": "US",
    "stati uniti": "US",
    "etats-unis": "US",
    "canada": "CA",
    "quebec": "CA",
    "australia": "AU",
    "monaco": "MC",
    "malta": "MT",
    "greece": "GR",
    "grecia": "GR",
    "grece": "GR",
    "sweden": "SE",
    "denmark": "DK",
    "norway": "NO",
    "finland": "FI",
    "poland": "PL",
    "romania": "RO",
    "roumanie": "RO",
    "morocco": "MA",
    "marocco": "MA",
    "maroc": "MA",
    "tunisia": "TN",
    "tunisie": "TN",
    "algeria": "DZ",
    "algerie": "DZ",
    "senegal": "SN",
    "india": "IN",
    "inde": "IN",
    "brazil": "BR",
    "brasile": "BR",
    "bresil": "BR",
    "argentina": "AR",
    "mexico": "MX",
    "messico": "MX",
    "mexique": "MX",
    "japan": "JP",
    "china": "CN",
    "cina": "CN",
    "chine": "CN",
    "singapore": "SG",
    "new zealand": "NZ",
    "south africa": "ZA",
    "philippines": "PH",
    "czech republic": "CZ",
    "czechia": "CZ",
    "hungary": "HU",
    "ungheria": "HU",
    "croatia": "HR",
    "croazia": "HR",
    "slovenia": "SI",
    "albania": "AL",
    "albanie": "AL",
    "ukraine": "UA",
    "ucraina": "UA",
    "turkey": "TR",
    "turchia": "TR",
    "turquie": "TR",
    "israel": "IL",
    "lebanon": "LB",
    "liban": "LB",
    "egypt": "EG",
    "egitto": "EG",
    "egypte": "EG",
    "nigeria": "NG",
    "kenya": "KE",
}

# Region abbreviations that follow a city: "Milano (MI)", "Austin, TX".
US_STATES: frozenset[str] = frozenset(
    _words(
        """
    al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh
    nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc
        """
    )
)

# Well-known cities (folded), so a bare "Lyon" or "Milano" in a header can be recognised.
CITIES: frozenset[str] = frozenset(
    _words(
        """
    milano milan roma rome torino turin napoli naples firenze florence bologna venezia
    venice genova genoa palermo bari catania verona padova trieste brescia bergamo parma
    modena pisa perugia cagliari trento bolzano ancona pescara lecce salerno monza como
    varese udine vicenza treviso reggio-emilia rimini ferrara livorno siena lucca novara
    piacenza paris lyon marseille toulouse nice nantes strasbourg montpellier bordeaux lille
    rennes reims grenoble dijon angers nimes tours limoges clermont-ferrand amiens metz
    besancon orleans rouen caen nancy avignon annecy brest poitiers perpignan london
    manchester birmingham leeds glasgow edinburgh liverpool bristol sheffield cardiff
    belfast newcastle nottingham leicester brighton oxford cambridge york bath southampton
    dublin cork galway limerick madrid barcelona valencia seville sevilla lisbon lisbona
    lisbonne porto berlin munich monaco hamburg frankfurt cologne stuttgart vienna vienne
    wien zurich zurigo geneva ginevra geneve lausanne lugano bern berne basel brussels
    bruxelles bruxelles antwerp liege amsterdam rotterdam utrecht luxembourg copenhagen
    stockholm oslo helsinki warsaw prague budapest athens bucharest chicago boston seattle
    austin toronto montreal vancouver sydney melbourne singapore tokyo dubai casablanca
    tunis algiers dakar
        """
    )
)
