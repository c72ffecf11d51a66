"""Closed sets of parameter values, as enums in ``/openapi.json``.

A parameter that accepts only some values is typed with the values, so clients (and
schemathesis) know them up front: levels, employment types, upload formats, catalog role ids
and ISO 3166-1 alpha-2 country codes. The API takes the canonical spelling only (``SE``, not
``se``; ``data-scientist``, not ``Data Scientist``); a request with another value is a 422 whose
message suggests the accepted one (see :mod:`roleatlas.api.errors`). The web pages and the CLI
keep accepting names, aliases and any case.

The values come from the package's own data (the role catalog, pycountry's table), read once
when this module is imported; nothing is fetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from roleatlas.catalog import load_catalog
from roleatlas.pipeline.normalize.employment import EMPLOYMENT_TYPES
from roleatlas.records import LEVELS
from roleatlas.sources import FORMATS

__all__ = [
    "COUNTRY_CODES",
    "ROLE_IDS",
    "CountryCode",
    "EmploymentType",
    "FormatName",
    "Level",
    "RoleId",
]


def _country_codes() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(str(c.alpha_2) for c in pycountry.countries))


#: Catalog role ids, in catalog order.
ROLE_IDS: tuple[str, ...] = tuple(r.id for r in load_catalog())
#: The ISO 3166-1 alpha-2 codes the search and pay filters accept.
COUNTRY_CODES: tuple[str, ...] = _country_codes()

if TYPE_CHECKING:  # the values are data, not spelled out here: type checkers see strings
    Level = str
    EmploymentType = str
    FormatName = str
    RoleId = str
    CountryCode = str
else:
    Level = Literal[LEVELS]
    EmploymentType = Literal[tuple(EMPLOYMENT_TYPES)]
    FormatName = Literal[tuple(FORMATS)]
    RoleId = Literal[ROLE_IDS]
    CountryCode = Literal[COUNTRY_CODES]
