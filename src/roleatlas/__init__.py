"""roleatlas: evidence-backed answers about AI, ML and data careers from real job postings."""

from roleatlas.errors import RoleatlasError
from roleatlas.records import (
    Location,
    Posting,
    Provenance,
    RawPosting,
    Salary,
    Seniority,
    TitleMatch,
)

__version__ = "0.1.0"

__all__ = [
    "Location",
    "Posting",
    "Provenance",
    "RawPosting",
    "RoleatlasError",
    "Salary",
    "Seniority",
    "TitleMatch",
    "__version__",
]
