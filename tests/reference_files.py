"""Small files for the reference-data tests: xlsx workbooks, zips, and a reduced copy of the
shared mirror (real rows, fewer of them) so pull-and-query tests run in seconds."""

from __future__ import annotations

import csv
import gzip
import io
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

#: SOC codes kept in the reduced mirror.
MINI_SOCS = ("00-0000", "11-1011", "15-1221", "15-2051", "25-1021")

#: A tiny O*NET text release (tab-separated, no Title column, with Task Ratings).
ONET_TEXT_FILES: dict[str, str] = {
    "Occupation Data.txt": "O*NET-SOC Code\tTitle\tDescription\n"
    "15-2051.00\tData Scientists\tDevelop and implement analytics.\n",
    # The text release has no Title column in most files.
    "Task Statements.txt": "O*NET-SOC Code\tTask ID\tTask\tTask Type\tIncumbents Responding"
    "\tDate\tDomain Source\n"
    '15-2051.00\t1\tClean "messy" data.\tCore\t80\t11/2020\tAnalyst\n'
    "15-2051.00\t2\tBuild models.\tSupplemental\t60\t11/2020\tAnalyst\n",
    "Task Ratings.txt": "O*NET-SOC Code\tTask ID\tScale ID\tCategory\tData Value\tN\n"
    "15-2051.00\t1\tIM\tn/a\t3.5\t20\n15-2051.00\t2\tIM\tn/a\t4.2\t20\n"
    "15-2051.00\t2\tRT\tn/a\t90.0\t20\n15-2051.00\t1\tFT\t1\t10\t20\n",
    "Technology Skills.txt": "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title"
    "\tHot Technology\tIn Demand\n15-2051.00\tPython\t43232701\tObject software\tY\tY\n",
    "Education, Training, and Experience.txt": "O*NET-SOC Code\tElement ID\tElement Name"
    "\tScale ID\tCategory\tData Value\tN\tStandard Error\tRecommend Suppress\n"
    "15-2051.00\t2.D.1\tRequired Level of Education\tRL\t6\t70.5\t20\t1\tN\n",
    "Education, Training, and Experience Categories.txt": "Element ID\tElement Name\tScale ID"
    "\tScale Name\tCategory\tCategory Description\n"
    "2.D.1\tRequired Level of Education\tRL\tRL\t6\tBachelor's Degree\n",
    "Job Zones.txt": "O*NET-SOC Code\tJob Zone\tDate\tDomain Source\n15-2051.00\t4\tx\ty\n",
    "Job Zone Reference.txt": "Job Zone\tName\tExperience\tEducation\tJob Training\tExamples"
    "\tSVP Range\n4\tJob Zone Four\ta\tb\tc\td\t(7.0 to < 8.0)\n",
    "Alternate Titles.txt": "O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)\n"
    "15-2051.00\tData Miner\t\t08\n",
}

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def _sheet_xml(rows: Sequence[Sequence[object]], strings: dict[str, int] | None) -> str:
    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            if value is None or value == "":
                continue
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif strings is not None:
                index = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            else:
                text = escape(str(value))
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
        f"<sheetData>{''.join(out)}</sheetData></worksheet>"
    )


_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def xlsx_bytes(
    sheets: dict[str, Sequence[Sequence[object]]], *, shared_strings: bool = False
) -> bytes:
    """A minimal .xlsx workbook with the given sheets: numbers as values, text inline or, with
    ``shared_strings``, in a shared-strings part as Excel and BLS write it."""
    buf = io.BytesIO()
    strings: dict[str, int] | None = {} if shared_strings else None
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as book:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            f'ContentType="{_XML_TYPE}.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared_strings:
            overrides += (
                '<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{_XML_TYPE}.sharedStrings+xml"/>'
            )
        book.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{_TYPES}">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_XML_TYPE}.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        book.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_OFFICE}" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(sheets, start=1)
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared_strings:
            rels += (
                f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
            )
        book.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_PKG}">{rels}</Relationships>'
        )
        for i, rows in enumerate(sheets.values(), start=1):
            book.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(rows, strings))
        if strings is not None:
            items = "".join(
                f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings
            )
            book.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                f"{items}</sst>",
            )
    return buf.getvalue()


def zip_bytes(files: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buf.getvalue()


def _filter_tsv(src: Path, dest: Path, socs: Sequence[str]) -> None:
    opener = gzip.open if src.suffix == ".gz" else open
    with opener(src, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
        lines = fh.read().split("\n")
    kept = [lines[0]] + [ln for ln in lines[1:] if ln[:7] in socs]
    dest.write_text("\n".join(kept) + "\n", encoding="utf-8")


def _filter_csv_gz(src: Path, dest: Path, socs: Sequence[str]) -> None:
    with gzip.open(src, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        at = header.index("occ_code")
        rows = [row for row in reader if row[at] in socs]
    with gzip.open(dest, "wt", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def build_mini_mirror(dest: Path, socs: Sequence[str] = MINI_SOCS) -> Path:
    """Copy the shared mirror into ``dest`` keeping only rows of ``socs`` in O*NET and OEWS
    (reference files, projections, the survey, ESCO and the crosswalk are copied whole)."""
    onet_src, onet = SHARED / "onet-29.3", dest / "onet-29.3"
    onet.mkdir(parents=True)
    for path in onet_src.iterdir():
        if path.name.startswith(("Occupation Data", "Task Statements", "Technology Skills",
                                 "Education, Training, and Experience.", "Job Zones",
                                 "Alternate Titles")):  # fmt: skip
            _filter_tsv(path, onet / path.name.removesuffix(".gz"), socs)
        elif path.name.startswith(("Education, Training, and Experience Categories",
                                   "Job Zone Reference", "Read Me")):  # fmt: skip
            shutil.copy(path, onet / path.name)
    oews_src, oews = SHARED / "bls-oews-2025", dest / "bls-oews-2025"
    oews.mkdir()
    shutil.copy(oews_src / "footnotes.csv", oews / "footnotes.csv")
    for name in ("national", "state", "metro_nonmetro"):
        file = f"oews_may2025_{name}.csv.gz"
        _filter_csv_gz(oews_src / file, oews / file, socs)
    for folder in ("bls-employment-projections", "aijobs-salaries", "onet-esco-crosswalk"):
        shutil.copytree(SHARED / folder, dest / folder)
    (dest / "esco" / "tabiya-v1.1.1").mkdir(parents=True)
    shutil.copy(
        SHARED / "esco" / "tabiya-v1.1.1" / "occupations.csv.gz",
        dest / "esco" / "tabiya-v1.1.1" / "occupations.csv.gz",
    )
    for path in dest.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return dest


OEWS_HEADER = [
    "AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP",
    "OWN_CODE", "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000",
    "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT", "H_MEAN", "A_MEAN", "MEAN_PRSE", "H_PCT10",
    "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75",
    "A_PCT90", "ANNUAL", "HOURLY",
]  # fmt: skip


def oews_row(area: str, title: str, area_type: int, naics: str, group: str,
             emp: object, median: object) -> list[object]:  # fmt: skip
    """One special-request row for Data Scientists with a given employment and median."""
    return [area, title, area_type, "US", naics, "Industry " + naics, group, "1235",
            "15-2051", "Data Scientists", "detailed", emp, 1.1, "", "", "", "", 60.96, 126800,
            0.7, 32.33, 41.18, 57.80, 76.39, 95.74, 67240, 85660, median, 158880, "#", "",
            ""]  # fmt: skip


def oews_zip(part: str, rows: list[list[object]]) -> bytes:
    """A special-request zip (``oesm25<part>.zip``) holding one workbook."""
    name = {"nat": "national", "st": "state", "ma": "MSA", "in4": "nat3d"}[part]
    return zip_bytes(
        {f"oesm25{part}/{name}_M2025_dl.xlsx": xlsx_bytes({name: [OEWS_HEADER, *rows]})}
    )


EP_TABLE_1_2 = [
    ["Table 1.2 Occupational projections, 2024–34, and worker characteristics"],
    ["2024 National Employment Matrix title", "2024 National Employment Matrix code",
     "Occupation type", "Employment, 2024", "Employment, 2034",
     "Employment change, numeric, 2024–34", "Employment change, percent, 2024–34",
     "Percent self employed, 2024", "Occupational openings, 2024–34 annual average",
     "Median annual wage, dollars, 2024[1]", "Typical education needed for entry",
     "Work experience in a related occupation",
     "Typical on-the-job training needed to attain competency in the occupation"],
    ["Data scientists", "15-2051", "Line item", 245.9, 328.3, 82.5, 33.5, 3.2, 23.4, 112590,
     "Bachelor's degree", "None", "None"],
]  # fmt: skip

AIJOBS_CSV = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
    "2025,SE,FT,Data Scientist,150000,USD,150000,US,0,US,M\n"
    "2025,MI,FT,Data Scientist,100000,EUR,105000,DE,100,DE,L\n"
    "2024,SE,FT,Data Scientist,200000,USD,200000,US,0,US,L\n"
)

ESCO_CSV = (
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,"
    "modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code\n"
    "Occupation,http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30,"
    "2511,data scientist,data miner,,released,,,,,,Data scientists find meaning.,2511.4\n"
)

CROSSWALK_CSV = (
    "\ufeffMapping project name,ESCO-O*NET Crosswalk,,,,,\n"
    "Mapping project version,1,,,,,\nMapping project version date,Sep-22,,,,,\n,,,,,,\n"
    "O*NET Id,O*NET Title,O*NET Description,ESCO or ISCO URI,ESCO or ISCO Title,"
    "ESCO or ISCO Description,Type of Match\n"
    "15-2051.00,Data Scientists,Develop.,"
    "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30,"
    "data scientist,Find meaning.,exactMatch\n"
)
