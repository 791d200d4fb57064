"""The only way newsreader reaches the network: fetch one web page, safely.

SECURITY.md, “What the fetcher refuses”, says what and why.

Every hop (the first request and each redirect) is validated on its own: the URL is parsed as a
browser would, the host is resolved once, every address it resolves to must be public (or
allowed by settings.FETCH_ALLOWED_PRIVATE), and the connection goes to that very address, so a
second DNS answer can never swap in another one. One deadline covers the whole fetch, whatever
the server trickles, and the body is capped after decompression.
"""

import contextlib
import datetime
import email.utils
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from http.client import HTTPException
from urllib.parse import urljoin

import urllib3.exceptions
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.response import HTTPResponse
from urllib3.util.ssl_match_hostname import CertificateError

from articles.ingest.addresses import (
    IPAddress,
    Target,
    check_address,
    check_name,
    check_port,
    parse_url,
)
from articles.ingest.decode import decode_html, describe_type, file_kind, looks_like_html
from articles.ingest.errors import (
    FetchFailed,
    HTTPStatusError,
    InvalidURL,
    NoSuchSite,
    NotAWebPage,
    TooLarge,
    TooManyRedirects,
    TooSlow,
)

Resolver = Callable[[str, int], list[str]]

HTML_TYPES = {"text/html", "application/xhtml+xml"}
REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024
_SNIFF_BYTES = 512


@dataclass(frozen=True)
class FetchedPage:
    url: str  # final URL after redirects
    html: str  # decoded text
    content_type: str  # e.g. "text/html"
    encoding: str  # the charset actually used to decode
    redirects: tuple[str, ...]  # every URL visited before the final one


def resolve_host(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (the default resolver of `fetch`)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def check_fetchable(url: str) -> None:
    """The checks that need no network (scheme, port, local names, address literals), so a
    pasted link is refused at once; `fetch` repeats them and checks what names resolve to."""
    target = parse_url(url)
    check_port(target)
    check_name(target)
    if target.ip is not None:
        check_address(target, target.ip)


def fetch(url: str, *, resolve: Resolver = resolve_host) -> FetchedPage:
    """Fetch a web page, following redirects; raise an IngestError with a message for the user."""
    deadline = time.monotonic() + settings.FETCH_TIMEOUT_SECONDS
    target = parse_url(url)
    visited: list[str] = []
    while True:
        with _exchange(target, resolve, deadline) as response:
            location = _redirect_location(response)
            if location is None:
                return _read_page(response, target, tuple(visited), deadline)
        visited.append(target.url)
        target = _next_hop(target, location, visited)


def _next_hop(target: Target, location: str, visited: list[str]) -> Target:
    try:
        following = replace(parse_url(urljoin(target.url, location)), redirected=True)
    except InvalidURL:
        raise InvalidURL(
            "This link redirects to an address that is not a web page newsreader can fetch."
        ) from None
    if following.url in visited:
        raise TooManyRedirects("The link redirects in a loop and never reaches a page.")
    if len(visited) > settings.FETCH_MAX_REDIRECTS:
        raise TooManyRedirects(
            f"The link redirected more than {settings.FETCH_MAX_REDIRECTS} times."
        )
    return following


@contextlib.contextmanager
def _exchange(target: Target, resolve: Resolver, deadline: float) -> Iterator[HTTPResponse]:
    """One request to a validated, pinned address; yields the response with its body unread."""
    check_port(target)
    check_name(target)
    addresses = _resolve(target, resolve, deadline)
    watchdog = _Watchdog(deadline)
    connection = None
    try:
        connection = _connect(target, addresses, deadline, watchdog)
        connection.request("GET", target.path, headers=_headers(target), preload_content=False)
        yield connection.getresponse()
    except (OSError, HTTPException, CertificateError, urllib3.exceptions.HTTPError) as error:
        late = watchdog.fired or time.monotonic() >= deadline
        raise _network_error(error, target, late) from None
    finally:
        watchdog.stop()
        if connection is not None:
            connection.close()


def _resolve(target: Target, resolve: Resolver, deadline: float) -> list[IPAddress]:
    """The host's addresses, each checked; all of them must be allowed, not just the first."""
    if target.ip is not None:
        names = [str(target.ip)]
    else:
        names = _within_deadline(lambda: resolve(target.host, target.port), target, deadline)
    addresses = list(dict.fromkeys(ipaddress.ip_address(name) for name in names))
    if not addresses:
        raise FetchFailed(f"newsreader could not find the site {target.host}.")
    for address in addresses:
        check_address(target, address)
    return addresses


def _within_deadline(lookup: Callable[[], list[str]], target: Target, deadline: float) -> list[str]:
    """Run a DNS lookup, giving up at the deadline (the system resolver has no timeout of ours)."""
    answer: list = []
    thread = threading.Thread(target=lambda: answer.append(_try(lookup)), daemon=True)
    thread.start()
    thread.join(max(deadline - time.monotonic(), 0))
    if not answer:
        raise _too_slow()
    if isinstance(answer[0], Exception):
        raise _not_found(target, answer[0])
    return answer[0]


def _try(lookup: Callable[[], list[str]]) -> list[str] | Exception:
    try:
        return lookup()
    except (OSError, UnicodeError) as error:  # no such name; a name the resolver cannot encode
        return error


# The resolver's answers that are about the name itself, not about reaching a DNS server
# (EAI_AGAIN, a passing outage, stays worth a retry).
_NAME_DOES_NOT_EXIST = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


def _not_found(target: Target, error: Exception) -> FetchFailed:
    message = f"newsreader could not find the site {target.host}."
    if isinstance(error, UnicodeError) or (
        isinstance(error, socket.gaierror) and error.errno in _NAME_DOES_NOT_EXIST
    ):
        return NoSuchSite(message + " The name does not exist (the site may have closed).")
    return FetchFailed(message)


def _connect(
    target: Target, addresses: list[IPAddress], deadline: float, watchdog: "_Watchdog"
) -> HTTPConnection:
    """Connect to the first address that answers; TLS checks the certificate against the name."""
    error: Exception = OSError("The host has no address.")
    for address in addresses:
        timeout = max(deadline - time.monotonic(), 0.001)
        connection: _HTTP | _HTTPS
        if target.scheme == "https":
            connection = _HTTPS(
                str(address),
                target.port,
                timeout=timeout,
                server_hostname=target.host,
                assert_hostname=target.host,
            )
        else:
            connection = _HTTP(str(address), target.port, timeout=timeout)
        connection.watchdog = watchdog
        try:
            connection.connect()
            return connection
        except urllib3.exceptions.NewConnectionError as failure:
            error = failure  # refused or unreachable: another address of the host may answer
        finally:
            if connection.sock is None:
                connection.close()
    raise error


def _headers(target: Target) -> dict[str, str]:
    return {
        "Host": target.netloc,
        "User-Agent": settings.FETCH_USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }


def _redirect_location(response: HTTPResponse) -> str | None:
    """Where a redirect points, None for a page; refuses every other status with its reason."""
    status = response.status
    if status in REDIRECTS and (location := response.headers.get("Location")):
        # Header values arrive decoded as Latin-1; servers that send raw UTF-8 mean UTF-8.
        with contextlib.suppress(UnicodeError):
            location = location.encode("latin-1").decode("utf-8")
        return location
    if 200 <= status < 300:
        return None
    retry_after = parse_retry_after(response.headers.get("Retry-After", ""))
    raise HTTPStatusError(_status_message(status), status, retry_after)


def parse_retry_after(value: str) -> float | None:
    """Seconds to wait from a Retry-After header (a number of seconds or an HTTP date)."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max((when - datetime.datetime.now(datetime.UTC)).total_seconds(), 0.0)


def _status_message(status: int) -> str:
    reasons = {
        401: "the page needs a login",
        403: "it refused newsreader; it may block automated readers or need a login",
        404: "the page does not exist (any more)",
        410: "the page is gone; the site removed it for good",
        429: "it is getting too many requests; try again later",
        451: "the page is unavailable for legal reasons",
    }
    if status in reasons:
        reason = reasons[status]
    elif status >= 500:
        reason = "it had an error; try again later"
    elif status in REDIRECTS:
        reason = "a redirect that does not say where to"
    else:
        reason = "it did not send the page"
    return f"The site answered {status}: {reason}."


def _read_page(
    response: HTTPResponse, target: Target, redirects: tuple[str, ...], deadline: float
) -> FetchedPage:
    header = response.headers.get("Content-Type", "")
    media_type = header.partition(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        raise NotAWebPage(f"This link is {describe_type(media_type)}, not a web page.")
    _check_length(response)
    body = _read_body(response, deadline)
    head = body[:_SNIFF_BYTES]
    # A file labelled as HTML (or not labelled at all) still says what it is in its first bytes.
    if kind := file_kind(head):
        raise NotAWebPage(f"This link is {kind}, not a web page.")
    if not media_type:
        if not looks_like_html(head):
            raise NotAWebPage("This link does not lead to a web page (the site sent no type).")
        media_type = "text/html"
    html, encoding = decode_html(body, header)
    return FetchedPage(target.url, html, media_type, encoding, redirects)


def _check_length(response: HTTPResponse) -> None:
    """Refuse an honest Content-Length above the cap before reading a byte of the body."""
    try:
        length = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return
    if length > settings.FETCH_MAX_BYTES:
        raise _too_large()


def _read_body(response: HTTPResponse, deadline: float) -> bytes:
    """Read the decompressed body, stopping at the cap however small the compressed body is."""
    limit = settings.FETCH_MAX_BYTES
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(_CHUNK, decode_content=True)
        # Also after the last read: the watchdog's cut looks like the end of the body.
        if time.monotonic() >= deadline:
            raise _too_slow()
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise _too_large()
        chunks.append(chunk)


def _network_error(error: Exception, target: Target, late: bool) -> Exception:
    """A message for the user from a network failure; the internal text is never shown."""
    host = target.host
    if late:
        return _too_slow()
    # urllib3 counts a refused connection as a connect timeout; the user should not.
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return FetchFailed(f"newsreader could not connect to {host}: the site may be down.")
    if isinstance(error, TimeoutError | urllib3.exceptions.TimeoutError):
        return _too_slow()
    if isinstance(error, ssl.SSLCertVerificationError | CertificateError):
        return FetchFailed(
            f"newsreader could not make a secure connection to {host}: its certificate is not "
            "valid for that name, or has expired."
        )
    if isinstance(error, ssl.SSLError | urllib3.exceptions.SSLError):
        return FetchFailed(f"newsreader could not make a secure connection to {host}.")
    return FetchFailed(f"The connection to {host} broke off before the page arrived.")


def _too_slow() -> TooSlow:
    return TooSlow(f"The site did not answer within {settings.FETCH_TIMEOUT_SECONDS} seconds.")


def _too_large() -> TooLarge:
    limit = settings.FETCH_MAX_BYTES
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KB"
    return TooLarge(f"The page is larger than {size}.")


class _Watchdog:
    """Shuts the connection's socket down at the deadline, whatever it is blocked on.

    Socket timeouts apply to each read, so a server trickling a byte a second (in its headers,
    TLS handshake or body) would never trip them; this makes the deadline total.
    """

    def __init__(self, deadline: float):
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        # A duplicate descriptor: shutting it down cuts the connection under any TLS layer, and
        # it cannot be reused by another connection while this watchdog still holds it.
        with self._lock:
            if self._sock is not None:
                self._sock.close()
            self._sock = sock.dup()

    def stop(self) -> None:
        with self._lock:
            self._timer.cancel()
            if self._sock is not None:
                self._sock.close()
                self._sock = None

    def _fire(self) -> None:
        with self._lock:
            if self._sock is not None:
                self.fired = True
                with contextlib.suppress(OSError):
                    self._sock.shutdown(socket.SHUT_RDWR)


class _Watched(HTTPConnection):
    """Hands each new socket to the watchdog before anything is sent or received on it."""

    watchdog: _Watchdog

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self.watchdog.watch(sock)
        return sock


class _HTTP(_Watched):
    pass


class _HTTPS(_Watched, HTTPSConnection):
    pass
