"""Finding the article's body on pages built unlike a news article, and nothing around it."""

import json

import pytest

from articles.ingest.extract import extract

URL = "https://news.example.org/2024/09/20/story.html"
STORY = "".join(
    f"<p>Sentence {n} of the story says what happened, to whom, and why it matters, with"
    f" enough words and commas to read like a real article, which it nearly is.</p>"
    for n in range(1, 9)
)


def page(body: str, title: str = "The story") -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body>{body}</body></html>"
    )


# -- a second opinion where ours is weak ----------------------------------------------------


def test_prose_outscored_by_boxes_with_content_classes_is_still_found():
    """readability-lxml's class bonus picks a short "content" box over the plain <div> of
    prose; the page's largest group of paragraphs shows the pick is a fragment."""
    notes = ", ".join(f"note {n}" for n in range(60))
    boxes = f'<div class="content"><p>A box of short notes: {notes}.</p></div>'
    prose = "".join(
        f"<p>Paragraph {n} of the announcement tells the whole news in plain words without"
        " any pause at all because that is how some people write when they are in a hurry"
        " and have a great deal to say about the new director of the choir</p>"
        for n in range(1, 8)
    )
    body = (
        f'<div class="col">{boxes}</div><div class="col"><div class="full-text">{prose}</div></div>'
    )
    article = extract(page(body), URL)
    assert "Paragraph 1 of the announcement" in article.content_text
    assert "Paragraph 7 of the announcement" in article.content_text


def test_a_page_whose_text_only_raw_readability_finds_is_not_empty():
    """Text in a table cell beside a form: nothing the pruning rules keep, yet readable."""
    body = (
        "<table><tr><td><form><p>Only this form holds the text of the page, which says a"
        " good deal about the village fair, the music and the food, and when it opens."
        "</p></form></td></tr></table>"
    )
    article = extract(page(body), URL)
    assert "village fair" in article.content_text


def json_ld(body_text: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "headline": "The story", "articleBody": body_text})
    return (
        f'<script type="application/ld+json">{data.replace("</", "<\\/")}</script>'  # as sites do
    )


def test_a_page_whose_text_is_only_in_its_structured_data_gets_that_text():
    """scmp.com writes the article into the page with scripts: the HTML holds a photo's
    caption, which every extractor finds, and the JSON-LD holds the article."""
    lines = [
        f"Line {n} of the story, kept by the site in its structured data for scripts."
        for n in range(1, 9)
    ]
    caption = (
        "<figure><img src='/a.jpg'><figcaption>The mayor speaks in the square on Monday."
        " Photo: AP</figcaption></figure>"
    )
    article = extract(page(json_ld("\n".join(lines)) + f"<div id='app'>{caption}</div>"), URL)
    assert all(line in article.content_text for line in lines)
    assert article.content_html.count("<p>") == len(lines)  # a paragraph per line


@pytest.mark.parametrize(
    "line",
    [
        "It&#8217;s line {n} of the story &amp; its data, kept for scripts by the site.",
        "It’s line {n} of the story &amp; its <em>data</em>, kept for scripts by the site.",
    ],
)
def test_structured_data_reads_entities_and_inline_markup_as_a_page_would(line):
    """WordPress writes articleBody with entities, and inline tags without paragraphs."""
    lines = "\n".join(line.format(n=n) for n in range(1, 9))
    article = extract(page(json_ld(lines) + "<div id='app'><p>Loading</p></div>"), URL)
    assert "It’s line 8 of the story & its data" in article.content_text
    assert "&#8217;" not in article.content_text and "<em>" not in article.content_text


def test_structured_data_given_as_html_is_sanitised_like_any_page():
    story = STORY + "<script>alert(1)</script><p onclick='steal()'>The last word.</p>"
    article = extract(page(json_ld(story) + "<div id='app'><p>Loading the story</p></div>"), URL)
    assert "Sentence 8 of the story" in article.content_text
    assert "The last word." in article.content_text
    assert "alert" not in article.content_html and "onclick" not in article.content_html


def test_wrappers_between_the_article_and_its_paragraphs_keep_them_whatever_their_class():
    body = (
        '<article class="news-article"><h1>The story</h1>'
        "<p>The standfirst sums up the story in a long sentence or two, and it sits apart"
        " from the body, above it, as many sites set it, with a photograph and a caption.</p>"
        '<div class="widget-area">'
        f'<div class="widget"><section><div id="article-body">{STORY}</div></section></div>'
        "</div></article>"
    )
    article = extract(page(body), URL)
    assert "Sentence 1 of the story" in article.content_text


def test_of_several_articles_the_one_the_title_names_is_kept():
    """Pages that append the next stories as one scrolls: the longest is not the one asked for."""
    other = STORY.replace("the story", "another story") * 2
    body = (
        f"<article><h2>The story</h2>{STORY}</article>"
        f"<article><h2>Another, longer story</h2>{other}</article>"
    )
    article = extract(page(body, title="The story"), URL)
    assert "Sentence 1 of the story" in article.content_text
    assert "another story" not in article.content_text


# -- what is around the article -------------------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "<p>Advertisement</p>",
        "<div><small>Anzeige:</small></div>",
        "<p><a href='/print'>Print</a></p>",
        "<div>Loading…</div>",
        "<p>Tags: <a href='/t/a'>climate</a>, <a href='/t/b'>energy</a></p>",
    ],
)
def test_labels_of_the_page_inside_the_body_are_removed(furniture):
    article = extract(page(f"<article>{STORY[:400]}{furniture}{STORY[400:]}</article>"), URL)
    assert article.content_text.count("Sentence") == 8
    for word in ("Advertisement", "Anzeige", "Print", "Loading", "Tags", "climate"):
        assert word not in article.content_text


@pytest.mark.parametrize("heading", ["<h3>Related articles</h3>", "<p><b>Auch interessant</b></p>"])
def test_a_related_stories_heading_goes_with_its_links(heading):
    links = "<ul><li><a href='/a'>Another story</a></li><li><a href='/b'>And one more</a></li></ul>"
    article = extract(page(f"<article>{STORY}{heading}{links}</article>"), URL)
    assert "Sentence 8" in article.content_text
    assert "Another story" not in article.content_text
    assert "Related" not in article.content_text and "interessant" not in article.content_text


def test_a_more_about_heading_goes_only_with_links_after_it():
    links = "<ul><li><a href='/a'>Another story</a></li><li><a href='/b'>One more</a></li></ul>"
    section = "<h3>More about the federal debt</h3><p>The debt rose again this year, and fast.</p>"
    article = extract(
        page(f"<article>{STORY}<h3>More from Example News</h3>{links}</article>"), URL
    )
    assert "More from" not in article.content_text and "Another story" not in article.content_text
    article = extract(page(f"<article>{STORY}{section}</article>"), URL)
    assert "More about the federal debt" in article.content_text


def test_a_paragraph_about_related_matters_is_kept():
    extra = "<p>Related articles were found in the archive, the historian said.</p>"
    article = extract(page(f"<article>{STORY}{extra}</article>"), URL)
    assert "found in the archive" in article.content_text


def test_teasers_of_other_stories_go_but_the_articles_own_lead_stays():
    lead = "<p class='article-teaser'>The lead says in one line what the story is about.</p>"
    teaser = (
        "<div class='teaser'><a href='/other'><h3>Another story</h3></a>"
        "<p>What another story is about, in a line.</p></div>"
    )
    more = "<p>Summer has come, and a model went to an island. <a href='/x'>Read more</a></p>"
    article = extract(page(f"<article>{lead}{STORY}{teaser}{more}</article>"), URL)
    assert "The lead says" in article.content_text
    assert "Another story" not in article.content_text
    assert "Summer has come" not in article.content_text


def test_soft_hyphens_do_not_split_words_in_the_text():
    body = f"<article><p>An ex\xadtra\xador\xaddi\xadnary word.</p>{STORY}</article>"
    article = extract(page(body), URL)
    assert "An extraordinary word." in article.content_text


def test_the_standfirst_set_apart_above_the_body_is_kept():
    body = (
        "<div class='column'><h1>The story</h1>"
        "<p class='intro'>The standfirst says in two lines what the story is about.</p>"
        f"<div class='share'></div><div class='group'><div class='longText'>{STORY}</div></div>"
        "</div>"
    )
    text = extract(page(body), URL).content_text
    assert text.startswith("The standfirst says")
    assert "Sentence 8" in text
