"""The fetcher against a real local server that behaves, and one that misbehaves on purpose."""

import gzip
import socket
import struct
import threading
import zlib

import pytest

from articles.ingest.errors import (
    FetchFailed,
    HTTPStatusError,
    InvalidURL,
    NotAWebPage,
    TooLarge,
    TooManyRedirects,
    TooSlow,
)
from articles.ingest.fetch import fetch
from tests.webserver import Stream, drip, page, redirect, silence

MB = 2**20


def gzip_of_zeros(mib: int) -> bytes:
    """A valid gzip member of `mib` MiB of zeros, about 1,000 times smaller than what it holds.

    After a full flush the compressor's output for the next MiB of zeros no longer depends on
    what came before, so one compressed MiB is repeated instead of compressing them all.
    """
    zeros = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    last_block = compressor.flush()[:-8]  # without the trailer, which counted 2 MiB only
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc, (mib * MB) & 0xFFFFFFFF)
    return first + repeated * (mib - 1) + last_block + trailer


@pytest.fixture(scope="session")
def gzip_bombs():
    # 512 MiB in ~0.5 MB (smaller than the test's cap, so only a cap on decoded bytes stops it),
    # and 2 GiB in ~5 KB by compressing the gzip again ("Content-Encoding: gzip, gzip").
    return gzip_of_zeros(512), gzip.compress(gzip_of_zeros(2048), 9)


@pytest.fixture
def small_cap(settings):
    settings.FETCH_MAX_BYTES = MB


@pytest.fixture
def short_deadline(web, settings):
    settings.FETCH_TIMEOUT_SECONDS = 2  # after `web`, which sets its own


def zeros(total: int, piece: int = 64 * 1024):
    return (bytes(piece) for _ in range(total // piece))


# A normal page


def test_it_fetches_a_page_with_its_type_and_encoding(web):
    web.routes["/article"] = page("<html><title>Café</title><p>Hello</p></html>")

    fetched = fetch(web.url("/article"))

    assert fetched.html == "<html><title>Café</title><p>Hello</p></html>"
    assert (fetched.url, fetched.content_type, fetched.encoding) == (
        web.url("/article"),
        "text/html",
        "utf-8",
    )
    assert fetched.redirects == ()


def test_it_sends_an_honest_user_agent_that_settings_can_override(web, settings):
    web.routes["/"] = page("<p>hi</p>")
    fetch(web.url("/"))
    settings.FETCH_USER_AGENT = "newsreader-at-home/2"
    fetch(web.url("/"))

    agents = [headers["User-Agent"] for headers in web.request_headers]
    assert "newsreader" in agents[0]
    assert agents[1] == "newsreader-at-home/2"


def test_it_accepts_xhtml_and_decompresses_gzip(web):
    body = gzip.compress(b"<html><p>compressed</p></html>")
    web.routes["/"] = page(
        body, content_type="application/xhtml+xml", headers={"Content-Encoding": "gzip"}
    )

    fetched = fetch(web.url("/"))

    assert (fetched.html, fetched.content_type) == (
        "<html><p>compressed</p></html>",
        "application/xhtml+xml",
    )


def test_it_reads_a_chunked_gzip_body(web):
    body = gzip.compress("<p>chunked ünïcode</p>".encode())

    def chunked(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for piece in (body[:10], body[10:], b""):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))

    web.routes["/"] = chunked

    assert fetch(web.url("/")).html == "<p>chunked ünïcode</p>"


def test_it_percent_encodes_a_path_typed_with_spaces_and_accents(web):
    web.routes["/caf%C3%A9%20noir"] = page("<p>ok</p>")

    fetched = fetch(web.url("/café noir?q=a b"))

    assert web.requests == ["/caf%C3%A9%20noir?q=a%20b"]
    assert fetched.url == web.url("/caf%C3%A9%20noir?q=a%20b")


# Redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_it_follows_each_kind_of_redirect_and_reports_the_final_url(web, status):
    web.routes["/old"] = redirect(web.url("/new"), status)
    web.routes["/new"] = page("<p>moved here</p>")

    fetched = fetch(web.url("/old"))

    assert (fetched.url, fetched.html) == (web.url("/new"), "<p>moved here</p>")
    assert fetched.redirects == (web.url("/old"),)


def test_it_follows_relative_and_scheme_relative_redirects(web):
    web.routes["/a/start"] = redirect("next")
    web.routes["/a/next"] = redirect("/b")
    web.routes["/b"] = redirect(f"//127.0.0.1:{web.port}/end")
    web.routes["/end"] = page("<p>end</p>")

    fetched = fetch(web.url("/a/start"))

    assert fetched.url == web.url("/end")
    assert fetched.redirects == (web.url("/a/start"), web.url("/a/next"), web.url("/b"))


def test_it_follows_five_redirects_and_refuses_a_twenty_hop_chain_at_the_sixth(web):
    for hop in range(20):
        web.routes[f"/hop/{hop}"] = redirect(f"/hop/{hop + 1}")
    web.routes["/hop/20"] = page("<p>far away</p>")

    assert fetch(web.url("/hop/15")).url == web.url("/hop/20")
    web.requests.clear()
    with pytest.raises(TooManyRedirects, match="redirected more than 5 times"):
        fetch(web.url("/hop/0"))
    assert web.requests == [f"/hop/{hop}" for hop in range(6)]


def test_it_stops_a_redirect_loop_at_the_first_repeat(web):
    web.routes["/a"] = redirect("/b")
    web.routes["/b"] = redirect("/a")

    with pytest.raises(TooManyRedirects, match="loop"):
        fetch(web.url("/a"))
    assert web.requests == ["/a", "/b"]


def test_a_redirect_to_a_raw_utf8_location_is_read_as_utf8(web):
    web.routes["/old"] = redirect("/café".encode().decode("latin-1"))  # raw UTF-8 bytes on the wire
    web.routes["/caf%C3%A9"] = page("<p>café</p>")

    assert fetch(web.url("/old")).url == web.url("/caf%C3%A9")


def test_an_address_longer_than_an_article_can_store_is_refused(web):
    web.routes["/long"] = redirect("/" + "a" * 3000)

    with pytest.raises(InvalidURL, match="longer than 2048 characters"):
        fetch(web.url("/" + "a" * 3000))
    with pytest.raises(InvalidURL, match="redirects to an address"):
        fetch(web.url("/long"))
    assert web.requests == ["/long"]


def test_a_redirect_without_a_location_is_an_error(web):
    web.routes["/"] = page("", status=302)

    with pytest.raises(HTTPStatusError, match="302: a redirect that does not say where to"):
        fetch(web.url("/"))


# Slow and silent servers (a 2 second deadline)


@pytest.mark.usefixtures("short_deadline")
@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_server_dripping_a_byte_a_second_is_cut_at_the_deadline(web, in_headers):
    web.routes["/"] = stream = drip(in_headers=in_headers, limit=60)

    with pytest.raises(TooSlow, match="did not answer within 2 seconds"):
        fetch(web.url("/"))
    assert stream.finished.wait(10)
    assert not stream.complete  # the client hung up, not the server


@pytest.mark.usefixtures("short_deadline")
def test_a_server_that_accepts_and_never_answers_is_given_up_at_the_deadline(web):
    web.routes["/"] = silence()

    with pytest.raises(TooSlow, match="did not answer within 2 seconds"):
        fetch(web.url("/"))


# Huge bodies (a 1 MB cap)


@pytest.mark.usefixtures("small_cap")
def test_an_honest_content_length_above_the_cap_is_refused_before_the_body(web):
    body_sent = threading.Event()

    def held_back():  # no body until the client has answered: reading it would time out
        body_sent.wait(10)
        yield from zeros(200 * MB)

    web.routes["/"] = stream = Stream(held_back(), length=200 * MB)

    with pytest.raises(TooLarge, match="larger than 1 MB"):
        fetch(web.url("/"))
    body_sent.set()
    assert stream.finished.wait(10)
    assert not stream.complete


@pytest.mark.usefixtures("small_cap")
def test_a_stream_without_length_is_cut_at_the_cap(web):
    stream = Stream(zeros(200 * MB))
    web.routes["/"] = stream

    with pytest.raises(TooLarge, match="larger than 1 MB"):
        fetch(web.url("/"))
    assert stream.finished.wait(10)
    assert not stream.complete


@pytest.mark.usefixtures("small_cap")
def test_a_page_just_under_the_cap_is_fetched_whole(web):
    web.routes["/"] = Stream(b"a" * 32 * 1024 for _ in range(31))

    assert fetch(web.url("/")).html == "a" * 31 * 32 * 1024


@pytest.mark.usefixtures("small_cap")
@pytest.mark.parametrize("layers", ["gzip", "gzip, gzip"])
def test_a_gzip_bomb_is_stopped_at_the_cap_of_decoded_bytes(web, gzip_bombs, layers):
    bomb = gzip_bombs[layers.count("gzip") - 1]
    web.routes["/"] = page(bomb, headers={"Content-Encoding": layers})

    with pytest.raises(TooLarge, match="larger than 1 MB"):
        fetch(web.url("/"))


# Not web pages


@pytest.mark.parametrize(
    ("content_type", "words"),
    [
        ("application/pdf", "This link is a PDF document, not a web page."),
        ("image/png", "This link is an image, not a web page."),
        ("video/mp4; codecs=avc1", "This link is a video, not a web page."),
        ("audio/mpeg", "This link is an audio file, not a web page."),
        ("application/octet-stream", "This link is a file to download, not a web page."),
        ("application/x-tar", "This link is a file of type application/x-tar, not a web page."),
    ],
)
def test_other_types_are_refused_in_words(web, content_type, words):
    web.routes["/file"] = page(b"%PDF-1.7 \x00\x01", content_type=content_type)

    with pytest.raises(NotAWebPage) as refused:
        fetch(web.url("/file"))
    assert str(refused.value) == words


@pytest.mark.parametrize(
    ("body", "html"),
    [(b"<!DOCTYPE html><p>hi</p>", True), (b"\n  <p>hi", True), (b"Just some text", False)],
)
def test_a_response_without_a_type_is_sniffed(web, body, html):
    web.routes["/"] = page(body, content_type="")

    if html:
        assert fetch(web.url("/")).content_type == "text/html"
    else:
        with pytest.raises(NotAWebPage, match="sent no type"):
            fetch(web.url("/"))


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "text/html", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00", "", "an image"),
        (gzip.compress(b"<p>hi</p>"), "text/html", "a compressed file"),
    ],
)
def test_a_file_labelled_as_html_or_unlabelled_is_known_by_its_first_bytes(
    web, body, content_type, words
):
    web.routes["/"] = page(body, content_type=content_type)

    with pytest.raises(NotAWebPage) as refused:
        fetch(web.url("/"))
    assert str(refused.value) == f"This link is {words}, not a web page."


# HTTP errors


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "The site answered 404: the page does not exist (any more)."),
        (410, "The site answered 410: the page is gone; the site removed it for good."),
        (403, "The site answered 403: it refused newsreader; it may block automated readers or "
              "need a login."),
        (500, "The site answered 500: it had an error; try again later."),
        (503, "The site answered 503: it had an error; try again later."),
    ],
)  # fmt: skip
def test_each_http_error_has_its_own_message(web, status, message):
    web.routes["/"] = page("<h1>Nope</h1>", status=status)

    with pytest.raises(HTTPStatusError) as failed:
        fetch(web.url("/"))
    assert (str(failed.value), failed.value.status) == (message, status)


def test_a_connection_broken_mid_body_is_reported_without_internals(web):
    web.routes["/"] = Stream([b"<p>half"], length=1000)

    with pytest.raises(FetchFailed) as failed:
        fetch(web.url("/"))
    assert str(failed.value) == "The connection to 127.0.0.1 broke off before the page arrived."


def test_a_closed_port_is_reported_as_unreachable(web, settings):
    with socket.socket() as probe:  # a port nobody listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.FETCH_ALLOWED_PORTS = [port]

    with pytest.raises(FetchFailed, match="could not connect to 127.0.0.1"):
        fetch(f"http://127.0.0.1:{port}/")


# Charsets and bad bytes


@pytest.mark.parametrize(
    ("body", "content_type", "text", "encoding"),
    [
        pytest.param("<p>你好，世界</p>".encode("gb18030"), "text/html; charset=gb2312",
                     "<p>你好，世界</p>", "gb18030", id="gb2312-means-gb18030"),
        pytest.param('<meta charset="gb2312"><p>你好</p>'.encode("gb18030"), "text/html",
                     '<meta charset="gb2312"><p>你好</p>', "gb18030", id="meta-only"),
        pytest.param('<meta charset="utf-8"><p>Crème brûlée</p>'.encode(),
                     "text/html; charset=iso-8859-1", '<meta charset="utf-8"><p>Crème brûlée</p>',
                     "utf-8", id="header-latin1-meta-utf8"),
        pytest.param('<meta charset="windows-1252"><p>Crème</p>'.encode("cp1252"),
                     "text/html; charset=utf-8", '<meta charset="windows-1252"><p>Crème</p>',
                     "cp1252", id="header-utf8-meta-1252"),
        pytest.param(b"\xef\xbb\xbf<p>\xc3\xa9t\xc3\xa9</p>", "text/html; charset=iso-8859-1",
                     "<p>été</p>", "utf-8", id="utf8-bom-beats-header"),
        pytest.param("\ufeff<p>été</p>".encode("utf-16-le"), "text/html", "<p>été</p>",
                     "utf-16-le", id="utf16-bom"),
        pytest.param(b"<p>\x93quoted\x94 \x96 caf\xe9</p>", "text/html; charset=ISO-8859-1",
                     "<p>\u201cquoted\u201d \u2013 café</p>", "cp1252", id="1252-declared-latin1"),
        pytest.param("<p>Ceci est une phrase française, très ordinaire, écrite à la main.</p>"
                     .encode("cp1252"), "text/html",
                     "<p>Ceci est une phrase française, très ordinaire, écrite à la main.</p>",
                     "cp1252", id="undeclared-1252"),
        pytest.param("<p>Привет, как дела? Всё хорошо, спасибо.</p>".encode(), "text/html",
                     "<p>Привет, как дела? Всё хорошо, спасибо.</p>", "utf-8",
                     id="undeclared-utf8"),
        pytest.param(b"<p>a\x00b\x01c\x0cd\te</p>", "text/html", "<p>abc d\te</p>", "utf-8",
                     id="control-characters"),
    ],
)  # fmt: skip
def test_it_decodes_pages_whatever_their_headers_claim(web, body, content_type, text, encoding):
    web.routes["/"] = page(body, content_type=content_type)

    fetched = fetch(web.url("/"))

    assert (fetched.html, fetched.encoding) == (text, encoding)


def test_bytes_that_no_declared_charset_decodes_never_crash(web):
    body = b"<p>bad \xff\xfe\x81 bytes</p>"
    web.routes["/"] = page(body, content_type="text/html; charset=utf-8")

    fetched = fetch(web.url("/"))

    assert fetched.html.startswith("<p>bad ") and fetched.html.endswith(" bytes</p>")
    assert fetched.encoding != "utf-8"
