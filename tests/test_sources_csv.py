"""Tests for roleatlas.sources.csv."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from roleatlas.errors import InputError, RecordError
from roleatlas.limits import Limits
from roleatlas.records import RawPosting
from roleatlas.sources import read_postings
from roleatlas.sources.csv import normalize_header, read_csv

GLASSDOOR = (
    ",Job Title,Salary Estimate,Job Description,Rating,Company Name,Location\n"
    '0,Data Scientist,$53K-$91K (Glassdoor est.),"Data Scientist\nLocation: Albuquerque, NM",'
    '3.8,Tecolote Research,"Albuquerque, NM"\n'
    "1,Healthcare Data Scientist,$63K-$112K (Glassdoor est.),What You Will Do,3.4,"
    'University of Maryland Medical System,"Linthicum, MD"\n'
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_glassdoor_headers_map_by_alias(tmp_path: Path) -> None:
    path = write(tmp_path / "glassdoor_jobs.csv", GLASSDOOR)
    first, second = list(read_csv(path))
    assert isinstance(first, RawPosting) and isinstance(second, RawPosting)
    assert (first.title, first.company, first.location, first.salary_text) == (
        "Data Scientist",
        "Tecolote Research",
        "Albuquerque, NM",
        "$53K-$91K (Glassdoor est.)",
    )
    assert first.description == "Data Scientist\nLocation: Albuquerque, NM"
    assert first.extra == {"column_1": "0", "Rating": "3.8"}
    assert first.source == "glassdoor_jobs"
    # The quoted description spans two lines, so the second row starts on line 4.
    assert (first.origin, second.origin) == (f"{path}:2", f"{path}:4")


def test_ids_are_a_stable_hash_of_the_row_when_there_is_no_id_column(tmp_path: Path) -> None:
    path = write(tmp_path / "jobs.csv", "title,company\nData Analyst,Acme\nData Analyst,Acme\n")
    one = [i.source_id for i in read_csv(path)]  # type: ignore[union-attr]
    assert one[0] == one[1]
    assert one[0].startswith("csv-") and len(one[0]) == 20
    assert [i.source_id for i in read_csv(path)] == one  # type: ignore[union-attr]
    write(path, "title,company\nData Analyst,Beta\n")
    assert next(read_csv(path)).source_id != one[0]  # type: ignore[union-attr]


def test_id_column_and_empty_id(tmp_path: Path) -> None:
    path = write(tmp_path / "jobs.csv", "job_id,title\n7,Data Analyst\n,ML Engineer\n")
    first, second = list(read_csv(path))
    assert isinstance(first, RawPosting) and first.source_id == "7"
    assert isinstance(second, RecordError) and second.origin == f"{path}:3"
    assert "The id column 'job_id' is empty" in str(second)


def test_explicit_mapping_and_source(tmp_path: Path) -> None:
    text = "Ref;Role Name;Org;Pay;Where\nA1;Data Engineer;Acme;EUR 60K;Berlin\n"
    path = write(tmp_path / "export.csv", text)
    mapping = {"id": "Ref", "title": "Role Name", "company": "Org", "salary_text": "Pay"}
    [posting] = list(read_postings(path, csv_mapping=mapping, source="acme-export"))
    assert posting == RawPosting(
        source="acme-export",
        source_id="A1",
        title="Data Engineer",
        company="Acme",
        salary_text="EUR 60K",
        extra={"Where": "Berlin"},
        origin=f"{path}:2",
    )


def test_source_column_wins_over_the_argument(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.csv", "source,id,title\nboard-a,1,X\n,1,Y\n")
    items = list(read_csv(path, source="fallback"))
    assert [(i.source, i.source_id) for i in items] == [  # type: ignore[union-attr]
        ("board-a", "1"),
        ("fallback", "1"),
    ]


def test_row_problems_are_record_errors(tmp_path: Path) -> None:
    text = "title,description,company\nA,,X\n,,Y\nB,desc,Z,extra cell\n\nC,,W\n"
    path = write(tmp_path / "jobs.csv", text)
    items = list(read_csv(path))
    assert [type(i) for i in items] == [RawPosting, RecordError, RecordError, RawPosting]
    assert items[1].origin == f"{path}:3" and "neither a title nor a description" in str(items[1])
    assert items[2].origin == f"{path}:4" and "has 4 cells but the header has 3" in str(items[2])
    assert items[3].origin == f"{path}:6"


def test_short_rows_are_padded(tmp_path: Path) -> None:
    path = write(tmp_path / "jobs.csv", "title,company,location\nData Analyst\n")
    [posting] = list(read_csv(path))
    assert isinstance(posting, RawPosting)
    assert (posting.title, posting.company, posting.location) == ("Data Analyst", None, None)


def test_semicolon_tab_bom_and_gzip(tmp_path: Path) -> None:
    semicolon = "\ufeffCompany;Title;Location\nGoogle;Cloud Program Manager;Singapore\n"
    path = tmp_path / "google.csv.gz"
    path.write_bytes(gzip.compress(semicolon.encode("utf-8")))
    [posting] = list(read_postings(path))
    assert isinstance(posting, RawPosting)
    assert (posting.company, posting.title, posting.location) == (
        "Google",
        "Cloud Program Manager",
        "Singapore",
    )
    assert posting.source == "google"
    tsv = write(tmp_path / "jobs.tsv", "title\tcompany\nData Analyst\tAcme, Inc.\n")
    [posting] = list(read_postings(tsv))
    assert isinstance(posting, RawPosting) and posting.company == "Acme, Inc."


@pytest.mark.parametrize(
    ("header", "mapping", "message"),
    [
        ("name,company\n", None, "Cannot find a title or description column"),
        ("title\n", {"title": "Job Name"}, "sends 'title' to column 'Job Name'"),
        ("title\n", {"salary": "title"}, "mapping key 'salary' is not a posting field"),
        ("title\n", {"title": ""}, "must name a column"),
        ("", None, "has no header line"),
    ],
)
def test_file_level_problems_raise(
    tmp_path: Path, header: str, mapping: dict[str, str] | None, message: str
) -> None:
    path = write(tmp_path / "jobs.csv", header)
    with pytest.raises(InputError, match=message):
        read_csv(path, mapping=mapping)


def test_a_row_that_is_not_utf8_is_a_record_error_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("title\nIngénieur données\nData Analyst\n".encode("latin-1"))
    bad, good = list(read_csv(path))
    assert isinstance(bad, RecordError) and bad.origin == f"{path}:2"
    assert "is not UTF-8 text" in bad.reason and "Re-save the file as UTF-8" in bad.reason
    assert isinstance(good, RawPosting) and good.title == "Data Analyst"


def test_a_header_that_is_not_utf8_raises(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("intitulé\nIngénieur données\n".encode("latin-1"))
    with pytest.raises(InputError, match="is not UTF-8 text"):
        read_csv(path)


def test_normalize_header() -> None:
    assert normalize_header("  Job Title ") == "job_title"
    assert normalize_header("usajobsControlNumber") == "usajobs_control_number"
    assert normalize_header("Type of ownership") == "type_of_ownership"


# --- issue 9: hostile input ---------------------------------------------------------------


def test_an_unterminated_quote_rejects_its_row_and_the_next_row_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "jobs.csv",
        'title,company,description\nData Scientist,Acme,"never closed\nData Analyst,Beta,SQL\n',
    )
    error, posting = list(read_csv(path))
    assert isinstance(error, RecordError) and error.origin == f"{path}:2"
    assert "opened on line 2 that is never closed" in error.reason
    assert "Close the quote" in error.reason
    assert isinstance(posting, RawPosting) and posting.origin == f"{path}:3"
    assert (posting.title, posting.company, posting.description) == ("Data Analyst", "Beta", "SQL")


def test_quoted_cells_over_several_lines_keep_blank_lines_and_line_numbers(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "jobs.csv",
        'title,description\n\nA,"one\n\n  \ntwo"\n\nB,"x"\n',
    )
    first, second = list(read_csv(path))
    assert isinstance(first, RawPosting) and first.description == "one\n\n  \ntwo"
    assert first.origin == f"{path}:3"
    assert isinstance(second, RawPosting) and second.origin == f"{path}:8"


def test_a_row_larger_than_the_bound_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    limits = Limits(max_record_bytes=1 << 10)
    big = '"' + "long line\n" * 500 + '"'
    path = write(tmp_path / "jobs.csv", f"title,description\nA,{big}\nB,short\n")
    error, posting = list(read_csv(path, limits=limits))
    assert isinstance(error, RecordError) and error.origin == f"{path}:2"
    assert "larger than 1 KiB (ROLEATLAS_MAX_RECORD_BYTES)" in error.reason
    assert isinstance(posting, RawPosting) and posting.title == "B"


def test_nul_bytes_ragged_rows_and_stray_carriage_returns_are_per_row(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_bytes(b"title,company\nA\x00B,Acme\nC,D,E\nF\rG,H\nI,J\n")
    items = list(read_csv(path))
    assert [type(i) for i in items] == [RawPosting, RecordError, RecordError, RawPosting]
    assert items[0].title == "A\x00B"  # the ingest guard cleans control characters
    assert [i.origin for i in items] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
