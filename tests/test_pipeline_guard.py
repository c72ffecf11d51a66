"""The record gate: text cleaned, source names checked, nesting bounded, descriptions cut."""

from __future__ import annotations

import doctest
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roleatlas.errors import RecordError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.pipeline import guard
from roleatlas.pipeline.guard import admit, check_source_name, clean_text
from roleatlas.records import RawPosting

TEXT_FIELDS = (
    "title", "company", "location", "description", "salary_text", "employment_type",
    "seniority", "posted_at", "url",
)  # fmt: skip
# What no admitted text may hold: C0 controls but tab, newline and CR, and lone surrogates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|[\ud800-\udfff]")


def test_doctests() -> None:
    assert doctest.testmod(guard, raise_on_error=False).failed == 0


def test_lone_surrogate_title_becomes_storable() -> None:
    raw = RawPosting("s", "1", title="Data \ud800 Scientist")
    with pytest.raises(UnicodeEncodeError):
        raw.content_hash()
    admitted = admit(raw)
    assert isinstance(admitted, RawPosting)
    assert admitted.title == "Data \ufffd Scientist"
    assert len(admitted.content_hash()) == 32


def test_control_characters_are_dropped_but_tab_newline_cr_kept() -> None:
    admitted = admit(RawPosting("s", "1", company="Acme\x1b[2J\x00 Inc", description="a\tb\nc\r"))
    assert isinstance(admitted, RawPosting)
    assert admitted.company == "Acme[2J Inc"
    assert admitted.description == "a\tb\nc\r"


def test_source_with_slash_is_rejected() -> None:
    error = admit(RawPosting("a/b", "1", title="Data Scientist", origin="jobs.jsonl:3"))
    assert isinstance(error, RecordError)
    assert error.origin == "jobs.jsonl:3"
    assert "'a/b'" in error.reason and "'a-b'" in error.reason


@pytest.mark.parametrize("name", ["greenhouse:acme", "adzuna-gb", "demo", "a.b_c+d@e", "A" * 100])
def test_good_source_names(name: str) -> None:
    assert check_source_name(name) is None


@pytest.mark.parametrize("name", ["", "a/b", "-lead", "a b", "a?b", "a#b", "A" * 101, "ü"])
def test_bad_source_names(name: str) -> None:
    assert check_source_name(name) is not None


@pytest.mark.parametrize("source_id", ["", "   ", "x" * 513])
def test_bad_ids_are_rejected(source_id: str) -> None:
    assert isinstance(admit(RawPosting("s", source_id, title="t")), RecordError)


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


def test_extra_nested_40_deep_is_rejected() -> None:
    error = admit(RawPosting("d", "1", title="t", extra={"deep": nested(40)}))
    assert isinstance(error, RecordError)
    assert str(DEFAULT_LIMITS.max_extra_depth) in error.reason


def test_extra_within_the_depth_limit_is_kept_and_cleaned() -> None:
    admitted = admit(RawPosting("d", "1", title="t", extra={"k\x00": [{"v": "a\ud800"}]}))
    assert isinstance(admitted, RawPosting)
    assert admitted.extra == {"k": [{"v": "a\ufffd"}]}
    admitted.content_hash()


def test_long_description_is_cut_and_flagged() -> None:
    limits = Limits()
    text = "x" * 200_001
    admitted = admit(RawPosting("s", "1", description=text), limits)
    assert isinstance(admitted, RawPosting)
    assert admitted.description == "x" * limits.max_description_chars
    assert admitted.extra["description_truncated_from"] == 200_001


def test_description_at_the_limit_is_not_flagged() -> None:
    limits = Limits(max_description_chars=10)
    admitted = admit(RawPosting("s", "1", description="y" * 10), limits)
    assert isinstance(admitted, RawPosting)
    assert admitted.description == "y" * 10
    assert "description_truncated_from" not in admitted.extra


def test_clean_text_keeps_clean_text_as_is() -> None:
    text = "Data Scientist – Zürich\n\tRemote"
    assert clean_text(text) is text


any_text = st.text(st.characters(exclude_categories=()), max_size=60)
maybe_text = st.one_of(st.none(), any_text)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), any_text),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(any_text, children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.one_of(st.sampled_from(("demo", "greenhouse:acme")), any_text),
    source_id=st.one_of(st.just("1"), any_text),
    fields=st.fixed_dictionaries({name: maybe_text for name in TEXT_FIELDS}),
    extra=st.dictionaries(any_text, json_values, max_size=3),
)
def test_admit_returns_a_storable_posting_or_a_record_error(
    source: str, source_id: str, fields: dict[str, str | None], extra: dict[str, Any]
) -> None:
    result = admit(RawPosting(source, source_id, extra=extra, **fields))
    if isinstance(result, RecordError):
        assert result.reason
        return
    assert isinstance(result, RawPosting)
    assert len(result.content_hash()) == 32
    for name in ("source", "source_id", *TEXT_FIELDS):
        value = getattr(result, name)
        assert value is None or FORBIDDEN.search(value) is None, name
    assert check_source_name(result.source) is None


def test_a_percent_encoded_board_name_is_read_decoded_and_kept():
    raw = admit(RawPosting("ashby-Forward%20Financing", "7", title="Data Scientist"))
    assert not isinstance(raw, RecordError)
    assert raw.source == "ashby-Forward-Financing"
    assert raw.extra["source_raw"] == "ashby-Forward%20Financing"
    # decoding that still leaves no usable name is a reject that names the fix
    bad = admit(RawPosting("%2F%2F", "7", title="x"))
    assert isinstance(bad, RecordError) and "Rename it" in bad.reason
