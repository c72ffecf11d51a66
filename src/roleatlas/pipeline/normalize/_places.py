"""Place tables for :mod:`roleatlas.pipeline.normalize.location` (data only, no logic).

Countries and subdivisions come from pycountry; this module holds what pycountry lacks: the
major tech cities of the world with their country (and state for US, Canadian and
Australian cities), common aliases and spellings, British counties and regions as job
boards write them, country aliases, and the names of multi-country remote scopes.

Cities that are ambiguous without context and not clearly dominated by one place are left
out on purpose (Cambridge, Richmond, Arlington, Newcastle, Alexandria, San José): a
"Cambridge, MA" or "Cambridge, UK" is still resolved by its state or country.
"""

from __future__ import annotations

__all__ = ["AMBIGUOUS_CITIES", "CITIES", "COUNTRY_ALIASES", "GB_AREAS", "SCOPE_REGIONS"]

#: ``name|country|region|alias;alias`` per line; region is the state code for US, CA, AU.
CITIES = """
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

#: Cities of :data:`CITIES` that have well-known namesakes elsewhere (London, Ontario; Perth,
#: Scotland; Liverpool, New South Wales; Portland, Maine ...). For these a source's default
#: country wins over the table; for the others the table wins.
AMBIGUOUS_CITIES = frozenset(
    "London Birmingham Manchester Perth Liverpool Sydney Melbourne Portland Vancouver Waterloo "
    "Athens Dublin Bristol Reading Oxford Bath York Plymouth Boston Brighton Darwin Paris Berlin "
    "Florence Naples Valencia Santiago Aberdeen Norwich Exeter Wellington Geneva Lima Cairo "
    "Moscow Delhi Hyderabad Frankfurt Hanover Bergen Rome Milan Lisbon Vienna Columbus Dayton "
    "Madison Cleveland Kirkland Richmond Washington Halifax Kitchener Leicester Coventry "
    "Windsor Cork Toledo Dover Durham Lancaster Salem Springfield Georgetown".split()
)
