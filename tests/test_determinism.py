"""A report is a function of its data: the same postings give byte-identical reports in
processes with different hash seeds (issue 11, item 7)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys

import pytest

from .conftest import shared_path

ROWS = 400


def _report(tmp_path, sample, seed: int, format: str) -> bytes:
    home = tmp_path / f"home-{seed}"
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "ROLEATLAS_HOME": str(home)}
    run = [sys.executable, "-m", "roleatlas"]
    subprocess.run(
        [*run, "ingest", str(sample), "--json"], env=env, check=True, capture_output=True
    )
    done = subprocess.run(
        [*run, "compare", "Data Scientist", "Data Analyst", "--format", format],
        env=env,
        check=True,
        capture_output=True,
    )
    return done.stdout


@pytest.mark.slow
def test_the_same_postings_give_the_same_report_in_any_process(tmp_path):
    source = shared_path("postings-glassdoor", "postings.jsonl.gz")
    sample = tmp_path / "sample.jsonl"
    with gzip.open(source, "rb") as fh:
        sample.write_bytes(b"".join(line for _, line in zip(range(ROWS), fh, strict=False)))
    for format in ("json", "md"):
        first = _report(tmp_path / format, sample, 1, format)
        second = _report(tmp_path / format, sample, 2, format)
        assert first and first == second, format
