"""Polite and safe HTTP for collection: one :class:`Fetcher` that every source kind uses.

What it does for every request, so that no source has to:

* **Identifies itself**: ``User-Agent: roleatlas/<version> (+<contact_url>)``.
* **Refuses unsafe targets**: only ``http`` and ``https``; a host that resolves to a loopback,
  private, link-local, reserved, multicast, unspecified or cloud-metadata address (IPv4-mapped
  IPv6 forms included) is refused, on every redirect hop (redirects are followed by hand, at most
  5) and again when the connection is made, unless ``ROLEATLAS_ALLOW_PRIVATE_HOSTS=1``.
* **Respects robots.txt** (parsed with protego, fetched once per scheme+host+port and kept for the
  Fetcher's life). A ``Crawl-delay`` raises the host delay. A robots.txt answering 4xx allows
  everything; one that cannot be read (5xx or 429 after the retries, timeouts, refused
  connections) disallows the whole host for the Fetcher's life — Google's convention and
  RFC 9309 §2.3.1.4: an unreachable server is assumed to want no crawling. Robots are respected
  for every fetch by default, ATS JSON APIs included: it costs one request per host per run and
  is the polite default; a caller that has a documented reason may pass ``respect_robots=False``.
* **Waits between requests to one host** (``host_delay`` seconds; thread-safe).
* **Sends conditional requests** (``If-None-Match`` / ``If-Modified-Since``) when given the
  validators of the last fetch, and returns a 304 as a result without a body.
* **Retries** 429, 500, 502, 503, 504, timeouts and dropped connections up to ``max_retries``
  times with exponential backoff and jitter, waiting at least what ``Retry-After`` asks (seconds
  or an HTTP date). It never sleeps longer than ``max_wait`` (5 minutes) at once: a longer
  ``Retry-After`` stops with an error that says when to try again.
* **Bounds time and size**: ``fetch_timeout`` for connecting, each read and the whole download;
  the body is streamed and refused past ``max_document_bytes`` (checked on ``Content-Length``
  first).

The retry loop is a few lines here rather than tenacity: the wait depends on the response
(``Retry-After``), an over-long wait must stop with its own message, and the loop shares the
injectable clock and sleep with the host rate limiter, which a plain loop keeps in one place.

Examples
--------
>>> from roleatlas.settings import resolve_settings
>>> with Fetcher(resolve_settings({})) as fetcher:  # doctest: +SKIP
...     first = fetcher.fetch("https://boards-api.greenhouse.io/v1/boards/acme/jobs")
...     again = fetcher.fetch(first.url, etag=first.etag, last_modified=first.last_modified)
>>> again.not_modified  # doctest: +SKIP
True
"""

from __future__ import annotations

import random as _random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin

import httpx
from protego import Protego

from roleatlas import __version__
from roleatlas.collect._net import Resolver, check_host, guarded_transport, system_resolver
from roleatlas.errors import ConfigError, FetchError
from roleatlas.settings import Settings, resolve_settings

__all__ = [
    "MAX_REDIRECTS",
    "MAX_WAIT",
    "RETRY_STATUSES",
    "FetchResult",
    "Fetcher",
    "HostLimiter",
    "parse_retry_after",
    "user_agent",
]

#: Statuses worth another attempt.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Longest single sleep (seconds), for a backoff, a ``Retry-After`` or a ``Crawl-delay``.
MAX_WAIT = 300.0
#: Most redirects followed for one request.
MAX_REDIRECTS = 5
#: robots.txt past this size is cut (Google reads the first 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024
#: The product token matched against robots.txt ``User-agent`` lines.
ROBOTS_AGENT = "roleatlas"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchResult:
    """One successful fetch.

    Attributes
    ----------
    url:
        The final URL, after redirects.
    status:
        A 2xx status, or 304 when the conditional request found the resource unchanged.
    body:
        The decoded (decompressed) body; ``None`` on 304.
    etag, last_modified:
        The validators to send next time (on a 304 without them, the ones that were sent).
    content_type:
        The ``Content-Type`` header, if any.
    elapsed:
        Seconds from the call to the result, waits and retries included.
    attempts:
        Attempts made (1 when the first one succeeded).
    """

    url: str
    status: int
    body: bytes | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    elapsed: float
    attempts: int

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304 Not Modified."""
        return self.status == 304


def user_agent(contact_url: str) -> str:
    """The User-Agent roleatlas sends.

    Examples
    --------
    >>> user_agent("https://example.org/contact")  # doctest: +ELLIPSIS
    'roleatlas/... (+https://example.org/contact)'
    """
    if not contact_url or any(not (" " < ch <= "~") for ch in contact_url):
        raise ConfigError(
            f"The setting 'contact_url' must be a URL or mailto: address of printable ASCII "
            f"without spaces (it goes into the User-Agent header). Got {contact_url!r} instead; "
            "set ROLEATLAS_CONTACT_URL."
        )
    return f"{ROBOTS_AGENT}/{__version__} (+{contact_url})"


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or HTTP date), or ``None``.

    Examples
    --------
    >>> now = datetime(2026, 1, 1, tzinfo=UTC)
    >>> parse_retry_after("120", now)
    120.0
    >>> parse_retry_after("Thu, 01 Jan 2026 00:01:00 GMT", now)
    60.0
    >>> parse_retry_after("soon", now) is None
    True
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class HostLimiter:
    """Keeps at least a delay between two requests to the same host, across threads.

    Each call reserves the next free slot of its host under a lock and sleeps outside it, so
    threads fetching one host are spaced out and threads fetching different hosts do not wait
    for each other.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, delay: float) -> float:
        """Sleep until ``host`` may be requested again; return the seconds slept."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + delay
        waited = start - now
        if waited > 0:
            self._sleep(waited)
        return waited


@dataclass(frozen=True)
class _Robots:
    parser: Protego | None
    allow_all: bool
    why: str = ""

    def allows(self, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, ROBOTS_AGENT))


@dataclass(frozen=True)
class _Response:
    url: str
    status: int
    reason: str
    body: bytes | None
    headers: httpx.Headers


class _Retry(Exception):
    """A transient failure: another attempt may succeed."""

    def __init__(
        self, url: str, reason: str, status: int | None = None, after: float | None = None
    ) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason
        self.status = status
        self.after = after


class _GaveUp(Exception):
    """The retries are spent, or the server asked for a wait longer than ``max_wait``."""

    def __init__(
        self, last: _Retry, attempts: int, retry_at: datetime | None, too_long: bool
    ) -> None:
        super().__init__(last.reason)
        self.last = last
        self.attempts = attempts
        self.retry_at = retry_at
        self.too_long = too_long


class Fetcher:
    """Fetches URLs politely and safely (see the module docstring for what that means).

    Parameters
    ----------
    settings:
        Where ``contact_url``, ``allow_private_hosts``, ``host_delay``, ``fetch_timeout``,
        ``max_retries`` and ``max_document_bytes`` come from (default: :func:`resolve_settings`).
    respect_robots:
        Default of :meth:`fetch`'s ``respect_robots``.
    transport:
        An httpx transport to use instead of the guarded default one (tests). The address checks
        before each hop still run, with ``resolver``.
    resolver:
        ``resolver(host, port)`` → IP addresses (default: :func:`socket.getaddrinfo`).
    clock, sleep:
        Monotonic clock and sleep for the host delay, backoff and ``elapsed`` (tests fake them).
    random:
        Source of jitter in ``[0, 1)``.
    backoff:
        Base of the exponential backoff in seconds: attempt *n* waits
        ``backoff * 2**(n-1)``, times a jitter between 0.5 and 1.
    max_wait:
        Longest single sleep in seconds.
    max_redirects:
        Most redirects followed for one request.

    Notes
    -----
    The constructor only stores parameters; the HTTP client is made on the first fetch. Use the
    Fetcher as a context manager, or call :meth:`close`. One Fetcher may be shared by threads.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        respect_robots: bool = True,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
        backoff: float = 1.0,
        max_wait: float = MAX_WAIT,
        max_redirects: int = MAX_REDIRECTS,
    ) -> None:
        self.settings = resolve_settings() if settings is None else settings
        self.user_agent = user_agent(self.settings.contact_url)
        self.respect_robots = respect_robots
        self.backoff = backoff
        self.max_wait = max_wait
        self.max_redirects = max_redirects
        self._transport = transport
        self._resolver: Resolver = system_resolver if resolver is None else resolver
        self._clock = clock
        self._sleep = sleep
        self._random = random
        self._limiter = HostLimiter(clock, sleep)
        self._lock = threading.Lock()
        self._client: httpx.Client | None = None
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._crawl_delay: dict[str, float] = {}

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client and its connections."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                transport = self._transport or guarded_transport(
                    self._resolver, allow_private=self.settings.allow_private_hosts
                )
                self._client = httpx.Client(
                    transport=transport,
                    headers={"User-Agent": self.user_agent},
                    timeout=httpx.Timeout(self.settings.fetch_timeout),
                    follow_redirects=False,
                    trust_env=False,  # no proxies or .netrc credentials from the environment
                )
            return self._client

    # -- public ------------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        respect_robots: bool | None = None,
    ) -> FetchResult:
        """GET ``url`` politely; return its body, or a 304 result when it has not changed.

        Parameters
        ----------
        url:
            An ``http`` or ``https`` URL.
        etag, last_modified:
            Validators from the previous fetch, sent as ``If-None-Match`` and
            ``If-Modified-Since``.
        accept:
            The ``Accept`` header (default: httpx's ``*/*``).
        respect_robots:
            Check robots.txt before every hop (default: the Fetcher's ``respect_robots``).

        Returns
        -------
        FetchResult

        Raises
        ------
        FetchError
            If the URL is not http(s), a hop resolves to a non-public address, robots.txt
            disallows it, the status is neither 2xx nor 304, the body is over
            ``max_document_bytes``, there are more than ``max_redirects`` redirects, or the
            server still fails after ``max_retries`` retries (or asks to wait longer than
            ``max_wait``; ``retry_at`` then says when to try again).
        """
        started = self._clock()
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        robots = self.respect_robots if respect_robots is None else respect_robots
        try:
            response, attempts = self._request(
                url, headers, respect_robots=robots, limit=self.settings.max_document_bytes
            )
        except _GaveUp as gave_up:
            raise self._gave_up_error(url, gave_up) from None
        if response.status != 304 and not 200 <= response.status < 300:
            raise FetchError(
                f"{response.url} answered HTTP {response.status} {response.reason}. "
                f"{_status_hint(response.status)}",
                url=response.url,
                status=response.status,
            )
        not_modified = response.status == 304
        return FetchResult(
            url=response.url,
            status=response.status,
            body=None if not_modified else response.body,
            etag=response.headers.get("etag") or (etag if not_modified else None),
            last_modified=response.headers.get("last-modified")
            or (last_modified if not_modified else None),
            content_type=response.headers.get("content-type"),
            elapsed=self._clock() - started,
            attempts=attempts,
        )

    # -- the request loop --------------------------------------------------------------------

    def _request(
        self,
        url: str,
        headers: dict[str, str],
        *,
        respect_robots: bool,
        limit: int,
        truncate: bool = False,
    ) -> tuple[_Response, int]:
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._attempt(url, headers, respect_robots, limit, truncate), attempt
            except _Retry as retry:
                now = datetime.now(UTC)
                retry_at = None if retry.after is None else now + timedelta(seconds=retry.after)
                if retry.after is not None and retry.after > self.max_wait:
                    raise _GaveUp(retry, attempt, retry_at, too_long=True) from None
                if attempt > self.settings.max_retries:
                    raise _GaveUp(retry, attempt, retry_at, too_long=False) from None
                self._sleep(max(retry.after or 0.0, self._backoff(attempt)))

    def _backoff(self, attempt: int) -> float:
        base = min(self.max_wait, self.backoff * 2 ** (attempt - 1))
        return base * (0.5 + 0.5 * self._random())

    def _attempt(
        self, url: str, headers: dict[str, str], respect_robots: bool, limit: int, truncate: bool
    ) -> _Response:
        current = url
        for hop in range(self.max_redirects + 1):
            host = self._check_url(current, first=url if hop else None)
            if respect_robots:
                self._check_robots(current)
            self._limiter.wait(host, self._host_delay(host))
            try:
                with self._http().stream("GET", current, headers=headers) as response:
                    status = response.status_code
                    location = response.headers.get("location")
                    if status in _REDIRECTS and location:
                        current = urljoin(current, location)
                        continue
                    if status in RETRY_STATUSES:
                        after = parse_retry_after(
                            response.headers.get("retry-after"), datetime.now(UTC)
                        )
                        raise _Retry(
                            current, f"HTTP {status} {response.reason_phrase}", status, after
                        )
                    body = None
                    if 200 <= status < 300:
                        body = self._read(response, current, limit, truncate)
                    return _Response(
                        current, status, response.reason_phrase, body, response.headers
                    )
            except httpx.TimeoutException as exc:
                raise _Retry(current, f"timed out ({type(exc).__name__})") from None
            except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError) as exc:
                raise _Retry(current, f"connection failed ({type(exc).__name__}: {exc})") from None
            except httpx.DecodingError as exc:
                raise FetchError(
                    f"The response from {current} cannot be decoded ({exc}). The server sent a "
                    "corrupt compressed body; try again later or report it to the site.",
                    url=current,
                ) from None
        raise FetchError(
            f"{url} redirected more than {self.max_redirects} times (last to {current}). "
            "Use the final URL of the page or API instead.",
            url=current,
        )

    def _read(self, response: httpx.Response, url: str, limit: int, truncate: bool) -> bytes:
        length = response.headers.get("content-length", "").strip()
        if not truncate and length.isdigit() and int(length) > limit:
            raise _too_large(url, limit, f"its Content-Length is {int(length)} bytes")
        deadline = time.monotonic() + self.settings.fetch_timeout
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            if total + len(chunk) > limit:
                if truncate:
                    chunks.append(chunk[: limit - total])
                    break
                raise _too_large(url, limit, f"its body passed {limit} bytes while streaming")
            total += len(chunk)
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise _Retry(
                    url, f"the download took longer than {self.settings.fetch_timeout:g} s"
                )
        return b"".join(chunks)

    def _gave_up_error(self, url: str, gave_up: _GaveUp) -> FetchError:
        last = gave_up.last
        when = (
            f" Try again after {gave_up.retry_at.isoformat(timespec='seconds')}."
            if gave_up.retry_at
            else ""
        )
        if gave_up.too_long:
            message = (
                f"Giving up on {last.url}: it answered {last.reason} and asks to wait "
                f"{last.after:.0f} s (Retry-After), longer than the {self.max_wait:.0f} s "
                f"roleatlas waits.{when}"
            )
        else:
            message = (
                f"Giving up on {last.url} after {gave_up.attempts} attempts: {last.reason}. The "
                "server may be down or overloaded; try again later, or raise "
                f"ROLEATLAS_MAX_RETRIES or ROLEATLAS_FETCH_TIMEOUT.{when}"
            )
        return FetchError(message, url=last.url, status=last.status, retry_at=gave_up.retry_at)

    # -- safety ------------------------------------------------------------------------------

    def _check_url(self, url: str, first: str | None) -> str:
        """Refuse non-http(s) URLs and non-public hosts; return the host."""
        via = f" (redirected from {first})" if first else ""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(f"Cannot fetch {url!r}{via}: {exc}.", url=url) from None
        if parsed.scheme not in ("http", "https"):
            raise FetchError(
                f"Cannot fetch {url}{via}: only http and https URLs are fetched, "
                f"not {parsed.scheme or 'scheme-less'} ones.",
                url=url,
            )
        if not parsed.host:
            raise FetchError(f"Cannot fetch {url}{via}: the URL has no host.", url=url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            check_host(
                parsed.host,
                port,
                resolver=self._resolver,
                allow_private=self.settings.allow_private_hosts,
                url=url + via,
            )
        except FetchError as exc:
            exc.url = url
            raise
        return parsed.host

    def _host_delay(self, host: str) -> float:
        with self._lock:
            floor = self._crawl_delay.get(host, 0.0)
        return max(self.settings.host_delay, floor)

    # -- robots.txt --------------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        parsed = httpx.URL(url)
        origin = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        robots = self._robots_for(origin, parsed.host)
        if not robots.allows(url):
            why = robots.why or f"{origin}/robots.txt disallows it for the user agent 'roleatlas'"
            raise FetchError(
                f"Not fetching {url}: {why}. roleatlas respects robots.txt; remove this source "
                "or use the site's API or feed if it offers one.",
                url=url,
            )

    def _robots_for(self, origin: str, host: str) -> _Robots:
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per origin, even with many threads
            robots = self._robots.get(origin)
            if robots is None:
                robots = self._load_robots(origin)
                self._robots[origin] = robots
                delay = robots.parser.crawl_delay(ROBOTS_AGENT) if robots.parser else None
                if delay:
                    with self._lock:
                        floor = min(float(delay), self.max_wait)
                        self._crawl_delay[host] = max(self._crawl_delay.get(host, 0.0), floor)
            return robots

    def _load_robots(self, origin: str) -> _Robots:
        url = f"{origin}/robots.txt"
        try:
            response, _ = self._request(
                url, {}, respect_robots=False, limit=ROBOTS_MAX_BYTES, truncate=True
            )
        except _GaveUp as gave_up:
            return _Robots(
                None,
                allow_all=False,
                why=(
                    f"{url} could not be read ({gave_up.last.reason}), and an unreachable "
                    "robots.txt means the whole host is treated as disallowed for this run"
                ),
            )
        if 200 <= response.status < 300:
            text = (response.body or b"").decode("utf-8", errors="replace")
            return _Robots(Protego.parse(text), allow_all=True)
        if 400 <= response.status < 500:
            return _Robots(None, allow_all=True)  # no robots.txt: everything is allowed
        return _Robots(
            None,
            allow_all=False,
            why=(
                f"{url} answered HTTP {response.status}, and an unreadable robots.txt means the "
                "whole host is treated as disallowed for this run"
            ),
        )


def _too_large(url: str, limit: int, what: str) -> FetchError:
    return FetchError(
        f"The response from {url} is larger than max_document_bytes ({limit} bytes): {what}. "
        "Raise ROLEATLAS_MAX_DOCUMENT_BYTES if this source is trusted.",
        url=url,
    )


def _status_hint(status: int) -> str:
    if status in (404, 410):
        return "The page or board no longer exists: check the URL, or remove the source."
    if status in (401, 403):
        return (
            "The server refuses access (it may block automated clients): check that the URL "
            "is a public page or API."
        )
    return "Check the URL; if it is right, the server is failing: try again later."
