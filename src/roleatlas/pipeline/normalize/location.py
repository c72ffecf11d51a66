"""Locations: city, region, ISO country, workplace (onsite/hybrid/remote) and remote scope.

:func:`parse_location` reads what job sources write: "Albuquerque, NM", "Seattle,
Washington, USA", "Dorking, Surrey, Surrey", "Sydney NSW", "München, Germany", "Remote (anywhere
in the U.S.)", "REMOTE (EU timezones)", "NYC, SF, Remote", "Hybrid - Berlin, Germany",
"ONSITE (Los Gatos, CA)".

How it reads a text:

1. Workplace words are found first. Remote wins over hybrid, hybrid over onsite, because the
   question people ask is "may I work remotely?": "Onsite or Remote (North America)" is
   ``remote``; "NYC (Hybrid)" and "ONSITE + part remote" are ``hybrid``; "NO REMOTE" is not
   remote.
2. The rest is cut into pieces at commas, ``/``, ``|``, ``&``, "or", "and", " - ".
   Each piece is looked up as a country (pycountry names and codes plus aliases such as
   "USA", "UK", "Holland"), a US state, Canadian province or Australian state (codes and
   names, from pycountry), a British county or region, a subdivision of a country named
   next to it ("MG, Brazil"), or a city of the GeoNames gazetteer (15,000+ people) or of
   the hand list of aliases (``_places.city_index``; the rules are in :mod:`._places`).
   "Austin TX" and "Sydney NSW" are split at their trailing code.
3. Pieces are assembled left to right into places: a city, then its region, then its
   country. A two-letter code is read in the context of its city: "Berlin, DE" is Germany,
   "Springfield, DE" Delaware, "Perth, WA" Western Australia. An explicit region or country
   overrides the city table ("Kansas City, KS"; "Perth, Perth and Kinross" is in Scotland).
4. Remote scope comes from the words attached to "remote" ("Remote (US/Canada)" → ``US,CA``,
   "US Remote" → ``US``, "Remote (Global)" → ``worldwide``, "REMOTE (EU timezones)" →
   ``EU``); a remote text that names no city has its countries as scope. A single-country
   scope is also the country.

Unknown pieces are kept as the city, exactly as written, and never given a country unless the
caller passes ``default_country`` (the country a source covers, such as ``GB`` for Adzuna
UK). The default also wins over the city table for cities with famous namesakes
(namesakes of 50,000+ people: London, Sydney, Portland ...). Several places in one text
("London or Dublin") keep the first place, with a lower confidence when countries differ.

Countries are ISO 3166-1 codes, so US territories keep their own codes ("San Juan, PR" is
``PR``, Guam ``GU``), as ISO and pycountry have them.

``rule`` says where the country came from (``location:country``, ``location:region``,
``location:city``, ``location:scope``, ``location:default``; ``location:workplace`` when only
the workplace was read and ``location:unknown`` when nothing was). ``:multi`` is appended
when the text names places in several countries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

from roleatlas.errors import NormalizeError
from roleatlas.pipeline.normalize._places import (
    COUNTRY_ALIASES,
    GB_AREAS,
    SCOPE_REGIONS,
    City,
    city_index,
    place_key,
)
from roleatlas.records import Location

__all__ = ["WORKPLACES", "format_location", "parse_location"]

#: Workplace values of :attr:`Location.workplace`.
WORKPLACES = ("onsite", "hybrid", "remote")

_MAX_CHARS = 300
_CODE_REGIONS = ("US", "CA", "AU")  # countries whose subdivision codes are written bare
# subdivision names looked up without a country (not DE: Berlin and Hamburg are cities)
_NAME_REGIONS = ("US", "CA", "AU", "IN")


# --- tables (built on first use, not at import) --------------------------------------------


def _key(text: str) -> str:
    """:func:`place_key`, with a shortcut for ASCII text (which its replacements and NFKD
    leave as it is and which has no combining characters)."""
    if not text.isascii():
        return place_key(text)
    text = text.lower().replace(".", "").replace("&", " and ").replace("-", " ")
    return " ".join(text.split()).strip(" ,;:–—")


@dataclass(slots=True)
class _Tables:
    countries: dict[str, str] = field(default_factory=dict)  # key -> alpha-2
    alpha2: set[str] = field(default_factory=set)
    alpha3: dict[str, str] = field(default_factory=dict)  # lower alpha-3 -> alpha-2
    cities: dict[str, tuple[City, ...]] = field(default_factory=dict)  # most likely first
    ambiguous: frozenset[str] = frozenset()  # city keys with sizeable namesakes
    region_codes: dict[str, set[str]] = field(default_factory=dict)  # country -> codes
    region_names: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # key -> [(cc, region)]
    gb_areas: dict[str, str] = field(default_factory=dict)
    gb_districts: set[str] = field(default_factory=set)  # pycountry-only: towns, boroughs


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    t = _Tables()
    for country in pycountry.countries:
        cc = country.alpha_2
        t.alpha2.add(cc)
        t.alpha3[country.alpha_3.lower()] = cc
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                t.countries.setdefault(_key(value), cc)
    for cc, aliases in COUNTRY_ALIASES.items():
        for alias in aliases.split(";"):
            t.countries[_key(alias)] = cc
    index = city_index()
    t.cities, t.ambiguous = index.cities, index.ambiguous
    for cc in _NAME_REGIONS:
        codes: set[str] = set()
        for sub in pycountry.subdivisions.get(country_code=cc) or ():
            code = sub.code.split("-", 1)[1]
            codes.add(code)
            region = code if cc in _CODE_REGIONS else _clean_sub_name(sub.name)
            t.region_names.setdefault(_key(_clean_sub_name(sub.name)), []).append((cc, region))
        t.region_codes[cc] = codes
    for line in GB_AREAS.strip().splitlines():
        for name in line.split(";"):
            t.gb_areas[_key(name)] = name
    for sub in pycountry.subdivisions.get(country_code="GB") or ():
        name = _clean_sub_name(sub.name)
        if _key(name) not in t.gb_areas:
            t.gb_areas[_key(name)] = name
            t.gb_districts.add(_key(name))
    return t


def _ambiguous(city: str | None) -> bool:
    return city is not None and _key(city) in _tables().ambiguous


def _clean_sub_name(name: str) -> str:
    return re.sub(r"\s*\[.*?\]\s*", "", name).strip()


@lru_cache(maxsize=256)
def _subdivisions(cc: str) -> tuple[frozenset[str], dict[str, str]]:
    """Codes and names (key -> name) of the subdivisions of one country."""
    codes: set[str] = set()
    names: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=cc) or ():
        code = sub.code.split("-", 1)[1]
        codes.add(code)
        names[_key(_clean_sub_name(sub.name))] = (
            code if cc in _CODE_REGIONS else _clean_sub_name(sub.name)
        )
    return frozenset(codes), names


# --- workplace -----------------------------------------------------------------------------

_NOT_REMOTE_RE = re.compile(r"\b(?:no|not|non)[- ]?remote\b|\bremote\s*:\s*no\b", re.IGNORECASE)
_HYBRID_RE = re.compile(
    r"\bhybrid\b|\bpart(?:ial(?:ly)?)?[- ]?remote\b|\b(?:wfh|remote) days?\b|"
    r"\b\d(?:\s*-\s*\d)?\s*(?:x\s*)?(?:days?|x)\s*(?:/|a|per|each)?\s*(?:week|wk)\b|"
    r"\b\d(?:\s*-\s*\d)?\s*days?\s+(?:in|on)[- ]?(?:the )?(?:office|site)\b",
    re.IGNORECASE,
)
_REMOTE_RE = re.compile(
    r"\b(?:100\s*%\s*|fully\s+|full[- ]time\s+|flexible\s+)?"
    r"(?:remote(?:ly)?(?:[- ](?:first|friendly|ok|only|possible|optional))?|wfh|work from home|"
    r"work from anywhere|telecommute|distributed)\b",
    re.IGNORECASE,
)
_ONSITE_RE = re.compile(
    r"\bon[- ]?site\b|\bin[- ]office\b|\bin[- ]person\b|\boffice[- ]based\b|\bon[- ]premises?\b|"
    r"\bin the office\b|\bon[- ]?location\b",
    re.IGNORECASE,
)
_REMOTE_MARK = "\u2063R\u2063"

# --- pieces --------------------------------------------------------------------------------

_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"(?<=[a-z]{3})[.!?]\s+(?=[A-Z])")
_PARENS_RE = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_SPLIT_RE = re.compile(
    r"\s*(?:and/or|[,;|/+·•]|-{2,}|(?<!,\s)(?<![\w,])(?:or|Or)(?!\w)|(?<=[^,\s]\s)OR(?=\s+\S)|\s[-–—]\s|:\s|"
    r"(?<!\w)(?:vs|VS)(?!\w))\s*|(?<=[a-z])[-–—](?=\s)|\s[-–—](?=[A-Za-z])"
)
_NOT_A_PLACE_RE = re.compile(
    r"\b(?:negotiable|tbd|tba|to be determined|determined by|see (?:description|below)|unknown|"
    r"n/?a|not specified|various|several|many|needs of)\b",
    re.IGNORECASE,
)
_NEGATED_RE = re.compile(r"^\s*(?:no|not|except|excluding|outside(?: of)?|ex\.?)\s", re.IGNORECASE)
# "and" and "&" separate places unless they belong to a name ("Perth and Kinross")
_AND_RE = re.compile(r"\s*(?:&|\band\b)\s*", re.IGNORECASE)
_NOISE_RE = re.compile(
    r"\b(?:only|based|preferred|preferable|preferably|required|fully|full[- ]?time|part[- ]?time|"
    r"multiple|various|locations?|offices?|hq|headquarters|in|near|at|around|from|greater|"
    r"metro(?:politan)?|area|region|and more|etc|ok|welcome|possible|optional|available|"
    r"friendly|first|flexible|flexibility|with|time ?zones?|tz|hours|citizens?(?:hip)?|"
    r"residents?|eligible|within|the|visa|sponsorship|relocation|assistance|downtown|suburbs?|"
    r"hub|campus|contract(?:ors?)?|interns?(?:hips?)?|co-?ops?|gmt|utc|quarterly|meet-?ups?|"
    r"offsites?|travel|occasional|some|days?|week|per|must|be|live|living|anywhere|position|"
    r"roles?|team|we|are|hiring|currently|mostly|primarily|also|any|all|other|international|"
    r"countries|country|nationwide|base|or|and)\b|[%+±~*#@$\d!?()\[\]\"']",
    re.IGNORECASE,
)
_NAME_LIKE_RE = re.compile(r"^[^\W\d_][\w .'’-]*$")
_MONEY_RE = re.compile(r"[$€£¥₹]|\d{2,}|\d\s*k\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Cand:
    kind: str  # country | region | city | scope
    country: str | None
    region: str | None = None
    city: str | None = None
    scope: str | None = None


def _lookup(key: str, raw: str, *, code_ok: bool) -> list[_Cand]:
    """All readings of one piece, most likely first."""
    t = _tables()
    out: list[_Cand] = []
    if key in SCOPE_REGIONS:
        out.append(_Cand("scope", None, scope=SCOPE_REGIONS[key]))
    cc = t.countries.get(key)
    if cc is None and key.startswith("the "):
        cc = t.countries.get(key[4:])
    cities = t.cities.get(key, ())
    if cc is not None:
        if key in ("england", "scotland", "wales", "northern ireland"):
            out.append(_Cand("region", "GB", region=raw.strip().title()))
        else:
            state_city = next((c for c in cities if c.country == cc), None)
            out.append(_Cand("country", cc, city=state_city.name if state_city else None))
    if cc is None:
        out.extend(_Cand("city", c.country, c.region, c.name) for c in cities)
    for region_cc, region in t.region_names.get(key, ()):
        shown = region if region_cc in _CODE_REGIONS else raw.strip()
        out.append(_Cand("region", region_cc, region=shown))
    if key in t.gb_areas:
        out.append(_Cand("region", "GB", region=t.gb_areas[key]))
    if not out and key.endswith(" state"):
        for region_cc, region in t.region_names.get(key[:-6], ()):
            out.append(_Cand("region", region_cc, region=region))
    compact = raw.strip().strip(".")
    if code_ok and 2 <= len(compact) <= 3 and compact.isalpha():
        upper = compact.upper()
        for region_cc in _CODE_REGIONS:
            if upper in t.region_codes.get(region_cc, ()):
                out.append(_Cand("region", region_cc, region=upper))
        if len(upper) == 2 and upper in t.alpha2 and upper != "UK":
            out.append(_Cand("country", upper))
        if len(upper) == 3 and compact.isupper() and upper.lower() in t.alpha3:
            out.append(_Cand("country", t.alpha3[upper.lower()]))
    return out


def _subdivision_cand(raw: str, cc: str) -> _Cand | None:
    codes, names = _subdivisions(cc)
    compact = raw.strip().strip(".").upper()
    if compact in codes:
        return _Cand("region", cc, region=compact)
    name = names.get(_key(raw))
    if name is not None:
        return _Cand("region", cc, region=raw.strip() if cc not in _CODE_REGIONS else name)
    return None


@dataclass(slots=True)
class _Piece:
    raw: str
    cands: list[_Cand]
    remote: bool = False


def _classify(raw: str, *, first: bool) -> list[_Piece]:
    """Readings of one piece; may split "Austin TX" into two pieces."""
    raw = raw.strip(" .-–—:")
    key = _key(raw)
    if not key or _NEGATED_RE.match(raw) or _NOT_A_PLACE_RE.search(raw):
        return []  # "no US" names where the job is not; "Location Negotiable" no place
    cands = _lookup(key, raw, code_ok=not first or raw.isupper())
    if cands:
        return [_Piece(raw, cands)]
    if _MONEY_RE.search(raw):
        return []  # a salary or a count, not a place
    stripped = " ".join(_NOISE_RE.sub(" ", raw).split()).strip(" .-–—")
    if stripped and stripped != raw:
        cands = _lookup(_key(stripped), stripped, code_ok=True)
        if cands:
            return [_Piece(stripped, cands)]
    words = stripped.split()
    for size in (3, 2, 1):
        if len(words) > size:
            head, tail = " ".join(words[:-size]), " ".join(words[-size:])
            tail_cands = _lookup(_key(tail), tail, code_ok=tail.isupper())
            tail_cands = [c for c in tail_cands if c.kind in ("country", "region")]
            if not tail_cands:
                continue
            # "Austin TX", "Berlin Germany", "Derby Derbyshire East Midlands";
            # not "South Jordan" or "New Brunswick"
            head_pieces = _classify(head, first=True)
            head_known = any(p.cands for p in head_pieces)
            region_code = tail.isupper() and any(c.kind == "region" for c in tail_cands)
            if head_known or region_code or size > 1:
                return [*head_pieces, _Piece(tail, tail_cands)]
    if "-" in stripped:
        # "Canada-Quebec"
        halves = [h for h in stripped.split("-") if h.strip()]
        split = [p for h in halves for p in _classify(h, first=False)]
        if len(halves) > 1 and split and all(p.cands for p in split):
            return split
    if stripped and len(words) <= 4 and _NAME_LIKE_RE.match(stripped):
        return [_Piece(stripped, [])]
    return []


@dataclass(slots=True)
class _Place:
    city: str | None = None
    region: str | None = None
    country: str | None = None
    source: str = ""  # country | region | city | default
    region_from_table: bool = False
    lone_name: str | None = None  # a region or country named alone; maybe a city ("Durham, NC")
    code_raw: str | None = None  # a bare code read as a country ("MG")

    def empty(self) -> bool:
        return not (self.city or self.region or self.country)


_STRENGTH = {"": 0, "default": 1, "city": 2, "region": 3, "country": 4}


def _pick(cands: list[_Cand], prefer: tuple[str | None, ...], after_city: bool) -> _Cand | None:
    if not cands:
        return None
    if after_city:
        # after a city a name is its region before it is a country or another city:
        # "Albany, Georgia", "Stockton On Tees, Cleveland"
        rank = {"region": 0, "country": 1, "city": 2}
        cands = sorted(cands, key=lambda c: rank.get(c.kind, 3))
    for cc in prefer:
        if cc:
            for cand in cands:
                if cand.country == cc:
                    return cand
    return cands[0]


def _assemble(pieces: list[_Piece], context: str | None, default: str | None) -> list[_Place]:
    places: list[_Place] = []
    current: _Place | None = None
    for piece in pieces:
        cands = [c for c in piece.cands if c.kind != "scope"]
        if not cands and piece.cands:
            continue  # a scope word ("Europe") in a list of places
        known = current.country if current else None
        after_city = current is not None and current.city is not None
        cand = _pick(cands, (known, context, default), after_city)
        if cand is not None and context and cand.country not in (None, context):
            sub = _subdivision_cand(piece.raw, context)
            cand = sub or cand
        if cand is None and (known or context):
            sub = _subdivision_cand(piece.raw, known or context or "")
            cand = sub
        if cand is None or cand.kind == "city":
            name = cand.city if cand else piece.raw
            if current is None or not current.empty():
                current = _Place()
                places.append(current)
            current.city = name
            if cand is not None:
                current.country, current.source = cand.country, "city"
                current.region, current.region_from_table = cand.region, True
            continue
        if (
            current is not None
            and current.city is None
            and current.lone_name
            and cand.kind in ("region", "country")
            and (cand.country != current.country or cand.region not in (None, current.region))
            and not (cand.kind == "country" and cand.country == current.country)
            and not (
                current.country == "GB"
                and cand.country == "GB"
                and _key(current.lone_name) not in _tables().gb_districts
            )
        ):
            # "Washington, DC", "Durham, NC", "Norfolk, Virginia", "Lebanon, IN": the first
            # name was a city that shares its name with a region or a country
            current.city, current.region, current.country = current.lone_name, None, None
            current.source, current.lone_name = "", None
        if cand.kind == "region":
            if current is not None and (
                current.country in (None, cand.country) or current.source in ("city", "default")
            ):
                if current.country != cand.country:
                    current.region_from_table = True  # a table region of another country
                if current.region is None or current.region_from_table:
                    current.region, current.region_from_table = cand.region, False
                if _STRENGTH[current.source] < _STRENGTH["region"]:
                    current.country, current.source = cand.country, "region"
            else:
                current = _Place(region=cand.region, country=cand.country, source="region")
                current.lone_name = piece.raw
                places.append(current)
            continue
        # a country
        if (
            current is not None
            and current.source == "country"
            and current.code_raw
            and current.country != cand.country
            and current.city is None
        ):
            # "MG, BR": the code before a country is one of its subdivisions
            sub = _subdivision_cand(current.code_raw, cand.country or "")
            if sub is not None:
                current.region, current.country, current.code_raw = sub.region, None, None
                current.source = "region"
        if current is not None and (
            current.country in (None, cand.country) or current.source in ("city", "default")
        ):
            if current.country != cand.country:
                current.region = None if current.region_from_table else current.region
            current.country, current.source = cand.country, "country"
            if cand.city and current.city is None:
                current.city = cand.city
        else:
            current = _Place(city=cand.city, country=cand.country, source="country")
            if len(piece.raw) > 3:
                current.lone_name = piece.raw
            else:
                current.code_raw = piece.raw
            places.append(current)
    return places


def _scope_of(pieces: list[_Piece]) -> str | None:
    """A remote scope from pieces read as countries and scope regions."""
    found: list[str] = []
    for piece in pieces:
        cand = None
        for kind in ("country", "scope", "region"):
            cand = next((c for c in piece.cands if c.kind == kind), None)
            if cand is not None:
                break
        if cand is None:
            continue
        value = cand.scope if cand.kind == "scope" else cand.country
        if value and value not in found:
            found.append(value)
    if len(found) > 1 and "worldwide" in found:
        found.remove("worldwide")  # "anywhere in the U.S." is the U.S.
    return ",".join(found) or None


def _parts(text: str) -> list[str]:
    parts: list[str] = []
    for part in _SPLIT_RE.split(text):
        if not part or not part.strip():
            continue
        if _AND_RE.search(part) and not _lookup(_key(part), part, code_ok=False):
            parts.extend(p for p in _AND_RE.split(part) if p.strip())
        else:
            parts.append(part)
    return parts


def _pieces(text: str, *, scope_mode: bool) -> list[_Piece]:
    out: list[_Piece] = []
    for i, part in enumerate(_parts(text)):
        remote = _REMOTE_MARK in part
        part = part.replace(_REMOTE_MARK, " ")
        for piece in _classify(part, first=(i == 0 and not scope_mode)):
            piece.remote = remote
            out.append(piece)
    return out


@dataclass(slots=True)
class _Reading:
    workplace: str | None
    outer: list[_Piece]
    inner: list[list[_Piece]]
    scope_texts: list[list[_Piece]]


def _read(text: str) -> _Reading:
    text = text[:_MAX_CHARS]
    if "://" in text or "." in text:  # a URL has one of them
        text = _URL_RE.sub(" ", text)
    # a location field that runs into the description: keep its first sentence
    text = _SENTENCE_END_RE.split(text, maxsplit=1)[0]
    if "remote" in text.lower():
        text = _NOT_REMOTE_RE.sub(" , ", text)
    text, hybrid_n = _HYBRID_RE.subn(" , ", text)
    text, remote_n = _REMOTE_RE.subn(f" {_REMOTE_MARK} ", text)
    text, onsite_n = _ONSITE_RE.subn(" , ", text)
    hybrid, remote, onsite = hybrid_n > 0, remote_n > 0, onsite_n > 0
    workplace = "remote" if remote else "hybrid" if hybrid else "onsite" if onsite else None

    inner: list[list[_Piece]] = []
    scope_texts: list[list[_Piece]] = []
    for m in _PARENS_RE.finditer(text):
        content = m.group(1)
        before = text[: m.start()].rstrip()
        if _REMOTE_MARK in content or before.endswith(_REMOTE_MARK):
            scope_texts.append(_pieces(content.replace(_REMOTE_MARK, " "), scope_mode=True))
        else:
            inner.append(_pieces(content, scope_mode=False))
    outer_text = _PARENS_RE.sub(" , ", text)
    outer = _pieces(outer_text, scope_mode=False)
    # "Remote USA", "US Remote": the other words of a remote piece are its scope
    for piece in outer:
        if piece.remote and any(c.kind in ("country", "scope") for c in piece.cands):
            scope_texts.append([piece])
    return _Reading(workplace, outer, inner, scope_texts)


def _sequence_context(pieces: list[_Piece]) -> str | None:
    named = {
        p.cands[0].country
        for p in pieces
        if p.cands
        and p.cands[0].kind == "country"
        and len(p.raw.strip(".")) > 3
        and not any(c.kind == "region" for c in p.cands)
    }
    return next(iter(named)) if len(named) == 1 else None


Fields = tuple[str | None, str | None, str | None, str | None, str | None, str, float]


@lru_cache(maxsize=32768)
def _parse(text: str, default: str | None) -> Fields:
    reading = _read(text)
    workplace = reading.workplace
    scope_pieces = [p for group in reading.scope_texts for p in group]
    scope = _scope_of(scope_pieces)
    has_city = any(
        (not p.cands) or any(c.kind == "city" for c in p.cands)
        for p in reading.outer + [p for g in reading.inner for p in g]
    )
    if workplace == "remote" and not has_city:
        # no office: the places named are where a remote worker may live
        others = [p for p in reading.outer + [p for g in reading.inner for p in g] if not p.remote]
        scope = _scope_of(scope_pieces + others)
        places = [p for p in _assemble(others, None, None) if p.country]
        if len({p.country for p in places}) != 1:
            places = []
        if not places and scope in _tables().alpha2:
            places = [_Place(country=scope, source="scope")]
    else:
        context = _sequence_context(reading.outer)
        places = [
            place
            for seq in (reading.outer, *reading.inner)
            for place in _assemble(
                [p for p in seq if not (p.remote and p in scope_pieces)],
                context or _sequence_context(seq),
                default,
            )
        ]
        if scope in _tables().alpha2 and not places:
            places = [_Place(country=scope, source="scope")]

    primary = next((p for p in places if not p.empty()), None)
    countries = {p.country for p in places if p.country}
    multi = len(countries) > 1
    if primary is not None and primary.country is None and len(countries) == 1:
        primary.country, primary.source = next(iter(countries)), "city"
    if primary is not None and default and primary.country != default:
        if primary.country is None or (primary.source == "city" and _ambiguous(primary.city)):
            primary.country, primary.source = default, "default"
            if primary.region_from_table:
                primary.region = None
    if primary is None or primary.country is None:
        city = primary.city if primary else None
        region = primary.region if primary else None
        if city or region:
            return (city, region, None, workplace, scope, "location:unknown", 0.2)
        if workplace or scope:
            return (None, None, None, workplace, scope, "location:workplace", 0.8)
        return (None, None, None, None, None, "location:unknown", 0.0)
    confidence = {"country": 0.95, "region": 0.9, "scope": 0.9, "city": 0.85, "default": 0.6}[
        primary.source
    ]
    if primary.source == "city" and _ambiguous(primary.city):
        confidence = 0.7
    rule = f"location:{primary.source}"
    if multi:
        rule += ":multi"
        confidence *= 0.8
    return (
        primary.city,
        primary.region,
        primary.country,
        workplace,
        scope,
        rule,
        round(confidence, 3),
    )


def _check_default(default_country: str | None) -> str | None:
    if default_country is None:
        return None
    value = default_country.strip()
    t = _tables()
    if value.upper() in t.alpha2:
        return value.upper()
    if value.upper() == "UK":
        return "GB"
    cc = t.countries.get(_key(value))
    if cc is not None:
        return cc
    raise NormalizeError(
        f"The default_country must be an ISO 3166-1 alpha-2 code such as 'US' or 'GB'. "
        f"Got {default_country!r} instead."
    )


def parse_location(text: str | None, *, default_country: str | None = None) -> Location:
    """Parse a location as job postings write it.

    Parameters
    ----------
    text:
        The location text ("Albuquerque, NM", "Remote (US/Canada)", "Hybrid - Berlin,
        Germany").
    default_country:
        The country the source covers, used when the text names a place but no country
        ("Dorking, Surrey, Surrey" from Adzuna UK). An alpha-2 code; a country name is
        accepted too. Not applied to texts that name no place ("Remote").

    Returns
    -------
    Location
        ``raw`` is ``text`` unchanged; ``rule`` and ``confidence`` say how the country was
        found (see the module docstring). Never raises on the text.

    Raises
    ------
    NormalizeError
        If ``default_country`` is neither an alpha-2 code nor a country name.

    Examples
    --------
    >>> loc = parse_location("Albuquerque, NM")
    >>> loc.city, loc.region, loc.country, loc.rule, loc.confidence
    ('Albuquerque', 'NM', 'US', 'location:region', 0.9)
    >>> loc = parse_location("Remote (anywhere in the U.S.)")
    >>> loc.workplace, loc.remote_scope, loc.country
    ('remote', 'US', 'US')
    >>> parse_location("Dorking, Surrey, Surrey", default_country="GB").region
    'Surrey'
    """
    default = _check_default(default_country)
    if text is None or not text.strip():
        return Location(raw=text)
    city, region, country, workplace, scope, rule, confidence = _parse(text, default)
    return Location(
        raw=text,
        city=city,
        region=region,
        country=country,
        workplace=workplace,
        remote_scope=scope,
        rule=rule,
        confidence=confidence,
    )


def format_location(loc: Location) -> str:
    """A short display text of a location.

    The raw text is what the posting said and is usually the best display, so callers that
    have it should show it; this helper builds a text from the parsed fields: "Seattle, WA,
    US", "Remote (US)", "Berlin, DE (hybrid)", "Remote (worldwide) · London, GB".

    Parameters
    ----------
    loc:
        A parsed location.

    Returns
    -------
    str
        The display text; ``""`` when nothing is known.

    Examples
    --------
    >>> format_location(parse_location("Remote (anywhere in the U.S.)"))
    'Remote (US)'
    >>> format_location(parse_location("Hybrid - Berlin, Germany"))
    'Berlin, DE (hybrid)'
    """
    place = ", ".join(p for p in (loc.city, loc.region, loc.country) if p)
    if loc.workplace == "remote":
        head = f"Remote ({loc.remote_scope})" if loc.remote_scope else "Remote"
        if loc.city:
            return f"{head} · {place}"
        return head
    if loc.workplace in ("hybrid", "onsite") and place:
        return f"{place} ({loc.workplace})"
    if loc.workplace:
        return loc.workplace.capitalize()
    return place
