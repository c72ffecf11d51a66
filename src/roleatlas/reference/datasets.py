"""The public reference data sets roleatlas pulls: one table, one row per data set.

Each :class:`Dataset` says where the data comes from (official download URLs, the folder of
a local mirror such as ``../shared/data``), under which licence, which store tables it fills
and which loader parses it. :func:`roleatlas.reference.pull` does the work; nothing here
touches the network or the disk.

Examples
--------
>>> [d.name for d in DATASETS]
['onet', 'oews', 'projections', 'aijobs', 'esco', 'crosswalk']
>>> get_dataset("oews").licence
'Public domain (U.S. federal government work)'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from roleatlas.errors import InputError
from roleatlas.reference._io import Loaded
from roleatlas.reference.load_aijobs import load_aijobs
from roleatlas.reference.load_esco import load_crosswalk, load_esco
from roleatlas.reference.load_oews import load_oews
from roleatlas.reference.load_onet import load_onet
from roleatlas.reference.load_projections import load_projections

__all__ = ["DATASETS", "Dataset", "Download", "get_dataset", "select_datasets"]

_BLS_OEWS = "https://www.bls.gov/oes/special-requests/"


@dataclass(frozen=True, slots=True)
class Download:
    """One file of a data set: where to get it and the name to save it under.

    ``.zip`` files are unpacked next to the download.
    """

    url: str
    filename: str


@dataclass(frozen=True, slots=True)
class Dataset:
    """A public reference data set.

    Attributes
    ----------
    name:
        Short id used on the command line (``roleatlas data pull oews``).
    title:
        Display name.
    version:
        The release the official URLs point to; ``None`` for a rolling file (the aijobs
        survey), whose version is then the date it was pulled.
    downloads:
        The official files.
    homepage:
        Where a person can read about the data and download it by hand.
    licence, attribution:
        The licence and the attribution the licence asks for.
    mirror:
        Folder names (``fnmatch`` patterns) of the data set in a local mirror laid out like
        ``../shared/data``; the last match in sorted order is used.
    tables:
        The store tables the data set owns; a pull replaces all of them.
    parser:
        ``directory -> Loaded``: reads the files (pure; no network, no store).
    """

    name: str
    title: str
    version: str | None
    downloads: tuple[Download, ...]
    homepage: str
    licence: str
    attribution: str
    mirror: tuple[str, ...]
    tables: tuple[str, ...]
    parser: Callable[[Path], Loaded]

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(d.url for d in self.downloads)


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="onet",
        title="O*NET database (text release)",
        version="29.3",
        downloads=(
            Download(
                "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip",
                "db_29_3_text.zip",
            ),
        ),
        homepage="https://www.onetcenter.org/database.html",
        licence="CC BY 4.0",
        attribution=(
            "This product includes information from the O*NET 29.3 Database by the U.S. "
            "Department of Labor, Employment and Training Administration (USDOL/ETA). Used "
            "under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
        ),
        mirror=("onet-[0-9]*",),
        tables=(
            "onet_occupations",
            "onet_tasks",
            "onet_technology_skills",
            "onet_education",
            "onet_education_categories",
            "onet_job_zones",
            "onet_job_zone_reference",
            "onet_alternate_titles",
        ),
        parser=load_onet,
    ),
    Dataset(
        name="oews",
        title="BLS Occupational Employment and Wage Statistics (national, state, metro, industry)",
        version="May 2025",
        downloads=tuple(
            Download(f"{_BLS_OEWS}oesm25{part}.zip", f"oesm25{part}.zip")
            for part in ("nat", "st", "ma", "in4")
        ),
        homepage="https://www.bls.gov/oes/tables.htm",
        licence="Public domain (U.S. federal government work)",
        attribution="Source: U.S. Bureau of Labor Statistics, Occupational Employment and "
        "Wage Statistics.",
        mirror=("bls-oews-*",),
        tables=("oews_wages", "oews_footnotes"),
        parser=load_oews,
    ),
    Dataset(
        name="projections",
        title="BLS Employment Projections, occupations",
        version="2024-2034",
        downloads=(
            Download("https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx", "occupation.xlsx"),
        ),
        homepage="https://www.bls.gov/emp/tables/occupational-projections-and-characteristics.htm",
        licence="Public domain (U.S. federal government work)",
        attribution="Source: U.S. Bureau of Labor Statistics, Employment Projections program.",
        mirror=("bls-employment-projections*",),
        tables=("projections",),
        parser=load_projections,
    ),
    Dataset(
        name="aijobs",
        title="aijobs.net AI/ML/data salary survey",
        version=None,
        downloads=(Download("https://aijobs.net/salaries/download/salaries.csv", "salaries.csv"),),
        homepage="https://aijobs.net/salaries/download/",
        licence="CC0 1.0",
        attribution="Salary data: aijobs.net (https://aijobs.net/salaries/), CC0.",
        mirror=("aijobs-salaries*",),
        tables=("survey",),
        parser=load_aijobs,
    ),
    Dataset(
        name="esco",
        title="ESCO occupations",
        version="v1.1.1",
        downloads=(
            Download(
                "https://ec.europa.eu/esco/download/"
                "ESCO%20dataset%20-%20v1.1.1%20-%20classification%20-%20en%20-%20csv.zip",
                "esco-v1.1.1-classification-en-csv.zip",
            ),
        ),
        homepage="https://esco.ec.europa.eu/en/use-esco/download",
        licence="EU reuse (Commission Decision 2011/833/EU; CC BY 4.0)",
        attribution="This service uses the ESCO classification of the European Commission.",
        mirror=("esco",),
        tables=("esco_occupations",),
        parser=load_esco,
    ),
    Dataset(
        name="crosswalk",
        title="ESCO–O*NET crosswalk (ESCO Secretariat and USDOL/ETA)",
        version="1",
        downloads=(
            Download(
                "https://esco.ec.europa.eu/system/files/2023-08/"
                "ONET_%28Occupations%29_0_updated.csv",
                "esco_onet_crosswalk.csv",
            ),
        ),
        homepage="https://esco.ec.europa.eu/en/about-esco/data-science-and-esco/"
        "crosswalk-between-esco-and-onet",
        licence="EU reuse (CC BY 4.0) and O*NET CC BY 4.0",
        attribution="This service uses the ESCO classification of the European Commission "
        "and information from the O*NET database (USDOL/ETA), CC BY 4.0.",
        mirror=("onet-esco-crosswalk*",),
        tables=("esco_onet_crosswalk",),
        parser=load_crosswalk,
    ),
)

_BY_NAME = {d.name: d for d in DATASETS}


def get_dataset(name: str) -> Dataset:
    """The data set called ``name``.

    Raises
    ------
    InputError
        When there is none; the message lists the known names.
    """
    dataset = _BY_NAME.get(name.strip().lower())
    if dataset is None:
        raise InputError(
            f"Unknown reference data set {name!r}. Known data sets: {', '.join(_BY_NAME)}."
        )
    return dataset


def select_datasets(names: Sequence[str] | None) -> list[Dataset]:
    """The data sets named (all of them, in table order, when ``names`` is empty).

    Examples
    --------
    >>> [d.name for d in select_datasets(["esco", "onet", "esco"])]
    ['onet', 'esco']
    """
    if not names:
        return list(DATASETS)
    wanted = {get_dataset(n).name for n in names}
    return [d for d in DATASETS if d.name in wanted]
