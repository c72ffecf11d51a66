"""Tests for roleatlas.sources.jsonl."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from roleatlas.errors import InputError, RecordError
from roleatlas.records import RawPosting
from roleatlas.sources import read_postings
from roleatlas.sources.jsonl import parse_jsonl_record, read_jsonl

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

GOOD = {
    "source": "glassdoor",
    "id": "gd-1",
    "title": "Data Scientist",
    "company": "Tecolote Research",
    "location": "Albuquerque, NM",
    "posted_at": None,
    "employment_type": None,
    "seniority": None,
    "salary_text": "$53K-$91K (Glassdoor est.)",
    "description": "Data Scientist\nLocation: Albuquerque, NM",
    "url": None,
    "extra": {"rating": "3.8"},
}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_reads_every_field(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "postings.jsonl", [json.dumps(GOOD)])
    [posting] = list(read_jsonl(path))
    assert posting == RawPosting(
        source="glassdoor",
        source_id="gd-1",
        title="Data Scientist",
        company="Tecolote Research",
        location="Albuquerque, NM",
        description="Data Scientist\nLocation: Albuquerque, NM",
        salary_text="$53K-$91K (Glassdoor est.)",
        extra={"rating": "3.8"},
        origin=f"{path}:1",
    )


def test_bad_json_on_line_3_is_a_record_error_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = [json.dumps({**GOOD, "id": f"gd-{n}"}) for n in range(1, 6)]
    lines[2] = '{"source": "glassdoor", "id": "gd-3", "title": "Data'
    path = write_lines(tmp_path / "postings.jsonl", lines)
    items = list(read_postings(path))
    assert [type(i) for i in items] == [RawPosting] * 2 + [RecordError] + [RawPosting] * 2
    error = items[2]
    assert isinstance(error, RecordError)
    assert error.origin is not None and error.origin.endswith(":3")
    assert error.origin == f"{path}:3"
    assert "not valid JSON" in str(error) and "Fix or remove the line" in str(error)
    assert [i.source_id for i in items if isinstance(i, RawPosting)] == [
        "gd-1",
        "gd-2",
        "gd-4",
        "gd-5",
    ]


def test_blank_lines_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "p.jsonl", [json.dumps(GOOD), "", "   ", json.dumps(GOOD)])
    assert [i.origin for i in read_jsonl(path)] == [f"{path}:1", f"{path}:4"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({**GOOD, "id": None}, "has no 'id'"),
        ({k: v for k, v in GOOD.items() if k != "id"}, "has no 'id'"),
        ({**GOOD, "id": ""}, "has no 'id'"),
        ({**GOOD, "id": ["x"]}, "must be a string or an integer. Got an array"),
        ({k: v for k, v in GOOD.items() if k != "source"}, "has no 'source'"),
        ({**GOOD, "source": 3}, "'source' must be a string. Got a number"),
        ({**GOOD, "title": {"en": "x"}}, "'title' field must be a string or null. Got an object"),
        ({**GOOD, "extra": "rating=3"}, "'extra' field must be a JSON object. Got a string"),
        ([GOOD], "Each line must be a JSON object"),
        ("text", "Each line must be a JSON object"),
    ],
)
def test_invalid_records(record: object, message: str) -> None:
    result = parse_jsonl_record(record, origin="f.jsonl:7")
    assert isinstance(result, RecordError)
    assert result.origin == "f.jsonl:7"
    assert message in result.reason


def test_source_argument_fills_in_a_missing_source(tmp_path: Path) -> None:
    without = {k: v for k, v in GOOD.items() if k != "source"}
    path = write_lines(tmp_path / "p.jsonl", [json.dumps(without), json.dumps(GOOD)])
    named = list(read_jsonl(path, source="mine"))
    assert [i.source for i in named] == ["mine", "glassdoor"]  # type: ignore[union-attr]
    first, second = list(read_jsonl(path))
    assert isinstance(first, RecordError) and "--source" in str(first)
    assert isinstance(second, RawPosting) and second.source == "glassdoor"


def test_numbers_become_text_and_unknown_keys_go_to_extra() -> None:
    posting = parse_jsonl_record(
        {"source": "s", "id": 12, "title": "Analyst", "salary_text": 50000, "rating": 4.1}
    )
    assert isinstance(posting, RawPosting)
    assert (posting.source_id, posting.salary_text) == ("12", "50000")
    assert posting.extra == {"rating": 4.1}
    alias = parse_jsonl_record({"source": "s", "source_id": "a-1"})
    assert isinstance(alias, RawPosting) and alias.source_id == "a-1"


def test_invalid_utf8_spoils_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    good = json.dumps(GOOD).encode()
    path.write_bytes(good + b"\n" + b'{"source": "s", "id": "\xff\xfe"}\n' + good + b"\n")
    assert [type(i) for i in read_jsonl(path)] == [RawPosting, RecordError, RawPosting]


def test_gzip_is_read_transparently_whatever_the_name(tmp_path: Path) -> None:
    data = gzip.compress((json.dumps(GOOD) + "\n").encode())
    for name in ("p.jsonl.gz", "p.jsonl"):
        path = tmp_path / name
        path.write_bytes(data)
        [posting] = list(read_postings(path))
        assert isinstance(posting, RawPosting) and posting.source_id == "gd-1"


def test_truncated_gzip_raises_input_error_naming_the_file(tmp_path: Path) -> None:
    data = gzip.compress(("\n".join([json.dumps(GOOD)] * 2000) + "\n").encode())
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"broken\.jsonl\.gz' is not a readable gzip file"):
        list(read_jsonl(path))


def test_missing_file_raises_before_iteration(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_jsonl(tmp_path / "nope.jsonl")


def test_all_shared_postings_read_without_rejects() -> None:
    files = sorted(SHARED.glob("postings-*/postings.jsonl.gz"))
    if not files:
        pytest.skip(f"no postings under {SHARED}")
    counts = {}
    for path in files:
        items = list(read_postings(path))
        assert all(isinstance(i, RawPosting) for i in items), path
        counts[path.parent.name] = len(items)
    expected = {
        "postings-adzuna-uk": 1250,
        "postings-glassdoor": 5346,
        "postings-google-careers": 1250,
        "postings-hn-whoishiring": 2764,
        "postings-nofluffjobs-pl": 1108,
    }
    assert {k: v for k, v in counts.items() if k in expected} == {
        k: v for k, v in expected.items() if k in counts
    }
