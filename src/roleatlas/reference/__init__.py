"""Public reference data: O*NET, BLS OEWS and Employment Projections, the aijobs.net salary
survey, ESCO and the ESCO–O*NET crosswalk.

:data:`DATASETS` describes each data set (official URLs, licence, loader); :func:`pull`
downloads them (or reads a local mirror with ``source_dir``) and loads them into the store;
:func:`status` says what is loaded. The queries over the loaded tables live in
:mod:`roleatlas.store.reference`. Nothing here touches the network until :func:`pull` is
called.
"""

from roleatlas.reference.datasets import DATASETS, Dataset, Download, get_dataset
from roleatlas.reference.pull import LoadResult, Progress, ProgressCallback, pull, status

__all__ = [
    "DATASETS",
    "Dataset",
    "Download",
    "LoadResult",
    "Progress",
    "ProgressCallback",
    "get_dataset",
    "pull",
    "status",
]
