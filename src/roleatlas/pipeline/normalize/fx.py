"""A small, dated foreign-exchange table for putting salaries on one scale.

``USD_PER_UNIT[code]`` is how many US dollars one unit of ``code`` bought, as an
**approximate calendar-2024 annual average** of daily reference rates (rounded to three or
four significant digits). It is meant for comparing pay across countries, not for accounting:
a year's average hides the swings within it, and salaries posted in other years were paid at
other rates. Every converted value carries :data:`FX_DATE` so a reader knows which table made it.

To use another table, pass your own mapping to :func:`to_usd`; nothing here is fetched.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["FX_DATE", "USD_PER_UNIT", "to_usd"]

#: The period the rates describe: the 2024 calendar-year average (ISO 8601 year).
FX_DATE = "2024"

#: US dollars per one unit of each currency, approximate 2024 annual averages.
USD_PER_UNIT: Mapping[str, float] = {
    "USD": 1.0,
    "GBP": 1.278,
    "EUR": 1.082,
    "CAD": 0.730,
    "AUD": 0.660,
    "INR": 0.01195,
    "PLN": 0.2510,
    "CHF": 1.136,
    "SEK": 0.0946,
    "NOK": 0.0930,
    "DKK": 0.1451,
    "JPY": 0.00661,
    "SGD": 0.7485,
    "HKD": 0.1280,
    "NZD": 0.6050,
    "BRL": 0.1855,
    "MXN": 0.0547,
    "ZAR": 0.0546,
    "ILS": 0.2703,
    "CNY": 0.1390,
}


def to_usd(
    amount: float | None, currency: str | None, table: Mapping[str, float] = USD_PER_UNIT
) -> float | None:
    """Convert ``amount`` of ``currency`` to US dollars.

    Parameters
    ----------
    amount:
        The amount, or ``None``.
    currency:
        An ISO 4217 code such as ``"GBP"``, or ``None``.
    table:
        US dollars per unit of each currency; :data:`USD_PER_UNIT` by default.

    Returns
    -------
    float or None
        The amount in US dollars, or ``None`` when the amount or the currency is missing or
        the currency is not in ``table`` (an unknown rate is never guessed).

    Examples
    --------
    >>> to_usd(100, "EUR")
    108.2
    >>> to_usd(100, "XYZ") is None
    True
    """
    if amount is None or currency is None:
        return None
    rate = table.get(currency)
    if rate is None:
        return None
    return round(amount * rate, 2)
