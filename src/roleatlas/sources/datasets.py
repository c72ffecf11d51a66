"""Per-source defaults for the data sets roleatlas knows.

Some sources state their currency or country once for all rows instead of on each posting
(Adzuna UK is in GBP, No Fluff Jobs pays in PLN per month, Glassdoor's Australian scrape
writes "$" for AUD). Those quirks live here, not in the shared normalizers.
"""

from __future__ import annotations

from dataclasses import dataclass

from roleatlas.records import RawPosting

__all__ = ["SourceDefaults", "source_defaults", "structured_salary_text"]


@dataclass(frozen=True, slots=True)
class SourceDefaults:
    """What a source implies when a posting does not say: ISO country and currency codes."""

    country: str | None = None
    currency: str | None = None


_REGION_CURRENCY = {"US": "USD", "AU": "AUD", "HK": "HKD", "GB": "GBP", "CA": "CAD", "IN": "INR"}


def source_defaults(raw: RawPosting) -> SourceDefaults:
    """The defaults that apply to ``raw`` given its source.

    Examples
    --------
    >>> source_defaults(RawPosting(source="adzuna-kaggle-2013", source_id="1"))
    SourceDefaults(country='GB', currency='GBP')
    >>> source_defaults(RawPosting(source="glassdoor", source_id="1", extra={"scrape_region": "AU"}))
    SourceDefaults(country='AU', currency='AUD')
    """
    source = raw.source
    if source.startswith("adzuna"):
        return SourceDefaults("GB", "GBP")
    if source.startswith("nofluffjobs"):
        return SourceDefaults("PL", "PLN")
    if source == "glassdoor":
        region = str(raw.extra.get("scrape_region") or "").upper() or None
        return SourceDefaults(region, _REGION_CURRENCY.get(region or "", None))
    if source.startswith("usajobs"):
        return SourceDefaults("US", "USD")
    return SourceDefaults()


def structured_salary_text(raw: RawPosting) -> str | None:
    """A salary text built from numeric salary fields some sources carry in ``extra``."""
    lower = raw.extra.get("salary_lower_pln_month")
    upper = raw.extra.get("salary_upper_pln_month")
    if lower and upper:
        return f"PLN {lower} - {upper} per month"
    return None
