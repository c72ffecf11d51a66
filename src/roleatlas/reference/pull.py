"""Pull public reference data: download (or read a local mirror), checksum, parse, load.

:func:`pull` is what ``roleatlas data pull`` calls; :func:`status` is ``roleatlas data
status``. Over HTTP, each official file is streamed to
``<home>/reference/<name>/<version>/`` while its SHA-256 is computed, zip files are unpacked
next to it, the data set's loader parses the folder, and the store replaces the data set in
one transaction. With ``source_dir`` (``--from DIR``) the files are read in place from a
mirror laid out like ``../shared/data``; nothing is copied.

Every failure is an :class:`~roleatlas.errors.InputError` (a download or a file) or a
:class:`~roleatlas.errors.StoreError` (the write) that names the data set and the fix; a data
set that fails leaves its previously loaded version in place. Data sets are pulled in table
order and the first failure stops the pull; those loaded before it stay loaded.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleatlas import __version__
from roleatlas.errors import InputError
from roleatlas.reference._io import Loaded, bad_file
from roleatlas.reference.datasets import DATASETS, Dataset, Download, select_datasets
from roleatlas.store.reference import DatasetRecord, reference_datasets, replace_dataset
from roleatlas.store.sqlite import Store

if TYPE_CHECKING:  # httpx is needed only to download, not to read a mirror
    import httpx

__all__ = ["LoadResult", "Progress", "ProgressCallback", "pull", "status"]

_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress event of a pull.

    ``stage`` is ``download`` (``done``/``total`` bytes of ``file``; ``total`` is ``None``
    when the server does not say), ``unpack``, ``parse``, ``write`` or ``done``.
    """

    dataset: str
    stage: str
    file: str | None = None
    done: int = 0
    total: int | None = None


ProgressCallback = Callable[[Progress], None]


@dataclass(slots=True)
class LoadResult:
    """What one data set's pull did.

    ``source`` is the official URL(s) or the ``file://`` URL of the mirror folder;
    ``sha256`` as recorded (see :class:`~roleatlas.store.reference.DatasetRecord`);
    ``tables`` the rows per table; ``seconds`` the wall time of download/read, parse and
    write.
    """

    name: str
    title: str
    version: str
    source: str
    sha256: str
    rows: int
    tables: dict[str, int]
    files: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def _now() -> datetime:
    return datetime.now(UTC)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _combined(files: Sequence[dict[str, Any]]) -> str:
    """One checksum for several files: SHA-256 of their sorted ``sha256sum`` manifest."""
    if len(files) == 1:
        return str(files[0]["sha256"])
    manifest = "".join(
        f"{f['sha256']}  {f['name']}\n" for f in sorted(files, key=lambda f: f["name"])
    )
    return hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def _safe_name(version: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "-", version).strip("-") or "unversioned"


def _parse(dataset: Dataset, directory: Path) -> Loaded:
    try:
        return dataset.parser(directory)
    except (ValueError, LookupError) as exc:
        raise bad_file(dataset.name, directory, f"could not be parsed ({exc})") from exc


# -- mirror --------------------------------------------------------------------------------
def _mirror_folder(dataset: Dataset, source_dir: Path) -> Path:
    if not source_dir.is_dir():
        raise InputError(
            f"The mirror folder {str(source_dir)!r} does not exist. Pass --from a folder laid "
            "out like ../shared/data (onet-29.3/, bls-oews-2025/, …)."
        )
    folders = sorted(
        p
        for p in source_dir.iterdir()
        if p.is_dir() and any(fnmatch.fnmatch(p.name, pat) for pat in dataset.mirror)
    )
    if not folders:
        raise InputError(
            f"The mirror {str(source_dir)!r} has no folder for {dataset.name!r} (expected "
            f"{' or '.join(dataset.mirror)}). Add it, or pull {dataset.name!r} from "
            "the official source without --from."
        )
    return folders[-1]


def _from_mirror(
    dataset: Dataset, source_dir: Path, emit: ProgressCallback
) -> tuple[Loaded, DatasetRecord]:
    folder = _mirror_folder(dataset, source_dir)
    emit(Progress(dataset.name, "parse", str(folder)))
    loaded = _parse(dataset, folder)
    files = [
        {
            "name": path.relative_to(folder).as_posix(),
            "bytes": path.stat().st_size,
            "sha256": _sha256(path),
        }
        for path in loaded.files
    ]
    record = DatasetRecord(
        name=dataset.name,
        title=dataset.title,
        version=loaded.version or dataset.version or _now().date().isoformat(),
        url=folder.resolve().as_uri(),
        sha256=_combined(files),
        retrieved_at=_now().isoformat(timespec="seconds"),
        licence=dataset.licence,
        files=files,
    )
    return loaded, record


# -- HTTP ----------------------------------------------------------------------------------
def _default_client() -> httpx.Client:
    import httpx

    return httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(120.0, connect=30.0),
        headers={"User-Agent": f"roleatlas/{__version__} (reference data pull)"},
    )


def _download_failed(dataset: Dataset, url: str, problem: str) -> InputError:
    hint = ""
    if "bls.gov" in url and "403" in problem:
        hint = " bls.gov refuses requests from clients it cannot identify."
    return InputError(
        f"Downloading the {dataset.name} reference data from {url} failed: {problem}.{hint} "
        f"Check the network, or download it by hand from {dataset.homepage} into a folder "
        f"laid out like ../shared/data and run 'roleatlas data pull {dataset.name} --from DIR'."
    )


def _download(
    client: httpx.Client, dataset: Dataset, item: Download, dest: Path, emit: ProgressCallback
) -> dict[str, Any]:
    import httpx

    part = dest.with_name(dest.name + ".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with client.stream("GET", item.url) as response:
            if response.status_code != 200:
                raise _download_failed(dataset, item.url, f"HTTP {response.status_code}")
            length = response.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            with part.open("wb") as fh:
                for chunk in response.iter_bytes(_CHUNK):
                    fh.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    emit(Progress(dataset.name, "download", item.filename, size, total))
    except httpx.HTTPError as exc:
        part.unlink(missing_ok=True)
        raise _download_failed(dataset, item.url, f"{type(exc).__name__}: {exc}") from exc
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise InputError(
            f"Cannot write the {dataset.name} download to {str(part)!r}: {exc.strerror}. "
            "Pass --home with a writable directory with free space."
        ) from exc
    except InputError:
        part.unlink(missing_ok=True)
        raise
    if total is not None and size != total:
        part.unlink(missing_ok=True)
        raise _download_failed(
            dataset, item.url, f"the server announced {total} bytes but sent {size}"
        )
    part.replace(dest)
    return {"name": item.filename, "url": item.url, "bytes": size, "sha256": digest.hexdigest()}


def _unpack(dataset: Dataset, archive: Path, emit: ProgressCallback) -> None:
    """Unpack ``archive`` into a folder named after it, refusing paths that leave it."""
    target = archive.with_suffix("")
    emit(Progress(dataset.name, "unpack", archive.name))
    root = target.resolve()
    try:
        with zipfile.ZipFile(archive) as book:
            for member in book.infolist():
                dest = (target / member.filename).resolve()
                if root not in dest.parents and dest != root:
                    raise bad_file(
                        dataset.name,
                        archive,
                        f"holds a path outside the archive ({member.filename!r})",
                    )
                if member.is_dir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                with book.open(member) as src, dest.open("wb") as out:
                    shutil.copyfileobj(src, out)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise bad_file(dataset.name, archive, f"is not a complete zip archive ({exc})") from exc


def _download_folder(dataset: Dataset, home: Path) -> Path:
    version = dataset.version or _now().date().isoformat()
    return home / "reference" / dataset.name / _safe_name(version)


def _prune(keep: Path) -> None:
    """Remove downloads of other versions: the store holds one version of a data set."""
    for old in keep.parent.iterdir():
        if old.is_dir() and old != keep:
            shutil.rmtree(old, ignore_errors=True)


def _from_web(
    dataset: Dataset, folder: Path, client: httpx.Client, emit: ProgressCallback
) -> tuple[Loaded, DatasetRecord]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"Cannot create {str(folder)!r}: {exc.strerror}. Pass --home with a writable "
            "directory or set ROLEATLAS_HOME."
        ) from exc
    files = []
    for item in dataset.downloads:
        dest = folder / item.filename
        files.append(_download(client, dataset, item, dest, emit))
        if dest.suffix.lower() == ".zip":
            _unpack(dataset, dest, emit)
    retrieved = _now().isoformat(timespec="seconds")
    emit(Progress(dataset.name, "parse", str(folder)))
    loaded = _parse(dataset, folder)
    record = DatasetRecord(
        name=dataset.name,
        title=dataset.title,
        version=loaded.version or dataset.version or folder.name,
        url=" ".join(dataset.urls),
        sha256=_combined(files),
        retrieved_at=retrieved,
        licence=dataset.licence,
        files=files,
    )
    return loaded, record


def pull(
    names: Sequence[str] | None,
    store: Store,
    home: Path,
    source_dir: Path | None = None,
    client: httpx.Client | None = None,
    progress: ProgressCallback | None = None,
) -> list[LoadResult]:
    """Download (or read from a mirror) and load reference data sets into the store.

    Parameters
    ----------
    names:
        Data set names (``onet``, ``oews``, ``projections``, ``aijobs``, ``esco``,
        ``crosswalk``); empty or ``None`` pulls all of them.
    store:
        An open store.
    home:
        The roleatlas home; downloads go to ``home/reference/<name>/<version>/``.
    source_dir:
        A local mirror laid out like ``../shared/data`` (``--from DIR``); when given,
        nothing is downloaded.
    client:
        The ``httpx.Client`` to download with (tests pass one with ``httpx.MockTransport``);
        by default one is made, and closed, here.
    progress:
        Called with a :class:`Progress` for each step and downloaded chunk.

    Returns
    -------
    list of LoadResult
        One per data set, in table order.

    Raises
    ------
    InputError
        When a name is unknown, the mirror lacks a data set, a download fails or a file
        cannot be read. The data set keeps its previous version.
    StoreError
        When writing to the store fails (nothing of that data set is changed).
    """
    datasets = select_datasets(names)
    emit: ProgressCallback = progress or (lambda _event: None)
    own_client = None
    if source_dir is None and client is None:
        client = own_client = _default_client()
    results = []
    try:
        for dataset in datasets:
            started = time.perf_counter()
            if source_dir is not None:
                loaded, record = _from_mirror(dataset, Path(source_dir), emit)
            else:
                assert client is not None
                folder = _download_folder(dataset, Path(home))
                loaded, record = _from_web(dataset, folder, client, emit)
            emit(Progress(dataset.name, "write", None, 0, loaded.rows))
            record.seconds = round(time.perf_counter() - started, 2)
            counts = replace_dataset(store, record, loaded.tables, dataset.tables)
            if source_dir is None:
                _prune(folder)
            seconds = round(time.perf_counter() - started, 2)
            results.append(
                LoadResult(
                    name=dataset.name,
                    title=dataset.title,
                    version=record.version,
                    source=record.url,
                    sha256=record.sha256,
                    rows=sum(counts.values()),
                    tables=counts,
                    files=record.files,
                    seconds=seconds,
                )
            )
            emit(Progress(dataset.name, "done", None, sum(counts.values()), None))
    finally:
        if own_client is not None:
            own_client.close()
    return results


def status(store: Store) -> list[dict[str, Any]]:
    """What is loaded: one dict per known data set, in table order.

    Each has ``name``, ``title``, ``licence``, ``loaded`` (bool) and, when loaded,
    ``version``, ``url``, ``sha256``, ``rows``, ``tables`` (rows per table), ``files``,
    ``retrieved_at``, ``loaded_at``, ``seconds`` (load time) and ``age_days`` (days since it
    was retrieved).
    """
    loaded = {row["name"]: row for row in reference_datasets(store)}
    now = _now()
    out = []
    for dataset in DATASETS:
        row = loaded.get(dataset.name)
        item: dict[str, Any] = {
            "name": dataset.name,
            "title": dataset.title,
            "licence": dataset.licence,
            "loaded": row is not None,
        }
        if row is not None:
            retrieved = datetime.fromisoformat(row["retrieved_at"])
            item.update(
                {k: row[k] for k in ("version", "url", "sha256", "rows", "tables", "files")},
                retrieved_at=row["retrieved_at"],
                loaded_at=row["loaded_at"],
                seconds=row["seconds"],
                age_days=max(0, (now - retrieved).days),
            )
        out.append(item)
    return out
