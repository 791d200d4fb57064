"""What the user types becomes a URL, and URL variants of one article normalise alike."""

import pytest

from articles.ingest.errors import InvalidURL
from articles.ingest.urls import normalize_url, read_url


@pytest.mark.parametrize(
    "typed, url",
    [
        ("  https://example.com/a  ", "https://example.com/a"),
        ("example.com/story", "https://example.com/story"),
        ("www.example.com", "https://www.example.com"),
        ("HTTP://Example.com/A", "HTTP://Example.com/A"),
    ],
)
def test_it_reads_what_people_paste(typed, url):
    assert read_url(typed) == url


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Paste the link"),
        ("   ", "Paste the link"),
        ("javascript:alert(1)", "Only web links"),
        ("JaVaScRiPt:alert(1)", "Only web links"),
        ("file:///etc/passwd", "Only web links"),
        ("data:text/html,<script>x</script>", "Only web links"),
        ("ftp://example.com/x", "Only web links"),
        ("https://exa mple.com", "spaces or invisible characters"),
        ("https://example.com/\x00", "spaces or invisible characters"),
        ("http:\\\\127.0.0.1", "doesn't look like a web link"),
        ("https://", "doesn't look like a web link"),
        ("https://example.com/" + "a" * 3000, "longer than 2048"),
        # Malformed hosts and ports are read as the fetcher reads them, and refused the same way.
        ("http://[::1", "not valid"),
        ("http://example.com:99999/", "not valid"),
        ("http://example.com:65536/", "not valid"),
        ("http://example.com:-1/", "not valid"),
        ("http://example.com:443:443/", "not valid"),
        ("http://exa<mple.com/", "no valid host name"),
        ("http://1.2.3.4.5/", "not valid"),
    ],
)
def test_it_explains_what_is_wrong_with_a_link(typed, message):
    with pytest.raises(InvalidURL, match=message):
        read_url(typed)


@pytest.mark.parametrize(
    "variant",
    [
        "https://example.com/story?id=7",
        "HTTPS://EXAMPLE.COM/story?id=7",
        "https://example.com:443/story?id=7",
        "https://example.com/story?id=7#comments",
        "https://example.com/story?utm_source=twitter&id=7&utm_medium=social",
        "https://example.com/story?id=7&fbclid=abc&gclid=def",
        "https://example.com./story?id=7",
    ],
)
def test_variants_of_one_article_normalise_alike(variant):
    assert normalize_url(variant) == "https://example.com/story?id=7"


def test_meaningful_differences_survive_normalising():
    assert normalize_url("https://example.com/a?page=2") != normalize_url(
        "https://example.com/a?page=3"
    )
    assert normalize_url("http://example.com:8080/a") == "http://example.com:8080/a"
    assert normalize_url("https://example.com/A") != normalize_url("https://example.com/a")
    assert normalize_url("https://example.com") == "https://example.com/"
    assert normalize_url("https://example.com/?b=2&a=1") == "https://example.com/?a=1&b=2"
