"""The publication date: the page's day, with its time and zone when it gives them."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.utils import timezone as django_timezone

from articles.ingest import saving
from articles.ingest.extract import extract

STORY = "".join(
    f"<p>Sentence {n} of the story says what happened, to whom, and why it matters, with"
    f" enough words and commas to read like a real article, which it nearly is.</p>"
    for n in range(1, 9)
)
URL = "https://news.example.org/world/story.html"


def published(head: str = "", before: str = "", url: str = URL):
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A story</title>'
        f"{head}</head><body><article><h1>A story</h1>{before}{STORY}</article></body></html>"
    )
    return extract(html, url).published_at


def test_the_time_and_zone_the_page_gives_are_kept():
    head = '<meta property="article:published_time" content="2024-09-20T23:30:00+02:00">'
    assert published(head) == datetime(2024, 9, 20, 23, 30, tzinfo=timezone(timedelta(hours=2)))


def test_a_date_in_the_address_dates_the_article():
    assert published(url="https://news.example.org/world/2024/09/20/story.html") == datetime(
        2024, 9, 20
    )


@pytest.mark.parametrize(
    "line",
    [
        "<p class='date'>Published on September 20, 2024</p>",
        "<p class='date'>Veröffentlicht am 20. September 2024</p>",
        "<p class='date'>Publié le 20 septembre 2024</p>",
        "<p class='date'>20/09/2024</p>",
    ],
)
def test_a_visible_date_line_dates_the_article(line):
    assert published(before=line) == datetime(2024, 9, 20)


def test_of_two_stated_dates_the_one_on_the_day_htmldate_finds_gives_the_time():
    head = '<meta name="date" content="2024-10-01T08:00:00Z">'  # a template's build date
    before = '<p>Posted <time datetime="2024-09-20T06:30:00Z" pubdate>20 September</time></p>'
    url = "https://news.example.org/world/2024/09/20/story.html"
    assert published(head, before, url) == datetime(2024, 9, 20, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "head, before",
    [
        ('<meta property="article:published_time" content="2999-01-01T00:00:00Z">', ""),
        ('<meta property="article:published_time" content="1970-01-01T00:00:00Z">', ""),
        ("", "<footer><p>© 2023 Example News. All rights reserved.</p></footer>"),
    ],
)
def test_future_dates_dates_before_the_web_and_copyright_years_are_not_publication_dates(
    head, before
):
    assert published(head, before) is None


@pytest.mark.django_db
def test_a_date_without_a_zone_is_saved_as_the_pages_day_in_the_sites_time_zone(owner, settings):
    """Not UTC midnight: in New York that would show the day before."""
    settings.TIME_ZONE = "America/New_York"
    head = '<meta itemprop="datePublished" content="2021-02-03">'
    html = (
        f"<!doctype html><html><head><title>A story</title>{head}</head>"
        f"<body><article>{STORY}</article></body></html>"
    )
    with django_timezone.override("America/New_York"):
        article = saving.save_from_html(owner, html).article
        article.refresh_from_db()
        local = django_timezone.localtime(article.published_at)
    assert (local.year, local.month, local.day, local.hour) == (2021, 2, 3, 0)
