"""Periods for ``roleatlas collect --every``: ``"6h"``, ``"30m"``, ``"1d"``, ``"90s"``."""

from __future__ import annotations

import re

from roleatlas.errors import InputError

__all__ = ["parse_period"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PERIOD = re.compile(r"(\d{1,6})\s*([smhd])")
#: Shorter periods would hammer the boards (each host is also rate-limited by the fetcher).
MIN_PERIOD = 60


def parse_period(text: str) -> int:
    """Seconds in a period such as ``"6h"``.

    Raises
    ------
    InputError
        If ``text`` is not a number followed by s, m, h or d, or is under a minute.

    Examples
    --------
    >>> parse_period("6h"), parse_period("30m"), parse_period("1d")
    (21600, 1800, 86400)
    """
    found = _PERIOD.fullmatch(text.strip().lower())
    if found is None:
        raise InputError(
            f"--every takes a number and a unit (s, m, h or d), like 6h or 30m. Got {text!r}."
        )
    seconds = int(found.group(1)) * _UNITS[found.group(2)]
    if seconds < MIN_PERIOD:
        raise InputError(
            f"--every must be at least {MIN_PERIOD} seconds, to stay polite to the boards. "
            f"Got {text!r}."
        )
    return seconds
