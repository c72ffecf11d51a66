"""Tests for roleatlas.sources.jsonl."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from roleatlas.errors import InputError, RecordError
from roleatlas.limits import Limits
from roleatlas.records import RawPosting
from roleatlas.sources import read_postings
from roleatlas.sources._io import Line, LongLine, iter_lines
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


# --- issue 9: hostile input ---------------------------------------------------------------


def test_a_line_nested_100000_deep_is_a_record_error_and_the_others_are_read(
    tmp_path: Path,
) -> None:
    depth = 100_000
    deep = '{"source":"d","id":"1","extra":' + "[" * depth + "]" * depth + "}"
    good = [json.dumps({**GOOD, "id": f"gd-{i}"}) for i in range(9)]
    path = write_lines(tmp_path / "deep.jsonl", [*good[:4], deep, *good[4:]])
    for items in (list(read_jsonl(path)), list(read_postings(path))):
        assert [type(i) for i in items] == [RawPosting] * 4 + [RecordError] + [RawPosting] * 5
        error = items[4]
        assert isinstance(error, RecordError) and error.origin == f"{path}:5"
        assert "nested too deeply" in error.reason
        assert items[5].origin == f"{path}:6"


def test_lone_surrogate_escapes_do_not_crash_the_reader(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "s.jsonl",
        [
            '{"source":"s","id":"1","title":"Data \\ud800 Scientist"}',
            '{"source":"s","id":["\\udfff", 1]}',
            json.dumps(GOOD),
        ],
    )
    posting, error, good = list(read_jsonl(path))
    assert isinstance(posting, RawPosting) and posting.title == "Data \ud800 Scientist"
    assert isinstance(error, RecordError)
    str(error).encode("utf-8")  # the message is printable: the surrogate is escaped
    assert "\\udfff" in error.reason
    assert isinstance(good, RawPosting)


def test_a_gzip_bomb_of_blank_lines_is_read_with_the_right_line_numbers(tmp_path: Path) -> None:
    # 20 MB of line breaks (the bomb had 200 MB) between two postings.
    blank = 20_000_000
    body = json.dumps(GOOD) + "\n" + "\n" * blank + " \t\r\n" + json.dumps(GOOD) + "\n"
    path = tmp_path / "blank.jsonl.gz"
    path.write_bytes(gzip.compress(body.encode(), 9))
    first, last = list(read_jsonl(path))
    assert first.origin == f"{path}:1"
    assert last.origin == f"{path}:{blank + 3}"


def test_a_line_longer_than_the_bound_is_skipped_without_being_held(tmp_path: Path) -> None:
    limits = Limits(max_record_bytes=1 << 10)
    long = json.dumps({**GOOD, "description": "x" * 50_000})
    path = write_lines(tmp_path / "long.jsonl", [json.dumps(GOOD), long, json.dumps(GOOD)])
    first, error, last = list(read_jsonl(path, limits=limits))
    assert isinstance(first, RawPosting) and isinstance(last, RawPosting)
    assert last.origin == f"{path}:3"
    assert isinstance(error, RecordError) and error.origin == f"{path}:2"
    assert "larger than 1 KiB (ROLEATLAS_MAX_RECORD_BYTES)" in error.reason
    assert "raise ROLEATLAS_MAX_RECORD_BYTES" in error.reason


def test_the_long_line_is_never_joined_in_memory(tmp_path: Path) -> None:
    # iter_lines reads 1 MiB chunks and keeps at most max_record_bytes of a line: the pieces
    # it holds of a 3 MiB line never add up to more than the bound.
    limits = Limits(max_record_bytes=1 << 10)
    stream = io.BytesIO(b"x" * (3 << 20) + b"\n{}\n")
    items = list(iter_lines(stream, tmp_path / "x", limits))
    assert items == [LongLine(1, 3 << 20, 0), Line(2, b"{}\n")]


def test_a_file_past_max_file_bytes_raises_naming_the_setting(tmp_path: Path) -> None:
    limits = Limits(max_file_bytes=3 << 20)
    line = json.dumps(GOOD) + "\n"
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress((line * ((4 << 20) // len(line))).encode()))
    items = read_jsonl(path, limits=limits)
    first = next(items)
    assert isinstance(first, RawPosting)
    with pytest.raises(InputError, match=r"larger than 3 MiB .*ROLEATLAS_MAX_FILE_BYTES"):
        list(items)
