"""Saving articles from a link or from pasted HTML, and re-fetching them without loss.

The pipeline is fetch (the only network access) -> extract (readability and metadata, then the
sanitiser) -> store. A link is saved at once as a pending article and fetched by the worker
(articles/jobs); pasted HTML needs no fetch and is stored in the request. Failures raise the
IngestError family, whose messages are for the user.
"""

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from articles.ingest.errors import NoArticleFound, TooLarge
from articles.ingest.extract import Extracted, extract, is_real_article
from articles.ingest.fetch import FetchedPage, check_fetchable, fetch
from articles.ingest.urls import normalize_url, read_url
from articles.jobs.lease import finishing
from articles.jobs.models import Job
from articles.jobs.queue import queue_fetch
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


def save(owner, url_text: str, html: str = "", tag_names: Sequence[str] = ()) -> Saved:
    """What the add form and the API save: the pasted page if there is one, else the link."""
    if html.strip():
        return save_from_html(owner, html, url_text, tag_names)
    return save_from_url(owner, url_text, tag_names)


def save_from_url(owner, url_text: str, tag_names: Sequence[str] = ()) -> Saved:
    """Save a link: the article exists at once, pending, and the worker fetches its page
    (`fetch_for_job`). What can be refused without the network is refused here."""
    url = read_url(url_text)
    check_fetchable(url)
    key = normalize_url(url)
    with _saving_lock(owner.pk, key):
        if existing := _saved_already(owner, key, url):
            return _already_saved(existing, tag_names)
        article = Article(
            owner=owner, given_url=url, url=url, normalized_url=key, status=Article.Status.PENDING
        )
        with transaction.atomic():
            article.save()
            add_tags([article], tags_for_names(owner.pk, list(tag_names)))
            queue_fetch(article)
    return Saved(article, created=True)


def save_from_html(owner, html: str, url_text: str = "", tag_names: Sequence[str] = ()) -> Saved:
    """Save a page the user copied from their browser (paywalled, logged-in, script-built)."""
    url = read_url(url_text) if url_text.strip() else ""
    _refuse_too_large(html)
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


def replace_content(article: Article, html: str) -> None:
    """Replace a saved article's content with a copy of its page the user sent (the wallabag
    API's PATCH): the same extraction and sanitiser as every other door."""
    _refuse_too_large(html)
    _apply(article, extract(html, article.url or article.given_url))
    article.save()


def _refuse_too_large(html: str) -> None:
    """A page the user sends is held to the fetcher's limit."""
    if len(html.encode("utf-8", "surrogatepass")) > settings.FETCH_MAX_BYTES:
        raise TooLarge(f"The pasted page is larger than {settings.FETCH_MAX_BYTES // 2**20} MB.")


def fetch_for_job(job: Job) -> None:
    """The worker's half of a save or a re-fetch: fetch and extract (no transaction open),
    then store, only while the job is still ours. A re-fetch replaces saved content only with
    a real, complete article; IngestErrors go to the queue, which retries or records them."""
    article = Article.objects.filter(pk=job.article_id).first()
    if article is None:
        job.outcome = "The article was deleted before its page was fetched."
        return
    page = fetch(article.url or article.given_url)
    extracted = extract(page.html, page.url)
    if article.status == Article.Status.READY:
        _check_replacement(article, extracted)
    with finishing(job):
        _store_fetched(job, page, extracted)


def record_failed_fetch(job: Job, error: Exception) -> None:
    """The last attempt failed: a new article says why; a saved one keeps its content."""
    article = Article.objects.filter(pk=job.article_id).first()
    if article is not None:
        _record_failure(article, job.last_error)


def article_merged_into(user, pk: int) -> Article | None:
    """Where a pending article went when its page turned out to be one already saved."""
    job = Job.objects.for_user(user).filter(article_id=pk, result__has_key="same_as").first()
    if job is None:
        return None
    return Article.objects.for_user(user).filter(pk=job.result["same_as"]).first()


def _store_fetched(job: Job, page: FetchedPage, extracted: Extracted) -> None:
    article = Article.objects.select_for_update().filter(pk=job.article_id).first()
    if article is None:
        job.outcome = "The article was deleted while its page was being fetched."
        return
    first_save = article.status != Article.Status.READY
    key = normalize_url(page.url)
    if first_save and key != article.normalized_url:
        # A short or redirecting link: the page may be one the user already saved.
        _lock_in_transaction(article.owner_id, key)
        if same := _saved_already(article.owner, key, page.url, besides=article.pk):
            _merge(article, into=same)
            job.outcome = f"The page was already saved, as article {same.pk}."
            job.result = {"same_as": same.pk}
            return
        article.normalized_url = key
    article.url = page.url
    _apply(article, extracted)
    article.save()
    job.outcome = "Saved." if first_save else "Replaced with the page as it is now."


def _merge(article: Article, into: Article) -> None:
    add_tags([into], list(article.tags.all()))
    article.delete()


def _check_replacement(article: Article, extracted: Extracted) -> None:
    if extracted.teaser and article.is_teaser and extracted.word_count >= article.word_count:
        return  # still a teaser, but no shorter one
    if not is_real_article(extracted):
        raise NoArticleFound("The page no longer holds a readable article (a paywall or a stub).")
    if extracted.word_count < article.word_count * MIN_REFETCH_LENGTH_RATIO:
        raise NoArticleFound(
            f"The page now has {extracted.word_count} words where the saved version has "
            f"{article.word_count}; it looks cut short."
        )


def _record_failure(article: Article, reason: str) -> None:
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


def _saved_already(owner, key: str, url: str, besides: int | None = None) -> Article | None:
    found = Article.objects.for_user(owner).filter(Q(normalized_url=key) | Q(given_url=url))
    return found.exclude(pk=besides).first()


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
    article.published_at = _aware(extracted.published_at)
    article.lead_image_url = extracted.lead_image_url
    article.content_html = extracted.content_html
    article.content_text = extracted.content_text
    article.word_count = extracted.word_count
    article.reading_minutes = extracted.reading_minutes
    article.is_teaser = extracted.teaser
    article.status = Article.Status.READY
    article.failure_reason = ""
    article.fetched_at = timezone.now()


def _aware(value: datetime | None) -> datetime | None:
    """A date the page gave without a zone is its local time: the site's zone shows its day."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)


@contextlib.contextmanager
def _saving_lock(owner_id: int, key: str):
    """One save per (user, URL) at a time: the same link pasted five times makes one article
    and the other four find it. A session-level PostgreSQL advisory lock, taken outside any
    transaction so the others see the article once it is committed."""
    lock = [f"save:{owner_id}:{key}"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", lock)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", lock)


def _lock_in_transaction(owner_id: int, key: str) -> None:
    """The same lock as `_saving_lock`, held until the worker's transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"save:{owner_id}:{key}"]
        )
