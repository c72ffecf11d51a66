"""Tests of the salary parser: real strings from ../shared/data, edge cases and properties."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from roleatlas.errors import NormalizeError
from roleatlas.pipeline.normalize import fx
from roleatlas.pipeline.normalize import salary as normalize_salary
from roleatlas.pipeline.normalize.fx import FX_DATE, USD_PER_UNIT, to_usd
from roleatlas.pipeline.normalize.salary import (
    ADZUNA_PERIOD_FACTORS,
    FLAGS,
    PERIOD_FACTORS,
    PERIODS,
    annualize,
    parse_salary,
)
from roleatlas.records import Salary

CD = ("currency_default",)
CDI = ("currency_default", "period_inferred")

# (text, default_currency, min, max, currency, period, flags); texts copied from the data sets
# named in the comments.
REAL_STRINGS = [
    # postings-adzuna-uk (salary_text)
    ("20000 - 30000/annum 20-30K", "GBP", 20000, 30000, "GBP", "year", CD),
    ("Upto 9 per hour", "GBP", 9, 9, "GBP", "hour", ("up_to", *CD)),
    ("18,000 per annum + Tips (IRO 120 Per Month)", "GBP", 18000, 18000, "GBP", "year", ("tips", *CD)),  # noqa: E501
    ("From 28,000 to 35,000 per annum", "GBP", 28000, 35000, "GBP", "year", CD),
    ("11.00 to 11.00 per hour", "GBP", 11, 11, "GBP", "hour", CD),
    ("to 35 per hour", "GBP", 35, 35, "GBP", "hour", ("up_to", "missing_min", *CD)),
    ("0 to 13 per hour", "GBP", 13, 13, "GBP", "hour", ("up_to", "missing_min", *CD)),
    ("7.00 to Competitive per hour", "GBP", 7, 7, "GBP", "hour", ("competitive", *CD)),
    ("35,000 to Negotiable per year", "GBP", 35000, 35000, "GBP", "year", ("negotiable", *CD)),
    ("25,000 to 28,00 per year", "GBP", 25000, 25000, "GBP", "year", ("range_rejected", *CD)),
    ("30-45000", "GBP", 30000, 45000, "GBP", "year", CDI),
    ("20 - 25k Basic,  70 - 75K OTE+++", "GBP", 20000, 25000, "GBP", "year", ("base", "ote", *CDI)),  # noqa: E501
    ("15.15 ph to 16.65 ph per year", "GBP", 15.15, 16.65, "GBP", "hour", CD),
    ("90 per day to 120 per day per year", "GBP", 90, 120, "GBP", "day", CD),
    ("400.00 to 450.00 per week", "GBP", 400, 450, "GBP", "week", CD),
    ("8p/hr to 9p/hr per hour", "GBP", 8, 9, "GBP", "hour", CD),
    ("Up to 7.40 p.h. & Up to 46 Hours p.w.", "GBP", 7.4, 7.4, "GBP", "hour", ("up_to", *CD)),
    ("10,000+", "GBP", 10000, 10000, "GBP", "year", ("from", *CDI)),
    ("*11.22 per hour (Level 2 Coach) *13.33 per hour (Club Coach)", "GBP", 11.22, 11.22, "GBP", "hour", CD),  # noqa: E501
    ("37000/annum 37K to 47K + benefits", "GBP", 37000, 47000, "GBP", "year", ("benefits", *CD)),
    ("7.46 plus enhancements to 9.25 per hour", "GBP", 7.46, 9.25, "GBP", "hour", CD),
    ("56000USD per year", "GBP", 56000, 56000, "USD", "year", ()),
    ("$12 to $12.5 per hour", "GBP", 12, 12.5, "USD", "hour", ()),
    ("Competitive base salary of 36,000, plus a joining award of 8,000", "GBP", 36000, 36000, "GBP", "year", ("base", "competitive", *CDI)),  # noqa: E501
    ("16.00ph to 22.00ph per hour", "GBP", 16, 22, "GBP", "hour", CD),
    ("90 - 140/day Excellent Rates of Pay", "GBP", 90, 140, "GBP", "day", CD),
    # postings-glassdoor (salary_text; the AU rows use default_currency="AUD")
    ("$53K-$91K (Glassdoor est.)", None, 53000, 91000, "USD", "year", ("estimated", "period_inferred")),  # noqa: E501
    ("$75K – $85K/yr (Employer est.)", None, 75000, 85000, "USD", "year", ("estimated", "employer_estimate")),  # noqa: E501
    ("$17-$24 Per Hour(Glassdoor est.)", None, 17, 24, "USD", "hour", ("estimated",)),
    ("$23.00 – $30.00/hr (Employer est.)", None, 23, 30, "USD", "hour", ("estimated", "employer_estimate")),  # noqa: E501
    ("$6K – $7K/mo (Employer est.)", None, 6000, 7000, "USD", "month", ("estimated", "employer_estimate")),  # noqa: E501
    ("Employer Provided Salary:$30K", None, 30000, 30000, "USD", "year", ("employer_provided", "period_inferred")),  # noqa: E501
    ("Employer Provided Salary:$23 - $29 Per Hour", "AUD", 23, 29, "AUD", "hour", ("employer_provided",)),  # noqa: E501
    ("HK$210K - HK$368K (Glassdoor Est.)", None, 210000, 368000, "HKD", "year", ("estimated", "period_inferred")),  # noqa: E501
    ("HK$2M (Employer Est.)", "HKD", 2_000_000, 2_000_000, "HKD", "year", ("estimated", "employer_estimate", "period_inferred")),  # noqa: E501
    # salary-strings-glassdoor-indeed-2024
    ("$132,596 - $141,294 a year", None, 132596, 141294, "USD", "year", ()),
    ("$25 - $50 an hour", None, 25, 50, "USD", "hour", ()),
    ("From $40 an hour", None, 40, 40, "USD", "hour", ("from",)),
    ("$28,304 - $33,264 a month", None, 28304, 33264, "USD", "month", ()),
    # postings-hn-whoishiring (salary_text)
    ("$120-$132k AUD base", None, 120000, 132000, "AUD", "year", ("base", "period_inferred")),
    ("€45K-€60 + equity", None, 45000, 60000, "EUR", "year", ("equity", "period_inferred")),
    ("$154-190,000", None, 154000, 190000, "USD", "year", ("period_inferred",)),
    ("$277—$397k", None, 277000, 397000, "USD", "year", ("period_inferred",)),
    ("US$100-300/hr", None, 100, 300, "USD", "hour", ()),
    ("€3858–€4244/month", None, 3858, 4244, "EUR", "month", ()),
    ("₹45,000 per month", None, 45000, 45000, "INR", "month", ()),
    ("$4K–6K USD/mo; $4,000–5,000 USD/mo; $5,000–6,000 USD/mo", None, 4000, 6000, "USD", "month", ()),  # noqa: E501
    ("C$60-80k", None, 60000, 80000, "CAD", "year", ("period_inferred",)),
    ("CHF60k–CHF85k", None, 60000, 85000, "CHF", "year", ("period_inferred",)),
    ("£54,000 to £65,000.; £1,000", None, 54000, 65000, "GBP", "year", ("period_inferred",)),
    ("$1500.", None, 1500, 1500, "USD", None, ("period_unknown",)),
    # usajobs: minimumSalary/maximumSalary/salaryType of a 2013-2016 row, as USAJOBS prints them
    ("$50,287.00 - $129,517.00 Per Year", None, 50287, 129517, "USD", "year", ()),
    # formats named in the brief
    ("USD 120K - 150K", None, 120000, 150000, "USD", "year", ("period_inferred",)),
    ("£25k", None, 25000, 25000, "GBP", "year", ("period_inferred",)),
    ("€50.000 - €70.000", None, 50000, 70000, "EUR", "year", ("period_inferred",)),
    ("$150k–$200k + equity", None, 150000, 200000, "USD", "year", ("equity", "period_inferred")),  # noqa: E501
    ("$45 - $60 Per Hour(Employer est.)", None, 45, 60, "USD", "hour", ("estimated", "employer_estimate")),  # noqa: E501
    ("120-150k", "USD", 120000, 150000, "USD", "year", CDI),
    ("12 LPA", None, 1_200_000, 1_200_000, "INR", "year", ()),
    ("₹12-15 LPA", None, 1_200_000, 1_500_000, "INR", "year", ()),
    ("INR 12,00,000 per annum", None, 1_200_000, 1_200_000, "INR", "year", ()),
    ("A$120K - A$150K", None, 120000, 150000, "AUD", "year", ("period_inferred",)),
    ("PLN 8000 - 12000 per month", None, 8000, 12000, "PLN", "month", ()),
    ("50 000 - 70 000 zł", None, 50000, 70000, "PLN", "year", ("period_inferred",)),
    ("CHF 120'000 - 140'000", None, 120000, 140000, "CHF", "year", ("period_inferred",)),
    ("£35,000 - £30,000", None, 30000, 35000, "GBP", "year", ("swapped", "period_inferred")),
    ("£450pd", None, 450, 450, "GBP", "day", ()),
    ("£2,500 pcm", None, 2500, 2500, "GBP", "month", ()),
    ("circa £50k", None, 50000, 50000, "GBP", "year", ("approximate", "period_inferred")),
    ("between $100k and $120k", None, 100000, 120000, "USD", "year", ("period_inferred",)),
    ("Hourly rate 12-14", "GBP", 12, 14, "GBP", "hour", CD),
    ("401k matching, $120k", None, 120000, 120000, "USD", "year", ("period_inferred",)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "default", "low", "high", "currency", "period", "flags"), REAL_STRINGS
)
def test_real_strings(text, default, low, high, currency, period, flags):
    salary = parse_salary(text, default_currency=default)
    assert salary is not None
    assert salary.reason is None
    assert (salary.min_amount, salary.max_amount) == (low, high)
    assert (salary.currency, salary.period) == (currency, period)
    assert salary.flags == flags
    assert salary.raw == text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("$53K-$91K (Glassdoor est.)", "salary:range"),
        ("Upto 9 per hour", "salary:up_to"),
        ("From $40 an hour", "salary:from"),
        ("£25k", "salary:single"),
        ("Competitive", "salary:none"),
        ("Series B, $20M raised", "salary:rejected"),
    ],
)
def test_rule_names_the_pattern(text, rule):
    assert parse_salary(text).rule == rule


@pytest.mark.parametrize("text", ["Competitive", "DOE", "Negotiable", "Band 5", "9-5 Mon-Fri"])
def test_no_amount_is_never_guessed(text):
    salary = parse_salary(text, default_currency="GBP")
    assert salary is not None
    assert not salary.parsed
    assert salary.min_amount is None and salary.max_amount is None
    assert salary.annual_min is None and salary.usd_annual_min is None
    assert salary.reason == f"no amount found in {text!r}"
    assert salary.confidence == 0.0


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Series B, $20M raised", "implausibly high"),
        ("£1,000,000,000", "implausibly high"),
        ("0.50 per hour", "implausibly low"),
        ("$0 - $0", "implausibly low"),
    ],
)
def test_absurd_amounts_are_rejected_with_a_reason(text, words):
    salary = parse_salary(text)
    assert salary is not None and not salary.parsed
    assert salary.reason is not None and words in salary.reason


def test_a_later_plausible_statement_is_used_after_a_rejected_one():
    salary = parse_salary("$20M raised; $150k - $180k")
    assert salary is not None
    assert (salary.min_amount, salary.max_amount) == (150000, 180000)


@pytest.mark.parametrize("text", [None, "", "   ", "\n"])
def test_blank_text_returns_none(text):
    assert parse_salary(text) is None


def test_bare_dollar_follows_a_dollar_default_currency():
    assert parse_salary("$60K - $70K (Glassdoor Est.)", default_currency="AUD").currency == "AUD"
    assert parse_salary("$60K - $70K", default_currency="GBP").currency == "USD"
    assert parse_salary("$60K - $70K").currency == "USD"


def test_default_period_fills_in_and_is_flagged():
    salary = parse_salary("PLN 8000 - 12000", default_period="month")
    assert salary.period == "month"
    assert "period_default" in salary.flags
    assert salary.annual_min == 96000


def test_stated_period_beats_default_period():
    assert parse_salary("£12 per hour", default_period="year").period == "hour"


@pytest.mark.parametrize("bad", ["pounds", "GB", "12$", ""])
def test_bad_default_currency_raises(bad):
    with pytest.raises(NormalizeError, match="3-letter ISO 4217"):
        parse_salary("£25k", default_currency=bad)


def test_bad_default_period_raises():
    with pytest.raises(NormalizeError, match="default_period must be one of"):
        parse_salary("£25k", default_period="fortnight")


def test_default_currency_is_case_insensitive():
    assert parse_salary("25000 per annum", default_currency="gbp").currency == "GBP"


def test_annual_and_usd_amounts():
    salary = parse_salary("£10 - £12 ph")
    assert (salary.annual_min, salary.annual_max) == (20800, 24960)
    assert salary.usd_annual_min == round(20800 * USD_PER_UNIT["GBP"], 2)
    assert salary.fx_date == FX_DATE


def test_annualize_with_adzuna_factors():
    salary = parse_salary("7.00 to 9.00 per hour", default_currency="GBP")
    adzuna = annualize(salary, ADZUNA_PERIOD_FACTORS)
    assert (adzuna.annual_min, adzuna.annual_max) == (13440, 17280)
    assert adzuna.annual_mid == 15360
    assert salary.annual_mid == 16640  # the input is not changed


def test_parse_salary_takes_factors():
    salary = parse_salary("400.00 to 450.00 per week", factors=ADZUNA_PERIOD_FACTORS)
    assert salary.annual_mid == 20400


def test_annualize_leaves_unparsed_and_periodless_salaries_alone():
    unparsed = parse_salary("Competitive")
    assert annualize(unparsed) is unparsed
    periodless = parse_salary("$1500.")
    assert annualize(periodless) is periodless


def test_annualize_needs_a_factor_for_the_period():
    with pytest.raises(NormalizeError, match="no entry for 'hour'"):
        annualize(parse_salary("£12 per hour"), {"year": 1.0})


def test_unknown_currency_has_no_usd_amount():
    salary = parse_salary("45 000 kr/mån")
    assert salary.currency is None
    assert salary.annual_min == 540000 and salary.usd_annual_min is None
    assert salary.fx_date is None


def test_nordic_kronor_follow_the_default_currency():
    assert parse_salary("45 000 kr/mån", default_currency="SEK").currency == "SEK"


def test_fx_table_covers_the_common_currencies():
    wanted = "USD GBP EUR CAD AUD INR PLN CHF SEK NOK DKK JPY SGD HKD NZD BRL MXN ZAR ILS CNY"
    assert set(wanted.split()) <= set(USD_PER_UNIT)
    assert all(rate > 0 for rate in USD_PER_UNIT.values())
    assert to_usd(100, "GBP") == 127.8
    assert to_usd(None, "GBP") is None
    assert to_usd(100, None) is None


def test_exports_are_exact():
    assert sorted(normalize_salary.__all__) == [
        "ADZUNA_PERIOD_FACTORS",
        "FLAGS",
        "FLAG_MAX_RANGE_RATIO",
        "FLAG_MAX_USD_HOUR",
        "FLAG_MAX_USD_YEAR",
        "FLAG_MIN_USD_YEAR",
        "PERIODS",
        "PERIOD_FACTORS",
        "annualize",
        "implausible_reason",
        "parse_salary",
    ]
    assert set(PERIOD_FACTORS) == set(ADZUNA_PERIOD_FACTORS) == set(PERIODS)


@pytest.mark.parametrize("module", [normalize_salary, fx])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0


# --- properties -------------------------------------------------------------------------------

salary_like = st.text(
    alphabet=st.sampled_from(list("0123456789 .,-–$£€kK/+()pahourdyermonthwekPLNUSDto")),
    max_size=40,
)


def _check_invariants(salary: Salary | None) -> None:
    if salary is None:
        return
    assert set(salary.flags) <= set(FLAGS)
    assert list(salary.flags) == sorted(salary.flags, key=FLAGS.index)
    assert 0.0 <= salary.confidence <= 1.0
    if salary.parsed:
        assert salary.max_amount is not None
        assert salary.min_amount <= salary.max_amount
        assert salary.period in (*PERIODS, None)
        assert (salary.period is None) == ("period_unknown" in salary.flags)
        assert salary.currency is None or len(salary.currency) == 3
        assert salary.reason is None
        if salary.annual_min is not None:
            assert salary.annual_max is not None
            assert salary.annual_min <= salary.annual_max
    else:
        assert salary.min_amount is None and salary.max_amount is None
        assert salary.reason


@given(st.one_of(st.text(max_size=60), salary_like))
@settings(max_examples=400, deadline=None)
def test_any_text_parses_to_a_consistent_salary(text):
    _check_invariants(parse_salary(text))
    _check_invariants(parse_salary(text, default_currency="GBP", default_period="month"))


@given(st.one_of(st.text(max_size=60), salary_like))
@settings(max_examples=200, deadline=None)
def test_parse_is_deterministic(text):
    assert parse_salary(text, default_currency="EUR") == parse_salary(text, default_currency="EUR")


_UNITS = {
    "hour": ["per hour", "/hr", "an hour", "p.h.", "ph"],
    "day": ["per day", "/day", "pd", "a day"],
    "week": ["per week", "/wk", "pw"],
    "month": ["per month", "/mo", "pcm", "a month"],
    "year": ["per annum", "/yr", "a year", "pa", "p.a."],
}
_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "USD ": "USD", "A$": "AUD"}


@given(
    period=st.sampled_from(PERIODS),
    symbol=st.sampled_from(sorted(_SYMBOLS)),
    low=st.integers(min_value=5, max_value=400_000),
    spread=st.floats(min_value=1.0, max_value=3.0),
    sep=st.sampled_from([" - ", "-", " to ", "–", " – "]),
    commas=st.booleans(),
    data=st.data(),
)
@settings(max_examples=300, deadline=None)
def test_generated_ranges_read_back(period, symbol, low, spread, sep, commas, data):
    high = int(low * spread)
    unit = data.draw(st.sampled_from(_UNITS[period]))
    usd_per_year = PERIOD_FACTORS[period] * USD_PER_UNIT[_SYMBOLS[symbol]]
    assume(low * usd_per_year >= 250 and high * usd_per_year <= 4_000_000)  # plausible pay
    fmt = "{:,}" if commas else "{}"
    text = f"{symbol}{fmt.format(low)}{sep}{symbol}{fmt.format(high)} {unit}"
    salary = parse_salary(text)
    assert salary is not None and salary.parsed, (text, salary)
    assert (salary.min_amount, salary.max_amount) == (low, high), text
    assert salary.period == period, text
    assert salary.currency == _SYMBOLS[symbol], text
