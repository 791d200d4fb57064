"""Which URLs and addresses the fetcher may reach (SECURITY.md, “What the fetcher refuses”).

`parse_url` turns what the user typed into a `Target` the way a browser would read it, so the host
judged here is the host a browser would connect to (`http://example.com@127.0.0.1/` is 127.0.0.1,
`http://0x7f.1/` is 127.0.0.1). `check_port`, `check_name` and `check_address` then refuse what
newsreader must not fetch; settings.FETCH_ALLOWED_PRIVATE lets an intranet through on purpose.
`may_embed` applies the same policy to the images a saved page shows its reader.
"""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings

from articles.ingest.errors import BlockedAddress, InvalidURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_PORTS = {"http": 80, "https": 443}
# What Article.url can hold; a longer address (typed, or reached by redirect) cannot be saved.
MAX_URL_LENGTH = 2048
# What a browser strips from both ends of a typed URL (C0 controls and space).
_EDGE_JUNK = "".join(map(chr, range(0x21)))
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Characters left as they are in a request target; the rest (non-ASCII, spaces) is %-encoded.
_TARGET_SAFE = "!$%&'()*+,/:;=?@[]~"

# IPv6 ranges that carry an IPv4 address the packet really goes to.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # lower-case ASCII name without a trailing dot, or an IP address in canonical form
    ip: IPAddress | None  # set when the host is an IP address literal
    port: int
    path: str  # the request target: path and query, %-encoded
    redirected: bool = False  # reached through a redirect, not typed by the user

    @property
    def reaches(self) -> str:
        """How a message names where this hop goes."""
        return "This link redirects to" if self.redirected else "This link points to"

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if self.ip and self.ip.version == 6 else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.path}"


def parse_url(url: str) -> Target:
    """Read a URL as a browser would, refusing what is not an http(s) link to a named host."""
    url = url.strip(_EDGE_JUNK)
    if "\\" in url:
        raise InvalidURL("This link contains a backslash, which a web address cannot have.")
    if _CONTROL.search(url):
        raise InvalidURL("This link contains control characters, which a web address cannot have.")
    scheme = url.partition(":")[0].lower()
    if scheme not in DEFAULT_PORTS or not url[len(scheme) :].startswith("://"):
        raise InvalidURL(
            "newsreader only saves web pages: the link must start with http:// or https://."
        )
    try:
        parts = urlsplit(url)
        port = DEFAULT_PORTS[scheme] if parts.port is None else parts.port
    except ValueError:
        raise InvalidURL("This link's host or port is not valid.") from None
    bracketed = "[" in parts.netloc.rpartition("@")[2]
    host, ip = _parse_host(parts.hostname or "", bracketed)
    path = quote(parts.path or "/", safe=_TARGET_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_TARGET_SAFE)
    target = Target(scheme, host, ip, port, path)
    if len(target.url) > MAX_URL_LENGTH:
        raise InvalidURL(f"This link is longer than {MAX_URL_LENGTH} characters.")
    return target


def _parse_host(host: str, bracketed: bool) -> tuple[str, IPAddress | None]:
    if bracketed:
        try:
            ip = ipaddress.IPv6Address(host)
        except ValueError:
            raise InvalidURL("This link's IPv6 address is not valid.") from None
        return str(ip), ip
    try:
        host = host.encode("idna").decode("ascii").rstrip(".")
    except UnicodeError:
        raise InvalidURL("This link's host name is not valid.") from None
    if not _HOST_NAME.fullmatch(host):
        raise InvalidURL("This link has no valid host name.")
    if legacy := _legacy_ipv4(host):
        return str(legacy), legacy
    return host, None


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a browser reads in `2130706433`, `0177.0.0.1`, `0x7f.1` or `127.1`.

    As in the WHATWG URL standard, a host whose last label is a number is an address, never a name.
    """
    labels = host.split(".")
    if _ipv4_number(labels[-1]) is None and not labels[-1].isdigit():
        return None
    numbers = [n for n in map(_ipv4_number, labels) if n is not None]
    if len(labels) > 4 or len(numbers) < len(labels):
        raise InvalidURL("This link's IPv4 address is not valid.")
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(labels)):
        raise InvalidURL("This link's IPv4 address is not valid.")
    value = last + sum(n << (8 * (3 - i)) for i, n in enumerate(head))
    return ipaddress.IPv4Address(value)


def _ipv4_number(label: str) -> int | None:
    base = 10
    if label[:2] in ("0x", "0X"):
        label, base = label[2:] or "0", 16
    elif len(label) > 1 and label.startswith("0"):
        label, base = label[1:], 8
    try:
        return int(label, base) if label.isalnum() else None
    except ValueError:
        return None


def check_port(target: Target) -> None:
    allowed = [str(port) for port in settings.FETCH_ALLOWED_PORTS]
    if str(target.port) not in allowed:
        raise BlockedAddress(
            f"{target.reaches} port {target.port}; newsreader only fetches web pages on the web "
            f"ports ({', '.join(allowed)})."
        )


def check_name(target: Target) -> None:
    """Refuse names that mean this very machine before anything is looked up."""
    if target.ip is None and _is_local_name(target.host) and not _name_allowed(target.host):
        raise BlockedAddress(
            f"{target.reaches} {target.host}, this server itself, which newsreader does not fetch."
        )


def check_address(target: Target, address: IPAddress) -> None:
    """Refuse an address (the host's own, or one it resolved to) that is not on the internet."""
    if is_public(address) or _name_allowed(target.host) or _address_allowed(address):
        return
    where = "" if target.ip else f"{target.host}, at "
    raise BlockedAddress(
        f"{target.reaches} {where}{_describe(address)} ({address}), which newsreader does not "
        "fetch."
    )


def may_embed(url: str) -> bool:
    """Whether a saved page may make the reader's browser load `url` (an image): not when its
    address is one the fetcher refuses. Names are not looked up here: the reader's browser
    resolves them, not this server, so only names and addresses that say what they are count."""
    try:
        target = parse_url(url)
        check_name(target)
        if target.ip is not None:
            check_address(target, target.ip)
    except (InvalidURL, BlockedAddress):
        return False
    return True


def is_public(address: IPAddress) -> bool:
    """Whether packets to this address go to the public internet, and only there."""
    if address.version == 6:
        embedded = _embedded_ipv4(address)
        if embedded is not None and (address.ipv4_mapped or address in _NAT64):
            return is_public(embedded)
        if embedded is not None:  # 6to4, Teredo, IPv4-compatible: tunnels nobody needs to reach
            return False
        if address.is_site_local:
            return False
    return address.is_global and not address.is_multicast and not address.is_reserved


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    return None


def _describe(address: IPAddress) -> str:
    address = _unmapped(address)
    if address.is_loopback or address.is_unspecified:
        return "this server itself"
    if address.is_link_local:
        return "a link-local address"
    if address in ipaddress.IPv4Network("100.64.0.0/10"):
        return "a carrier-grade NAT address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private:
        return "a private network address"
    return "an address that is not on the public internet"


def _unmapped(address: IPAddress) -> IPAddress:
    return (address.version == 6 and address.ipv4_mapped) or address


def _is_local_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def _name_allowed(host: str) -> bool:
    return host in {entry.lower().rstrip(".") for entry in settings.FETCH_ALLOWED_PRIVATE}


def _address_allowed(address: IPAddress) -> bool:
    address = _unmapped(address)
    for entry in settings.FETCH_ALLOWED_PRIVATE:
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue  # a host name, matched by _name_allowed
        if address.version == network.version and address in network:
            return True
    return False
