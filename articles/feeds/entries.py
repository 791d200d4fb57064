"""An article as an Atom entry: with its whole text for feed readers, with its EPUB for
e-readers. Links are absolute (a feed is read far from the site)."""

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from django.db.models import QuerySet

from articles.cards import path_for, site_label, tag_pairs, web_url
from articles.feeds.atom import Entry, Link
from articles.models import Article

EPUB = "application/epub+zip"
ACQUISITION_REL = "http://opds-spec.org/acquisition"  # OPDS: the link to the book itself


@dataclass(frozen=True)
class Site:
    """The site's absolute URLs for a feed's entries, worked out once per feed rather than a
    reverse() and a build_absolute_uri() per entry."""

    origin: str  # scheme://host, as the request reached us
    article_path: Callable[[int], str]
    epub_path: Callable[[int], str]

    @classmethod
    def of(cls, request) -> "Site":
        origin = request.build_absolute_uri("/").removesuffix("/")
        return cls(origin, path_for("article"), path_for("opds_epub"))

    def absolute(self, path: str) -> str:
        return self.origin + path


def with_tags(articles: QuerySet) -> QuerySet:
    """Articles as entries need them: their tags in the same statement, no plain text."""
    return articles.defer("content_text").annotate(tag_pairs=tag_pairs())


def feed_entry(article: Article, site: Site) -> Entry:
    """For feed readers: the article's whole text, as the reader shows it."""
    entry = _entry(article, site)
    entry.summary = article.excerpt
    entry.content_html = _content(article)
    entry.content_base = web_url(article.url)
    if not entry.content_html:
        entry.content_text = _unfetched(article)
    return entry


def epub_entry(article: Article, site: Site) -> Entry:
    """For e-readers (OPDS): what it is, and where its EPUB is."""
    entry = _entry(article, site)
    epub = site.absolute(site.epub_path(article.pk))
    entry.links.insert(0, Link(epub, rel=ACQUISITION_REL, type=EPUB))
    entry.summary = article.excerpt or _unfetched(article)
    return entry


def _entry(article: Article, site: Site) -> Entry:
    reader = site.absolute(site.article_path(article.pk))
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
        categories=[name for name, _ in article.tag_pairs],
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
