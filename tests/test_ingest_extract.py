"""Extraction on saved pages: the article, its metadata, and what readers do not want."""

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.ingest.errors import NoArticleFound
from articles.ingest.extract import Extracted, extract, is_real_article
from tests.mozilla_corpus import extracted

URL = "https://news.example.org/world/story.html"
PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the story tells what happened, to whom, and why it matters, "
    f"with enough words and commas to read like a real article, which it nearly is.</p>"
    for n in range(1, 9)
)


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{body}</body></html>"
    )


def article_page(head: str = "", before: str = "", after: str = "", **kw) -> str:
    return page(head, f"<main><article>{before}{PARAGRAPHS}{after}</article></main>", **kw)


# -- the corpus: real pages, each showing one kind of metadata ---------------------------


def test_json_ld_gives_title_byline_date_site_language_and_image():
    article = extracted("aktualne")
    assert article.title == (
        "West Ham hrozí gigantům, okouzlil i Linekera. Součka je snadné přehlédnout"
    )
    assert article.byline == "Aleš Vávra"
    assert article.site_name == "Aktuálně.cz"
    assert article.published_at == datetime(
        2021, 11, 1, 10, 52, 50, tzinfo=timezone(timedelta(hours=1))
    )
    assert article.language == "cs"
    assert article.lead_image_url == (
        "https://cdn.xsd.cz/original/9b6b601b440031309c748f864087a138.jpg"
    )


def test_json_ld_name_is_preferred_to_a_headline_that_describes_the_page():
    # Wikipedia's JSON-LD says headline "Wikimedia list article"; its name is the title.
    assert extracted("wikipedia-4").title == "List of films featuring time loops"


def test_dublin_core_properties_beat_plain_names():
    article = extracted("003-metadata-preferred")
    assert article.title == "Dublin Core property title"
    assert article.byline == "Dublin Core property author"
    assert article.excerpt == "Dublin Core property description"


def test_meta_tags_naming_several_properties_count_for_each():
    article = extracted("004-metadata-space-separated-properties")
    assert (article.title, article.byline, article.excerpt) == (
        "Preferred title",
        "Creator Name",
        "Preferred description",
    )


def test_open_graph_and_article_meta_tags():
    article = extracted("nytimes-1")
    assert article.title == "United States to Lift Sudan Sanctions"
    assert article.byline == "Jeffrey Gettleman"
    assert article.published_at == datetime(2017, 1, 13, 5, 0, 4, tzinfo=UTC)
    assert article.lead_image_url.startswith(
        "https://static01.nyt.com/images/2017/01/14/world/13SUDAN-1/"
    )
    assert article.language == "en"
    assert "Sudan" in article.content_text and article.word_count > 500


def test_parsely_metadata():
    article = extracted("parsely-metadata")
    assert article.byline == "Jane Doe"
    assert article.published_at == datetime(2024, 4, 20, 4, 20, tzinfo=UTC)


def test_byline_from_og_article_author_and_from_every_dc_creator():
    assert extracted("bbc-1").byline == "BBC News"
    assert extracted("ietf-1").byline == "Kooman, F., Jong, Michiel de"


def test_byline_in_the_page_loses_its_by():
    # The page says "By\n\t\t\tScott Cunningham" in an element classed as the byline.
    assert extracted("iab-1").byline == "Scott Cunningham"


def test_title_loses_the_site_name_after_a_dash():
    assert extracted("title-en-dash").title == "Lorem ipsum dolor sit amet"  # "… – My website"


@pytest.mark.parametrize(
    ("page_name", "language"),
    [("folha", "pt-BR"), ("herald-sun-1", "en-AU"), ("pixnet", "zh-TW"), ("yahoo-4", "ja")],
)
def test_language_is_a_bcp47_tag(page_name, language):
    assert extracted(page_name).language == language


def test_lazy_loaded_images_of_a_real_page_get_real_sources():
    html = extracted("lazy-image-2").content_html
    assert html.count("<img") >= 50
    assert "data:image" not in html
    assert 'src="https://i.kinja-img.com/' in html


def test_comments_and_newsletter_box_of_a_blog_post_are_gone():
    article = extracted("firefox-nightly-blog")
    assert "Marionette, the framework that allows Firefox to be tested" in article.content_text
    for boilerplate in ("Post a comment", "Alan Goodale", "newsletter", "Leave a Reply"):
        assert boilerplate not in article.content_text


def test_share_buttons_are_gone():
    article = extracted("social-buttons")
    assert "Lorem ipsum dolor sit amet" in article.content_text
    for label in ("Share", "Tweet", "Facebook", "Email"):
        assert label not in article.content_text


def test_inline_related_lines_of_a_news_page_are_gone():
    article = extracted("cnn")
    assert "birth lottery" in article.content_text
    assert "Related:" not in article.content_text


@pytest.mark.parametrize(
    ("page_name", "passage"),
    [
        ("herald-sun-1", "A HIGH-powered federal government team"),  # intro beside "read more"
        ("salon-1", "As Mashable reports, the company announced"),  # paragraph with links
        ("wikipedia-4", "This list of films featuring time loops"),  # lead above a big table
        ("guardian-1", "Buck Cullen with his daughter Kaiarahi"),  # captions in one-item lists
        ("firefox-nightly-blog", "Bug 1677080 – Fullscreen PiP window"),  # a list of links
        ("google-sre-book-1", 'Sometimes known as "alert spam,"'),  # footnotes
        ("001", "Drinking game for web devs"),  # an embedded tweet
        ("mozilla-2", "Get to know the features that make it"),  # a <header> in the body
    ],
)
def test_body_keeps_every_part_of_the_story(page_name, passage):
    assert passage in extracted(page_name).content_text


def test_images_of_a_photo_essay_are_kept():
    assert extracted("guardian-1").content_html.count("<img") >= 13


def test_links_are_made_absolute_against_the_pages_base_element():
    html = extracted("base-url-base-element-relative").content_html  # <base href="base/">
    assert 'href="http://fakehost/test/base/foo/bar/baz.html"' in html
    assert 'href="http://fakehost/foo/bar/baz.html"' in html  # "/foo/bar/baz.html"
    assert 'src="http://fakehost/test/base/foo/bar/baz.png"' in html


# -- metadata precedence, on hand-written pages -----------------------------------------

JSON_LD = """<script type="application/ld+json">{
  "@context": "https://schema.org",
  "@graph": [
    {"@type": "WebSite", "name": "Example News"},
    {"@type": "NewsArticle", "headline": "The JSON-LD headline",
     "author": [{"@type": "Person", "name": "Ada Lovelace"}, {"name": "Alan Turing"}],
     "datePublished": "2024-09-20T08:30:00+02:00",
     "image": [{"@type": "ImageObject", "url": "/images/lead.jpg"}],
     "publisher": {"@type": "Organization", "name": "Example News Ltd"}}
  ]}</script>"""
OPEN_GRAPH = """
  <meta property="og:title" content="The Open Graph title">
  <meta property="og:site_name" content="Example OG">
  <meta property="og:image" content="https://cdn.example.org/og.jpg">
  <meta property="article:published_time" content="2023-01-01T00:00:00Z">
  <meta property="og:locale" content="fr_CA">"""
TWITTER = """
  <meta name="twitter:title" content="The Twitter title">
  <meta name="twitter:image" content="https://cdn.example.org/twitter.jpg">
  <meta name="author" content="Meta Author">"""


def test_json_ld_beats_open_graph_which_beats_twitter_and_the_title_tag():
    head = f"<title>The title tag | Example</title>{TWITTER}{OPEN_GRAPH}{JSON_LD}"
    article = extract(article_page(head, lang=""), URL)
    assert article.title == "The JSON-LD headline"
    assert article.byline == "Ada Lovelace, Alan Turing"
    assert article.site_name == "Example News Ltd"
    # Two publication days stated: htmldate judges which (see test_ingest_dates.py).
    assert article.published_at == datetime(2023, 1, 1, tzinfo=UTC)
    assert article.lead_image_url == "https://news.example.org/images/lead.jpg"
    assert article.language == "fr-CA"

    article = extract(
        article_page(f"<title>The title tag | Example</title>{TWITTER}{OPEN_GRAPH}"), URL
    )
    assert (article.title, article.byline, article.site_name) == (
        "The Open Graph title",
        "Meta Author",
        "Example OG",
    )
    assert article.published_at == datetime(2023, 1, 1, tzinfo=UTC)

    article = extract(article_page(f"<title>The title tag | Example</title>{TWITTER}"), URL)
    assert (article.title, article.lead_image_url) == (
        "The Twitter title",
        "https://cdn.example.org/twitter.jpg",
    )


def test_without_an_image_in_the_metadata_the_first_image_of_the_article_leads():
    extra = '<figure><img src="/first.jpg?a=1&amp;b=2" alt="first"></figure>'
    article = extract(article_page("<title>Images</title>", after=extra), URL)
    assert article.lead_image_url == "https://news.example.org/first.jpg?a=1&b=2"


def test_json_ld_image_relative_to_the_page_and_top_level_arrays():
    head = """<script type="application/ld+json">[{"@type": "BreadcrumbList"},
        {"@type": "BlogPosting", "name": "Array post", "image": "/lead.png",
         "author": "Grace Hopper"}]</script>"""
    article = extract(article_page(head), URL)
    assert (article.title, article.byline) == ("Array post", "Grace Hopper")
    assert article.lead_image_url == "https://news.example.org/lead.png"


def test_broken_json_ld_is_ignored():
    head = '<title>Fallback title for the page</title><script type="application/ld+json">{oops'
    assert extract(article_page(head + "</script>"), URL).title == "Fallback title for the page"


def test_microdata_time_and_rel_author_when_there_is_no_meta():
    before = (
        '<h1 itemprop="headline">A microdata story about things</h1>'
        '<p class="meta">Posted <time datetime="2022-05-04T10:00:00-04:00" pubdate>May 4</time>'
        ' by <a rel="author" href="/people/kay">Kay Example</a></p>'
    )
    article = extract(article_page("<title>A microdata story about things</title>", before), URL)
    assert article.byline == "Kay Example"
    assert article.published_at == datetime(2022, 5, 4, 14, 0, tzinfo=UTC)
    assert "Kay Example" not in article.content_text  # shown above the article instead


def test_itemprop_author_and_date_published():
    before = (
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">Mo Author</span></div>'
        '<meta itemprop="datePublished" content="2021-02-03">'
    )
    article = extract(article_page("<title>Item props</title>", before), URL)
    assert article.byline == "Mo Author"
    assert article.published_at == datetime(2021, 2, 3)  # no zone: the page's own day


def test_language_from_content_language_when_html_has_none():
    head = '<meta http-equiv="content-language" content="de-at">'
    assert extract(article_page(head, lang=""), URL).language == "de-AT"


@pytest.mark.parametrize(
    ("title_tag", "site", "expected"),
    [
        ("How Rivers Move – The River Times", "The River Times", "How Rivers Move"),
        ("The River Times | How Rivers Move Across", "The River Times", "How Rivers Move Across"),
        ("Why rivers move - Example News", "", "Why rivers move"),  # the site named by the host
        ("Review: The New Phone Is Fast", "", "Review: The New Phone Is Fast"),
        ("Spider-Man: A Look Back - River Times", "River Times", "Spider-Man: A Look Back"),
        (
            "Rivers - a history of water - Jo Writer - Medium",
            "Medium",
            "Rivers - a history of water",
        ),
    ],
)
def test_title_loses_the_site_name_but_keeps_its_own_colons_and_dashes(title_tag, site, expected):
    head = f"<title>{title_tag}</title><meta name='author' content='Jo Writer'>"
    if site:
        head += f'<meta property="og:site_name" content="{site}">'
    assert extract(article_page(head), URL).title == expected


def test_title_with_section_and_site_keeps_the_article_part():
    head = "<title>Rivers of the world move slowly | Science | The Example</title>"
    assert extract(article_page(head), URL).title == "Rivers of the world move slowly"


def test_a_title_stated_with_a_section_elsewhere_without_it_loses_the_section():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Coach asks for patience with the young striker | Sport"}</script>'
        '<meta property="og:title" content="Coach asks for patience with the young striker">'
    )
    title = extract(article_page(head), URL).title
    assert title == "Coach asks for patience with the young striker"


def test_an_identifier_standing_in_for_the_headline_is_not_the_title():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "d-161500790"}'
        "</script><title>A nightmare - THE EXAMPLE 52/2018</title>"
    )
    assert extract(article_page(head, "<h1>A nightmare</h1>"), URL).title == "A nightmare"


def test_a_site_name_ending_in_the_hosts_name_leaves_the_title():
    head = "<title>“Tireless work” - The New Example Daily</title>"
    article = extract(article_page(head), "https://www.daily.example/politics/tireless")
    assert article.title == "“Tireless work”"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("by JANE DOE", "JANE DOE"),
        ("Par Jeanne Dupont", "Jeanne Dupont"),
        ("Jane Doe | September 20, 2024", "Jane Doe"),
        ("Jane Doe, Updated 20 Sep 2024 10:15 am", "Jane Doe"),
        ("Jane Doe (https://janedoe.example)", "Jane Doe"),
        ("https://www.facebook.com/janedoe", ""),
    ],
)
def test_bylines_are_names_only(author, expected):
    head = f'<meta name="author" content="{author}">'
    assert extract(article_page(head), URL).byline == expected


def test_script_in_a_title_is_kept_as_plain_text():
    head = '<title>"><script>alert(1)</script></title><meta name="author" content="<b>Eve</b>">'
    article = extract(article_page(head), URL)
    assert article.title == '"><script>alert(1)</script>'  # escaping is the templates' job
    assert article.byline == "<b>Eve</b>"


def test_metadata_strings_are_single_lines_capped_to_the_model():
    head = (
        f"<title>{'Very long title ' * 60}</title>"
        f'<meta name="author" content="{"Name " * 100}">'
        f'<meta property="og:site_name" content="Site\x00\x07 with\n controls">'
    )
    article = extract(article_page(head), URL)
    assert len(article.title) <= 500 and len(article.byline) <= 300
    assert article.site_name == "Site with controls"


def test_dates_without_a_zone_stay_the_pages_local_time_and_nonsense_dates_are_ignored():
    head = '<meta property="article:published_time" content="2019-04-28 06:01:07">'
    assert extract(article_page(head), URL).published_at == datetime(2019, 4, 28, 6, 1, 7)
    head = '<meta property="article:published_time" content="0000-00-00">'
    assert extract(article_page(head), URL).published_at is None


# -- the body: what stays ----------------------------------------------------------------


def test_body_keeps_headings_lists_quotes_code_tables_and_figures():
    extra = """
        <h2>A section</h2><p>Some text, before a list of things that matter.</p>
        <ul><li>First point of the list</li><li>Second point</li></ul>
        <blockquote><p>A quotation from someone who said something.</p></blockquote>
        <pre><code>def answer():\n    return 42</code></pre>
        <table><thead><tr><th>Year</th><th>Count</th></tr></thead>
        <tbody><tr><td>2023</td><td>12</td></tr><tr><td colspan="2">Total 12</td></tr></tbody>
        </table>
        <figure><div class="media-wrapper"><img src="/photos/river.jpg" alt="A river"></div>
        <figcaption>The river, in spring.</figcaption></figure>"""
    article = extract(article_page("<title>Structure</title>", after=extra), URL)
    html = article.content_html
    for kept in (
        "<h2>A section</h2>",
        "<li>First point of the list</li>",
        "<blockquote>",
        "<pre><code>def answer():\n    return 42</code></pre>",
        "<th>Year</th>",
        '<td colspan="2">Total 12</td>',
        '<img src="https://news.example.org/photos/river.jpg" alt="A river">',
        "<figcaption>The river, in spring.</figcaption>",
    ):
        assert kept in html
    assert "Paragraph 8 of the story" in article.content_text
    assert "\n\n" in article.content_text
    assert article.word_count == len(article.content_text.split())
    assert article.reading_minutes == 1


def test_video_players_become_links_to_their_videos_and_other_frames_go():
    players = """
        <iframe src="https://www.youtube-nocookie.com/embed/LtOGa5M8AuU?rel=0"
            title="YouTube video player"></iframe>
        <p>Between the videos, the story goes on with more words than a caption has.</p>
        <iframe src="//player.vimeo.com/video/32246206" title="The making of the bridge"></iframe>
        <video controls><source src="https://upload.wikimedia.org/river.webm">
            Your browser cannot play this video.</video>
        <iframe src="https://ads.tracker.example/slot?id=7" title="Advertisement"></iframe>
        <object data="https://www.youtube.com/v/abc123"><embed src="https://www.youtube.com/v/abc123"></object>"""
    article = extract(article_page("<title>Videos</title>", after=players), URL)
    html = article.content_html
    links = re.findall(r'<a href="([^"]+)" rel="noopener noreferrer">([^<]+)</a>', html)
    assert ("https://www.youtube.com/watch?v=LtOGa5M8AuU", "Video on YouTube") in links
    assert ("https://vimeo.com/32246206", "Video on Vimeo: The making of the bridge") in links
    assert ("https://upload.wikimedia.org/river.webm", "Media on Wikimedia Commons") in links
    assert html.count("on YouTube") == 2  # the object and the embed inside it: one link
    assert "tracker.example" not in html and "Advertisement" not in html
    assert "cannot play" not in article.content_text
    assert "Paragraph 8 of the story" in article.content_text


def test_lazy_images_in_the_body_get_their_real_source():
    extra = (
        '<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/a.jpg" alt="a">'
        "</figure><p>Between the images, a sentence long enough to be kept in the body.</p>"
        '<figure><img class="lazy"><noscript><img src="/b.jpg" alt="b"></noscript></figure>'
    )
    html = extract(article_page("<title>Lazy</title>", after=extra), URL).content_html
    assert '<img src="https://news.example.org/a.jpg" alt="a">' in html
    assert '<img src="https://news.example.org/b.jpg" alt="b">' in html
    assert "data:" not in html


def test_title_heading_and_byline_are_not_repeated_in_the_body():
    before = (
        '<h1 class="headline">Moscow Rules Out Meeting Between Lavrov, Blinken</h1>'
        '<div class="byline">By <a href="/authors/afp">AFP</a></div>'
    )
    head = "<title>Moscow Rules Out Meeting Between Lavrov, Blinken - The Moscow Times</title>"
    article = extract(article_page(head, before), URL)
    assert article.title == "Moscow Rules Out Meeting Between Lavrov, Blinken"
    assert article.byline == "AFP"
    assert "Moscow Rules Out" not in article.content_text
    assert "AFP" not in article.content_text


# The article of ../shared/seed/lavrov-blinken-article.md as its news site serves it.
SEED_ARTICLE = """
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article class="article">
  <h1>Moscow Rules Out Meeting Between Lavrov, Blinken at UN Assembly</h1>
  <div class="article__byline byline">By <a href="/authors/afp">AFP</a></div>
  <time datetime="2024-09-20T13:05:00+03:00">September 20, 2024</time>
  <figure class="article__featured-image"><img src="/media/lavrov-blinken.jpg"
    alt="U.S. Secretary of State Antony Blinken and Russian Foreign Minister Sergei Lavrov.">
    <figcaption>U.S. Secretary of State Antony Blinken and Russian Foreign Minister Sergei
    Lavrov. <strong>Martial Trezzini / EPA / TASS</strong></figcaption></figure>
  <div class="article__content">
  <p>Russian Foreign Minister Sergei Lavrov will not meet his U.S. counterpart Antony Blinken
  despite both attending the United Nations General Assembly in New York this weekend, Moscow
  said Friday.</p>
  <p>Tensions between Russia and the United States have worsened in the two and a half years
  since Moscow launched its full-scale invasion of Ukraine, and Washington is currently mulling
  whether to give Ukraine the green light to strike targets inside Russia with its long-range
  weapons.</p>
  <p>"Of course not. What is there to talk about with him [Blinken]?" Russian state media quoted
  Deputy Foreign Minister Sergei Ryabkov as saying when asked about a possible meeting between
  the top diplomats.</p>
  <p>More than 130 heads of state and government representatives are expected to attend the
  United Nations General Assembly in New York on Sunday, at a time when the international
  community seems unable to resolve conflicts in Ukraine, Gaza, Lebanon and Sudan.</p>
  <p><strong>Related article: <a href="/2024/09/20/uk-sanctions-a86420">U.K. Slaps Fresh
  Sanctions on Russian 'Shadow Fleet'</a></strong></p>
  <p>Russia, now one of the most sanctioned countries in the world, has seen ties with the West
  severely damaged by its war against Ukraine.</p>
  <p>Moscow insists it is not isolated despite wide-ranging sanctions and travel bans. Ryabkov
  said that Lavrov had a "colossal program of meetings" in New York that "do not concern
  Ukraine."</p>
  <p>Moscow and Washington are also at loggerheads over a litany of other issues, including
  policies on Israel, Iran and North Korea.</p>
  </div>
  <div class="social-share"><a href="https://twitter.com/intent/tweet">Share on X</a>
    <a href="https://facebook.com/sharer">Share on Facebook</a></div>
</article></main>
<footer class="site-footer"><p>© The Moscow Times, all rights reserved.</p></footer>
"""


def test_seed_article_loses_its_related_article_line_and_keeps_the_story():
    head = (
        "<title>Moscow Rules Out Meeting Between Lavrov, Blinken at UN Assembly - "
        'The Moscow Times</title><meta property="og:site_name" content="The Moscow Times">'
    )
    article = extract(page(head, SEED_ARTICLE), "https://www.themoscowtimes.com/2024/09/20/a86423")
    text = article.content_text
    assert article.title == "Moscow Rules Out Meeting Between Lavrov, Blinken at UN Assembly"
    assert article.byline == "AFP"
    assert article.site_name == "The Moscow Times"
    assert article.published_at == datetime(2024, 9, 20, 10, 5, tzinfo=UTC)
    assert "Related article" not in text and "Shadow Fleet" not in text
    assert "Share on" not in text and "all rights reserved" not in text and "Home" not in text
    assert text.startswith("U.S. Secretary of State Antony Blinken")
    assert text.endswith("policies on Israel, Iran and North Korea.")
    assert (
        '<img src="https://www.themoscowtimes.com/media/lavrov-blinken.jpg"' in article.content_html
    )


@pytest.mark.parametrize(
    "line",
    [
        '<p>Read more: <a href="/other">Another story entirely</a></p>',
        '<p><em>See also:</em> <a href="/other">Another story entirely</a></p>',
        '<div class="inline-link"><b>RELATED</b> <a href="/other">Another story entirely</a></div>',
        '<p>Also read <a href="/other">Another story entirely</a></p>',
    ],
)
def test_inline_read_more_lines_are_removed(line):
    body = PARAGRAPHS[: len(PARAGRAPHS) // 2] + line + PARAGRAPHS[len(PARAGRAPHS) // 2 :]
    article = extract(page("<title>Inline</title>", f"<article>{body}</article>"), URL)
    assert "Another story" not in article.content_text
    assert "Paragraph 8" in article.content_text


def test_a_paragraph_that_mentions_reading_more_is_kept():
    line = "<p>Read more about rivers in the <a href='/atlas'>atlas</a>, which has maps.</p>"
    text = extract(article_page("<title>Keep</title>", after=line), URL).content_text
    assert "Read more about rivers" in text


@pytest.mark.parametrize(
    "boilerplate",
    [
        '<div class="share-bar"><a href="https://twitter.com/share">Tweet this</a>'
        '<a href="mailto:?body=x">Email this story</a></div>',
        '<aside class="newsletter-signup"><h3>Get our newsletter</h3><p>Every morning, the'
        " news you need, free in your inbox.</p><form><input type=email><button>Sign up"
        "</button></form></aside>",
        '<section id="comments"><h3>42 comments</h3><div class="comment"><p>First! This is'
        " a great article and I have many thoughts about it, mostly agreeing.</p></div></section>",
        '<div class="cookie-banner" role="dialog"><p>We use cookies to improve your'
        " experience. By continuing you accept our cookie policy.</p><button>OK</button></div>",
        '<div class="related-articles"><h3>Related stories</h3><ul><li><a href="/a">Another'
        ' story entirely</a></li><li><a href="/b">Yet another story</a></li></ul></div>',
        '<nav class="pagination"><a href="/p/2">Next page</a></nav>',
        '<div id="onetrust-consent-sdk"><p>Your privacy choices matter to us.</p></div>',
    ],
)
def test_boilerplate_blocks_are_removed(boilerplate):
    article = extract(article_page("<title>Boilerplate</title>", after=boilerplate), URL)
    for word in (
        "Tweet",
        "newsletter",
        "comments",
        "First!",
        "cookie",
        "Another",
        "Next page",
        "privacy",
    ):
        assert word not in article.content_text
    assert "Paragraph 8" in article.content_text


def test_an_article_wearing_a_boilerplate_class_is_still_found():
    # "has-comments" names the comment section's word; the page is read again without
    # trusting class names when too little text came out.
    body = f"<nav>Home</nav><div class='post has-comments'>{PARAGRAPHS}</div>"
    article = extract(page("<title>Unlucky class</title>", body), URL)
    assert "Paragraph 1 of the story" in article.content_text
    assert "Paragraph 8 of the story" in article.content_text


# -- no article ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n ",
        page("<title>Empty</title>", ""),
        page("<title>Only a menu</title>", '<nav><a href="/">Home</a><a href="/a">About</a></nav>'),
        page("<title>App</title>", '<div id="root"></div><script src="/app.js"></script>'),
        page(
            "<title>App</title>",
            "<noscript>You need to enable JavaScript to run this app.</noscript><div id=app></div>",
        ),
    ],
)
def test_no_article_raises_a_message_for_the_user(html):
    with pytest.raises(NoArticleFound) as raised:
        extract(html, URL)
    assert "Paste the page's HTML" in str(raised.value)


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (
            "",
            "<article><h1>The big story</h1><p>The first lines of the big story are free to read,"
            " and then the rest is not.</p><div class='paywall'><p>Subscribe to continue reading."
            " Already a subscriber? <a href='/login'>Sign in</a></p></div></article>",
        ),
        (  # the prompt has a class the boilerplate rules remove: the page is judged before
            "",
            "<article><p>Only the first lines of this story are free to read.</p>"
            "<div class='subscription-prompt'>Subscribe now to keep reading.</div></article>",
        ),
        (  # the page's own paywall markup for search engines
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Big",'
            ' "isAccessibleForFree": "False"}</script>',
            "<article><p>Only the first lines of this story are free to read.</p></article>",
        ),
    ],
)
def test_a_paywall_teaser_is_saved_as_a_teaser(head, body):
    teaser = extract(page(f"<title>The big story</title>{head}", body), URL)
    assert teaser.teaser
    assert "first lines of" in teaser.content_text
    assert "The big story" not in teaser.content_text  # the reader shows the title above
    assert not is_real_article(teaser)  # so a re-fetch never replaces a full copy with it


def test_a_full_article_is_not_a_teaser():
    assert not extract(article_page("<title>Real</title>"), URL).teaser


def test_a_login_wall_is_not_an_article():
    wall = (
        "<main><h1>Members only</h1><p>Log in to read this story and everything else we"
        " publish for our members.</p><form action='/login'><input name='user'>"
        "<input type='password' name='pw'><button>Log in</button></form></main>"
    )
    with pytest.raises(NoArticleFound):
        extract(page("<title>Log in</title>", wall), URL)


@pytest.mark.parametrize(
    "body",
    [
        "<div id='app'><p>Please enable JavaScript to read this page.</p></div>",
        "<h1>Just a moment...</h1><p>Checking your browser before accessing the site.</p>",
        "<p>Subscribe to read this article.</p>",
    ],
)
def test_script_shells_bot_checks_and_bare_prompts_are_not_articles(body):
    with pytest.raises(NoArticleFound):
        extract(page("<title>Story</title>", body), URL)


def test_an_error_page_is_not_an_article():
    body = "<h1>Page not found</h1><p>Sorry, the page you were looking for is not here.</p>"
    with pytest.raises(NoArticleFound):
        extract(page("<title>Page not found | Example News</title>", body), URL)


def test_a_full_article_with_a_sign_in_form_in_its_header_is_an_article():
    header = (
        "<header><form action='/login'><input name='user'><input type='password' name='pw'>"
        "</form><p>Already a subscriber? Sign in.</p></header>"
    )
    article = extract(
        page("<title>Full story</title>", header + f"<article>{PARAGRAPHS}</article>"), URL
    )
    assert "Paragraph 8" in article.content_text


def test_is_real_article_judges_a_refetch_against_what_is_stored():
    article = extract(article_page("<title>Real</title>"), URL)
    assert is_real_article(article)
    assert is_real_article(article, previous_word_count=article.word_count + 20)
    assert not is_real_article(article, previous_word_count=article.word_count * 3)
    stub = Extracted(**{**article.__dict__, "word_count": 0, "content_text": ""})
    assert not is_real_article(stub)
    paywalled = Extracted(
        **{**article.__dict__, "word_count": 40, "content_text": "Subscribe to continue reading."}
    )
    assert not is_real_article(paywalled)


def test_a_short_page_is_still_an_article():
    article = extract(
        page("<title>Note</title>", "<p>Back on Monday, the shop is closed.</p>"), URL
    )
    assert article.content_text == "Back on Monday, the shop is closed."
    assert (article.word_count, article.reading_minutes) == (7, 1)


# -- pathological pages stay bounded ------------------------------------------------------


def returns_or_raises_no_article(html: str) -> Extracted | None:
    try:
        return extract(html, URL)
    except NoArticleFound:
        return None


def test_300k_nested_divs():
    depth = 300_000
    assert (
        returns_or_raises_no_article(page("", "<div>" * depth + "deep" + "</div>" * depth)) is None
    )


def test_a_5_mb_text_node():
    article = returns_or_raises_no_article(page("", "<p>" + "word " * 1_000_000 + "</p>"))
    assert article.word_count == 1_000_000
    assert len(article.excerpt) <= 1000


def test_50k_paragraphs():
    article = returns_or_raises_no_article(page("", "<p>A short paragraph.</p>" * 50_000))
    assert article.word_count == 150_000
