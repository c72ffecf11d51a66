"""Small helpers shared by the source readers (ids, text coercion, pay text, snippets)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "PERIOD_WORDS",
    "as_number",
    "as_text",
    "format_pay",
    "host_of",
    "json_type",
    "snippet",
    "stable_id",
    "with_workplace",
]

#: How schema.org ``unitText`` and the ATS pay intervals name a pay period, mapped to the
#: words of a salary text ("per year").
PERIOD_WORDS = {
    "hour": "hour",
    "hourly": "hour",
    "day": "day",
    "daily": "day",
    "week": "week",
    "weekly": "week",
    "month": "month",
    "monthly": "month",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
}


def stable_id(*parts: object) -> str:
    """A short hash of ``parts`` that does not change between runs.

    Text with lone surrogates and values nested too deeply for ``json.dumps`` still get an
    id (from their ``repr``), so no record shape makes this raise.

    Examples
    --------
    >>> stable_id("Data Engineer", "murmuration", None)
    '4c2077b531513c2a'
    """
    try:
        blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    except (RecursionError, ValueError, TypeError):
        blob = _bounded_repr(parts)
    data = blob.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _bounded_repr(value: object) -> str:
    try:
        return repr(value)
    except RecursionError:
        return f"<{type(value).__name__} nested too deeply>"


def as_text(value: object) -> str | None:
    """``value`` as stripped text: numbers become text, empty text and other types ``None``.

    Examples
    --------
    >>> as_text("  Data Engineer ")
    'Data Engineer'
    >>> as_text(42), as_text(""), as_text(["x"])
    ('42', None, None)
    """
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    return None


def as_number(value: object) -> float | None:
    """A pay amount as a float (``"100,000"`` and ``"95000.50"`` are read), else ``None``.

    Examples
    --------
    >>> as_number("100,000"), as_number(85000), as_number("competitive")
    (100000.0, 85000.0, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.replace(",", "").replace(" ", "").strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _amount(number: float) -> str:
    number = float(number)
    return str(int(number)) if number.is_integer() else f"{number:.2f}"


def format_pay(
    currency: str | None, low: float | None, high: float | None, period: str | None
) -> str | None:
    """Write a pay range as a salary text such as ``"USD 100000 - 120000 per year"``.

    ``period`` may be a schema.org ``unitText`` (``"YEAR"``) or an interval word; an unknown
    period is written as given. Returns ``None`` when there is no amount.

    Examples
    --------
    >>> format_pay("USD", 100000, 120000, "YEAR")
    'USD 100000 - 120000 per year'
    >>> format_pay(None, 25.5, None, "hour")
    '25.50 per hour'
    """
    if low is None and high is None:
        return None
    if low is not None and high is not None and high < low:
        low, high = high, low
    if low is None or high is None or low == high:
        single = low if low is not None else high
        assert single is not None
        amounts = _amount(single)
    else:
        amounts = f"{_amount(low)} - {_amount(high)}"
    text = f"{currency.strip().upper()} {amounts}" if currency and currency.strip() else amounts
    if period and period.strip():
        word = PERIOD_WORDS.get(period.strip().lower(), period.strip().lower())
        text = f"{text} per {word}"
    return text


def host_of(url: str | None) -> str | None:
    """The host name of ``url`` without a leading ``www.``, or ``None``.

    Examples
    --------
    >>> host_of("https://www.example.com/jobs/1")
    'example.com'
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def with_workplace(location: str | None, workplace: str | None) -> str | None:
    """Make a location text say ``Remote``/``Hybrid`` when the source stated it elsewhere.

    The location normalizer reads the workplace from the text, so a structured flag such as
    ``isRemote`` or ``jobLocationType: TELECOMMUTE`` is written into it, unless the text says
    so already.

    Examples
    --------
    >>> with_workplace("Europe", "remote")
    'Remote (Europe)'
    >>> with_workplace("Hybrid - London", "hybrid")
    'Hybrid - London'
    >>> with_workplace(None, "remote")
    'Remote'
    """
    if workplace not in ("remote", "hybrid"):
        return location
    word = workplace.capitalize()
    if not location:
        return word
    if workplace in location.lower():
        return location
    return f"{word} ({location})"


# Characters a message must not carry to a terminal or a log: controls and lone surrogates.
_UNSAFE = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff]")


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape", "backslashreplace").decode("ascii")


def snippet(value: object, limit: int = 60) -> str:
    """A short single-line rendering of ``value`` for error messages.

    Control characters and lone surrogates are written as escapes (``\\x1b``, ``\\ud800``),
    so a message is safe to print and to encode; values too deep to render are named by type.

    Examples
    --------
    >>> snippet("Data\\x1b[2J  Scientist")
    'Data\\\\x1b[2J Scientist'
    >>> snippet(["x"] * 40, limit=20)
    '["x", "x", "x", "...'
    """
    if isinstance(value, str):
        text = value[: limit * 8]
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (RecursionError, ValueError, TypeError):
            text = f"<{json_type(value)} nested too deeply to show>"
    text = " ".join(text[: limit * 8].split())
    text = _UNSAFE.sub(_escape, text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def json_type(value: Any) -> str:
    """The JSON name of ``value``'s type, for error messages ("an array", "a number")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
