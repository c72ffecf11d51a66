"""roleatlas.collect.http against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from roleatlas.collect._net import blocked_reason, check_host, guarded_transport
from roleatlas.collect.http import Fetcher, HostLimiter, parse_retry_after
from roleatlas.errors import ConfigError, FetchError
from roleatlas.settings import resolve_settings

Route = Callable[[BaseHTTPRequestHandler], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.log]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is expected here


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        self.server.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.server.routes.get(self.path)
        if route is None:
            reply(self, 404, b"not found")
        else:
            route(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def reply(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if status != 304:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def reply_chunked(handler: BaseHTTPRequestHandler, chunks: Iterator[bytes]) -> None:
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for chunk in chunks:
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.flush()
    handler.wfile.write(b"0\r\n\r\n")


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


class FakeTime:
    """A clock that only moves when slept."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fetcher(
    fake: FakeTime | None = None, *, settings: dict[str, Any] | None = None, **kwargs: Any
) -> Fetcher:
    values: dict[str, Any] = {
        "allow_private_hosts": True,
        "host_delay": 0,
        "fetch_timeout": 2,
        "max_retries": 2,
        "contact_url": "https://example.org/ops",
    }
    values.update(settings or {})
    fake = fake or FakeTime()
    kwargs.setdefault("sleep", fake.sleep)
    kwargs.setdefault("random", lambda: 0.0)
    return Fetcher(resolve_settings({}, **values), **kwargs)


def test_etag_then_304_on_the_conditional_request(server: _Server) -> None:
    def jobs(h: BaseHTTPRequestHandler) -> None:
        validators = {"ETag": '"v1"', "Last-Modified": "Mon, 05 Jan 2026 10:00:00 GMT"}
        if h.headers.get("If-None-Match") == '"v1"':
            reply(h, 304, headers=validators)
        else:
            headers = {**validators, "Content-Type": "application/json"}
            reply(h, 200, b'{"jobs": []}', headers)

    server.routes["/jobs"] = jobs
    with fetcher() as f:
        first = f.fetch(server.url("/jobs"), accept="application/json")
        again = f.fetch(first.url, etag=first.etag, last_modified=first.last_modified)
    assert (first.status, first.body, first.attempts) == (200, b'{"jobs": []}', 1)
    assert first.etag == '"v1"'
    assert first.last_modified == "Mon, 05 Jan 2026 10:00:00 GMT"
    assert first.content_type == "application/json"
    assert (again.status, again.body, again.not_modified) == (304, None, True)
    assert again.etag == '"v1"'
    assert server.paths() == ["/robots.txt", "/jobs", "/jobs"]  # robots.txt read once
    assert server.log[1][1]["accept"] == "application/json"
    conditional = server.log[2][1]
    assert conditional["if-none-match"] == '"v1"'
    assert conditional["if-modified-since"] == "Mon, 05 Jan 2026 10:00:00 GMT"


def test_user_agent_names_roleatlas_and_the_contact_url(server: _Server) -> None:
    server.routes["/"] = lambda h: reply(h, 200, b"ok")
    with fetcher() as f:
        f.fetch(server.url("/"))
    agents = {headers["user-agent"] for _, headers in server.log}
    assert len(agents) == 1  # robots.txt and the page alike
    (agent,) = agents
    assert agent.startswith("roleatlas/")
    assert "https://example.org/ops" in agent


def test_contact_url_must_fit_in_a_header() -> None:
    with pytest.raises(ConfigError, match="ROLEATLAS_CONTACT_URL"):
        Fetcher(resolve_settings({}, contact_url="https://x\r\nX-Evil: 1"))


def test_429_with_retry_after_waits_then_succeeds(server: _Server) -> None:
    calls = []

    def busy(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            reply(h, 429, headers={"Retry-After": "1"})
        else:
            reply(h, 200, b"done")

    server.routes["/busy"] = busy
    fake = FakeTime()
    with fetcher(fake, respect_robots=False) as f:
        result = f.fetch(server.url("/busy"))
    assert (result.status, result.body, result.attempts) == (200, b"done", 2)
    assert fake.sleeps == [1.0]


def test_503_retries_with_backoff_then_gives_up(server: _Server) -> None:
    server.routes["/down"] = lambda h: reply(h, 503, b"down")
    fake = FakeTime()
    with fetcher(fake, respect_robots=False) as f, pytest.raises(FetchError) as caught:
        f.fetch(server.url("/down"))
    assert caught.value.status == 503
    assert caught.value.url == server.url("/down")
    message = str(caught.value)
    assert "after 3 attempts" in message and "HTTP 503" in message
    assert "ROLEATLAS_MAX_RETRIES" in message
    assert server.paths() == ["/down"] * 3
    assert fake.sleeps == [0.5, 1.0]  # exponential, jitter at its floor (random() == 0)


@pytest.mark.parametrize("as_date", [False, True])
def test_a_retry_after_past_the_cap_gives_up_at_once_and_says_when(
    server: _Server, as_date: bool
) -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    value = format_datetime(later, usegmt=True) if as_date else "3600"
    server.routes["/later"] = lambda h: reply(h, 503, headers={"Retry-After": value})
    fake = FakeTime()
    with fetcher(fake, respect_robots=False) as f, pytest.raises(FetchError) as caught:
        f.fetch(server.url("/later"))
    assert fake.sleeps == []
    assert server.paths() == ["/later"]
    assert "Retry-After" in str(caught.value) and "Try again after" in str(caught.value)
    retry_at = caught.value.retry_at
    assert retry_at is not None
    assert abs((retry_at - later).total_seconds()) < 60


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("0", now) == 0.0
    assert parse_retry_after(" 30 ", now) == 30.0
    assert parse_retry_after("Wed, 31 Dec 2025 23:00:00 GMT", now) == 0.0  # in the past
    assert parse_retry_after("-5", now) is None
    assert parse_retry_after(None, now) is None


def test_robots_disallow_is_refused(server: _Server) -> None:
    robots = b"User-agent: *\nDisallow: /private/\n"
    server.routes["/robots.txt"] = lambda h: reply(h, 200, robots)
    server.routes["/private/jobs"] = lambda h: reply(h, 200, b"secret")
    server.routes["/public"] = lambda h: reply(h, 200, b"hello")
    with fetcher() as f:
        with pytest.raises(FetchError, match="robots.txt disallows it") as caught:
            f.fetch(server.url("/private/jobs"))
        assert caught.value.url == server.url("/private/jobs")
        assert f.fetch(server.url("/public")).body == b"hello"
        assert f.fetch(server.url("/private/jobs"), respect_robots=False).body == b"secret"
    assert server.paths() == ["/robots.txt", "/public", "/private/jobs"]


def test_robots_server_error_disallows_the_host_for_the_run(server: _Server) -> None:
    server.routes["/robots.txt"] = lambda h: reply(h, 503)
    server.routes["/jobs"] = lambda h: reply(h, 200, b"[]")
    with fetcher(settings={"max_retries": 1}) as f:
        for _ in range(2):
            with pytest.raises(FetchError, match="could not be read.*treated as disallowed"):
                f.fetch(server.url("/jobs"))
    assert server.paths() == ["/robots.txt", "/robots.txt"]  # 1 retry, then cached


def test_robots_crawl_delay_raises_the_host_delay(server: _Server) -> None:
    server.routes["/robots.txt"] = lambda h: reply(h, 200, b"User-agent: *\nCrawl-delay: 5\n")
    server.routes["/a"] = lambda h: reply(h, 200, b"a")
    fake = FakeTime()
    with fetcher(fake, settings={"host_delay": 1}, clock=fake.clock) as f:
        f.fetch(server.url("/a"))
        f.fetch(server.url("/a"))
    # robots.txt at 0 s (delay 1 s then), the page at 1 s, the next page 5 s later
    assert fake.sleeps == [1.0, 5.0]


def test_per_host_delay_with_a_fake_clock(server: _Server) -> None:
    server.routes["/p"] = lambda h: reply(h, 200, b"p")
    fake = FakeTime()
    names = {"a.example": ["127.0.0.1"], "b.example": ["127.0.0.1"]}
    # no injected transport: the guarded one connects to the address the resolver gave
    with fetcher(
        fake,
        settings={"host_delay": 2},
        clock=fake.clock,
        resolver=lambda host, port: names[host],
        respect_robots=False,
    ) as f:
        for host in ("a.example", "a.example", "b.example", "a.example"):
            assert f.fetch(server.url("/p", host=host)).body == b"p"
    assert fake.sleeps == [2.0, 2.0]  # a waits for a; b does not wait for a
    assert [headers["host"] for _, headers in server.log] == [
        f"{host}:{server.port}" for host in ("a.example", "a.example", "b.example", "a.example")
    ]


def test_host_limiter_spaces_out_threads() -> None:
    lock = threading.Lock()
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        with lock:
            sleeps.append(seconds)

    limiter = HostLimiter(clock=lambda: 0.0, sleep=sleep)
    threads = [threading.Thread(target=limiter.wait, args=("h", 1.0)) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sleeps) == [1.0, 2.0, 3.0, 4.0]


class _ToLoopback(httpx.BaseTransport):
    """Sends every request to 127.0.0.1, keeping its Host header: public-looking names in tests."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(host="127.0.0.1")
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@pytest.mark.parametrize("allow", [False, True])
def test_a_redirect_to_a_private_address(server: _Server, allow: bool) -> None:
    names = {"board.example": ["93.184.216.34"], "internal.example": ["127.0.0.1"]}
    target = server.url("/secret", host="internal.example")
    server.routes["/start"] = lambda h: reply(h, 302, headers={"Location": target})
    server.routes["/secret"] = lambda h: reply(h, 200, b"metadata")
    start = server.url("/start", host="board.example")
    with fetcher(
        settings={"allow_private_hosts": allow},
        transport=_ToLoopback(),
        resolver=lambda host, port: names[host],
        respect_robots=False,
    ) as f:
        if allow:
            result = f.fetch(start)
            assert (result.url, result.body) == (target, b"metadata")
            assert server.paths() == ["/start", "/secret"]
        else:
            with pytest.raises(FetchError) as caught:
                f.fetch(start)
            message = str(caught.value)
            assert "ROLEATLAS_ALLOW_PRIVATE_HOSTS=1" in message
            assert "'internal.example' resolves to 127.0.0.1, a loopback address" in message
            assert f"redirected from {start}" in message
            assert caught.value.url == target
            assert server.paths() == ["/start"]  # the private hop was never requested


def test_a_private_url_is_refused_before_any_request(server: _Server) -> None:
    server.routes["/"] = lambda h: reply(h, 200, b"ok")
    with fetcher(settings={"allow_private_hosts": False}) as f:
        with pytest.raises(FetchError, match="ROLEATLAS_ALLOW_PRIVATE_HOSTS=1"):
            f.fetch(server.url("/"))
        with pytest.raises(FetchError, match="169.254.169.254 is a cloud metadata address"):
            f.fetch("http://169.254.169.254/latest/meta-data/")
        with pytest.raises(FetchError, match=r"::ffff:10.0.0.1 is a private address"):
            f.fetch("http://[::ffff:10.0.0.1]/")
    assert server.log == []


def test_any_private_address_of_a_host_refuses_it() -> None:
    with pytest.raises(FetchError, match="10.1.2.3, a private address"):
        check_host(
            "mixed.example",
            443,
            resolver=lambda host, port: ["93.184.216.34", "10.1.2.3"],
            allow_private=False,
            url="https://mixed.example/",
        )
    assert check_host(
        "mixed.example",
        443,
        resolver=lambda host, port: ["10.1.2.3"],
        allow_private=True,
        url="https://mixed.example/",
    ) == ["10.1.2.3"]


def test_an_unresolvable_host_names_the_host() -> None:
    def fail(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with fetcher(resolver=fail) as f, pytest.raises(FetchError, match="'nowhere.example'"):
        f.fetch("https://nowhere.example/jobs")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("10.0.0.1", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fc00::1", "a private address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("::ffff:169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("169.254.1.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("240.0.0.1", "a private address"),
        ("100.64.0.1", "an address that is not publicly routable"),
        ("2002:7f00:1::", "a loopback address"),
        ("64:ff9b::a00:1", "a private address"),
    ],
)
def test_blocked_addresses(address: str, reason: str) -> None:
    assert blocked_reason(address) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses(address: str) -> None:
    assert blocked_reason(address) is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    with fetcher() as f, pytest.raises(FetchError, match="only http and https"):
        f.fetch(url)


def test_the_connection_itself_is_checked(server: _Server) -> None:
    # A name that passed an earlier check and now resolves to loopback (DNS rebinding) is
    # refused when the connection is made.
    transport = guarded_transport(lambda host, port: ["127.0.0.1"], allow_private=False)
    with (
        httpx.Client(transport=transport) as client,
        pytest.raises(FetchError, match="ROLEATLAS_ALLOW_PRIVATE_HOSTS=1"),
    ):
        client.get(server.url("/", host="rebind.example"))
    assert server.log == []


def test_too_many_redirects(server: _Server) -> None:
    server.routes["/loop"] = lambda h: reply(h, 301, headers={"Location": "/loop"})
    with fetcher(respect_robots=False) as f, pytest.raises(FetchError, match="more than 5 times"):
        f.fetch(server.url("/loop"))
    assert server.paths() == ["/loop"] * 6


def test_a_404_is_not_retried(server: _Server) -> None:
    with fetcher(respect_robots=False) as f, pytest.raises(FetchError) as caught:
        f.fetch(server.url("/gone"))
    assert caught.value.status == 404
    assert "no longer exists" in str(caught.value)
    assert server.paths() == ["/gone"]


def test_oversized_bodies_are_refused(server: _Server) -> None:
    server.routes["/fits"] = lambda h: reply(h, 200, b"x" * 1000)
    server.routes["/declared"] = lambda h: reply(h, 200, b"x" * 5000)
    server.routes["/chunked"] = lambda h: reply_chunked(h, (b"x" * 300 for _ in range(10)))
    with fetcher(settings={"max_document_bytes": 1000}, respect_robots=False) as f:
        assert f.fetch(server.url("/fits")).body == b"x" * 1000
        with pytest.raises(FetchError, match="Content-Length is 5000") as caught:
            f.fetch(server.url("/declared"))
        assert "ROLEATLAS_MAX_DOCUMENT_BYTES" in str(caught.value)
        with pytest.raises(FetchError, match="while streaming.*ROLEATLAS_MAX_DOCUMENT_BYTES"):
            f.fetch(server.url("/chunked"))
    assert server.paths() == ["/fits", "/declared", "/chunked"]  # not retried


def test_a_slow_server_times_out_after_the_retries(server: _Server) -> None:
    def slow(h: BaseHTTPRequestHandler) -> None:
        time.sleep(1.0)
        reply(h, 200, b"late")

    server.routes["/slow"] = slow
    started = time.monotonic()
    with (
        fetcher(settings={"fetch_timeout": 0.2, "max_retries": 1}, respect_robots=False) as f,
        pytest.raises(FetchError, match="after 2 attempts: timed out") as caught,
    ):
        f.fetch(server.url("/slow"))
    assert caught.value.status is None
    assert "ROLEATLAS_FETCH_TIMEOUT" in str(caught.value)
    assert time.monotonic() - started < 1.5


def test_a_dripping_body_is_bounded_by_the_timeout_too(server: _Server) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(8):
            time.sleep(0.1)
            yield b"."

    server.routes["/drip"] = lambda h: reply_chunked(h, drip())
    with (
        fetcher(settings={"fetch_timeout": 0.25, "max_retries": 0}, respect_robots=False) as f,
        pytest.raises(FetchError, match="the download took longer than 0.25 s"),
    ):
        f.fetch(server.url("/drip"))


def test_fetch_settings_from_the_environment() -> None:
    settings = resolve_settings(
        {
            "ROLEATLAS_ALLOW_PRIVATE_HOSTS": "yes",
            "ROLEATLAS_HOST_DELAY": "0.5",
            "ROLEATLAS_MAX_RETRIES": "0",
            "ROLEATLAS_CONTACT_URL": "mailto:ops@example.org",
        }
    )
    assert settings.allow_private_hosts is True
    assert settings.host_delay == 0.5
    assert settings.max_retries == 0
    assert settings.fetch_timeout == 30.0
    defaults = resolve_settings({})
    assert defaults.allow_private_hosts is False
    assert defaults.contact_url == "https://github.com/roleatlas/roleatlas"
    assert resolve_settings({"ROLEATLAS_ALLOW_PRIVATE_HOSTS": "0"}).allow_private_hosts is False
    with pytest.raises(ConfigError, match="ROLEATLAS_ALLOW_PRIVATE_HOSTS.*1/0.*'maybe'"):
        resolve_settings({"ROLEATLAS_ALLOW_PRIVATE_HOSTS": "maybe"})
    with pytest.raises(ConfigError, match="ROLEATLAS_HOST_DELAY.*zero or more"):
        resolve_settings({"ROLEATLAS_HOST_DELAY": "-1"})
    with pytest.raises(ConfigError, match="ROLEATLAS_FETCH_TIMEOUT.*positive"):
        resolve_settings({"ROLEATLAS_FETCH_TIMEOUT": "0"})


def test_exported_members_and_doctests() -> None:
    import doctest

    from roleatlas.collect import _net
    from roleatlas.collect import http as http_module

    assert sorted(http_module.__all__) == [
        "FetchResult",
        "Fetcher",
        "HostLimiter",
        "MAX_REDIRECTS",
        "MAX_WAIT",
        "RETRY_STATUSES",
        "parse_retry_after",
        "user_agent",
    ]
    assert doctest.testmod(http_module).failed == 0
    assert doctest.testmod(_net).failed == 0
