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
# Glassdoor's scrape_region holds codes or English names ("US", "Australia", "Hong Kong").
_REGION_CODE = {
    "australia": "AU",
    "hong kong": "HK",
    "united states": "US",
    "usa": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "canada": "CA",
    "india": "IN",
}


def source_defaults(raw: RawPosting) -> SourceDefaults:
    """The defaults that apply to ``raw`` given its source.

    Examples
    --------
    >>> source_defaults(RawPosting(source="adzuna-kaggle-2013", source_id="1"))
    SourceDefaults(country='GB', currency='GBP')
    >>> au = RawPosting(source="glassdoor", source_id="1", extra={"scrape_region": "Australia"})
    >>> source_defaults(au)
    SourceDefaults(country='AU', currency='AUD')
    """
    source = raw.source
    if source.startswith("adzuna"):
        return SourceDefaults("GB", "GBP")
    if source.startswith("nofluffjobs"):
        return SourceDefaults("PL", "PLN")
    if source == "glassdoor":
        name = str(raw.extra.get("scrape_region") or "").strip()
        region = _REGION_CODE.get(name.lower(), name.upper()) or None
        return SourceDefaults(region, _REGION_CURRENCY.get(region or ""))
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
