"""Bylines are people's names only, and the lead image is the article's picture."""

import pytest

from articles.ingest.extract import extract

URL = "https://news.example.org/world/story.html"
STORY = "".join(
    f"<p>Sentence {n} of the story says what happened, to whom, and why it matters, with"
    f" enough words and commas to read like a real article, which it nearly is.</p>"
    for n in range(1, 9)
)


def page(head: str = "", before: str = "", after: str = "") -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A story</title>'
        f"{head}</head><body><article>{before}{STORY}{after}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("ByTravis Haney", "Travis Haney"),
        ("by Lucas Nolan22 Dec 2016651", "Lucas Nolan"),  # the date and comment count glued on
        ("Andrew HusbandTwitterNews & Culture Writer", "Andrew Husband"),
        ("Updated on March 3, 2024 By Jane Doe", "Jane Doe"),
        ("Jane Doe, Staff Writer", "Jane Doe"),
        ("Jane Doe jane.doe@example.org", "Jane Doe"),
        ("Cory Doctorow / 10:08 am Fri", "Cory Doctorow"),
        ("Elena Oberholzer (obe), Oliver Maksan (oma)", "Elena Oberholzer, Oliver Maksan"),
        ("Samya Kullab and Vasilisa Stepanenko", "Samya Kullab, Vasilisa Stepanenko"),
        ("Trine Jørgensen og Tôrtia Reimer-Johansen", "Trine Jørgensen, Tôrtia Reimer-Johansen"),
        ("Written by Rob Ewaschuk Edited by Betsy Beyer", "Rob Ewaschuk, Betsy Beyer"),
        (
            "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
            "Martin Untersinger, Damien Leloup, Morgane Tual",
        ),
        ("Joe Wee, Monday, February 29, 2016 @ 11:10 PM UTC", "Joe Wee"),
        ("Follow Author", ""),
        ("Publié le 3 mai 2024 par Jeanne Dupont", "Jeanne Dupont"),
        ("Veröffentlicht am", ""),
        ("um 07:39 Uhr", ""),
        ("dpa", "dpa"),  # an agency's short name stands when no one else signs
        ("Byron Smith", "Byron Smith"),
        ("Luca Monaco", "Luca Monaco"),
        ("105092", ""),
    ],
)
def test_bylines_keep_the_names_and_lose_the_rest(stated, expected):
    assert extract(page(f'<meta name="author" content="{stated}">'), URL).byline == expected


def test_several_authors_in_separate_elements_are_joined_with_commas():
    byline = (
        '<div class="article-byline"><span>Birgit Baumann</span> <span>Anna Giulia Fink</span>'
        " <span>Jan Michael Marchart</span></div>"
    )
    assert extract(page(before=byline), URL).byline == (
        "Birgit Baumann, Anna Giulia Fink, Jan Michael Marchart"
    )


def test_every_microdata_author_of_the_article_and_none_of_the_stories_beside_it():
    def person(name):
        return (
            '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
            f'<span itemprop="name">{name}</span></span>'
        )

    before = f"<p>By {person('Kevin Sack')} and {person('Sheri Fink')}</p>"
    related = f'<div itemscope itemtype="https://schema.org/Article">{person("Someone Else")}</div>'
    html = page(before=f'<div itemscope itemtype="https://schema.org/Article">{before}</div>')
    html = html.replace("</article>", f"{related}</article>")
    assert extract(html, URL).byline == "Kevin Sack, Sheri Fink"


def test_the_publisher_is_not_the_author_when_a_person_is_named():
    head = (
        '<meta property="og:site_name" content="Condé Nast">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A story",'
        ' "author": {"@type": "Organization", "name": "Condé Nast"}}</script>'
    )
    before = '<p class="byline">By <a rel="author" href="/jane">Jane Doe</a></p>'
    assert extract(page(head, before), URL).byline == "Jane Doe"


def test_the_sites_own_statement_names_no_one_even_with_a_place_after_it():
    head = (
        '<meta property="og:site_name" content="Example.com">'
        '<meta name="author" content="Example.com, Frankfurt, Germany">'
    )
    before = '<p class="byline">By Jane Doe</p>'
    assert extract(page(head, before), URL).byline == "Jane Doe"


def test_the_site_named_as_author_stands_when_no_one_signs():
    head = '<meta property="og:site_name" content="ORF.at"><meta name="author" content="ORF.at">'
    assert extract(page(head), URL).byline == "ORF.at"


# -- the lead image -----------------------------------------------------------------------


def test_the_articles_json_ld_image_beats_the_sharing_image():
    head = (
        '<meta property="og:image" content="https://cdn.example.org/share/card.jpg">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A story",'
        ' "image": "/photos/river.jpg"}</script>'
    )
    assert extract(page(head), URL).lead_image_url == "https://news.example.org/photos/river.jpg"


def test_a_thumbnail_declared_for_sharing_gives_way_to_the_articles_first_large_image():
    head = '<meta property="og:image" content="/uploads/thumbs/400x400/246270.jpg">'
    before = (
        '<figure><img src="/icons/avatar.png" width="48" height="48" alt=""></figure>'
        '<figure><img src="/uploads/246270.jpg" width="1200" height="800" alt="A river">'
        "</figure>"
    )
    article = extract(page(head, before), URL)
    assert article.lead_image_url == "https://news.example.org/uploads/246270.jpg"


def test_a_relative_open_graph_image_is_made_absolute():
    head = '<meta property="og:image" content="/photos/river.jpg">'
    assert extract(page(head), URL).lead_image_url == "https://news.example.org/photos/river.jpg"
