"""Tests for roleatlas.sources: format detection and the read_postings dispatcher."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

import roleatlas.sources
from roleatlas.errors import InputError, RecordError, UnknownFormatError
from roleatlas.records import RawPosting
from roleatlas.sources import FORMATS, detect_format, read_postings

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

JSONL = '{"source": "demo", "id": "1", "title": "Data Engineer"}\n'
CSV = "title,company\nData Engineer,Acme\n"
LISTING = "Data Engineer\n@ murmuration | Remote\nFull Time Mid-level / Intermediate USD 100K\n"
HTML = (
    '<html><script type="application/ld+json">{"@type": "JobPosting", "title": "Data Engineer"}'
    "</script></html>"
)
GREENHOUSE = json.dumps(
    {"jobs": [{"id": 1, "title": "Data Engineer", "absolute_url": "https://x/1"}]}, indent=1
)
LEVER = json.dumps([{"id": "a", "text": "Data Engineer", "categories": {}}], indent=1)
ASHBY = json.dumps({"jobs": [{"id": "a", "title": "Data Engineer", "isRemote": False}]})
JSONLD = json.dumps({"@context": "https://schema.org", "@type": "JobPosting", "title": "X"})

# (file name, content, format)
SHAPES = [
    ("postings.jsonl", JSONL, "jsonl"),
    ("jobs.csv", CSV, "csv"),
    ("board.txt", LISTING, "listing"),
    ("job.html", HTML, "jsonld"),
    ("extracted.json", JSONLD, "jsonld"),
    ("vercel.json", GREENHOUSE, "greenhouse"),
    ("spotify.json", LEVER, "lever"),
    ("linear.json", ASHBY, "ashby"),
]


def test_formats_are_the_eight_names() -> None:
    assert list(FORMATS) == [
        "jsonl", "csv", "listing", "jsonld", "greenhouse", "lever", "ashby", "parquet"
    ]  # fmt: skip
    assert all(FORMATS.values())


def test_exported_members() -> None:
    assert sorted(roleatlas.sources.__all__) == [
        "FORMATS",
        "detect_format",
        "parse_listing_text",
        "read_postings",
    ]


@pytest.mark.parametrize(("name", "content", "expected"), SHAPES)
def test_detects_each_shape_plain_and_gzipped(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    plain = tmp_path / name
    plain.write_text(content, encoding="utf-8")
    assert detect_format(plain) == expected
    packed = tmp_path / f"{name}.gz"
    packed.write_bytes(gzip.compress(content.encode("utf-8")))
    assert detect_format(packed) == expected
    # Content wins over a misleading name, for the JSON shapes.
    if expected not in ("csv", "listing"):
        renamed = tmp_path / "download.dat"
        renamed.write_text(content, encoding="utf-8")
        assert detect_format(renamed) == expected
    items = list(read_postings(packed))
    assert items and all(isinstance(i, RawPosting) for i in items), items
    first = items[0]
    assert isinstance(first, RawPosting)
    assert first.title == ("X" if name == "extracted.json" else "Data Engineer")


def test_single_line_greenhouse_is_not_mistaken_for_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "vercel.jsonl"
    path.write_text(json.dumps(json.loads(GREENHOUSE)))
    assert detect_format(path) == "greenhouse"


def test_undetectable_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.dat"
    path.write_text("just a note\n")
    with pytest.raises(UnknownFormatError) as info:
        detect_format(path)
    message = str(info.value)
    assert "Cannot detect the format of" in message and "notes.dat" in message
    assert "--format" in message and "Got a file starting with 'just a note' instead" in message
    empty = tmp_path / "empty.dat"
    empty.write_text("")
    with pytest.raises(UnknownFormatError, match="Got an empty file instead"):
        detect_format(empty)
    shapeless = tmp_path / "data.json"
    shapeless.write_text('{"foo": 1}')
    with pytest.raises(UnknownFormatError):
        detect_format(shapeless)


def test_empty_jsonl_reads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    assert list(read_postings(path)) == []


@pytest.mark.parametrize(
    ("name", "content", "wrong", "message"),
    [
        ("postings.jsonl", JSONL, "csv", "does not hold csv input: its content is jsonl"),
        ("vercel.json", GREENHOUSE, "lever", "Pass --format greenhouse"),
        ("spotify.json", LEVER, "ashby", "its content is lever"),
        ("jobs.csv", CSV, "jsonl", "is not JSON, it looks like csv input"),
        ("board.txt", LISTING, "greenhouse", "so it cannot be read as greenhouse"),
        ("jobs.csv", CSV, "xlsx", "must be one of: jsonl, csv, listing"),
    ],
)
def test_wrong_format_gives_a_clear_error(
    tmp_path: Path, name: str, content: str, wrong: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(UnknownFormatError, match=message):
        read_postings(path, wrong)


def test_explicit_format_is_used_when_content_allows_it(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(CSV)
    assert [i.company for i in read_postings(path, "CSV")] == ["Acme"]  # type: ignore[union-attr]


def test_csv_mapping_only_for_csv(tmp_path: Path) -> None:
    path = tmp_path / "postings.jsonl"
    path.write_text(JSONL)
    with pytest.raises(InputError, match="CSV column mapping was given"):
        read_postings(path, csv_mapping={"title": "Job"})


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_postings(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match="is not a file"):
        read_postings(tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        detect_format(tmp_path / "missing.jsonl")


def test_unreadable_gzip_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "postings.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage-that-is-not-deflate")
    with pytest.raises(InputError, match="is not a readable gzip file"):
        list(read_postings(path, "jsonl"))


def test_record_errors_are_yielded_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "postings.jsonl"
    path.write_text(JSONL + "{broken\n" + JSONL)
    items = list(read_postings(path))
    assert [type(i) for i in items] == [RawPosting, RecordError, RawPosting]
    assert [i.origin for i in items] == [f"{path}:1", f"{path}:2", f"{path}:3"]


def test_str_paths_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "postings.jsonl"
    path.write_text(JSONL)
    assert len(list(read_postings(str(path)))) == 1


def test_shared_files_are_detected() -> None:
    expected = {
        "postings-glassdoor/postings.jsonl.gz": "jsonl",
        "postings-glassdoor/raw/kenjee-ds__glassdoor_jobs.csv.gz": "csv",
        "postings-google-careers/raw/job_skills_semicolon.csv.gz": "csv",
        "ats-fixtures/hunt/greenhouse_vercel_jobs.json": "greenhouse",
        "ats-fixtures/hunt/lever_spotify_postings.json": "lever",
        "ats-fixtures/hunt/ashby_linear_jobs.json": "ashby",
        "ats-fixtures/schemaorg-jsonld/jobposting_examples.txt": "jsonld",
        "ats-fixtures/schemaorg-jsonld/jobposting_jsonld_extracted.json": "jsonld",
    }
    present = {name: fmt for name, fmt in expected.items() if (SHARED / name).exists()}
    if not present:
        pytest.skip(f"no shared data under {SHARED}")
    assert {name: detect_format(SHARED / name) for name in present} == present


def test_csv_with_html_cells_stays_csv(tmp_path: Path) -> None:
    path = tmp_path / "pages.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([["title", "html"], ["Data Engineer", HTML]])
    assert detect_format(path) == "csv"
    [posting] = list(read_postings(path, "csv"))
    assert isinstance(posting, RawPosting) and posting.title == "Data Engineer"
