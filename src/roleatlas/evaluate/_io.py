"""Reading the labelled data sets of the evaluations."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError

__all__ = ["family_rows", "read_jsonl_rows", "read_label_lines"]


def read_jsonl_rows(path: Path, *, like: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` of each line of a gzipped JSON Lines file of postings.

    Raises
    ------
    EvaluationError
        If the file cannot be read, or a line is not a JSON object; ``like`` names a data
        set laid out as expected, for the message.
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line_no, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvaluationError(
                        f"Line {line_no} of {path} is not valid JSON ({exc.msg}). The file "
                        "must be gzipped JSON Lines, one posting per line."
                    ) from exc
                if not isinstance(row, dict):
                    raise EvaluationError(
                        f"Line {line_no} of {path} is a JSON {type(row).__name__}, not an "
                        "object. The file must hold one posting object per line."
                    )
                yield line_no, row
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise EvaluationError(
            f"{path} cannot be read as gzipped JSON Lines ({exc}). Check that it is a "
            f".jsonl.gz file, as in {like}."
        ) from exc


def family_rows(
    shared: Path, families: Iterable[str], folders: Mapping[str, str], *, option: str = "--data"
) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    """``(file, line number, object)`` of every posting of the ``families`` folders of
    ``shared`` (``folders`` maps a family to its folder, e.g. ``postings-glassdoor``).

    Raises
    ------
    EvaluationError
        If a family is unknown or its file is missing (naming ``option``, the command-line
        option that gives ``shared``) or cannot be read.
    """
    for family in sorted(set(families)):
        folder = folders.get(family)
        if folder is None:
            raise EvaluationError(
                f"Unknown source family {family!r}. Choose one of: {', '.join(folders)}."
            )
        path = shared / folder / "postings.jsonl.gz"
        if not path.is_file():
            raise EvaluationError(
                f"{path} does not exist. Pass {option} the folder that holds the postings-* "
                "data sets (../shared/data)."
            )
        for line_no, row in read_jsonl_rows(path, like=f"../shared/data/{folder}"):
            yield path, line_no, row


def read_label_lines(path: Path, *, hint: str) -> Iterator[tuple[int, str, Any]]:
    """``(line number, line, value)`` of each non-blank line of a JSON Lines labels file.

    Raises
    ------
    EvaluationError
        If the file is missing (``hint`` is the file to pass with ``--labels``) or a line
        is not JSON.
    """
    if not path.is_file():
        raise EvaluationError(f"The labels file {path} does not exist. Pass --labels {hint}.")
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"Line {line_no} of {path} is not JSON ({exc.msg}).") from exc
        yield line_no, line, value
