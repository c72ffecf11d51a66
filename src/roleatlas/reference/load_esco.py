"""Read ESCO occupations and the official ESCO–O*NET crosswalk.

ESCO occupations come in two shapes, both read into ``esco_occupations``:

* the official CSV download (``occupations_en.csv``: ``conceptUri``, ``preferredLabel``,
  ``altLabels``, ``description``, ``iscoGroup`` and, from v1.1 on, ``code``);
* the Tabiya export of the same release (``occupations.csv``: ``ORIGINURI``, ``CODE``,
  ``PREFERREDLABEL``, ``ALTLABELS``, ``DESCRIPTION``, ``ISCOGROUPCODE``).

When a folder holds several occupation files (the shared mirror has ESCO v1.0 official CSV
and v1.1.1 Tabiya), the one with ESCO codes and the highest version in its path wins.

The crosswalk (ESCO Secretariat and US DOL/ETA, v1, September 2022) is a CSV with metadata
lines before its header row ``O*NET Id, O*NET Title, … ESCO or ISCO URI, … Type of Match``;
the header row is found wherever it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from roleatlas.reference._io import Header, Loaded, Table, bad_file, missing_file, read_csv, reading

__all__ = ["load_crosswalk", "load_esco"]

_VERSION_RE = re.compile(r"v(\d+)\.(\d+)(?:\.(\d+))?", re.IGNORECASE)


def _version_key(path: Path) -> tuple[int, int, int]:
    match = _VERSION_RE.search(str(path))
    if not match:
        return (0, 0, 0)
    return tuple(int(g or 0) for g in match.groups())  # type: ignore[return-value]


def _header(path: Path, dataset: str) -> Header | None:
    with reading(dataset, path):
        for row in read_csv(path):
            return Header(row, dataset, path)
    return None


def _esco_candidates(directory: Path) -> list[tuple[Path, Header]]:
    found = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or not re.match(
            r"^occupations(_en)?\.csv(\.gz)?$", path.name, re.IGNORECASE
        ):
            continue
        header = _header(path, "esco")
        if header is not None and header.get("conceptUri", "ORIGINURI") is not None:
            found.append((path, header))
    # Prefer files with ESCO codes, then the highest version named in the path.
    found.sort(
        key=lambda item: (item[1].get("code") is not None, _version_key(item[0])), reverse=True
    )
    return found


def load_esco(directory: Path) -> Loaded:
    """Read ESCO occupations under ``directory``.

    Returns
    -------
    Loaded
        The ``esco_occupations`` table (``uri``, ``code``, ``isco_group``, ``label``,
        ``alt_labels`` newline-separated, ``description``); the version (``v1.1.1``) taken
        from the file's path.

    Raises
    ------
    InputError
        When no occupations file is found or it cannot be read.
    """
    candidates = _esco_candidates(directory)
    if not candidates:
        raise missing_file("esco", directory / "occupations_en.csv")
    path, header = candidates[0]
    table = Table(
        "esco_occupations", ("uri", "code", "isco_group", "label", "alt_labels", "description")
    )
    with reading("esco", path):
        uri_at = header.index("conceptUri", "ORIGINURI")
        label_at = header.index("preferredLabel", "PREFERREDLABEL")
        code_at = header.get("code")
        isco_at = header.get("iscoGroup", "ISCOGROUPCODE")
        alt_at = header.get("altLabels", "ALTLABELS")
        desc_at = header.get("description", "DESCRIPTION")
        type_at = header.get("conceptType", "OCCUPATIONTYPE")
        rows = read_csv(path)
        next(rows)
        for row in rows:
            if not row:
                continue
            kind = row[type_at].strip().lower() if type_at is not None else "occupation"
            if kind not in ("occupation", "escooccupation"):
                continue  # localised occupations of Tabiya exports
            table.rows.append(
                (
                    row[uri_at].strip(),
                    (row[code_at].strip() or None) if code_at is not None else None,
                    (row[isco_at].strip() or None) if isco_at is not None else None,
                    row[label_at].strip(),
                    (row[alt_at].strip() or None) if alt_at is not None else None,
                    (row[desc_at].strip() or None) if desc_at is not None else None,
                )
            )
    if not table.rows:
        raise bad_file("esco", path, "has no occupation rows")
    match = _VERSION_RE.search(str(path.relative_to(directory)))
    return Loaded(tables=[table], version=match.group(0) if match else None, files=[path])


def load_crosswalk(directory: Path) -> Loaded:
    """Read the official ESCO–O*NET crosswalk under ``directory``.

    Returns
    -------
    Loaded
        The ``esco_onet_crosswalk`` table (``onet_soc``, ``onet_title``, ``esco_uri``,
        ``esco_title``, ``match_type``); the version from the file's metadata lines
        (``"1 (Sep-22)"``).

    Raises
    ------
    InputError
        When no file has the crosswalk's header row, or it cannot be read.
    """
    paths = sorted(
        p
        for p in directory.rglob("*")
        if p.is_file() and re.search(r"\.csv(\.gz)?$", p.name, re.IGNORECASE)
    )
    for path in paths:
        table = Table(
            "esco_onet_crosswalk",
            ("onet_soc", "onet_title", "esco_uri", "esco_title", "match_type"),
        )
        meta: dict[str, str] = {}
        with reading("crosswalk", path):
            header: Header | None = None
            for line, row in enumerate(read_csv(path), start=1):
                if header is None:
                    if row and row[0].strip() == "O*NET Id":
                        header = Header(row, "crosswalk", path)
                        at = [
                            header.index(name)
                            for name in (
                                "O*NET Id",
                                "O*NET Title",
                                "ESCO or ISCO URI",
                                "ESCO or ISCO Title",
                                "Type of Match",
                            )
                        ]
                    elif len(row) >= 2 and row[0].strip():
                        meta[row[0].strip().lower()] = row[1].strip()
                    if line > 50 and header is None:
                        break
                    continue
                if not row or not row[at[0]].strip():
                    continue
                table.rows.append(tuple(row[i].strip() for i in at))
        if header is None:
            continue
        if not table.rows:
            raise bad_file("crosswalk", path, "has no rows after its header")
        version = meta.get("mapping project version")
        date = meta.get("mapping project version date")
        if version and date:
            version = f"{version} ({date})"
        return Loaded(tables=[table], version=version, files=[path])
    raise bad_file(
        "crosswalk",
        directory,
        "holds no ESCO–O*NET crosswalk CSV (a file with the header row 'O*NET Id, O*NET "
        "Title, O*NET Description, ESCO or ISCO URI, …, Type of Match')",
    )
