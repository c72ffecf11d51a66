"""Address checks for outgoing requests: which hosts roleatlas refuses to reach.

A URL given to the collector could point at the machine itself, the local network or a cloud
metadata service (server-side request forgery). :func:`check_host` resolves a host and refuses it
when *any* of its addresses is not a public one; :func:`guarded_transport` builds an httpx
transport whose connections go to the addresses that were checked, so a DNS answer that changes
between the check and the connection (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from collections.abc import Callable, Iterable, Sequence

import httpcore
import httpx

from roleatlas.errors import FetchError

__all__ = ["Resolver", "blocked_reason", "check_host", "guarded_transport", "system_resolver"]

#: ``resolver(host, port)`` returns the IP addresses (as text) that ``host`` resolves to.
Resolver = Callable[[str, int], Sequence[str]]

ALLOW_SETTING = "ROLEATLAS_ALLOW_PRIVATE_HOSTS=1"

_METADATA = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack…
        ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
        ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    }
)
# IPv6 prefixes that embed an IPv4 address in their last 32 bits (NAT64 well-known prefix).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with :func:`socket.getaddrinfo`; every address, duplicates dropped."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone ("fe80::1%eth0")
        if address not in addresses:
            addresses.append(address)
    return addresses


def blocked_reason(address: str) -> str | None:
    """Why ``address`` must not be fetched, or ``None`` when it is a public address.

    IPv4 addresses embedded in IPv6 ones (``::ffff:127.0.0.1``, 6to4, NAT64) are judged by the
    IPv4 address they carry.

    Examples
    --------
    >>> blocked_reason("127.0.0.1")
    'a loopback address'
    >>> blocked_reason("::ffff:169.254.169.254")
    'a cloud metadata address'
    >>> blocked_reason("93.184.216.34") is None
    True
    """
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _METADATA:
            return "a cloud metadata address"
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            ip = embedded
    if ip in _METADATA:
        return "a cloud metadata address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "an address that is not publicly routable"
    return None


def _host_addresses(host: str, port: int, resolver: Resolver, url: str) -> list[str]:
    literal = host.strip("[]")
    try:
        ipaddress.ip_address(literal)
    except ValueError:
        pass
    else:
        return [literal]
    try:
        addresses = list(resolver(host, port))
    except (OSError, UnicodeError) as exc:
        raise FetchError(
            f"Cannot fetch {url}: the host {host!r} does not resolve ({exc}). "
            "Check the URL and the network connection.",
            url=url,
        ) from None
    if not addresses:
        raise FetchError(
            f"Cannot fetch {url}: the host {host!r} resolves to no address. Check the URL.",
            url=url,
        )
    return addresses


def check_host(
    host: str, port: int, *, resolver: Resolver, allow_private: bool, url: str
) -> list[str]:
    """Resolve ``host`` and return its addresses, refusing non-public ones.

    Parameters
    ----------
    host, port:
        Where the request goes.
    resolver:
        Name resolution (:func:`system_resolver` unless a test injects another).
    allow_private:
        The ``allow_private_hosts`` setting: when true nothing is refused.
    url:
        The URL being fetched, for the error message.

    Raises
    ------
    FetchError
        If the host does not resolve, or any address it resolves to is loopback, private,
        link-local, reserved, multicast, unspecified or a cloud metadata address (and
        ``allow_private`` is false).
    """
    addresses = _host_addresses(host, port, resolver, url)
    if allow_private:
        return addresses
    for address in addresses:
        reason = blocked_reason(address)
        if reason is not None:
            where = (
                f"{address} is {reason}"
                if address == host.strip("[]")
                else f"the host {host!r} resolves to {address}, {reason}"
            )
            raise FetchError(
                f"Refusing to fetch {url}: {where}. "
                "roleatlas does not reach loopback, private, link-local or cloud-metadata "
                f"addresses unless {ALLOW_SETTING} is set (for tests and self-hosted boards).",
                url=url,
            )
    return addresses


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects to the checked addresses of a host, never to a fresh DNS answer."""

    def __init__(self, resolver: Resolver, allow_private: bool) -> None:
        self._resolver = resolver
        self._allow_private = allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = check_host(
            host,
            port,
            resolver=self._resolver,
            allow_private=self._allow_private,
            url=f"//{host}:{port}",
        )
        error: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("roleatlas does not fetch over Unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_transport(resolver: Resolver, *, allow_private: bool) -> httpx.BaseTransport:
    """An :class:`httpx.HTTPTransport` (certificates verified, no proxy) whose every connection
    is checked with :func:`check_host` and made to the addresses checked.

    TLS still verifies the certificate against the host name of the URL.
    """
    transport = httpx.HTTPTransport(verify=True)
    # httpx has no public way to give the pool a network backend; the pool it builds without a
    # proxy is an httpcore.ConnectionPool that keeps it in ``_network_backend``.
    pool = typing.cast(typing.Any, transport)._pool
    if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("this httpx/httpcore version has no pluggable network backend")
    pool._network_backend = _GuardedBackend(resolver, allow_private)
    return transport
