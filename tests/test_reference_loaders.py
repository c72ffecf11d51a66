"""Reference loaders: the real mirror (skipped when ../shared/data is absent) and the official
layouts, built small in the tests (O*NET text release, OEWS and EP workbooks)."""

from __future__ import annotations

import csv
import gzip
import json

import pytest

from roleatlas.errors import InputError
from roleatlas.reference import _xlsx
from roleatlas.reference.load_aijobs import load_aijobs
from roleatlas.reference.load_esco import load_crosswalk, load_esco
from roleatlas.reference.load_oews import _mirror_flags, industry_level, load_oews
from roleatlas.reference.load_onet import load_onet
from roleatlas.reference.load_projections import load_projections

from .conftest import shared_path
from .reference_files import ONET_TEXT_FILES, xlsx_bytes


def _table(loaded, name):
    return next(t for t in loaded.tables if t.name == name)


def _rows(table):
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


# -- real mirror -------------------------------------------------------------------------------
def test_onet_mirror():
    loaded = load_onet(shared_path("onet-29.3"))
    assert loaded.version == "29.3"
    counts = {t.name: len(t.rows) for t in loaded.tables}
    assert counts["onet_occupations"] == 1016
    assert counts["onet_alternate_titles"] == 56560
    assert counts["onet_technology_skills"] == 32681
    assert counts["onet_tasks"] == 18796
    hot = {
        r["example"]
        for r in _rows(_table(loaded, "onet_technology_skills"))
        if r["soc"] == "15-2051.00" and r["hot_technology"]
    }
    assert {"Python", "PyTorch", "TensorFlow", "Structured query language SQL"} <= hot
    assert len(hot) == 53


@pytest.mark.slow
def test_oews_mirror_national_data_scientists():
    loaded = load_oews(shared_path("bls-oews-2025"))
    assert loaded.version == "May 2025"
    wages = _table(loaded, "oews_wages")
    assert len(wages.rows) == 370172  # 134,477 national x industry + 37,408 + 198,287
    row = next(
        r
        for r in _rows(wages)
        if r["occ_code"] == "15-2051"
        and r["area_code"] == "0000000"
        and r["industry_code"] == "000000"
    )
    assert (row["tot_emp"], row["a_median"], row["a_mean"], row["h_median"]) == (
        262440.0,
        120230.0,
        126800.0,
        57.8,
    )
    assert row["industry_level"] == "cross" and row["occ_group"] == "detailed"
    assert row["flags"] is None
    footnotes = dict(_table(loaded, "oews_footnotes").rows)
    assert (
        footnotes["#"]
        == "This wage is equal to or greater than $115.00 per hour or $239,200 per year."
    )


def test_projections_mirror():
    loaded = load_projections(shared_path("bls-employment-projections"))
    assert loaded.version == "2024-2034"
    rows = {r["soc"]: r for r in _rows(loaded.tables[0])}
    assert len(rows) == 832
    ds = rows["15-2051"]
    assert ds["title"] == "Data scientists"
    assert (ds["emp_base"], ds["emp_target"], ds["change_pct"], ds["openings"]) == (
        245.9,
        328.3,
        33.5,
        23.4,
    )
    assert (ds["median_wage"], ds["education"]) == (112590.0, "Bachelor's degree")
    assert ds["example_titles"].split("\n")[0] == "Business Intelligence Developer"
    top = [r for r in rows.values() if r["median_wage_top_coded"]]
    assert len(top) == 17 and {r["median_wage"] for r in top} == {239200.0}


def test_aijobs_mirror():
    loaded = load_aijobs(shared_path("aijobs-salaries"))
    assert loaded.version == "2025-01-19"
    rows = loaded.tables[0].rows
    assert len(rows) == 74301
    assert rows[0] == (2022, "EX", "FT", "Consultant", 120000, "USD", 120000, "PL", 0, "PL", "S")


def test_esco_mirror_prefers_coded_v111():
    loaded = load_esco(shared_path("esco"))
    assert loaded.version == "v1.1.1"
    assert loaded.files[0].parts[-2] == "tabiya-v1.1.1"
    rows = {r["code"]: r for r in _rows(loaded.tables[0])}
    assert len(rows) == 3007
    assert rows["2511.4"]["label"] == "data scientist"


def test_crosswalk_mirror():
    loaded = load_crosswalk(shared_path("onet-esco-crosswalk"))
    assert loaded.version == "1 (Sep-22)"
    rows = loaded.tables[0].rows
    assert len(rows) == 4253
    assert (
        "15-2051.00",
        "Data Scientists",
        "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30",
        "data scientist",
        "exactMatch",
    ) in rows


# -- official layouts, built small ----------------------------------------------------------
def test_onet_text_release_layout_with_task_ratings(tmp_path):
    folder = tmp_path / "db_29_3_text"
    folder.mkdir()
    files = ONET_TEXT_FILES
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    loaded = load_onet(tmp_path)
    assert loaded.version == "29.3"  # from the db_29_3_text folder name
    tasks = _rows(_table(loaded, "onet_tasks"))
    assert [(t["task"], t["importance"], t["relevance"]) for t in tasks] == [
        ('Clean "messy" data.', 3.5, None),
        ("Build models.", 4.2, 90.0),
    ]
    assert _table(loaded, "onet_technology_skills").rows == [
        ("15-2051.00", "Python", 43232701, "Object software", 1, 1)
    ]


def test_onet_missing_file_names_the_file_and_fix(tmp_path):
    (tmp_path / "Occupation Data.txt").write_text("O*NET-SOC Code\tTitle\tDescription\n")
    with pytest.raises(
        InputError, match=r"onet reference file .*Task Statements\.txt.* missing.*pull onet"
    ):
        load_onet(tmp_path)


def test_onet_bad_code_names_line(tmp_path):
    folder = shared_path("onet-29.3")
    for path in folder.iterdir():
        (tmp_path / path.name).symlink_to(path)
    (tmp_path / "Job Zones.txt").unlink()
    (tmp_path / "Job Zones.txt").write_text(
        "O*NET-SOC Code\tTitle\tJob Zone\n15-2051\tData Scientists\t4\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"Job Zones\.txt.*'15-2051' on line 2"):
        load_onet(tmp_path)


_OEWS_HEADER = [
    "AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP",
    "OWN_CODE", "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000",
    "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT", "H_MEAN", "A_MEAN", "MEAN_PRSE", "H_PCT10",
    "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75",
    "A_PCT90", "ANNUAL", "HOURLY",
]  # fmt: skip


def _oews_row(area, title, area_type, state, naics, naics_title, group, occ, occ_title, *nums):
    return [area, title, area_type, state, naics, naics_title, group, "1235", occ, occ_title,
            "detailed", *nums]  # fmt: skip


def test_oews_official_workbooks(tmp_path):
    national = [
        _OEWS_HEADER,
        _oews_row(
            "99",
            "U.S.",
            1,
            "US",
            "000000",
            "Cross-industry",
            "cross-industry",
            "15-2051",
            "Data Scientists",
            245900,
            1.1,
            "",
            "",
            "",
            "",
            60.96,
            126800,
            0.7,
            32.33,
            41.18,
            57.80,
            76.39,
            95.74,
            67240,
            85660,
            120230,
            158880,
            199130,
            "",
            "",
        ),  # fmt: skip
        _oews_row(
            "99",
            "U.S.",
            1,
            "US",
            "000000",
            "Cross-industry",
            "cross-industry",
            "11-1011",
            "Chief Executives",
            211230,
            0.8,
            "",
            "",
            "",
            "",
            124.47,
            258900,
            0.5,
            36.39,
            62.28,
            99.0,
            "#",
            "#",
            75700,
            129540,
            206420,
            "#",
            "#",
            "",
            "",
        ),  # fmt: skip
    ]
    state = [
        _OEWS_HEADER,
        _oews_row(
            "6",
            "California",
            2,
            "CA",
            "000000",
            "Cross-industry",
            "cross-industry",
            "25-1021",
            "Computer Science Teachers, Postsecondary",
            "**",
            "**",
            "",
            "",
            "",
            "",
            "*",
            120000,
            1.0,
            "*",
            "*",
            "*",
            "*",
            "*",
            60000,
            80000,
            110000,
            150000,
            190000,
            "TRUE",
            "",
        ),  # fmt: skip
    ]
    industry = [
        _OEWS_HEADER,
        _oews_row(
            "99",
            "U.S.",
            1,
            "US",
            "541000",
            "Professional Services",
            "3-digit",
            "15-2051",
            "Data Scientists",
            69730,
            2.0,
            "",
            "",
            "",
            "",
            62.0,
            130900,
            1.0,
            33,
            42,
            60.93,
            78,
            97,
            68000,
            87000,
            126730,
            162000,
            202000,
            "",
            "",
        ),  # fmt: skip
    ]
    folder = tmp_path / "oesm25nat"
    folder.mkdir()
    (folder / "national_M2025_dl.xlsx").write_bytes(xlsx_bytes({"national": national}))
    (tmp_path / "state_M2025_dl.xlsx").write_bytes(xlsx_bytes({"state": state}))
    (tmp_path / "nat3d_M2025_dl.xlsx").write_bytes(xlsx_bytes({"nat3d": industry}))
    (tmp_path / "field_descriptions.xlsx").write_bytes(
        xlsx_bytes(
            {
                "notes": [
                    ["Notes:"],
                    [
                        "#  = indicates a wage equal to or greater than $125.00 per hour or "
                        "$260,000 per year"
                    ],
                ]
            }  # fmt: skip
        )
    )
    loaded = load_oews(tmp_path)
    assert loaded.version == "May 2025"
    rows = {(r["occ_code"], r["area_code"], r["industry_code"]): r for r in _rows(loaded.tables[0])}
    ds = rows[("15-2051", "0000000", "000000")]
    assert (ds["area_type"], ds["a_median"], ds["flags"]) == ("N", 120230.0, None)
    ceo = rows[("11-1011", "0000000", "000000")]
    assert json.loads(ceo["flags"]) == {
        "a_pct75": "#", "a_pct90": "#", "h_pct75": "#", "h_pct90": "#",
    }  # fmt: skip
    assert ceo["a_pct75"] is None and ceo["a_median"] == 206420.0
    teacher = rows[("25-1021", "0600000", "000000")]
    assert teacher["state_code"] == "06" and teacher["area_type"] == "S"
    assert teacher["tot_emp"] is None
    assert json.loads(teacher["flags"])["tot_emp"] == "**"
    assert json.loads(teacher["flags"])["h_median"] == "*"
    assert rows[("15-2051", "0000000", "541000")]["industry_level"] == "naics3"
    footnotes = dict(loaded.tables[1].rows)
    assert footnotes["#"] == (
        "indicates a wage equal to or greater than $125.00 per hour or $260,000 per year"
    )


def test_oews_bad_value_names_file_column_and_line(tmp_path):
    with gzip.open(shared_path("bls-oews-2025") / "oews_may2025_state.csv.gz", "rt") as fh:
        rows = [row for _, row in zip(range(5), csv.reader(fh), strict=False)]
    rows[3][8] = "12x"
    with (tmp_path / "oews_may2025_state.csv").open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    with pytest.raises(
        InputError, match=r"oews_may2025_state\.csv.*'12x' in column 'tot_emp' on line 4"
    ):
        load_oews(tmp_path)


@pytest.mark.parametrize(
    ("flags", "notes", "expected"),
    [
        # footnote 4: a whole side is not published
        ({c: "-" for c in ("h_mean", "h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90")},
         {"4"}, "*"),
        # footnote 8: employment not released
        ({"tot_emp": "-", "emp_prse": "-"}, {"8"}, "**"),
        # footnote 5: top-coded
        ({"a_pct90": "-", "h_pct90": "-"}, {"5"}, "#"),
    ],
)  # fmt: skip
def test_mirror_dashes_become_official_markers(flags, notes, expected):
    assert set(_mirror_flags(flags, notes).values()) == {expected}


def test_mirror_dashes_with_both_4_and_5():
    hourly = {c: "-" for c in ("h_mean", "h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90")}
    out = _mirror_flags({**hourly, "a_pct90": "-"}, {"4", "5"})
    assert out["h_median"] == "*" and out["a_pct90"] == "#"


def test_industry_levels_partition_employment():
    assert industry_level("99-100") == "sector"
    assert industry_level("999001") == "ownership"


def test_projections_official_table_1_2(tmp_path):
    sheet = [
        ["Table 1.2 Occupational projections, 2024–34, and worker characteristics"],
        [
            "2024 National Employment Matrix title",
            "2024 National Employment Matrix code",
            "Occupation type",
            "Employment, 2024",
            "Employment, 2034",
            "Employment change, numeric, 2024–34",
            "Employment change, percent, 2024–34",
            "Percent self employed, 2024",
            "Occupational openings, 2024–34 annual average",
            "Median annual wage, dollars, 2024[1]",
            "Typical education needed for entry",
            "Work experience in a related occupation",
            "Typical on-the-job training needed to attain competency in the occupation",
        ],
        [
            "Total, all occupations",
            "00-0000",
            "Summary",
            170000,
            175000,
            5000,
            3.1,
            6,
            18000,
            49500,
            "—",
            "—",
            "—",
        ],  # fmt: skip
        [
            "Data scientists",
            "15-2051",
            "Line item",
            245.9,
            328.3,
            82.5,
            33.5,
            3.2,
            23.4,
            112590,
            "Bachelor's degree",
            "None",
            "None",
        ],  # fmt: skip
        [
            "Chief executives",
            "11-1011",
            "Line item",
            309.4,
            322.7,
            13.3,
            4.3,
            20,
            22.2,
            ">=239,200",
            "Bachelor's degree",
            "5 years or more",
            "None",
        ],  # fmt: skip
        ["[1] Data are from the Occupational Employment and Wage Statistics program."],
    ]
    (tmp_path / "occupation.xlsx").write_bytes(
        xlsx_bytes({"Table 1.1": [["other"]], "Table 1.2": sheet})
    )
    loaded = load_projections(tmp_path)
    assert loaded.version == "2024-2034"
    rows = {r["soc"]: r for r in _rows(loaded.tables[0])}
    assert set(rows) == {"15-2051", "11-1011"}
    assert rows["15-2051"]["openings"] == 23.4
    assert (rows["11-1011"]["median_wage"], rows["11-1011"]["median_wage_top_coded"]) == (
        239200.0,
        1,
    )
    assert rows["11-1011"]["work_experience"] == "5 years or more"


def test_projections_without_table_is_an_input_error(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"projections .*no projections table.*read notes\.csv"):
        load_projections(tmp_path)


def test_aijobs_bad_number(tmp_path):
    (tmp_path / "salaries.csv").write_text(
        "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
        "salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
        "2024,SE,FT,Data Scientist,100000,USD,lots,US,0,US,M\n",
        encoding="utf-8",
    )
    with pytest.raises(
        InputError, match=r"salaries\.csv.*'lots' in column 'salary_in_usd' on line 2"
    ):
        load_aijobs(tmp_path)


def test_truncated_gzip_is_an_input_error(tmp_path):
    data = (shared_path("aijobs-salaries") / "salaries_2025-01-19.csv.gz").read_bytes()
    (tmp_path / "salaries_2025-01-19.csv.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(
        InputError, match=r"aijobs reference file .*not a complete archive.*pull aijobs"
    ):
        load_aijobs(tmp_path)


def test_esco_official_csv_and_crosswalk_header_search(tmp_path):
    (tmp_path / "occupations_en.csv").write_text(
        "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,description,code\n"
        'Occupation,http://data.europa.eu/esco/occupation/x1,2511,data scientist,"data miner\n'
        'data wrangler",Analyses data.,2511.4\n',
        encoding="utf-8",
    )
    loaded = load_esco(tmp_path)
    assert loaded.tables[0].rows == [
        (
            "http://data.europa.eu/esco/occupation/x1",
            "2511.4",
            "2511",
            "data scientist",
            "data miner\ndata wrangler",
            "Analyses data.",
        )
    ]
    (tmp_path / "crosswalk.csv").write_text(
        "Mapping project version,2,,\nMapping project version date,Aug-23,,\n,,,\n"
        "O*NET Id,O*NET Title,ESCO or ISCO URI,ESCO or ISCO Title,Type of Match\n"
        "15-2051.00,Data Scientists,http://data.europa.eu/esco/occupation/x1,data scientist,"
        "exactMatch\n",
        encoding="utf-8",
    )
    cross = load_crosswalk(tmp_path)
    assert cross.version == "2 (Aug-23)"
    assert cross.tables[0].rows[0][-1] == "exactMatch"


def test_xlsx_reader_reads_shared_strings_and_gaps(tmp_path):
    book = tmp_path / "b.xlsx"
    rows = [[], ["", "", "alpha", "", "beta"], [], ["", "", "", 2.5, 155495730, "be ta"]]
    book.write_bytes(xlsx_bytes({"S": rows, "T": [["x"]]}, shared_strings=True))
    # rows and columns keep their sheet positions even though the data starts at C2
    assert list(_xlsx.iter_rows(book, "S")) == [
        [],
        ["", "", "alpha", "", "beta"],
        [],
        ["", "", "", "2.5", "155495730", "be ta"],
    ]
    assert list(_xlsx.iter_rows(book)) == list(_xlsx.iter_rows(book, "S"))
    assert _xlsx.sheet_names(book) == ["S", "T"]
    with pytest.raises(KeyError, match="U"):
        list(_xlsx.iter_rows(book, "U"))


def test_xlsx_cell_texts_read_back_as_the_same_numbers():
    for value in (0.1, 33.54, 1e-7, 69770.0, 1579.8, -2.25, 1e20):
        assert float(_xlsx.cell_text(value)) == value
    assert _xlsx.cell_text(12.0) == "12"


def test_not_a_workbook_is_an_input_error(tmp_path):
    (tmp_path / "occupation.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"occupation\.xlsx.*not .*(archive|workbook)"):
        load_projections(tmp_path)


# -- workbooks read with python-calamine give the tables of the mirror's CSV files ------------
def _excel_value(text: str) -> object:
    """A CSV cell as Excel stores it: numbers as numbers, everything else as text."""
    plain = text.replace(",", "")
    try:
        number = float(plain)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in plain else number


def _csv_rows(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_projections_workbook_gives_the_csv_table(tmp_path):
    source = shared_path("bls-employment-projections") / "employment_projections_2024_2034.csv"
    header, *body = _csv_rows(source)
    sheet = [
        ["Table 1.2 Employment by detailed occupation, 2024 and projected 2034"],
        header,
        *[[_excel_value(c) for c in row] for row in body],
        ["Note: data are from the BLS Employment Projections program."],
    ]
    book = tmp_path / "xlsx"
    book.mkdir()
    (book / "occupation.xlsx").write_bytes(
        xlsx_bytes({"Table 1.1": [["other"]], "Table 1.2": sheet}, shared_strings=True)
    )
    from_csv, from_book = load_projections(source.parent), load_projections(book)
    assert from_book.version == from_csv.version == "2024-2034"
    assert from_book.tables[0].columns == from_csv.tables[0].columns
    assert from_book.tables[0].rows == from_csv.tables[0].rows
    assert len(from_book.tables[0].rows) > 800


_OFFICIAL = {
    "area_code": "AREA", "area_name": "AREA_TITLE", "area_type": "AREA_TYPE",
    "state_code": "PRIM_STATE", "industry_code": "NAICS", "industry_name": "NAICS_TITLE",
    "occ_code": "OCC_CODE", "occ_title": "OCC_TITLE",
}  # fmt: skip


def test_oews_workbook_gives_the_csv_values(tmp_path):
    source = shared_path("bls-oews-2025") / "oews_may2025_national_crossindustry.csv"
    header, *body = _csv_rows(source)
    keep = [i for i, name in enumerate(header) if name != "footnotes"]
    names = [_OFFICIAL.get(header[i], header[i].upper()) for i in keep]
    sheet = [names, *[[_excel_value(row[i]) for i in keep] for row in body]]
    (tmp_path / "national_M2025_dl.xlsx").write_bytes(
        xlsx_bytes({"national": sheet}, shared_strings=True)
    )
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / source.name).write_bytes(source.read_bytes())

    def values(loaded):
        table = loaded.tables[0]
        skip = {"notes", "industry_level", "occ_group", "state_code", "area_name"}
        cols = [c for c in table.columns if c not in skip]
        return {
            (r["area_code"], r["industry_code"], r["occ_code"]): tuple(r[c] for c in cols)
            for r in _rows(table)
        }

    from_book, from_csv = values(load_oews(tmp_path)), values(load_oews(mirror))
    assert len(from_book) == len(body) > 1000
    assert from_book == from_csv
