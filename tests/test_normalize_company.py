"""Company names: display name and matching key (real-world-shaped strings)."""

from __future__ import annotations

import pytest

from roleatlas.pipeline.normalize.company import company_key, normalize_company

CASES = [
    # (name, source, display, key)
    ("Apple4.2 ★", "glassdoor", "Apple", "apple"),
    ("Meta3.9 ★", "glassdoor", "Meta", "meta"),
    ("Acme\n3.8", "glassdoor", "Acme", "acme"),
    ("JPMorgan Chase & Co4.0 ★", "glassdoor", "JPMorgan Chase & Co", "jpmorganchaseand"),
    ("The Kenific Group, Inc2.6 ★", "glassdoor", "The Kenific Group, Inc", "kenificgroup"),
    ("Hexcel Corporation3.8 ★", "glassdoor", "Hexcel Corporation", "hexcel"),
    ("COMPANY: Wildkind", "hackernews-whoishiring", "Wildkind", "wildkind"),
    ("Company: syllable.ai", "hackernews-whoishiring", "syllable.ai", "syllableai"),
    ("MixRank (YC S11)", "hackernews-whoishiring", "MixRank", "mixrank"),
    ("Aha! (https://www.aha.io)", "hackernews-whoishiring", "Aha!", "aha"),
    (
        "Boclips - Fullstack Developer - Warsaw - ONSITE",
        "hackernews-whoishiring",
        "Boclips",
        "boclips",
    ),
    (
        "Founding Engineer @ Conductor (San Francisco, ONSITE)",
        "hackernews-whoishiring",
        "Conductor",
        "conductor",
    ),
    (
        "Reflex (YC W23) Is Hiring Software Engineers – Python",
        "hackernews-whoishiring",
        "Reflex",
        "reflex",
    ),
    ("https://QUOBYTE.com", "hackernews-whoishiring", "Quobyte", "quobyte"),
    ("www.acme.com", None, "Acme", "acme"),
    ("PrimeIntellect", "ashby-PrimeIntellect", "Prime Intellect", "primeintellect"),
    ("Forward%20Financing", "ashby-Forward%20Financing", "Forward Financing", "forwardfinancing"),
    ("Forward Financing", "ashby-Forward%20Financing", "Forward Financing", "forwardfinancing"),
    ("decagon", "ashby-decagon", "Decagon", "decagon"),
    ("liquid-ai", "ashby-liquid-ai", "Liquid AI", "liquidai"),
    ("cytora.com", "ashby-cytora.com", "Cytora", "cytora"),
    ("Scale AI", "greenhouse-scaleai", "Scale AI", "scaleai"),
    ("Runway ", "greenhouse-runwayml", "Runway", "runway"),
    # a CamelCase name that is not its board's slug is kept as written
    ("DeepL", "hackernews-whoishiring", "DeepL", "deepl"),
    ("ClassDojo", "glassdoor", "ClassDojo", "classdojo"),
    ("Société Générale S.A.", None, "Société Générale S.A.", "societegenerale"),
    ("Bloomberg L.P.", "glassdoor", "Bloomberg L.P.", "bloomberg"),
    ("Macquarie Group Limited", "glassdoor", "Macquarie Group Limited", "macquariegroup"),
    ("Acme GmbH", None, "Acme GmbH", "acme"),
    ("Acme Pty Ltd", None, "Acme Pty Ltd", "acme"),
    ("The Acme Company, Inc.", None, "The Acme Company, Inc.", "acme"),
    ("Beautiful.ai", "hackernews-whoishiring", "Beautiful.ai", "beautifulai"),
    (
        "Data Systems Analysts, Inc.",
        "glassdoor",
        "Data Systems Analysts, Inc.",
        "datasystemsanalysts",
    ),
    ("Hive (CA)", "glassdoor", "Hive (CA)", "hiveca"),
    ("AT&T", "glassdoor", "AT&T", "atandt"),
]


@pytest.mark.parametrize(("name", "source", "display", "key"), CASES)
def test_normalize_company_table(name: str, source: str | None, display: str, key: str) -> None:
    company = normalize_company(name, source=source)
    assert company is not None
    assert (company.name, company.key) == (display, key)


@pytest.mark.parametrize(
    "name",
    [
        None,
        "",
        "   ",
        "Cologne, Germany",
        "Remote",
        "Remote or Netherlands",
        "Location: Chicago, Illinois, US",
        "Stealth",
        "AI startup (stealth)",
        "Confidential",
        "Senior Python Backend Engineer",
        "HIRING: Frontend Developer (Contract)",
        "--------------",
    ],
)
def test_no_company(name: str | None) -> None:
    assert normalize_company(name, source="hackernews-whoishiring") is None


def test_slug_only_when_name_is_the_board_token() -> None:
    assert normalize_company("PrimeIntellect", source="hackernews").name == "PrimeIntellect"  # type: ignore[union-attr]
    company = normalize_company(
        "PrimeIntellect", source="ashby", url="https://jobs.ashbyhq.com/PrimeIntellect/1"
    )
    assert company is not None and company.name == "Prime Intellect"
    assert company.rule == "company:slug"


@pytest.mark.parametrize(
    "name", ["Apple4.2 ★", "COMPANY: Wildkind", "Acme, Inc.", "MixRank (YC S11)"]
)
def test_normalizing_twice_changes_nothing(name: str) -> None:
    once = normalize_company(name)
    assert once is not None
    twice = normalize_company(once.name)
    assert twice is not None and (twice.name, twice.key) == (once.name, once.key)


def test_key_spellings_agree() -> None:
    assert company_key("ACME Co") == company_key("acme") == company_key("The Acme Company, Inc.")
    assert company_key("Torch Technologies, Inc.") == company_key("Torch Technologies")


# Header fragments that Hacker News comments put in the company field (real rows of
# postings-hn-whoishiring): sentences, lists and vote lines are not employers.
@pytest.mark.parametrize(
    "name",
    [
        "We're building AI that predicts whether a wounded soldier survives",
        "Quick heads-up! Please list the location",
        "1 point by sergc 3 months ago",
        '@dang Would it be possible for the "Who',
        "I have a new role open on my team",
        "Python, TensorFlow, PyTorch, GCP, AWS, Azure",
        "$20bn hedge fund, <20 employees",
        "Startup working on AI Healthcare solutions",
        "trusted by Mars, PepsiCo, Ferrero, and more",
        "Cologne, Germany",
    ],
)
def test_sentences_and_places_are_not_companies(name: str) -> None:
    assert normalize_company(name) is None


@pytest.mark.parametrize(
    "name",
    ["Aha!", "The Allen Institute for AI", "Special Circumstances, LLC", "Primity Bio, a "
     "Caprion Company", "Gulf of Maine Research Institute", "1Password"],
)  # fmt: skip
def test_real_names_are_kept(name: str) -> None:
    found = normalize_company(name)
    assert found is not None and found.name == name


@pytest.mark.parametrize(
    ("slug", "source", "description", "display", "rule"),
    [
        ("1password", "ashby-1password", "About 1Password\n\nAt 1Password, we’re building",
         "1Password", "company:text"),
        ("elevenlabs", "ashby-elevenlabs", "At ElevenLabs we build voice AI.", "ElevenLabs",
         "company:text"),
        ("decagon", "ashby:decagon", "About Decagon\nDecagon is", "Decagon", "company:text"),
        ("sesame", "ashby-sesame", "We build voice companions.", "Sesame", "company:slug"),
        ("abridge", "ashby-abridge", None, "Abridge", "company:slug"),
    ],
)  # fmt: skip
def test_board_slugs_take_the_name_the_text_writes(
    slug: str, source: str, description: str | None, display: str, rule: str
) -> None:
    found = normalize_company(slug, source=source, description=description)
    assert found is not None
    assert (found.name, found.rule) == (display, rule)
    assert found.key == company_key(slug)
