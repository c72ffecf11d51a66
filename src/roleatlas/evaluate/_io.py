"""Reading the labelled data sets of the evaluations."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError

__all__ = ["read_jsonl_rows"]


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
