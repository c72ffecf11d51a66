"""Evaluate title → role matching: accuracy on a hand-labelled sample, and role coverage.

:func:`evaluate_titles` reads a tab-separated file with the columns ``title``, ``source``,
``ref``, ``expected_role_id`` (empty when the title is outside the catalog) and ``note``; lines that
start with ``#`` are comments. Every title is matched with
:func:`~roleatlas.pipeline.normalize.title.match_title` and compared with its label.

:func:`role_coverage` reports which share of the postings of one ``postings.jsonl.gz`` (or
``.jsonl``) get a role, overall and among the postings that have a title.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

from roleatlas.catalog import Catalog, load_catalog
from roleatlas.errors import EvaluationError
from roleatlas.pipeline.normalize.title import match_title

__all__ = ["evaluate_titles", "role_coverage"]

_COLUMNS = ("title", "source", "ref", "expected_role_id", "note")
_NONE = "(none)"

#: Folders of ../shared/data whose postings are for internal use only: the labelled sample
#: stores the posting id (``ref``) instead of the title, which is read from the folder.
REF_SOURCES = {
    "glassdoor": "postings-glassdoor",
    "hn-whoishiring": "postings-hn-whoishiring",
    "nofluffjobs-pl": "postings-nofluffjobs-pl",
    "adzuna-uk": "postings-adzuna-uk",
}


def _titles_by_id(postings_dir: Path, folder: str) -> dict[str, str]:
    path = postings_dir / folder / "postings.jsonl.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows = (json.loads(line) for line in handle if line.strip())
            return {str(r["id"]): str(r.get("title") or "") for r in rows}
    except (OSError, ValueError, KeyError) as exc:
        raise EvaluationError(
            f"Cannot read titles from {str(path)!r} ({exc}). Pass --postings with the folder "
            "that holds postings-*/postings.jsonl.gz (../shared/data)."
        ) from exc


def _read_sample(path: Path, postings_dir: Path | None) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(
            f"Cannot read the labelled titles {str(path)!r}: {exc.strerror}. Pass the path of a "
            f"TSV file with the columns {', '.join(_COLUMNS)}."
        ) from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames is None or tuple(reader.fieldnames[:5]) != _COLUMNS:
        raise EvaluationError(
            f"{str(path)!r} must start with the header {' '.join(_COLUMNS)} (tab-separated). "
            f"Got {reader.fieldnames!r} instead."
        )
    lookups: dict[str, dict[str, str]] = {}
    rows = []
    for number, row in enumerate(reader, start=2):
        title = (row.get("title") or "").strip()
        source = (row.get("source") or "").strip()
        ref = (row.get("ref") or "").strip()
        if not title and ref:
            if source not in REF_SOURCES:
                raise EvaluationError(
                    f"Row {number} of {str(path)!r} has a ref but source {source!r} is not one of "
                    f"{', '.join(REF_SOURCES)}. Give the title instead."
                )
            if postings_dir is None:
                raise EvaluationError(
                    f"Row {number} of {str(path)!r} refers to posting {ref!r} of {source!r}. "
                    "Pass the folder holding postings-*/ (../shared/data) to read its title."
                )
            if source not in lookups:
                lookups[source] = _titles_by_id(postings_dir, REF_SOURCES[source])
            title = lookups[source].get(ref, "").strip()
        if not title:
            raise EvaluationError(
                f"Row {number} of {str(path)!r} has no title (and no ref that resolves to one). "
                "Fill in the title or a valid ref."
            )
        rows.append(
            {
                "title": title,
                "source": source,
                "expected": (row.get("expected_role_id") or "").strip(),
            }
        )
    if not rows:
        raise EvaluationError(f"{str(path)!r} has a header but no labelled titles.")
    return rows


def evaluate_titles(
    path: Path | str, catalog: Catalog | None = None, postings_dir: Path | str | None = None
) -> dict[str, Any]:
    """Score :func:`~roleatlas.pipeline.normalize.title.match_title` on labelled titles.

    Parameters
    ----------
    path:
        A TSV file with the columns ``title``, ``source``, ``ref``, ``expected_role_id``,
        ``note``. Rows from internal-only data sets leave ``title`` empty and give the posting
        id in ``ref``; the title is then read from ``postings_dir``.
    catalog:
        The role catalog; the packaged one by default.
    postings_dir:
        The folder holding ``postings-*/postings.jsonl.gz`` (``../shared/data``).

    Returns
    -------
    dict
        ``n`` titles, ``correct``, ``accuracy``; ``with_role`` / ``without_role`` accuracy on
        the titles labelled with and without a role; ``per_role``: for each expected role
        (``"(none)"`` for no role) its ``n`` and ``correct``; ``per_source`` the same by
        source; ``confusions``: ``(title, expected, got)`` for every miss, with ``None``
        for no role.

    Raises
    ------
    EvaluationError
        If the file cannot be read, lacks the expected header, or names a role that is not in
        the catalog.
    """
    catalog = catalog if catalog is not None else load_catalog()
    path = Path(path)
    rows = _read_sample(path, Path(postings_dir) if postings_dir is not None else None)
    unknown = sorted(
        {r["expected"] for r in rows if r["expected"] and r["expected"] not in catalog}
    )
    if unknown:
        raise EvaluationError(
            f"{str(path)!r} labels titles with roles that are not in the catalog: "
            f"{', '.join(unknown)}. Fix the labels or add the roles to roles.toml."
        )
    per_role: dict[str, Counter[str]] = {}
    per_source: dict[str, Counter[str]] = {}
    confusions: list[tuple[str, str | None, str | None]] = []
    correct = 0
    with_role = Counter[str]()
    for row in rows:
        expected = row["expected"] or None
        got = match_title(row["title"], catalog).role
        hit = got == expected
        correct += hit
        for table, key in ((per_role, expected or _NONE), (per_source, row["source"])):
            counts = table.setdefault(key, Counter())
            counts["n"] += 1
            counts["correct"] += hit
        bucket = "with_role" if expected else "without_role"
        with_role[f"{bucket}_n"] += 1
        with_role[f"{bucket}_correct"] += hit
        if not hit:
            confusions.append((row["title"], expected, got))
    n = len(rows)

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    return {
        "path": str(path),
        "n": n,
        "correct": correct,
        "accuracy": share(correct, n),
        "with_role": {
            "n": with_role["with_role_n"],
            "accuracy": share(with_role["with_role_correct"], with_role["with_role_n"]),
        },
        "without_role": {
            "n": with_role["without_role_n"],
            "accuracy": share(with_role["without_role_correct"], with_role["without_role_n"]),
        },
        "per_role": {k: dict(v) for k, v in sorted(per_role.items())},
        "per_source": {k: dict(v) for k, v in sorted(per_source.items())},
        "confusions": confusions,
    }


def role_coverage(
    postings_path: Path | str, catalog: Catalog | None = None, top: int = 10
) -> dict[str, Any]:
    """Share of the postings of one ``postings.jsonl(.gz)`` whose title gets a role.

    Parameters
    ----------
    postings_path:
        A JSON-lines file (gzip-compressed when it ends in ``.gz``) with a ``title`` per row.
    catalog:
        The role catalog; the packaged one by default.
    top:
        How many roles, methods and unmatched titles to list.

    Returns
    -------
    dict
        ``n`` postings, ``n_titled`` with a non-empty title, ``n_matched`` with a role;
        ``share_matched`` (of all postings) and ``share_matched_titled`` (of titled ones);
        ``by_method``, ``top_roles`` and ``top_unmatched`` (most frequent titles without a
        role) as ``[value, count]`` lists.

    Raises
    ------
    EvaluationError
        If the file cannot be read or a line is not a JSON object.
    """
    catalog = catalog if catalog is not None else load_catalog()
    path = Path(postings_path)
    roles: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    unmatched: Counter[str] = Counter()
    n = n_titled = 0
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvaluationError(
                        f"Line {number} of {str(path)!r} is not JSON ({exc.msg}). Each line must "
                        "be one posting object."
                    ) from exc
                if not isinstance(record, dict):
                    raise EvaluationError(
                        f"Line {number} of {str(path)!r} must be a JSON object. Got "
                        f"{type(record).__name__}."
                    )
                n += 1
                title = record.get("title")
                if not isinstance(title, str) or not title.strip():
                    continue
                n_titled += 1
                match = match_title(title, catalog)
                methods[match.method] += 1
                if match.role is None:
                    unmatched[title.strip()] += 1
                else:
                    roles[match.role] += 1
    except OSError as exc:
        raise EvaluationError(
            f"Cannot read the postings file {str(path)!r}: {exc.strerror or exc}."
        ) from exc
    n_matched = sum(roles.values())
    return {
        "path": str(path),
        "n": n,
        "n_titled": n_titled,
        "n_matched": n_matched,
        "share_matched": round(n_matched / n, 4) if n else None,
        "share_matched_titled": round(n_matched / n_titled, 4) if n_titled else None,
        "by_method": [[k, v] for k, v in methods.most_common()],
        "top_roles": [[k, v] for k, v in roles.most_common(top)],
        "top_unmatched": [[k, v] for k, v in unmatched.most_common(top)],
    }
