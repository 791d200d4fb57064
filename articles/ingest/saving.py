"""Saving articles from a link or from pasted HTML, and re-fetching them without loss.

The pipeline is fetch (the only network access) -> extract (readability and metadata, then the
sanitiser) -> store. Failures raise the IngestError family, whose messages are for the user.
"""

import contextlib
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from articles.ingest.errors import IngestError, NoArticleFound, TooLarge
from articles.ingest.extract import Extracted, extract, is_real_article
from articles.ingest.fetch import fetch
from articles.ingest.urls import normalize_url, read_url
from articles.models import Article
from articles.tagging import add_tags, tags_for_names

# A re-fetched page shorter than this share of the saved one is a stub, a teaser or an error page.
MIN_REFETCH_LENGTH_RATIO = 0.5
# Pasted text with no title, no link and fewer words than this is junk, not an article.
PASTED_MIN_WORDS = 30


@dataclass(frozen=True)
class Saved:
    article: Article
    created: bool  # False: the article was already saved (its content may have been updated)
    updated: bool = False


@dataclass(frozen=True)
class Refetched:
    replaced: bool
    reason: str = ""  # why the saved version was kept


def save_from_url(owner, url_text: str, tag_names: list[str] = ()) -> Saved:
    url = read_url(url_text)
    key = normalize_url(url)
    with _saving_lock(owner.pk, key):
        if existing := _saved_already(owner, key, url):
            return _already_saved(existing, tag_names)
        page = fetch(url)
        final_key = normalize_url(page.url)
        if existing := _saved_already(owner, final_key, page.url):
            return _already_saved(existing, tag_names)
        extracted = extract(page.html, page.url)
        return _store(owner, extracted, tag_names, given_url=url, url=page.url, key=final_key)


def save_from_html(owner, html: str, url_text: str = "", tag_names: list[str] = ()) -> Saved:
    """Save a page the user copied from their browser (paywalled, logged-in, script-built)."""
    url = read_url(url_text) if url_text.strip() else ""
    if len(html.encode("utf-8", "surrogatepass")) > settings.FETCH_MAX_BYTES:
        raise TooLarge(f"The pasted page is larger than {settings.FETCH_MAX_BYTES // 2**20} MB.")
    extracted = extract(html, url)
    if not extracted.title and not url and extracted.word_count < PASTED_MIN_WORDS:
        count = extracted.word_count
        words = ngettext("%(n)s word", "%(n)s words", count) % {"n": count}
        raise NoArticleFound(
            f"This does not look like a web page: no title and {words}. Paste the page's whole "
            "HTML: view its source (Ctrl+U), select all and copy."
        )
    key = normalize_url(url) if url else ""
    existing = Article.objects.for_user(owner).filter(normalized_url=key).first() if key else None
    if existing is None:
        return _store(owner, extracted, tag_names, given_url=url, url=url, key=key)
    # The user pasted the page because they can see more of it than the server can.
    _apply(existing, extracted)
    existing.save()
    add_tags([existing], tags_for_names(owner.pk, list(tag_names)))
    return Saved(existing, created=False, updated=True)


def refetch(article: Article) -> Refetched:
    """Fetch the article again; replace its content only with a real, complete article."""
    try:
        page = fetch(article.url or article.given_url)
        extracted = extract(page.html, page.url)
        if article.status == Article.Status.READY:
            _check_replacement(article, extracted)
    except IngestError as error:
        _record_failed_refetch(article, str(error))
        return Refetched(replaced=False, reason=str(error))
    article.url = page.url
    _apply(article, extracted)
    article.save()
    return Refetched(replaced=True)


def _check_replacement(article: Article, extracted: Extracted) -> None:
    if not is_real_article(extracted):
        raise NoArticleFound("The page no longer holds a readable article (a paywall or a stub).")
    if extracted.word_count < article.word_count * MIN_REFETCH_LENGTH_RATIO:
        raise NoArticleFound(
            f"The page now has {extracted.word_count} words where the saved version has "
            f"{article.word_count}; it looks cut short."
        )


def _record_failed_refetch(article: Article, reason: str) -> None:
    article.fetched_at = timezone.now()
    if article.status == Article.Status.READY:
        when = date_format(timezone.localtime(article.fetched_at), "DATETIME_FORMAT")
        article.failure_reason = (
            f"Re-fetch on {when} failed, so the saved version was kept: {reason}"
        )
    else:
        article.status = Article.Status.FAILED
        article.failure_reason = reason
    article.save(update_fields=["fetched_at", "status", "failure_reason", "updated_at"])


def title_from_url(url: str) -> str:
    """A name for an article whose page has no title: the last words of its link's path
    (example.com/2026/why-bridges-fall -> "Why bridges fall"), else the site."""
    parts = urlsplit(url or "")
    for segment in reversed([s for s in parts.path.split("/") if s]):
        words = re.sub(r"\.[a-z0-9]{2,5}$", "", unquote(segment), flags=re.I)
        words = " ".join(re.split(r"[-_+\s]+", words)).strip()
        if re.search(r"[^\W\d]{2}", words):  # letters, not an id or a date
            return words[:1].upper() + words[1:]
    return (parts.hostname or "").removeprefix("www.")


def first_words(extracted: Extracted, count: int = 8) -> str:
    words = extracted.content_text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _saved_already(owner, key: str, url: str) -> Article | None:
    return Article.objects.for_user(owner).filter(Q(normalized_url=key) | Q(given_url=url)).first()


def _already_saved(article: Article, tag_names) -> Saved:
    add_tags([article], tags_for_names(article.owner_id, list(tag_names)))
    return Saved(article, created=False)


def _store(owner, extracted: Extracted, tag_names, *, given_url: str, url: str, key: str) -> Saved:
    article = Article(owner=owner, given_url=given_url, url=url, normalized_url=key)
    _apply(article, extracted)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Saved meanwhile by another request (the unique constraint is the final word).
        return _already_saved(Article.objects.get(owner=owner, normalized_url=key), tag_names)
    add_tags([article], tags_for_names(owner.pk, list(tag_names)))
    return Saved(article, created=True)


def _apply(article: Article, extracted: Extracted) -> None:
    article.title = (
        extracted.title or article.title or title_from_url(article.url) or first_words(extracted)
    )
    article.byline = extracted.byline
    article.site_name = extracted.site_name
    article.excerpt = extracted.excerpt
    article.language = extracted.language
    article.published_at = extracted.published_at
    article.lead_image_url = extracted.lead_image_url
    article.content_html = extracted.content_html
    article.content_text = extracted.content_text
    article.word_count = extracted.word_count
    article.reading_minutes = extracted.reading_minutes
    article.status = Article.Status.READY
    article.failure_reason = ""
    article.fetched_at = timezone.now()


@contextlib.contextmanager
def _saving_lock(owner_id: int, key: str):
    """One save per (user, URL) at a time: the same link pasted five times is fetched once and
    the other four find the stored article. A session-level PostgreSQL advisory lock, so no
    transaction stays open while the page downloads."""
    lock = [f"save:{owner_id}:{key}"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", lock)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", lock)
