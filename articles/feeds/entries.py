"""An article as an Atom entry: with its whole text for feed readers, with its EPUB for
e-readers. Links are absolute (a feed is read far from the site)."""

from collections.abc import Callable
from html import escape

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from articles.cards import site_label, web_url
from articles.feeds.atom import Entry, Link
from articles.models import Article, Tag

EPUB = "application/epub+zip"
ACQUISITION = "http://opds-spec.org/acquisition"

Absolute = Callable[[str], str]  # a path on the site to its absolute URL (the request's)


def with_tags(articles: QuerySet) -> QuerySet:
    """Articles as entries need them: their tags' names in one more query, no search vectors."""
    tags = Prefetch("tags", Tag.objects.only("id", "name"))
    return articles.defer("content_text").prefetch_related(tags)


def feed_entry(article: Article, absolute: Absolute) -> Entry:
    """For feed readers: the article's whole text, as the reader shows it."""
    entry = _entry(article, absolute)
    entry.summary = article.excerpt
    entry.content_html = _content(article)
    entry.content_base = web_url(article.url)
    if not entry.content_html:
        entry.content_text = _unfetched(article)
    return entry


def epub_entry(article: Article, absolute: Absolute) -> Entry:
    """For e-readers (OPDS): what it is, and where its EPUB is."""
    entry = _entry(article, absolute)
    entry.links.insert(0, Link(absolute(epub_path(article.pk)), rel=ACQUISITION, type=EPUB))
    entry.summary = article.excerpt or _unfetched(article)
    return entry


def epub_path(pk: int) -> str:
    return reverse("opds_epub", args=[pk])


def _entry(article: Article, absolute: Absolute) -> Entry:
    reader = absolute(article.get_absolute_url())
    original = web_url(article.url or article.given_url)
    links = [Link(original or reader, type="text/html")]
    if original:
        links.append(Link(reader, rel="related", type="text/html", title="Read in newsreader"))
    return Entry(
        id=reader,
        title=article.title or original or f"Article {article.pk}",
        updated=article.updated_at,
        published=article.created_at,
        links=links,
        authors=[article.byline or site_label(article) or "Unknown"],
        categories=[tag.name for tag in article.tags.all()],
    )


def _content(article: Article) -> str:
    """The stored HTML (sanitised, its URLs made absolute when it was saved) with the lead
    picture on top when the text lacks it, as the reading page shows it."""
    html = article.content_html
    image = web_url(article.lead_image_url)
    if html and image and image not in html:
        html = f'<p><img src="{escape(image)}" alt=""></p>{html}'
    return html


def _unfetched(article: Article) -> str:
    if article.status == Article.Status.FAILED:
        return f"newsreader could not fetch this article: {article.failure_reason}"
    if article.status == Article.Status.PENDING:
        return "newsreader is still fetching this article."
    return ""
