"""SECURITY.md, “What the fetcher refuses”: without an allowance, nothing private is fetched,
and nothing connects.

Traps listen on every IPv4 address of this machine and on [::1], on a port the settings allow, so
that each refused case below would have reached them had the fetcher tried; none may.
"""

import ipaddress
import shutil
import socket
import ssl
import subprocess

import pytest

from articles.ingest.errors import BlockedAddress, FetchFailed, InvalidURL, NoSuchSite
from articles.ingest.fetch import fetch
from tests.webserver import Trap, WebServer, page, redirect


@pytest.fixture(autouse=True)
def stay_on_this_machine(monkeypatch):
    """A safety net, not part of what is tested: should the fetcher ever regress, these tests
    fail here instead of sending packets to a real private network (10.0.0.1, 169.254.169.254)."""
    attempts = []
    connect = socket.socket.connect

    def local_connect(sock, address):
        if isinstance(address, tuple):
            ip = ipaddress.ip_address(address[0].partition("%")[0])
            ip = getattr(ip, "ipv4_mapped", None) or ip
            if not (ip.is_loopback or ip.is_unspecified):
                attempts.append(address)
                raise ConnectionRefusedError("tests never leave this machine")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", local_connect)
    yield
    assert attempts == []


@pytest.fixture(scope="module")
def traps():
    ipv4 = Trap("0.0.0.0")
    ipv6 = Trap("::1", ipv4.port)
    yield ipv4, ipv6
    ipv4.close()
    ipv6.close()


@pytest.fixture
def trap_port(traps, settings):
    """The traps' port, allowed, so that only the address can be what refuses a case."""
    settings.FETCH_ALLOWED_PORTS = [*settings.FETCH_ALLOWED_PORTS, traps[0].port]
    yield traps[0].port
    assert [trap.connections for trap in traps] == [0, 0]


class Lookups:
    """A resolver that records every name it is asked for and knows only the names it is given;
    `later` answers every lookup of a name after the first (DNS rebinding)."""

    def __init__(self, answers: dict[str, list[str]] | None = None, later=None):
        self.answers, self.later = answers or {}, later or {}
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        answers = self.later if host in self.asked and host in self.later else self.answers
        self.asked.append(host)
        return answers.get(host, [])


@pytest.fixture
def no_private(settings):
    settings.FETCH_ALLOWED_PRIVATE = []


BLOCKED = [
    "http://127.0.0.1:{port}/admin/",
    "http://localhost.:{port}/",
    "http://localhost:{port}/",
    "http://LOCALHOST:{port}/",
    "http://app.localhost:{port}/",
    "http://[::1]:{port}/",
    "http://0.0.0.0:{port}/",
    "http://0:{port}/",
    "http://169.254.169.254:{port}/latest/meta-data/",
    "http://10.0.0.1:{port}/",
    "http://172.16.0.1:{port}/",
    "http://192.168.1.1:{port}/",
    "http://100.64.0.1:{port}/",
    "http://2130706433:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://0x7f.1:{port}/",
    "http://0x7F000001:{port}/",
    "http://127.1:{port}/",
    "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:{port}/",  # full-width digits
    "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54:{port}/",  # full-width
    "http://127.0.0.2:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::ffff:7f00:1]:{port}/",
    "http://[::127.0.0.1]:{port}/",
    "http://[fe80::1]:{port}/",
    "http://[fd00::1]:{port}/",
    "http://[fc00::1]:{port}/",
    "http://[fec0::1]:{port}/",
    "http://[ff02::1]:{port}/",
    "http://224.0.0.1:{port}/",
    "http://[2002:7f00:1::]:{port}/",
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:{port}/",
    "http://[64:ff9b::7f00:1]:{port}/",
    "http://[64:ff9b::a9fe:a9fe]:{port}/",
    "http://example.com@127.0.0.1:{port}/",
    "http://user:pass@127.0.0.1:{port}/",
    "https://127.0.0.1:{port}/",
]
INVALID = [
    "file:///etc/passwd",
    "gopher://x/",
    "ftp://x/",
    "data:text/html,x",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "http:\\\\127.0.0.1",
    "http://127.0.0.1\\@example.com/",
    "http:127.0.0.1/",
    "http:///path",
    "http://exa mple.com/",
    "http://example.com\r\nX-Injected: 1/",
    "http://[::1/",
    "http://1.2.3.256/",
    "http://%31%32%37.0.0.1/",
    "http://089.0.0.1/",
    "http://example.com:99999/",
    "example.com/article",
    "",
]
WRONG_PORTS = ["http://example.com:6379/", "http://example.com:25/", "http://127.0.0.1:22/"]


@pytest.mark.usefixtures("no_private")
@pytest.mark.parametrize("url", BLOCKED)
def test_private_and_local_addresses_are_refused_without_a_connection(trap_port, url):
    lookups = Lookups()

    with pytest.raises(BlockedAddress, match="which newsreader does not fetch"):
        fetch(url.format(port=trap_port), resolve=lookups)
    assert lookups.asked == []


@pytest.mark.usefixtures("no_private")
@pytest.mark.parametrize("url", INVALID)
def test_links_that_are_not_http_web_addresses_are_refused(trap_port, url):
    with pytest.raises(InvalidURL):
        fetch(url, resolve=Lookups())


@pytest.mark.usefixtures("no_private", "trap_port")
@pytest.mark.parametrize("url", WRONG_PORTS)
def test_ports_other_than_the_web_ports_are_refused_before_any_lookup(url):
    lookups = Lookups({"example.com": ["93.184.215.14"]})

    with pytest.raises(BlockedAddress, match="only fetches web pages on the web ports"):
        fetch(url, resolve=lookups)
    assert lookups.asked == []


@pytest.mark.usefixtures("no_private")
def test_the_messages_name_the_address_and_what_it_is():
    cases = {
        "http://10.0.0.1/": "This link points to a private network address (10.0.0.1), which "
        "newsreader does not fetch.",
        "http://0x7f.1/": "This link points to this server itself (127.0.0.1), which newsreader "
        "does not fetch.",
        "http://169.254.169.254/": "This link points to a link-local address (169.254.169.254), "
        "which newsreader does not fetch.",
        "http://localhost./": "This link points to localhost, this server itself, which "
        "newsreader does not fetch.",
    }
    for url, message in cases.items():
        with pytest.raises(BlockedAddress) as refused:
            fetch(url)
        assert str(refused.value) == message


# Redirects from the allowed test server to addresses that are not allowed


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.2:{port}/",
        "http://[::1]:{port}/",
        "http://169.254.169.254:{port}/latest/meta-data/",
        "//127.0.0.2:{port}/",
        "http://localhost:{port}/",
        "http://0.0.0.0:{port}/",
        "http://10.0.0.1:{port}/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused_at_that_hop(web, trap_port, status, location):
    web.routes["/"] = redirect(location.format(port=trap_port), status)

    with pytest.raises(BlockedAddress, match="^This link redirects to"):
        fetch(web.url("/"))
    assert web.requests == ["/"]


def test_a_redirect_to_another_scheme_or_a_wrong_port_is_refused(web, trap_port):
    web.routes["/file"] = redirect("file:///etc/passwd")
    web.routes["/redis"] = redirect("http://127.0.0.1:6379/")

    with pytest.raises(InvalidURL, match="redirects to an address that is not a web page"):
        fetch(web.url("/file"))
    with pytest.raises(BlockedAddress, match="redirects to port 6379"):
        fetch(web.url("/redis"))


# DNS: every address checked, resolved once per hop, and the connection pinned to it


def test_a_name_is_refused_if_any_of_its_addresses_is_private(web, trap_port):
    lookups = Lookups({"news.test": ["127.0.0.1", "10.0.0.1"]})

    with pytest.raises(BlockedAddress) as refused:
        fetch(f"http://news.test:{trap_port}/", resolve=lookups)
    assert str(refused.value) == (
        "This link points to news.test, at a private network address (10.0.0.1), which "
        "newsreader does not fetch."
    )


def test_each_hop_is_resolved_once_and_connected_to_the_address_checked(web):
    lookups = Lookups({"news.test": ["127.0.0.1"], "cdn.test": ["127.0.0.1"]})
    web.routes["/a"] = redirect(f"http://cdn.test:{web.port}/b")
    web.routes["/b"] = redirect("/c")
    web.routes["/c"] = page("<p>pinned</p>")

    fetched = fetch(f"http://news.test:{web.port}/a", resolve=lookups)

    # Nothing else could have found these names: they exist only in this resolver.
    assert fetched.html == "<p>pinned</p>"
    assert lookups.asked == ["news.test", "cdn.test", "cdn.test"]
    assert [headers["Host"] for headers in web.request_headers] == [
        f"news.test:{web.port}",
        f"cdn.test:{web.port}",
        f"cdn.test:{web.port}",
    ]


def test_when_one_checked_address_refuses_the_next_is_tried(web, settings):
    settings.FETCH_ALLOWED_PRIVATE = ["127.0.0.1", "::1"]
    web.routes["/"] = page("<p>second address</p>")  # the server listens on 127.0.0.1 only
    lookups = Lookups({"news.test": ["::1", "127.0.0.1"]})

    assert fetch(f"http://news.test:{web.port}/", resolve=lookups).html == "<p>second address</p>"


def test_dns_rebinding_between_hops_is_caught_at_the_second_hop(web, trap_port):
    lookups = Lookups({"news.test": ["127.0.0.1"]}, later={"news.test": ["169.254.169.254"]})
    web.routes["/a"] = redirect("/b")

    with pytest.raises(BlockedAddress, match=r"redirects to news.test, at a link-local address"):
        fetch(f"http://news.test:{web.port}/a", resolve=lookups)
    assert web.requests == ["/a"]


def test_a_name_that_does_not_resolve_is_reported(web):
    with pytest.raises(FetchFailed, match="could not find the site nowhere.test"):
        fetch(f"http://nowhere.test:{web.port}/", resolve=Lookups())


def failing_lookup(errno):
    def lookup(host, port):
        raise socket.gaierror(errno, "the resolver's own words")

    return lookup


def test_a_name_that_does_not_exist_is_not_worth_a_retry(web):
    with pytest.raises(
        NoSuchSite, match="could not find the site gone.test. The name does not"
    ) as e:
        fetch(f"http://gone.test:{web.port}/", resolve=failing_lookup(socket.EAI_NONAME))
    assert e.value.transient is False and web.requests == []


def test_a_dns_outage_is_worth_a_retry(web):
    with pytest.raises(FetchFailed, match="could not find the site news.test.$") as e:
        fetch(f"http://news.test:{web.port}/", resolve=failing_lookup(socket.EAI_AGAIN))
    assert e.value.transient is True and not isinstance(e.value, NoSuchSite)


# The allowance for intranets


def test_the_allowance_admits_a_named_network(web, settings):
    settings.FETCH_ALLOWED_PRIVATE = ["127.0.0.0/30"]
    web.routes["/"] = page("<p>intranet</p>")

    assert fetch(web.url("/")).html == "<p>intranet</p>"
    with pytest.raises(BlockedAddress):
        fetch(f"http://127.0.0.4:{web.port}/")


def test_the_allowance_admits_a_host_name_whatever_it_resolves_to(web, settings):
    settings.FETCH_ALLOWED_PRIVATE = ["Wiki.Corp."]
    web.routes["/"] = page("<p>wiki</p>")
    lookups = Lookups({"wiki.corp": ["127.0.0.1"], "other.corp": ["127.0.0.1"]})

    assert fetch(f"http://wiki.corp:{web.port}/", resolve=lookups).html == "<p>wiki</p>"
    with pytest.raises(BlockedAddress):
        fetch(f"http://other.corp:{web.port}/", resolve=lookups)


def test_the_allowance_admits_localhost_by_name(web, settings):
    settings.FETCH_ALLOWED_PRIVATE = ["localhost"]
    web.routes["/"] = page("<p>local</p>")

    assert fetch(f"http://localhost:{web.port}/").html == "<p>local</p>"


# TLS to a pinned address still checks the certificate against the name


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", "/CN=news.test", "-addext",
         "subjectAltName=DNS:news.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server_names = []
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    server = WebServer(tls=context)
    server.routes["/"] = page("<p>secure</p>")
    yield server, cert, server_names
    server.close()


@pytest.fixture
def tls(tls_server, web, settings, monkeypatch):
    server, cert, server_names = tls_server
    server_names.clear()
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # OpenSSL's own way to name trusted roots
    settings.FETCH_ALLOWED_PORTS = [server.port]
    return server, server_names


def test_tls_to_the_pinned_address_sends_the_name_and_checks_the_certificate(tls):
    server, server_names = tls
    lookups = Lookups({"news.test": ["127.0.0.1"]})

    fetched = fetch(f"https://news.test:{server.port}/", resolve=lookups)

    assert fetched.html == "<p>secure</p>"
    assert server_names == ["news.test"]


def test_tls_refuses_a_certificate_for_another_name(tls):
    server, _ = tls
    lookups = Lookups({"other.test": ["127.0.0.1"]})

    with pytest.raises(FetchFailed, match="could not make a secure connection to other.test"):
        fetch(f"https://other.test:{server.port}/", resolve=lookups)
