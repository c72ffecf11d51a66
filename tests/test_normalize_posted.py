"""Posted dates read from posting text (pipeline/normalize/posted.py)."""

from __future__ import annotations

import doctest

import pytest

from roleatlas.pipeline.normalize import posted as posted_module
from roleatlas.pipeline.normalize.posted import posted_from_text

# Forms copied from postings-glassdoor descriptions, and the examples.
DATED = [
    ("Posted 3 May 2024", "2024-05-03"),
    ("Date posted: 2024-05-03", "2024-05-03"),
    ("Date Posted: February 4, 2020", "2020-02-04"),
    ("date posted:Thursday, March 19, 2020", "2020-03-19"),
    ("Posted On: Wed Sep 16 2020 Job Description:", "2020-09-16"),
    ("Posted Date: Mar 24 2020", "2020-03-24"),
    ("Date posted 02 January, 2020", "2020-01-02"),
    ("Posting Date : 6/16/2020COMPANY DESCRIPTION", "2020-06-16"),
    ("_Opening Date:_ _2020-03-26_\n\n_Closing Date:_ _2020-04-05_", "2020-03-26"),
    ("DATE POSTED:\nJuly 5, 2023\nCLOSING DATE:", "2023-07-05"),
    ("Opening Date: 21/7/2023", "2023-07-21"),
    ("Posting Date: 7/17/23", "2023-07-17"),
    ("Date posted Jul. 30, 2020", "2020-07-30"),
]


@pytest.mark.parametrize(("text", "expected"), DATED)
def test_labelled_dates_are_read(text: str, expected: str) -> None:
    reading = posted_from_text(text)
    assert reading is not None
    assert reading.date == expected
    assert reading.rule == "text:date"


NOT_POSTED = [
    "Closing Date: 2020-04-05",
    "Start date: October 2021",
    "Deadline to apply: 2024-05-03",
    "Published research in top venues since 2019",
    "This job was originally posted as www.caterer.com/JobSeeking/Chef",
    "Posted Date: Feb 30 2020",  # no such day
    "Posted: 2099-01-01",  # after the day the page was read
]


@pytest.mark.parametrize("text", NOT_POSTED)
def test_other_dates_are_not_posted_dates(text: str) -> None:
    assert posted_from_text(text, reference="2026-01-31") is None


def test_relative_dates_need_the_day_the_page_was_read() -> None:
    assert posted_from_text("Posted 5 days ago") is None
    assert posted_from_text("Posted 5 days ago", reference="2024-05-08").date == "2024-05-03"
    assert posted_from_text("posted yesterday", reference="2024-05-08").date == "2024-05-07"
    assert posted_from_text("Posted 2 weeks ago", reference="2024-05-15").date == "2024-05-01"
    assert posted_from_text("Posted 30+ days ago", reference="2024-05-08") is None
    assert posted_from_text("Posted 5 days ago", reference="2024-05-08").rule == "text:relative"


def test_ambiguous_numeric_dates_follow_the_convention() -> None:
    assert posted_from_text("Posted: 5/6/2020").date == "2020-05-06"
    assert posted_from_text("Posted: 5/6/2020", day_first=True).date == "2020-06-05"
    assert posted_from_text("Posted: 5/6/2020").confidence < 0.8


def test_doctests() -> None:
    assert doctest.testmod(posted_module).failed == 0
