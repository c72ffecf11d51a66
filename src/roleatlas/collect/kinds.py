"""Source kinds: one small class per kind of live source, behind one interface.

A kind knows three things about a source:

* which user-facing URLs it recognizes, and the *token* in them (the board name):
  :meth:`SourceKind.match`;
* where the public API (or the page or feed itself) answers: :meth:`SourceKind.api_url`;
* how to read one response: :meth:`SourceKind.parse`, bytes in, postings (or the
  :class:`~roleatlas.errors.RecordError` of each bad record) out. Parsers are pure: no
  network here; fetching belongs to the collector.

Built-in kinds:

================  ==========================================  ===========================
kind              URL shapes                                  API
================  ==========================================  ===========================
greenhouse        boards.greenhouse.io/<board>,               boards-api.greenhouse.io/
                  job-boards.greenhouse.io/<board>            v1/boards/<board>/jobs
                                                              ?content=true
lever             jobs.lever.co/<company>                     api.lever.co/v0/postings/
                                                              <company>?mode=json
ashby             jobs.ashbyhq.com/<org>                      api.ashbyhq.com/posting-api/
                                                              job-board/<org>
                                                              ?includeCompensation=true
workable          apply.workable.com/<company>                apply.workable.com/api/v1/
                                                              widget/accounts/<company>
smartrecruiters   careers.smartrecruiters.com/<company>       api.smartrecruiters.com/v1/
                                                              companies/<company>/postings
rss               a feed URL (.rss, .atom, .xml, /feed,       the URL itself
                  /rss, /atom)
sitemap           a sitemap URL (sitemap*.xml)                the URL itself
jsonld            any page with schema.org JobPosting         the URL itself
                  markup (only with ``--kind jsonld``)
hn                news.ycombinator.com/item?id=<id>, or the   hn.algolia.com/api/v1/
                  bare id                                     items/<id>
================  ==========================================  ===========================

Each kind's official API URL is recognized as well. Any URL is accepted with an explicit
kind (:func:`roleatlas.collect.registry.resolve_source`), so a test can point a source at
a local server.

A third-party kind is one subclass of :class:`SourceKind` registered in the entry-point
group ``roleatlas.source_kinds`` (see ``docs/collect.md``).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any, ClassVar
from urllib.parse import parse_qs, parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from roleatlas.errors import InputError, RecordError, RoleatlasError, UnknownFormatError
from roleatlas.limits import DEFAULT_LIMITS, Limits, format_bytes
from roleatlas.records import RawPosting
from roleatlas.sources._html import html_to_text
from roleatlas.sources._util import (
    as_text,
    host_of,
    json_type,
    snippet,
    stable_id,
    with_workplace,
)
from roleatlas.sources.ats import parse_ashby, parse_greenhouse, parse_lever
from roleatlas.sources.jsonld import parse_jsonld

__all__ = [
    "BUILTIN_KINDS",
    "AshbyKind",
    "FeedKind",
    "GreenhouseKind",
    "HackerNewsKind",
    "JsonLdKind",
    "LeverKind",
    "SitemapKind",
    "SmartRecruitersKind",
    "SourceKind",
    "WorkableKind",
    "name_part",
]

_NAME_BAD = re.compile(r"[^A-Za-z0-9._:+@-]+")


def name_part(text: str) -> str:
    """``text`` reduced to the characters a source name may hold (see
    :data:`roleatlas.pipeline.guard.SOURCE_NAME`).

    Examples
    --------
    >>> name_part("Forward Financing"), name_part("Forward%20Financing")
    ('Forward-Financing', 'Forward-20Financing')
    """
    return _NAME_BAD.sub("-", text).strip("-._:+@")


def _split_url(url: str) -> tuple[str, str, str]:
    """``(host, path, query)`` of ``url``; host lower-cased without ``www.``."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return "", "", ""
    if host.startswith("www."):
        host = host[4:]
    return host, parts.path, parts.query


def _segments(path: str) -> list[str]:
    return [unquote(s) for s in path.split("/") if s]


class SourceKind:
    """The interface of a source kind. Subclass it and set the class attributes.

    Attributes
    ----------
    name : str
        The kind's name (``--kind NAME``): letters, digits and ``_ -``.
    complete : bool
        Whether one fetch returns the source's complete listing, so that a posting missing
        from a response can be closed. ``False`` for feeds, pages and anything paged.
    url_shapes : tuple of str
        The URL shapes the kind recognizes, for help and error messages.
    priority : int
        Order in which kinds try to recognize a URL: lower first. Built-in ATS kinds are 10,
        third-party kinds default to 50, and the catch-alls (feeds, sitemaps) are 90.
    """

    name: ClassVar[str] = ""
    complete: ClassVar[bool] = False
    url_shapes: ClassVar[tuple[str, ...]] = ()
    priority: ClassVar[int] = 50
    #: The path of the kind's API, its first group the token (used by :meth:`token_from_url`).
    _API: ClassVar[re.Pattern[str] | None] = None

    def match(self, url: str) -> str | None:
        """The token (board, company, feed URL, item id) when ``url`` is one of this kind's
        URL shapes (a board page or the official API), else ``None``."""
        raise NotImplementedError

    def api_url(self, token: str) -> str:
        """The URL to fetch for ``token``: the public JSON API, or the page or feed."""
        raise NotImplementedError

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        """Read one response.

        Parameters
        ----------
        body : bytes
            The response body, unchanged.
        source : str
            Source name stamped on every posting.
        origin : str
            Where the body came from (the URL), for error messages; each posting's origin
            is ``"<origin>#<index>"``.
        limits : Limits
            ``max_document_bytes`` bounds the body.

        Returns
        -------
        Iterator of RawPosting or RecordError

        Raises
        ------
        InputError
            If the body is too large or is not this kind's response at all.
        """
        raise NotImplementedError

    def next_urls(self, body: bytes, url: str, *, limits: Limits = DEFAULT_LIMITS) -> list[str]:
        """Further URLs to fetch after the response ``body`` of ``url``: the next page of a
        paged API, the pages a sitemap lists. Each is fetched and read with :meth:`parse` in turn
        (and may name more). None by default."""
        return []

    def token_from_url(self, url: str) -> str:
        """A token for ``url`` when the kind was given explicitly and the URL is not one of
        its shapes (an API served elsewhere, such as a local test server): the last path
        segment, else the host."""
        host, path, _ = _split_url(url)
        found = self._API.search(path) if self._API is not None else None
        if found:
            return unquote(found.group(1))
        parts = _segments(path)
        return parts[-1] if parts else host or url

    def default_name(self, token: str) -> str:
        """The source name used when ``--name`` is not given: ``"<kind>:<token>"``."""
        return f"{self.name}:{name_part(token) or 'source'}"[:100]

    def display_name(self, token: str) -> str:
        """A readable name for ``token`` (the starter list gives curated ones)."""
        return _readable(token)


def _readable(token: str) -> str:
    """``"forward-financing"`` → ``"Forward Financing"``; ``"PrimeIntellect"`` →
    ``"Prime Intellect"``; names that already mix case keep it.

    Examples
    --------
    >>> _readable("PrimeIntellect"), _readable("liquid-ai"), _readable("Forward%20Financing")
    ('Prime Intellect', 'Liquid Ai', 'Forward Financing')
    """
    text = unquote(token).replace("_", " ").replace("-", " ")
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    words = [w if any(c.isupper() for c in w) else w.capitalize() for w in text.split()]
    return " ".join(words) or token


def _check_size(body: bytes, origin: str, limits: Limits) -> None:
    if len(body) > limits.max_document_bytes:
        raise InputError(
            f"The response of {origin!r} is {len(body):,} bytes, more than "
            f"max_document_bytes ({format_bytes(limits.max_document_bytes)}). Raise "
            "ROLEATLAS_MAX_DOCUMENT_BYTES, or check that the URL is the board's API."
        )


def _load_json(body: bytes, origin: str, limits: Limits, kind: str) -> Any:
    _check_size(body, origin, limits)
    try:
        return json.loads(body)
    except RecursionError as exc:
        raise InputError(
            f"The response of {origin!r} is nested too deeply to be a {kind} API response. "
            "Check the URL and --kind."
        ) from exc
    except ValueError as exc:
        raise UnknownFormatError(
            f"The response of {origin!r} is not valid JSON ({exc}), so it is not a {kind} "
            f"API response. Got '{snippet(body[:200].decode('utf-8', 'replace'))}'. Check "
            "the URL and --kind."
        ) from exc


def _parsed(
    parser: Callable[..., list[RawPosting | RecordError]],
    body: bytes,
    *,
    source: str,
    origin: str,
    limits: Limits,
    kind: str,
) -> Iterator[RawPosting | RecordError]:
    """A JSON board response read with one of :mod:`roleatlas.sources.ats`'s parsers."""
    return iter(parser(_load_json(body, origin, limits, kind), origin=origin, source=source))


def _decode(body: bytes) -> str:
    return body.decode("utf-8-sig", errors="replace")


# --- the ATS boards whose parsers live in sources/ats.py --------------------------------------


class GreenhouseKind(SourceKind):
    """Greenhouse job boards (``boards-api.greenhouse.io``, ``?content=true``)."""

    name = "greenhouse"
    complete = True
    priority = 10
    url_shapes = (
        "https://boards.greenhouse.io/<board>",
        "https://job-boards.greenhouse.io/<board>",
        "https://boards-api.greenhouse.io/v1/boards/<board>/jobs",
    )
    _API = re.compile(r"/v1/boards/([^/?#]+)")

    def match(self, url: str) -> str | None:
        host, path, query = _split_url(url)
        if host in ("boards-api.greenhouse.io", "api.greenhouse.io"):
            found = self._API.match(path)
            return unquote(found.group(1)) if found else None
        if host not in (
            "boards.greenhouse.io",
            "job-boards.greenhouse.io",
            "boards.eu.greenhouse.io",
            "job-boards.eu.greenhouse.io",
        ):
            return None
        parts = _segments(path)
        if parts[:1] == ["embed"]:  # embed/job_board?for=<board>
            board = parse_qs(query).get("for") or [""]
            return board[0] or None
        return parts[0] if parts else None

    def api_url(self, token: str) -> str:
        return (
            f"https://boards-api.greenhouse.io/v1/boards/{quote(token, safe='')}/jobs?content=true"
        )

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        return _parsed(
            parse_greenhouse, body, source=source, origin=origin, limits=limits, kind="Greenhouse"
        )


class LeverKind(SourceKind):
    """Lever job sites (``api.lever.co/v0/postings/<company>?mode=json``)."""

    name = "lever"
    complete = True
    priority = 10
    url_shapes = (
        "https://jobs.lever.co/<company>",
        "https://api.lever.co/v0/postings/<company>",
    )
    _API = re.compile(r"/v0/postings/([^/?#]+)")

    def match(self, url: str) -> str | None:
        host, path, _ = _split_url(url)
        if host in ("api.lever.co", "api.eu.lever.co"):
            found = self._API.match(path)
            return unquote(found.group(1)) if found else None
        if host in ("jobs.lever.co", "jobs.eu.lever.co"):
            parts = _segments(path)
            return parts[0] if parts else None
        return None

    def api_url(self, token: str) -> str:
        return f"https://api.lever.co/v0/postings/{quote(token, safe='')}?mode=json"

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        return _parsed(parse_lever, body, source=source, origin=origin, limits=limits, kind="Lever")


class AshbyKind(SourceKind):
    """Ashby job boards (``api.ashbyhq.com/posting-api/job-board/<org>``)."""

    name = "ashby"
    complete = True
    priority = 10
    url_shapes = (
        "https://jobs.ashbyhq.com/<org>",
        "https://api.ashbyhq.com/posting-api/job-board/<org>",
    )
    _API = re.compile(r"/posting-api/job-board/([^/?#]+)")

    def match(self, url: str) -> str | None:
        host, path, _ = _split_url(url)
        if host == "api.ashbyhq.com":
            found = self._API.match(path)
            return unquote(found.group(1)) if found else None
        if host == "jobs.ashbyhq.com":
            parts = _segments(path)
            return parts[0] if parts else None
        return None

    def api_url(self, token: str) -> str:
        return (
            f"https://api.ashbyhq.com/posting-api/job-board/{quote(token, safe='')}"
            "?includeCompensation=true"
        )

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        return _parsed(parse_ashby, body, source=source, origin=origin, limits=limits, kind="Ashby")


# --- Workable and SmartRecruiters -------------------------------------------------------------


def _record_problem(kind: str, job: Any, key: str, origin: str) -> RecordError | None:
    if not isinstance(job, dict):
        return RecordError(
            f"Each {kind} job must be a JSON object. Got {json_type(job)} '{snippet(job)}' "
            "instead.",
            origin=origin,
        )
    if as_text(job.get(key)) is None:
        return RecordError(
            f"The {kind} job has no {key!r}. Got '{snippet(job)}' instead.", origin=origin
        )
    return None


def _place(*parts: Any) -> str | None:
    texts = [t for t in (as_text(p) for p in parts) if t]
    return ", ".join(dict.fromkeys(texts)) or None


class WorkableKind(SourceKind):
    """Workable career sites, read from the public widget API.

    The response shape (``{"name": ..., "jobs": [{"shortcode", "title", "city", "state",
    "country", "telecommuting", "employment_type", "department", "published_on", "url",
    "description"}]}``) is written from Workable's public documentation and has not been
    checked against a live board yet.
    """

    name = "workable"
    complete = True
    priority = 10
    url_shapes = (
        "https://apply.workable.com/<company>",
        "https://apply.workable.com/api/v1/widget/accounts/<company>",
    )
    _API = re.compile(r"/api/v\d+/widget/accounts/([^/?#]+)")

    def match(self, url: str) -> str | None:
        host, path, _ = _split_url(url)
        if host != "apply.workable.com":
            return None
        found = self._API.match(path)
        if found:
            return unquote(found.group(1))
        parts = _segments(path)
        return parts[0] if parts and parts[0] not in ("api", "j") else None

    def api_url(self, token: str) -> str:
        return (
            f"https://apply.workable.com/api/v1/widget/accounts/{quote(token, safe='')}"
            "?details=true"
        )

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        data = _load_json(body, origin, limits, "Workable")
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise UnknownFormatError(
                f"The response of {origin!r} is not a Workable widget response (a JSON object "
                f"with a 'jobs' list). Got {json_type(data)} instead. Check the URL and --kind."
            )
        company = as_text(data.get("name"))
        return (
            self._posting(job, company, source, f"{origin}#{i}")
            for i, job in enumerate(data["jobs"])
        )

    @staticmethod
    def _posting(
        job: Any, company: str | None, source: str, origin: str
    ) -> RawPosting | RecordError:
        problem = _record_problem("Workable", job, "shortcode", origin)
        if problem is not None:
            return problem
        remote = job.get("telecommuting") is True or job.get("remote") is True
        extra: dict[str, Any] = {}
        if remote:
            extra["workplace"] = "remote"
        for key in ("department", "function", "industry", "experience", "education", "code"):
            if as_text(job.get(key)):
                extra[key] = job[key]
        locations = job.get("locations")
        if isinstance(locations, list) and len(locations) > 1:
            extra["locations"] = locations
        body = job.get("description")
        return RawPosting(
            source=source,
            source_id=str(as_text(job.get("shortcode"))),
            title=as_text(job.get("title")),
            company=company,
            location=with_workplace(
                _place(job.get("city"), job.get("state"), job.get("country")),
                "remote" if remote else None,
            ),
            description=html_to_text(body) if isinstance(body, str) else None,
            employment_type=as_text(job.get("employment_type")),
            posted_at=as_text(job.get("published_on")) or as_text(job.get("created_at")),
            url=as_text(job.get("url")) or as_text(job.get("shortlink")),
            extra=extra,
            origin=origin,
        )


def _label(value: Any) -> str | None:
    return as_text(value.get("label")) if isinstance(value, dict) else as_text(value)


class SmartRecruitersKind(SourceKind):
    """SmartRecruiters career sites (``api.smartrecruiters.com/v1/companies/<co>/postings``).

    One response holds at most 100 postings (``?limit=100``) and no descriptions;
    :meth:`next_urls` pages through the rest with ``offset``. The kind does not close
    postings (``complete`` is false): a page that fails would look like closed jobs.
    """

    name = "smartrecruiters"
    complete = False
    priority = 10
    url_shapes = (
        "https://careers.smartrecruiters.com/<company>",
        "https://jobs.smartrecruiters.com/<company>",
        "https://api.smartrecruiters.com/v1/companies/<company>/postings",
    )
    _API = re.compile(r"/v1/companies/([^/?#]+)")

    def match(self, url: str) -> str | None:
        host, path, _ = _split_url(url)
        if host == "api.smartrecruiters.com":
            found = self._API.match(path)
            return unquote(found.group(1)) if found else None
        if host in ("careers.smartrecruiters.com", "jobs.smartrecruiters.com"):
            parts = _segments(path)
            return parts[0] if parts else None
        return None

    def api_url(self, token: str) -> str:
        return (
            f"https://api.smartrecruiters.com/v1/companies/{quote(token, safe='')}/postings"
            "?limit=100"
        )

    def next_urls(self, body: bytes, url: str, *, limits: Limits = DEFAULT_LIMITS) -> list[str]:
        """The next page while ``offset + limit < totalFound``."""
        try:
            data = _load_json(body, url, limits, "SmartRecruiters")
        except RoleatlasError:
            return []
        if not isinstance(data, dict):
            return []
        total, offset, limit = data.get("totalFound"), data.get("offset"), data.get("limit")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (total, offset, limit)):
            return []
        assert isinstance(total, int) and isinstance(offset, int) and isinstance(limit, int)
        if limit <= 0 or offset + limit >= total:
            return []
        parts = urlsplit(url)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("offset", "limit")]
        query += [("limit", str(limit)), ("offset", str(offset + limit))]
        return [urlunsplit(parts._replace(query=urlencode(query)))]

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        data = _load_json(body, origin, limits, "SmartRecruiters")
        if not isinstance(data, dict) or not isinstance(data.get("content"), list):
            raise UnknownFormatError(
                f"The response of {origin!r} is not a SmartRecruiters postings response (a "
                f"JSON object with a 'content' list). Got {json_type(data)} instead. Check "
                "the URL and --kind."
            )
        return (
            self._posting(job, source, f"{origin}#{i}") for i, job in enumerate(data["content"])
        )

    @staticmethod
    def _posting(job: Any, source: str, origin: str) -> RawPosting | RecordError:
        problem = _record_problem("SmartRecruiters", job, "id", origin)
        if problem is not None:
            return problem
        company = job.get("company") if isinstance(job.get("company"), dict) else {}
        location = job.get("location") if isinstance(job.get("location"), dict) else {}
        remote = location.get("remote") is True
        hybrid = location.get("hybrid") is True
        workplace = "remote" if remote else "hybrid" if hybrid else None
        place = as_text(location.get("fullLocation")) or _place(
            location.get("city"), location.get("region"), location.get("country")
        )
        extra: dict[str, Any] = {}
        if workplace:
            extra["workplace"] = workplace
        for key in ("department", "function", "industry"):
            if _label(job.get(key)):
                extra[key] = _label(job.get(key))
        if as_text(job.get("refNumber")):
            extra["ref_number"] = job["refNumber"]
        job_id = str(as_text(job.get("id")))
        identifier = as_text(company.get("identifier"))
        url = as_text(job.get("postingUrl")) or (
            f"https://jobs.smartrecruiters.com/{quote(identifier)}/{quote(job_id)}"
            if identifier
            else None
        )
        return RawPosting(
            source=source,
            source_id=job_id,
            title=as_text(job.get("name")),
            company=as_text(company.get("name")) or identifier,
            location=with_workplace(place, workplace),
            employment_type=_label(job.get("typeOfEmployment")),
            seniority=_label(job.get("experienceLevel")),
            posted_at=as_text(job.get("releasedDate")),
            url=url,
            extra=extra,
            origin=origin,
        )


# --- feeds, pages and sitemaps: the URL is the token -------------------------------------------


class _UrlKind(SourceKind):
    """A kind whose token is the URL itself."""

    def api_url(self, token: str) -> str:
        return token

    def token_from_url(self, url: str) -> str:
        return url.strip()

    def default_name(self, token: str) -> str:
        host = host_of(token) or "source"
        return f"{self.name}:{name_part(host) or 'source'}"[:100]

    def display_name(self, token: str) -> str:
        return host_of(token) or token


_FEED_PATH = re.compile(r"(\.rss|\.atom|\.xml|/feed|/rss|/atom|/feeds?/[^/]*)/?$", re.IGNORECASE)
_SITEMAP_PATH = re.compile(r"sitemap[^/]*\.xml(\.gz)?$", re.IGNORECASE)


def _published(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            moment = dt.datetime(*value[:6], tzinfo=dt.UTC)
            return moment.isoformat().replace("+00:00", "Z")
    return as_text(entry.get("published")) or as_text(entry.get("updated"))


class FeedKind(_UrlKind):
    """RSS and Atom feeds of job postings, read with feedparser.

    Each entry is a posting: its ``id`` (else link, else a hash of title and link) is the
    posting id, ``summary`` or ``content`` the description. A feed shows only its latest
    entries, so it is not a complete listing.
    """

    name = "rss"
    complete = False
    priority = 90
    url_shapes = ("a feed URL ending in .rss, .atom, .xml, /feed, /rss or /atom",)

    def match(self, url: str) -> str | None:
        host, path, _ = _split_url(url)
        if not host or _SITEMAP_PATH.search(path):
            return None
        return url.strip() if _FEED_PATH.search(path) else None

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        import feedparser  # type: ignore[import-untyped]  # imported on use: not for every CLI call

        _check_size(body, origin, limits)
        # a stream, never bytes or text: feedparser opens text that looks like a URL or a
        # file name, and bytes as a file name
        feed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
        version = feed.get("version") or ""
        if not version and not feed.entries:
            problem = feed.get("bozo_exception")
            raise UnknownFormatError(
                f"The response of {origin!r} is not an RSS or Atom feed"
                + (f" ({problem})" if problem else "")
                + ". Check the URL, or pass --kind jsonld for an HTML page."
            )
        feed_title = as_text(feed.feed.get("title"))
        return (
            self._posting(entry, feed_title, source, f"{origin}#{i}")
            for i, entry in enumerate(feed.entries)
        )

    @staticmethod
    def _posting(entry: Any, feed_title: str | None, source: str, origin: str) -> RawPosting:
        link = as_text(entry.get("link"))
        title = as_text(entry.get("title"))
        content = entry.get("content")
        markup = None
        if isinstance(content, list) and content and isinstance(content[0], dict):
            markup = content[0].get("value")
        markup = markup or entry.get("summary") or entry.get("description")
        extra: dict[str, Any] = {}
        if feed_title:
            extra["feed"] = feed_title
        tags = [as_text(t.get("term")) for t in entry.get("tags") or [] if isinstance(t, dict)]
        if any(tags):
            extra["tags"] = [t for t in tags if t]
        author = as_text(entry.get("author"))
        return RawPosting(
            source=source,
            source_id=as_text(entry.get("id")) or link or stable_id(title, link),
            title=title,
            company=author,
            location=as_text(entry.get("location")),
            description=html_to_text(markup) if isinstance(markup, str) else None,
            posted_at=_published(entry),
            url=link,
            extra=extra,
            origin=origin,
        )


class JsonLdKind(_UrlKind):
    """A page with schema.org ``JobPosting`` JSON-LD (a careers page, one posting's page).

    Any page can carry the markup, so no URL is recognized as this kind: add the page with
    ``--kind jsonld``.
    """

    name = "jsonld"
    complete = False
    priority = 95
    url_shapes = ("any page with schema.org JobPosting markup, with --kind jsonld",)

    def match(self, url: str) -> str | None:
        return None

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        _check_size(body, origin, limits)
        return iter(parse_jsonld(_decode(body), origin=origin, source=source))


_LOC = re.compile(r"<(?:\w+:)?loc>\s*([^<]+?)\s*</(?:\w+:)?loc>", re.IGNORECASE)
#: A sitemap or sitemap index (after an optional XML declaration, comments and space).
_SITEMAP_BODY = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:\w+:)?(?:urlset|sitemapindex)\b", re.S
)


class SitemapKind(JsonLdKind):
    """A sitemap listing job pages with schema.org ``JobPosting`` JSON-LD.

    :meth:`links` reads the page URLs from the sitemap (``<loc>``; a sitemap index lists
    further sitemaps); :meth:`parse` reads one of those pages. The XML is read with a plain
    pattern over ``<loc>`` elements, so no entity or DTD is ever expanded.
    """

    name = "sitemap"
    complete = False
    priority = 90
    url_shapes = ("a sitemap URL such as https://example.com/jobs-sitemap.xml",)

    def match(self, url: str) -> str | None:
        host, path, _ = _split_url(url)
        return url.strip() if host and _SITEMAP_PATH.search(path) else None

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        if _SITEMAP_BODY.match(body[:2048]):
            return iter(())  # the sitemap itself: its pages come through next_urls
        return super().parse(body, source=source, origin=origin, limits=limits)

    def next_urls(self, body: bytes, url: str, *, limits: Limits = DEFAULT_LIMITS) -> list[str]:
        return self.links(body, limits=limits) if _SITEMAP_BODY.match(body[:2048]) else []

    def links(self, body: bytes, *, limits: Limits = DEFAULT_LIMITS) -> list[str]:
        """The URLs a sitemap lists, in order, without repeats.

        Examples
        --------
        >>> SitemapKind().links(b"<urlset><url><loc>https://a.example/jobs/1?x=1&amp;y=2</loc>"
        ...                     b"</url></urlset>")
        ['https://a.example/jobs/1?x=1&y=2']
        """
        _check_size(body, "the sitemap", limits)
        found = (html.unescape(m.group(1)) for m in _LOC.finditer(_decode(body)))
        return list(dict.fromkeys(u for u in found if u.startswith(("http://", "https://"))))


# --- Hacker News "Who is hiring?" threads ---------------------------------------------------------

_HN_ID = re.compile(r"\d{1,12}")


class HackerNewsKind(SourceKind):
    """A Hacker News "Who is hiring?" thread: each top-level comment is a posting.

    The API URL is the Algolia item endpoint, which returns the whole thread in one
    response (``{"id", "title", "children": [{"id", "text", "author", "created_at_i"}]}``).
    :meth:`parse` also reads the official HN API item shape (``{"id", "kids", "text",
    "by", "time"}``) when the comments are inlined in ``kids``, or a JSON array of such
    items. Each top-level comment is read by :func:`roleatlas.sources.hn.parse_hn_comment`:
    the header line (``Company | Role | Location | ...``) split into fields, one posting per
    role named, job seekers' posts and meta comments left out.
    """

    name = "hn"
    complete = False
    priority = 10
    url_shapes = (
        "https://news.ycombinator.com/item?id=<id>",
        "a bare Hacker News item id such as 41709301",
    )

    def match(self, url: str) -> str | None:
        text = url.strip()
        if _HN_ID.fullmatch(text):
            return text
        host, path, query = _split_url(text)
        if host == "news.ycombinator.com" and path.rstrip("/") == "/item":
            item = (parse_qs(query).get("id") or [""])[0]
            return item if _HN_ID.fullmatch(item) else None
        if host == "hn.algolia.com":
            found = re.fullmatch(r"/api/v1/items/(\d{1,12})/?", path)
            return found.group(1) if found else None
        if host == "hacker-news.firebaseio.com":
            found = re.fullmatch(r"/v0/item/(\d{1,12})\.json", path)
            return found.group(1) if found else None
        return None

    def api_url(self, token: str) -> str:
        return f"https://hn.algolia.com/api/v1/items/{quote(token, safe='')}"

    def token_from_url(self, url: str) -> str:
        found = re.search(r"(\d{1,12})(?:\.json)?/?$", _split_url(url)[1])
        return found.group(1) if found else super().token_from_url(url)

    def display_name(self, token: str) -> str:
        return f"Hacker News thread {token}"

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting | RecordError]:
        data = _load_json(body, origin, limits, "Hacker News")
        if isinstance(data, list):
            comments = data
        elif isinstance(data, dict) and isinstance(data.get("children"), list):
            comments = data["children"]
        elif isinstance(data, dict) and isinstance(data.get("kids"), list):
            comments = [k for k in data["kids"] if isinstance(k, dict)]
            if data["kids"] and not comments:
                raise InputError(
                    f"The Hacker News item of {origin!r} lists its comments by id only "
                    "('kids'); fetch the thread from the Algolia items API "
                    "(hn.algolia.com/api/v1/items/<id>) or inline the comment items."
                )
        else:
            raise UnknownFormatError(
                f"The response of {origin!r} is not a Hacker News item with comments "
                f"('children' or 'kids'). Got {json_type(data)} '{snippet(data)}' instead. "
                "Check the URL and --kind."
            )
        thread = as_text(data.get("id")) if isinstance(data, dict) else None
        return self._postings(comments, thread, source, origin)

    @staticmethod
    def _postings(
        comments: list[Any], thread: str | None, source: str, origin: str
    ) -> Iterator[RawPosting | RecordError]:
        """Parse the top-level comments with :func:`roleatlas.sources.hn.parse_hn_comment`
        (header split into company, roles, location, remote and salary; job seekers'
        posts and meta comments skipped), after mapping Algolia's field names to the HN
        API's."""
        from roleatlas.sources.hn import parse_hn_comment

        for i, comment in enumerate(comments):
            where = f"{origin}#{i}"
            problem = _record_problem("Hacker News", comment, "id", where)
            if problem is not None:
                yield problem
                continue
            item = dict(comment)
            item.setdefault("type", "comment")
            item["by"] = item.get("by") or item.get("author")
            item["time"] = item.get("time") or item.get("created_at_i")
            if thread is not None:
                item["parent"] = item.get("parent") or item.get("parent_id") or thread
            result = parse_hn_comment(
                item, thread_id=thread if thread is not None else item.get("parent"),
                source=source, origin=where,
            )  # fmt: skip
            if isinstance(result, RecordError):
                yield result
                continue
            for posting in result or ():
                if posting.posted_at is None and isinstance(comment.get("created_at"), str):
                    posting.posted_at = comment["created_at"]
                yield posting


#: The kinds that ship with roleatlas (also registered as entry points in pyproject.toml).
BUILTIN_KINDS: tuple[type[SourceKind], ...] = (
    GreenhouseKind,
    LeverKind,
    AshbyKind,
    WorkableKind,
    SmartRecruitersKind,
    HackerNewsKind,
    FeedKind,
    SitemapKind,
    JsonLdKind,
)
