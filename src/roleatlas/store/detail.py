"""One posting with its extraction, bounded for display (the API's job detail, the job page).

Ingest cuts descriptions and caps mentions (``max_description_chars``, ``max_mentions``), but
postings stored before those bounds existed may hold a 20 MB description with a million
mentions. :func:`posting_detail` reads such a posting in bounded memory and returns it cut to
the same bounds, saying what was cut, so a job page or an API answer never grows with what
an upload once held.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from roleatlas.records import Extraction, Posting
from roleatlas.store.sqlite import Store

__all__ = ["MAX_SAME_JOB", "PostingDetail", "posting_detail"]

#: ``extra`` keys kept when the rest of an oversized ``extra`` is dropped: the ingest flags.
_FLAGS = ("description_truncated_from", "mentions_truncated_from")
#: Most postings of one dedup cluster listed with a posting.
MAX_SAME_JOB = 50


@dataclass(frozen=True, slots=True)
class PostingDetail:
    """A posting and its extraction as shown, with what was cut to show them.

    ``same_job`` lists ``(source, source_id, url)`` of every posting of its dedup cluster
    (``roleatlas dedup``), canonical first, this one included; at most :data:`MAX_SAME_JOB`.
    ``description_truncated`` is set when the description was cut at ``max_chars``;
    ``extraction_truncated`` when a list of the extraction was cut at ``max_items`` (or
    mentions past the cut description were left out); ``extra_truncated`` when the
    source fields were larger than ``max_chars`` as JSON and were left out.
    """

    posting: Posting
    extraction: Extraction | None
    description_truncated: bool = False
    extraction_truncated: bool = False
    extra_truncated: bool = False
    same_job: tuple[tuple[str, str, str | None], ...] = ()


def posting_detail(
    store: Store, source: str, source_id: str, *, max_chars: int, max_items: int
) -> PostingDetail | None:
    """The posting ``source``/``source_id`` (see :meth:`Store.locate`), bounded for display.

    Parameters
    ----------
    store:
        An open store.
    source, source_id:
        The posting's key, as split from a URL: a source holding ``/`` is found too.
    max_chars:
        Longest description returned, and largest ``extra`` (as JSON).
    max_items:
        Most skill mentions, and most items of each other extraction list, returned.

    Returns
    -------
    PostingDetail or None
        ``None`` when no such posting is stored.
    """
    posting = store.locate(source, source_id)
    if posting is None:
        return None
    cut_description = posting.description is not None and len(posting.description) > max_chars
    if cut_description:
        assert posting.description is not None
        posting = dataclasses.replace(posting, description=posting.description[:max_chars])
    cut_extra = len(json.dumps(posting.extra, ensure_ascii=False, default=str)) > max_chars
    if cut_extra:
        posting = dataclasses.replace(
            posting, extra={k: posting.extra[k] for k in _FLAGS if k in posting.extra}
        )
    extraction = store.extraction(posting.source, posting.source_id, limit=max_items + 1)
    cut_extraction = False
    if extraction is not None:
        lists = (
            extraction.skills,
            extraction.education,
            extraction.experience,
            extraction.responsibilities,
            extraction.spans,
        )
        cut_extraction = any(len(items) > max_items for items in lists)
        skills = extraction.skills[:max_items]
        spans = extraction.spans[:max_items]
        if cut_description:  # a mention past the cut would point outside the text shown
            kept = [m for m in skills if m.section == "title" or m.end <= max_chars]
            kept_spans = [s for s in spans if s.end <= max_chars]
            cut_extraction = (
                cut_extraction or len(kept) < len(skills) or len(kept_spans) < len(spans)
            )
            skills, spans = kept, kept_spans
        extraction = dataclasses.replace(
            extraction,
            skills=skills,
            education=extraction.education[:max_items],
            experience=extraction.experience[:max_items],
            responsibilities=extraction.responsibilities[:max_items],
            spans=spans,
        )
    same = store.cluster_members(posting.source, posting.source_id)[:MAX_SAME_JOB]
    return PostingDetail(
        posting, extraction, cut_description, cut_extraction, cut_extra, tuple(same)
    )
