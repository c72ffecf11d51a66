"""The record gate: the one place every raw posting passes before it is hashed and stored.

Whatever a reader (or a collector) produced, :func:`admit` returns a posting that the store,
the search index and every face can hold, or a :class:`~roleatlas.errors.RecordError` that
says what is wrong and how to fix it:

* text is valid Unicode: lone surrogates become U+FFFD, NUL and other control characters
  (but tab, newline and carriage return) are dropped, so hashing, SQLite and terminals never
  see them;
* the source name is a short identifier (letters, digits, ``. _ : + @ -``), so every stored
  posting has a reachable address (``/jobs/{source}/{id}``); the id is at most 512 characters;
* the description is cut at :attr:`Limits.max_description_chars` and the cut flagged in
  ``extra["description_truncated_from"]``;
* ``extra`` is JSON whose nesting is at most :attr:`Limits.max_extra_depth` deep.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from roleatlas.errors import RecordError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import RAW_TEXT_FIELDS, RawPosting

__all__ = ["SOURCE_NAME", "admit", "check_source_name", "clean_text"]

#: What a source name may look like.
SOURCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+@-]{0,99}")
_MAX_ID = 512
# C0 controls but \t \n \r, DEL, C1 controls, and lone surrogates.
_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|[\ud800-\udfff]")


def _fix(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def clean_text(text: str) -> str:
    """``text`` without control characters (tab, newline and CR kept) and with each lone
    surrogate replaced by U+FFFD.

    Examples
    --------
    >>> clean_text("Data \\ud800 Scientist\\x00\\x1b[2J")
    'Data \\ufffd Scientist[2J'
    """
    if _BAD.search(text) is None:  # the common case: one C-speed scan, no copy
        return text
    return _BAD.sub(_fix, text)


_NOT_NAME = re.compile(r"[^A-Za-z0-9._:+@-]+")


def check_source_name(name: str) -> str | None:
    """The reason ``name`` cannot be a source name, or ``None`` when it can.

    Examples
    --------
    >>> check_source_name("greenhouse:anthropic") is None
    True
    >>> check_source_name("a/b").endswith("Rename it, e.g. 'a-b'.")
    True
    >>> check_source_name("ashby-Rose%20Rocket").endswith("e.g. 'ashby-Rose-Rocket'.")
    True
    """
    if SOURCE_NAME.fullmatch(name):
        return None
    # a board name taken from a URL ("ashby-Rose%20Rocket") suggests its decoded form
    plain = unquote(name) if "%" in name else name
    suggestion = _NOT_NAME.sub("-", plain).strip("-._:+@")[:100] or "my-source"
    return (
        f"The source name {name[:120]!r} may hold only letters, digits and . _ : + @ - "
        f"(at most 100, starting with a letter or digit). Rename it, e.g. {suggestion!r}."
    )


def _clean_json(value: Any, depth: int, limit: int) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if depth >= limit and isinstance(value, dict | list):
        raise _TooDeep
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_json(v, depth + 1, limit) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_json(v, depth + 1, limit) for v in value]
    return value


class _TooDeep(Exception):
    pass


def admit(raw: RawPosting, limits: Limits = DEFAULT_LIMITS) -> RawPosting | RecordError:
    """Return ``raw`` made safe to hash and store (cleaned in place), or why it cannot be.

    Parameters
    ----------
    raw : RawPosting
        A posting as a reader produced it.
    limits : Limits
        The bounds to apply.

    Returns
    -------
    RawPosting or RecordError

    Examples
    --------
    >>> admit(RawPosting("demo", "1", title="Data \\ud800 Scientist")).title
    'Data \\ufffd Scientist'
    >>> print(admit(RawPosting("a/b", "1", title="x")).reason.split(" may")[0])
    The source name 'a/b'
    >>> r = admit(RawPosting("ashby-Rose%20Rocket", "1", title="x"))
    >>> r.source, r.extra["source_raw"]
    ('ashby-Rose-Rocket', 'ashby-Rose%20Rocket')
    """
    source = clean_text(raw.source).strip()
    reason = check_source_name(source)
    encoded = None
    if reason is not None and "%" in source:
        # a board name copied from a URL ("ashby-Rose%20Rocket") is read as its decoded
        # form ("ashby-Rose-Rocket"); the name as given is kept in extra["source_raw"]
        decoded = _NOT_NAME.sub("-", unquote(source)).strip("-._:+@")
        if decoded and check_source_name(decoded) is None:
            encoded, source, reason = source, decoded, None
    if reason is not None:
        return RecordError(reason, origin=raw.origin)
    raw.source = source
    source_id = clean_text(raw.source_id).strip()
    if not source_id or len(source_id) > _MAX_ID:
        return RecordError(
            f"The id must be 1 to {_MAX_ID} characters long. Got {len(source_id)} characters "
            "instead; use a shorter unique id.",
            origin=raw.origin,
        )
    raw.source_id = source_id
    for name in RAW_TEXT_FIELDS:
        value = getattr(raw, name)
        if value is not None:
            setattr(raw, name, clean_text(value))
    if raw.extra:
        try:
            raw.extra = _clean_json(raw.extra, 1, limits.max_extra_depth)
        except _TooDeep:
            return RecordError(
                f"The 'extra' field is nested more than {limits.max_extra_depth} levels deep. "
                "Flatten it, or leave the deep part out.",
                origin=raw.origin,
            )
    if encoded is not None:
        raw.extra = {**(raw.extra or {}), "source_raw": encoded}
    description = raw.description
    if description is not None and len(description) > limits.max_description_chars:
        raw.description = description[: limits.max_description_chars]
        raw.extra = {**raw.extra, "description_truncated_from": len(description)}
    return raw
