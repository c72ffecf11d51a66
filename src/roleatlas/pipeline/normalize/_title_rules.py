"""Vocabulary and ordered rules for :mod:`roleatlas.pipeline.normalize.title` (data, no logic).

A title is matched on its *normalized* form (lowercase ASCII, abbreviations expanded:
``ML`` → ``machine learning``, ``BI`` → ``business intelligence``, ``Sr`` removed, plurals made
singular; see ``normalize_title._norm``). :data:`RULES` are tried in order and the first
pattern that matches wins, so specific patterns come before general ones. Almost every
pattern is anchored at the end of the phrase: the head noun of an English job title is its
last word ("Data Scientist", "Machine Learning Engineer"), and the words before it are
modifiers. A rule whose role is ``None`` stops the search: the phrase names a job that is
outside the catalog (a sales engineer is not a software engineer).
"""

from __future__ import annotations

__all__ = [
    "BARE_HEADS",
    "ORG_QUALIFIERS",
    "SPECIALIZABLE",
    "ACADEMIC_NEUTRAL",
    "COMPUTING_FIELDS",
    "FIELD_ROLES",
    "FIELD_SENSITIVE",
    "HEAD_WORDS",
    "NONCOMPUTING_FIELDS",
    "PHRASES",
    "POSITIVE_FIELD_ROLES",
    "RULES",
    "SENIORITY_WORDS",
    "TOKENS",
]

#: Multi-word replacements applied (in order, on word boundaries) before tokens are mapped.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"c\+\+", "cpp"),
    (r"c#", "csharp"),
    (r"\.net\b", " dotnet"),
    (r"\bnode\.?js\b", "nodejs"),
    (r"\b(react|vue|angular|next)\.?js\b", r"\1"),
    (r"\ba\.i\.", "ai"),
    (r"\bm\.l\.", "ml"),
    (r"\br\s*&\s*d\b", "rnd"),
    (r"\bresearch\s*(?:&|and)\s*development\b", "rnd"),
    (r"\bq\s*&\s*a\b", "qa"),
    (r"\bp\s*&\s*l\b", "pnl"),
    (r"\bpower\s*bi\b", "powerbi"),
    (r"\bai\s*(?:/|&|and|\+|-)\s*ml\b", "ml"),
    (r"\bml\s*(?:/|&|and|\+|-)\s*ai\b", "ml"),
    (r"\bai\s*/\s*machine learning\b", "ml"),
    (r"\bartificial intelligence\s*(?:/|&|and)\s*machine learning\b", "ml"),
    (r"\bmachine learning\s*(?:/|&|and)\s*(?:ai|artificial intelligence)\b", "ml"),
    (r"\bai\s*(?:/|&|and)\s*machine learning\b", "ml"),
    (r"\baiml\b", "ml"),
    (r"\bengineer in test\b", "sdet"),
    (r"\bdev\s*sec\s*ops\b", "devsecops"),
    (r"\bdev\s*ops\b", "devops"),
    (r"\bml\s*ops\b", "mlops"),
    (r"\bdata\s*ops\b", "dataops"),
    (r"\bsoftware development engineer in test\b", "sdet"),
)

#: Single-token replacements (after punctuation is removed). Values may be several words.
TOKENS: dict[str, str] = {
    # abbreviations of fields
    "ml": "machine learning",
    "dl": "deep learning",
    "ai": "ai",
    "nlu": "nlp",
    "llms": "llm",
    "genai": "generative ai",
    "bi": "business intelligence",
    "cv": "computer vision",
    "mlops": "mlops",
    "llmops": "llmops",
    "devops": "devops",
    "devsecops": "devsecops",
    "dataops": "dataops",
    "sysadmin": "system administrator",
    "sysadmins": "system administrator",
    "datamgt": "data management",
    "datamgmt": "data management",
    "sysanalysis": "systems analysis",
    "infosec": "information security",
    "cybersecurity": "cybersecurity",
    "dwh": "data warehouse",
    "datawarehouse": "data warehouse",
    "bigdata": "big data",
    "postdoc": "postdoctoral",
    "postdocs": "postdoctoral",
    "fullstack": "fullstack",
    "frontend": "frontend",
    "backend": "backend",
    "sw": "software",
    "infra": "infrastructure",
    "mgmt": "management",
    "mgt": "management",
    "programme": "program",
    "modeller": "modeler",
    "modellers": "modeler",
    "modelers": "modeler",
    "modelling": "modeling",
    "visualisation": "visualization",
    "optimisation": "optimization",
    "analyse": "analysis",
    "analytic": "analytics",
    "statistics": "statistics",
    # abbreviations of roles
    "swe": "software engineer",
    "swes": "software engineer",
    "sde": "software development engineer",
    "sdes": "software development engineer",
    "sre": "site reliability engineer",
    "sres": "site reliability engineer",
    "mle": "machine learning engineer",
    "mles": "machine learning engineer",
    "tpm": "technical program manager",
    "pm": "product manager",
    "pms": "product manager",
    "dba": "database administrator",
    "dbas": "database administrator",
    "sdet": "sdet",
    "sdets": "sdet",
    "eng": "engineer",
    "engs": "engineer",
    "engr": "engineer",
    "engg": "engineer",
    "dev": "developer",
    "devs": "developer",
    "mgr": "manager",
    "prof": "professor",
    "vp": "vp",
    "starszy": "senior",
    "mlodszy": "junior",
    "programista": "programmer",
    "svp": "vp",
    "evp": "vp",
    # plurals of head words
    "engineers": "engineer",
    "developers": "developer",
    "scientists": "scientist",
    "analysts": "analyst",
    "managers": "manager",
    "architects": "architect",
    "researchers": "researcher",
    "specialists": "specialist",
    "consultants": "consultant",
    "programmers": "programmer",
    "leads": "lead",
    "designers": "designer",
    "administrators": "administrator",
    "statisticians": "statistician",
    "professors": "professor",
    "lecturers": "lecturer",
    "fellows": "fellow",
    "assistants": "assistant",
    "associates": "associate",
    "stewards": "steward",
    "testers": "tester",
    "owners": "owner",
    "officers": "officer",
    "interns": "intern",
    "directors": "director",
    "biologists": "biologist",
    "bioinformaticians": "bioinformatician",
    "strategists": "strategist",
    "instructors": "instructor",
}

#: Seniority and employment words that carry no role information; dropped inside a phrase
#: before rules run (``Data Analytics Principal Consultant`` → ``data analytics consultant``).
SENIORITY_WORDS = frozenset(
    """senior sr snr junior jr jnr principal mid middle medior regular intermediate experienced
    distinguished""".split()
)

#: Roles that a qualifier may make more specific ("Software Engineer, Computer Vision" is a
#: computer vision engineer). Other roles keep their head: "Machine Learning Engineer (NLP)"
#: stays a machine learning engineer.
SPECIALIZABLE = frozenset(
    {
        "software-engineer",
        "software-architect",
        "solutions-architect",
        "product-manager",
        "engineering-manager",
        "research-engineer",
    }
)

#: Words that make a phrase name a job (its head noun). A segment without one is a
#: qualifier ("Google Cloud", "Computer Vision") rather than a role.
HEAD_WORDS = frozenset(
    """engineer developer programmer scientist analyst manager architect researcher specialist
    consultant administrator professor lecturer fellow statistician steward modeler designer
    director lead officer owner strategist technician tester coordinator representative
    executive head vp intern trainee writer recruiter counsel instructor teacher economist
    mathematician bioinformatician biologist chemist physicist sdet postdoctoral associate
    assistant tutor advisor adviser auditor accountant nurse physician clerk operator
    supervisor chief president dean chair expert practitioner professional labeler labeller
    annotator linguist trainer tutor member partner analityk analista""".split()
)

#: Bare field names that stand for a role when a title is only a list of areas
#: (Hacker News: "Backend, Systems, Machine Learning, Full Stack").
FIELD_ROLES: dict[str, str] = {
    "data science": "data-scientist",
    "data engineering": "data-engineer",
    "machine learning": "machine-learning-engineer",
    "deep learning": "machine-learning-engineer",
    "mlops": "mlops-engineer",
    "devops": "devops-engineer",
    "frontend": "frontend-engineer",
    "backend": "backend-engineer",
    "fullstack": "full-stack-engineer",
    "mobile": "mobile-engineer",
    "ios": "mobile-engineer",
    "android": "mobile-engineer",
    "software engineering": "software-engineer",
    "site reliability engineering": "site-reliability-engineer",
    "business intelligence": "business-intelligence-analyst",
    "data analytics": "data-analyst",
    "analytics engineering": "analytics-engineer",
    "robotics": "robotics-engineer",
    "computer vision": "computer-vision-engineer",
    "nlp": "nlp-engineer",
    "data governance": "data-governance-analyst",
}

#: Head nouns that say nothing about the job on their own; a qualifier may complete them
#: ("Manager, Data Science", "Analyst, Data", "Engineer, Computer Vision").
BARE_HEADS = frozenset(
    """engineer developer programmer scientist analyst manager architect researcher specialist
    consultant lead director head vp associate linguist officer expert intern""".split()
) | {"it specialist", "information technology specialist"}

#: Qualifiers that name an organisation or product line, not a specialty of the job.
ORG_QUALIFIERS = ("google", "youtube", "verily", "alphabet", "waze", "nest")

#: Roles whose title often names a scientific field; a non-computing field removes the role
#: ("Research Scientist, Immunology" is not an AI research scientist).
FIELD_SENSITIVE = frozenset(
    {
        "research-scientist",
        "research-engineer",
        "applied-scientist",
        "machine-learning-scientist",
        "machine-learning-research-engineer",
        "postdoctoral-researcher",
        "research-assistant",
        "professor",
        "lecturer",
    }
)

#: Academic roles whose stated field must be a computing or data field. Professors and
#: lecturers must state one; research assistants and postdocs may state none.
POSITIVE_FIELD_ROLES: dict[str, bool] = {
    "professor": True,
    "lecturer": True,
    "postdoctoral-researcher": False,
    "research-assistant": False,
}

#: Fields outside computing, AI and data (single words or two-word phrases).
NONCOMPUTING_FIELDS = frozenset(
    """biology biological biologist biochemistry biochemical biochemist chemistry chemical
    chemist protein proteins cell cells cellular molecular toxicology pharmacology
    pharmacokinetics pharmaceutical pharmacy immunology oncology cancer tumor antibody
    antibodies vaccine vaccines virology microbiology genetics genomics ngs materials polymer
    polymers metallurgy astrophysics geology geoscience ecology environmental agriculture
    agricultural plant plants soil food nutrition formulation formulations clinical medical
    medicine medicinal nursing patient patients epidemiology psychology psychiatry
    neuroscience behavioral behavioural economics economic sociology social education history
    english literature law legal marine ocean atmospheric biomedical bioprocess manufacturing
    mechanical civil aerospace battery energy optics safety elisa assay assays metabolic
    metabolism surgery anatomy physiology paediatrics pediatrics dentistry accounting
    accountancy finance business management marketing hospitality tourism language languages
    chinese arabic english art music drama design illustration multimedia trade congress
    government entomologist pathology pathologist biologist geneticist physical physics
    multiphysical animal veterinary wildlife zoology entomology crop forestry fisheries fish
    agronomy horticulture geophysical seismic""".split()
)

#: Computing, AI and data fields that academic roles must name (matched as whole words or
#: phrases of the normalized title).
COMPUTING_FIELDS = (
    "computer",
    "computing",
    "data",
    "statistics",
    "statistical",
    "machine learning",
    "deep learning",
    "ai",
    "nlp",
    "computer vision",
    "robotics",
    "informatics",
    "software",
    "cybersecurity",
    "analytics",
    "programming",
    "algorithms",
    "intelligent systems",
    "hci",
    "cs",
    "eecs",
    "ece",
    "ict",
    "it",
    "quantum computing",
    "information technology",
    "information systems",
    "information science",
)

#: Words ignored when checking the field of an academic title.
ACADEMIC_NEUTRAL = frozenset(
    """assistant associate full adjunct visiting tenure track tenured teaching research
    senior junior principal part time online contract lecturer professor faculty school
    department dept of in and the for university college institute program lab laboratory
    group team center centre graduate student undergraduate doctoral phd predoctoral
    postdoctoral fellow fellowship position member chair hod head days hours week person
    remote hybrid tutor instructor intern aide trainee scholar researcher scientist
    appointee""".split()
)

_ENG_WORDS = "engineer|developer|programmer"
_ENG = f"(?:{_ENG_WORDS})"
_LEAD_WORDS = "head|director|vp|vice president|leader|lead|team lead"
_LEAD = f"(?:{_LEAD_WORDS})"
_LANG = (
    r"(?:python|java|j2ee|javascript|c|cpp|csharp|dotnet|net|go|golang|rust|ruby|ruby on rails"
    r"|rails|php|scala|kotlin|elixir|erlang|haskell|clojure|perl|nodejs|node|typescript|delphi"
    r"|cobol|abap|sap abap|sap|servicenow|sharepoint|drupal|wordpress|magento|unity|unreal"
    r"|webmethods|pega|mainframe|coldfusion|cold fusion|django|spring|spring boot|groovy|matlab"
    r"|sitecore|smallworld|magik|fortran|vba|as400|salesforce|dynamics|microsoft dynamics"
    r"|peoplesoft|opentext|actimize|odoo|shopify|laravel|symfony|flask|microservices|qt"
    r"|distributed systems|embedded c|blockchain|solidity|smart contract|web3|golang)"
)

#: ``(pattern, role id or None)`` tried in order with ``re.search`` on a normalized phrase.
RULES: tuple[tuple[str, str | None], ...] = (
    # ---- jobs outside the catalog that later rules would otherwise claim
    (
        r"(?:^| )(?:sales|presales|pre sales|partner sales|field sales|technical sales|"
        r"sales engineering|solutions?|sales solutions?) (?:engineer|engineer manager|"
        r"engineering manager)$",
        None,
    ),
    (r"(?:^| )data entry\b", None),
    (r"(?:^| )data cent(?:er|re)\b", None),
    (r"(?:^| )(?:ux|user experience|user|design|market|vulnerability|security) researcher$", None),
    (r"^(?:technical staff member|member of technical staff)$", None),
    (
        r"^(?:support|helpdesk|help desk|desktop support|technical support|customer support|"
        r"application support|it support|service desk|field|customer|partner|customer success|"
        r"customer solutions?|operations?|process|manufacturing|quality|hardware|network|"
        r"electrical|mechanical|civil|chemical|systems?|integration) engineer$",
        None,
    ),
    (
        r"^(?:financial|finance|budget|credit|risk|pricing|actuarial|investment|fp and a|"
        r"supply chain|logistics|operations|procurement|hr|payroll|tax|audit|compliance|fraud|"
        r"policy|program|project|management|energy|esg|performance|revenue|category|"
        r"merchandising|sourcing|inventory|demand planning|security operations) analyst$",
        None,
    ),
    # ---- leaders and managers
    (r"(?:^| )chief (?:ai|machine learning) officer$", "head-of-ai"),
    (
        r"(?:^| )chief (?:data|analytics|data and analytics|data and ai) officer$|^cdo$",
        "head-of-data",
    ),
    (
        rf"^(?:machine learning|ai|deep learning|generative ai|applied ai)(?: engineering|"
        rf" research)?"
        rf"(?: team)? {_LEAD}$",
        "head-of-ai",
    ),
    (
        rf"^(?:data science|data science and analytics|data science and machine learning)"
        rf"(?: team)? (?:{_LEAD_WORDS}|manager)$",
        "data-science-manager",
    ),
    (r"(?:^| )data scientist manager$", "data-science-manager"),
    (r"(?:^| )data science(?: and engineering)? manager$", "data-science-manager"),
    (
        rf"^(?:data|data and analytics|data and ai|enterprise data|data team)(?: team)? {_LEAD}$",
        "head-of-data",
    ),
    (
        rf"^(?:business intelligence|powerbi)(?: and analytics| and reporting)? "
        rf"(?:{_LEAD_WORDS}|manager)$",
        "business-intelligence-manager",
    ),
    (
        rf"(?:^| )(?:analytics|analytics engineering|analytics and insights|"
        rf"reporting and analytics)(?: team)? (?:{_LEAD_WORDS}|manager)$",
        "analytics-manager",
    ),
    (r"(?:^| )(?:business|data) insights manager$", "analytics-manager"),
    (r"(?:^| )insights manager$", None),
    (
        r"(?:^| )(?:machine learning|ai|deep learning|mlops|machine learning platform|ai platform)"
        r"(?: engineering)? (?:manager|team lead)$",
        "ml-engineering-manager",
    ),
    (
        r"^(?:(?:software|software development|software engineering|data|data platform|platform|"
        r"backend|frontend|fullstack|infrastructure|mobile|devops|site reliability|qa|test|product|"
        r"web|cloud|security) )?engineering (?:manager|director|head|vp|vice president|lead|"
        r"team lead|leader)$",
        "engineering-manager",
    ),
    (
        r"^(?:software|software development|software engineering) "
        r"(?:manager|director|head)$",
        "engineering-manager",
    ),
    (r"(?:^| )technical program manager$", "technical-program-manager"),
    (
        r"(?:^| )(?:ai|machine learning|generative ai|llm|computer vision|nlp)(?: \w+){0,2} "
        r"product (?:manager|owner|lead)$",
        "ai-product-manager",
    ),
    (r"(?:^| )data(?: platform)? products? (?:manager|owner|lead)$", "data-product-manager"),
    (r"(?:^| )product (?:manager|owner)$|^product (?:head|director|vp|lead)$", "product-manager"),
    # ---- data management
    (
        r"(?:^| )data strateg(?:ist|y (?:lead|manager|consultant|director|analyst|head))$",
        "data-strategist",
    ),
    (
        r"(?:^| )data governance(?: (?:analyst|specialist|engineer|lead|manager|consultant|officer|"
        r"coordinator|associate))?$",
        "data-governance-analyst",
    ),
    (
        r"(?:^| )(?:master data|mdm)(?: management)?(?: (?:analyst|specialist|manager|consultant|"
        r"lead|administrator))?$",
        "data-governance-analyst",
    ),
    (
        r"(?:^| )data (?:quality|integrity)(?: and governance)? (?:analyst|specialist|engineer|"
        r"lead|"
        r"manager|officer|associate|consultant|coordinator)$",
        "data-quality-analyst",
    ),
    (r"(?:^| )data steward$", "data-steward"),
    (
        r"(?:^| )data operations (?:analyst|associate|specialist|lead|manager|coordinator|"
        r"team lead)$",
        "data-operations-analyst",
    ),
    (
        r"(?:^| )data management (?:analyst|specialist|associate|consultant|coordinator|lead|"
        r"manager|"
        r"officer|professional|it specialist)$|(?:^| )data manager$",
        "data-manager",
    ),
    # ---- AI and machine learning
    (
        r"(?:^| )(?:machine learning|deep learning|ai|computer vision|nlp|reinforcement learning|"
        r"llm|generative ai|speech|applied ai)(?: and (?:machine learning|deep learning|nlp|"
        r"computer vision|ai))? research engineer$",
        "machine-learning-research-engineer",
    ),
    (
        r"(?:^| )(?:applied (?:machine learning |ai |deep learning )?|machine learning applied )"
        r"research scientist$",
        "applied-scientist",
    ),
    (r"(?:^| )research scientist$", "research-scientist"),
    (r"(?:^| )(?:research )?computer scientist$", "research-scientist"),
    (
        r"^(?:(?:machine learning|deep learning|ai|nlp|computer vision|speech|"
        r"reinforcement learning|"
        r"llm|generative ai|ai safety|alignment|robotics|foundation model|founding|applied ai|"
        r"language model|multimodal) )*researcher$",
        "research-scientist",
    ),
    (
        r"(?:^| )applied (?:machine learning|deep learning|ai) scientist$",
        "machine-learning-scientist",
    ),
    (r"(?:^| )applied (?:research )?scientist$", "applied-scientist"),
    (
        r"(?:^| )(?:applied )?research (?:software )?(?:engineer|developer)$|"
        r"(?:^| )scientific software (?:engineer|developer)$",
        "research-engineer",
    ),
    (r"(?:^| )data scientist$", "data-scientist"),
    (
        r"(?:^| )data science (?:associate|specialist|consultant|practitioner|expert|intern|"
        r"trainee|"
        r"fellow|lead|tech lead|generalist)$",
        "data-scientist",
    ),
    (r"(?:^| )(?:analytics|insights?|research data) scientist$", "data-scientist"),
    (
        r"(?:^| )decision (?:scientist|science (?:analyst|manager|lead|associate))$",
        "decision-scientist",
    ),
    (
        r"(?:^| )(?:machine learning|deep learning|ai|nlp|computer vision|reinforcement learning|"
        r"llm|generative ai|speech|perception|ranking|recommendation|recommender|personalization)"
        r" scientist$",
        "machine-learning-scientist",
    ),
    (
        r"(?:^| )(?:mlops|llmops|machine learning operations)(?: (?:engineer|developer|specialist|"
        r"architect|lead))?$",
        "mlops-engineer",
    ),
    (
        rf"(?:^| )(?:machine learning|ai|deep learning|llm|generative ai|model) (?:infrastructure|"
        rf"platform|systems|training|inference|serving|compute)(?: software)? {_ENG}$",
        "ml-infrastructure-engineer",
    ),
    (
        rf"(?:^| )(?:computer vision|machine vision|perception|image processing|3d vision)"
        rf"(?: \w+)? {_ENG}$|^vision systems? engineer$|(?:^| )computer vision (?:tech |"
        rf"team )?lead$",
        "computer-vision-engineer",
    ),
    (
        rf"(?:^| )(?:nlp|computational linguistics|speech recognition|dialogue systems)"
        rf"(?: \w+)? {_ENG}$|^language engineer$|(?:^| )nlp (?:tech |team )?lead$",
        "nlp-engineer",
    ),
    (
        r"(?:^| )(?:computational|nlp|language technology) linguist$|(?:^| )nlp (?:specialist|"
        r"expert)$",
        "nlp-engineer",
    ),
    (r"(?:^| )prompt (?:engineer|designer|specialist)$", "prompt-engineer"),
    (
        r"(?:^| )(?:ai|machine learning|generative ai|llm|computer vision|nlp|data and ai|"
        r"ai and data|enterprise ai|ai systems|ai platform)(?: solutions?| systems| platform|"
        r" enterprise| technical)? architect$",
        "ai-architect",
    ),
    (
        rf"(?:^| )(?:robotics|robot|autonomy|autonomous systems|autonomous vehicle|self driving|"
        rf"drone|uav)(?: \w+)? {_ENG}$",
        "robotics-engineer",
    ),
    (
        r"(?:^| )(?:data )?annotat(?:or|ion (?:analyst|specialist|associate))$|"
        r"(?:^| )data label+er$|(?:^| )ai (?:trainer|tutor)$",
        "data-annotator",
    ),
    # ---- data engineering (before machine learning engineer: "ML Data Engineer")
    (
        rf"(?:^| )(?:data platform|data infrastructure|big data platform|platform data|"
        rf"streaming data platform|data lake|lakehouse)(?: software)? {_ENG}$",
        "data-platform-engineer",
    ),
    (r"(?:^| )(?:etl|elt) (?:test|qa) (?:analyst|engineer)$", "qa-engineer"),
    (
        r"(?:^| )(?:etl|elt|data integration|informatica|talend|ssis|datastage|ab initio|abinitio)"
        r" (?:developer|engineer|specialist|analyst|consultant|programmer|coordinator|lead)$",
        "etl-developer",
    ),
    (
        r"(?:^| )(?:data warehouse|data warehousing|enterprise data warehouse|edw) (?:developer|"
        r"engineer|programmer|analyst|specialist|consultant|technical analyst|designer)$",
        "data-warehouse-developer",
    ),
    (
        r"(?:^| )data (?:warehouse |solutions? |platform |engineering |migration |domain |"
        r"governance |management |and analytics |integration |lake |cloud |enterprise )?architect$|"
        r"(?:^| )(?:big data|enterprise data|cloud data|aws data|azure data|gcp data|database|"
        r"information|analytics) architect$",
        "data-architect",
    ),
    (r"(?:^| )data modeler$|(?:^| )data modeling (?:engineer|specialist|analyst)$", "data-modeler"),
    (
        r"(?:^| )data engineer$|(?:^| )data engineering (?:analyst|specialist|consultant|lead|"
        r"developer|intern|associate)$",
        "data-engineer",
    ),
    (
        rf"(?:^| )(?:big data|data pipeline|dataops|data devops|data operations|hadoop|spark|"
        rf"pyspark|databricks|snowflake|scala spark|data|airflow|dbt|streaming data|"
        rf"data ingestion)(?: software)? {_ENG}$",
        "data-engineer",
    ),
    (
        r"(?:^| )(?:database|db|sql server|sql|oracle|postgres|postgresql|mysql|mongodb|"
        r"cloud database|nosql|elasticsearch|teradata|db2) (?:administrator|admin)$|(?:^| )dba$|"
        r"(?:^| )database (?:engineer|reliability engineer)$",
        "database-administrator",
    ),
    (
        r"(?:^| )(?:database|db|sql|sql server|pl sql|plsql|t sql|tsql|oracle sql|oracle database|"
        r"postgres|big query database|bigquery) (?:developer|programmer)$",
        "database-developer",
    ),
    # ---- machine learning and AI engineers
    (
        r"(?:^| )(?:machine learning|deep learning|reinforcement learning|data science)"
        r"(?: \w+)? (?:engineer|developer|programmer|modeler|lead|tech lead|intern)$|"
        r"(?:^| )(?:machine learning|deep learning) (?:specialist|expert|consultant)$",
        "machine-learning-engineer",
    ),
    (
        rf"(?:^| )(?:ai|generative ai|llm|agentic ai|ai agents?|agent|agents|applied ai|"
        rf"conversational ai|chatbot|ai native|ai first|ai product|ai solutions?|ai automation|"
        rf"ai integration|ai development)(?: \w+)? {_ENG}$",
        "ai-engineer",
    ),
    (
        r"(?:^| )(?:ai|generative ai|applied ai) (?:specialist|lead|expert|tech lead|"
        r"engineering lead)$",
        "ai-engineer",
    ),
    # ---- quantitative, statistics, operations research, bioinformatics
    (
        r"(?:^| )(?:quantitative|quant)(?: research| risk| model| financial| equity| strategy)?"
        r" analyst$",
        "quantitative-analyst",
    ),
    (
        r"(?:^| )(?:quantitative|quant) (?:researcher|research scientist|strategist|scientist)$",
        "quantitative-researcher",
    ),
    (rf"(?:^| )(?:quantitative|quant)(?: software)? {_ENG}$", "quantitative-developer"),
    (
        r"(?:^| )operations? research (?:analyst|scientist|specialist|engineer)$|"
        r"(?:^| )operational research (?:analyst|scientist)$|(?:^| )optimization scientist$",
        "operations-research-analyst",
    ),
    (
        r"(?:^| )(?:statistical|sas|stat) (?:programmer|programmer analyst|developer)$",
        "statistical-programmer",
    ),
    (
        r"(?:^| )(?:bio|mathematical |survey |clinical |research |applied )?statistician$|"
        r"(?:^| )statistic(?:al|s) analyst$",
        "statistician",
    ),
    (
        r"(?:^| )(?:bioinformatician|bioinformaticist|computational biologist)$|"
        r"(?:^| )bioinformatics(?: \w+)? (?:scientist|analyst|engineer|specialist|developer|"
        r"programmer|researcher)$|(?:^| )computational (?:genomics|biology) (?:scientist|"
        r"researcher)$",
        "bioinformatician",
    ),
    # ---- analytics
    (r"(?:^| )(?:data )?analytics engineer$", "analytics-engineer"),
    (
        r"(?:^| )(?:business intelligence|powerbi|tableau|looker|qlik|qlikview|qlik sense|ssrs|"
        r"msbi|data visualization|visualization|dashboard|reporting|report|data analytics|"
        r"data reporting)(?: and reporting| and analytics)? (?:developer|engineer|programmer|"
        r"architect|administrator|writer)$",
        "business-intelligence-developer",
    ),
    (
        r"(?:^| )business intelligence(?: data| and data| and reporting| reporting)? "
        r"(?:analyst|specialist|consultant|associate|analytics analyst)$|^business intelligence$|"
        r"(?:^| )data visualization (?:analyst|specialist)$|(?:^| )(?:powerbi|tableau) "
        r"(?:analyst|specialist)$",
        "business-intelligence-analyst",
    ),
    (
        r"(?:^| )data (?:analytics |analytics insights |insights? |reporting |research |"
        r"analysis |science |science support )?analyst$",
        "data-analyst",
    ),
    (
        r"(?:^| )(?:data )?analytics (?:analyst|specialist|associate|consultant|practitioner|"
        r"professional)$",
        "data-analyst",
    ),
    (r"(?:^| )(?:insights?|reporting|reporting and analytics) analyst$", "data-analyst"),
    (r"(?:^| )(?:analista de datos|analityk danych)\b", "data-analyst"),
    (r"(?:^| )(?:data )?product (?:analytics |insights )?analyst$", "product-analyst"),
    (
        r"(?:^| )marketing (?:analytics |insights |performance |operations )?analyst$|"
        r"(?:^| )(?:digital|web|digital analytics|web analytics|seo|sem|crm|growth|ecommerce|"
        r"e commerce|media|campaign|paid media|paid search) analyst$",
        "marketing-analyst",
    ),
    (
        r"(?:^| )research analyst$|^(?:market|competitive) (?:intelligence )?analyst$",
        "research-analyst",
    ),
    (r"^analytical lead$", "analytics-manager"),
    (
        r"(?:^| )business (?:systems? |process |solutions |project )?analyst$|"
        r"(?:^| )business (?:systems? )?analysis (?:specialist|consultant|lead)$|"
        r"(?:^| )analityk biznesow\w*(?: systemow\w*)?$",
        "business-analyst",
    ),
    (
        r"(?:^| )(?:it |ict |computer |information |information technology |application |"
        r"applications )?systems? analyst$|(?:^| )systems analysis (?:specialist|analyst)$|"
        r"^(?:it|ict|information technology) analyst$",
        "systems-analyst",
    ),
    (
        r"(?:^| )data specialist$|(?:^| )data (?:acquisition|collection|sourcing) (?:analyst|"
        r"specialist|associate)$",
        "data-specialist",
    ),
    # ---- infrastructure
    (
        r"(?:^| )(?:site|software|production|service|platform|infrastructure|cloud) reliability "
        r"engineer$",
        "site-reliability-engineer",
    ),
    (
        r"(?:^| )(?:devops|devsecops|build and release|release|ci cd|cicd)(?: \w+)? (?:engineer|"
        r"developer|specialist|architect|consultant|lead|team lead|administrator)$",
        "devops-engineer",
    ),
    (
        r"^(?:cyber|information|it|ict|network|cloud|application|product|software|infrastructure|"
        r"offensive|enterprise|computer|data|it cyber|it network) security (?:engineer|analyst|"
        r"architect|specialist|consultant)$|^security (?:engineer|architect)$|"
        r"^information assurance (?:engineer|analyst|specialist|"
        r"manager)$|^(?:it |information technology |ict )?(?:cybersecurity|"
        r"cyber security|information security) (?:engineer|analyst|architect|specialist|consultant|"
        r"principal specialist)$|(?:^| )penetration tester$|(?:^|"
        r" )(?!physical )(?:[a-z]+ )?security "
        r"(?:engineer|architect)$",
        "security-engineer",
    ),
    (r"(?:^| )solutions? architect$", "solutions-architect"),
    (
        r"(?:^| )(?:cloud|aws|azure|gcp|google cloud|multi cloud|"
        r"hybrid cloud)(?: (?:infrastructure|"
        r"platform|operations|ops|network|solutions?|systems?|native))? (?:engineer|"
        r"developer|architect|specialist|administrator|consultant)$",
        "cloud-engineer",
    ),
    (
        rf"(?:^| )(?:power platform|powerapps|power apps|d365|dynamics 365|dynamics crm) {_ENG}$",
        "software-engineer",
    ),
    (
        r"(?:^| )(?:platform|infrastructure|kubernetes|core infrastructure|developer platform|"
        r"internal platform)(?: software)? engineer$",
        "platform-engineer",
    ),
    (
        r"(?:^| )(?:qa|sqa|software qa|qa automation|automation qa)(?: automation| test| testing)? "
        r"(?:engineer|analyst|tester|lead|architect)$|(?:^| )(?:test|testing|test automation|"
        r"automation test|automated test|"
        r"software test|performance test|mobile test automation)(?: \w+)? (?:engineer|developer|"
        r"analyst|specialist|architect|lead)$|(?:^| )(?:software |manual |automation |automated |"
        r"qa |mobile |game )?tester$|^sdet$",
        "qa-engineer",
    ),
    (
        r"(?:^| )(?:system|systems|linux|unix|windows|server|it|network|middleware|vmware|citrix)"
        r"(?: and network)? (?:administrator|admin)$|^(?:it|windows|linux|server|"
        r"microsoft) systems? engineer$",
        "systems-administrator",
    ),
    # ---- software engineers
    (rf"(?:^| )fullstack(?: \w+){{0,3}} {_ENG}$", "full-stack-engineer"),
    (
        rf"(?:^| )(?:mobile|ios|android|flutter|react native|swift|xamarin|ionic|mobile app|"
        rf"mobile application|macos)(?: \w+){{0,2}} (?:{_ENG_WORDS}|tech lead|team lead|lead)$",
        "mobile-engineer",
    ),
    (
        rf"(?:^| )(?:python|django|ruby|rails|php|java|nodejs|node|dotnet|go|golang) web {_ENG}$",
        "backend-engineer",
    ),
    (
        rf"(?:^| )backend(?: \w+){{0,3}} {_ENG}$|(?:^| )(?:api|server side) {_ENG}$",
        "backend-engineer",
    ),
    (
        rf"(?:^| )(?:frontend|ui|ux|user experience|web ui|user interface|react|reactjs|angular|"
        rf"angularjs|vue|vuejs|"
        rf"javascript|js|html|css|web)(?: \w+){{0,2}} {_ENG}$",
        "frontend-engineer",
    ),
    (
        r"(?:^| )(?:software|application|applications|enterprise|technical|it|java|dotnet|"
        r"integration|salesforce|system|systems|cloud native|microservices|principal software|"
        r"platform) architect$",
        "software-architect",
    ),
    (
        rf"(?:^| )(?:software|app|founding|forward deployed|generalist|embedded|firmware|"
        rf"game|games|gameplay|graphics|compiler|kernel|web3|early|protocol|open source)"
        rf"(?: \w+)? {_ENG}$|(?:^| )applications? (?:developer|programmer)$|"
        rf"(?:^| )product (?:software )?engineer$",
        "software-engineer",
    ),
    (rf"(?:^| ){_LANG}(?: \w+){{0,3}} (?:{_ENG_WORDS}|tech lead)$", "software-engineer"),
    (
        r"^(?:programmer|coder|computer programmer|programmer analyst|application developer)$|"
        r"^programmer \w+$",
        "software-engineer",
    ),
    (r"^(?:tech|technical|software|engineering|development) lead$", "software-engineer"),
    # "<technology> Developer" is a software developer, except for the non-software kinds.
    (
        r"(?:^| )(?!(?:business|property|real estate|land|course|curriculum|content|instructional|"
        r"talent|organizational|organisational|leadership|community|sales|market|brand|fund|"
        r"product|"
        r"recipe|formula|resort|housing|photo|film|site|project|residential|commercial|game|"
        r"training|learning|people|program|economic|hotel|retail|menu|flavor|flavour|fragrance)\b)"
        r"[a-z0-9]+ developer$",
        "software-engineer",
    ),
    # ---- academia (field checked by the matcher)
    (r"(?:^| )professor$|(?:^| )faculty(?: member)?$", "professor"),
    (r"(?:^| )(?:lecturer|instructor|teaching fellow|docent)$", "lecturer"),
    (
        r"(?:^| )postdoctoral(?: research)?(?: fellow| researcher| scholar| associate| scientist|"
        r" research associate| research fellow| fellowship| appointee| trainee)?$",
        "postdoctoral-researcher",
    ),
    (
        r"(?:^| )(?:graduate |student |undergraduate |doctoral |phd |predoctoral )*research "
        r"(?:assistant|associate|intern|aide|trainee)$",
        "research-assistant",
    ),
)
