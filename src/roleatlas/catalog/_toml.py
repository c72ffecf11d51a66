"""Reading a catalog TOML file, packaged or given by path (shared by roles and skills)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from roleatlas.errors import CatalogError


def read_catalog_toml(path: str | None, packaged: str, what: str) -> tuple[dict[str, Any], str]:
    """The parsed TOML and a name for messages; ``path=None`` reads the packaged file.

    Raises
    ------
    CatalogError
        If the file cannot be read or is not valid TOML.
    """
    if path is None:
        source = f"roleatlas/catalog/{packaged}"
        text = resources.files("roleatlas.catalog").joinpath(packaged).read_text(encoding="utf-8")
    else:
        source = path
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CatalogError(f"Cannot read the {what} {path!r}: {exc.strerror}.") from exc
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{source} is not valid TOML: {exc}.") from exc
