"""newsreader's JSON export: lossless, and shaped like wallabag's v2 export so that wallabag and
the tools that read its files import it too.

The file is a JSON list, oldest article first. Each entry:

    newsreader        1 (this format's version; marks the file as newsreader's)
    url               the article's address (after redirects); given_url: as it was saved
    title             text
    content           the article as sanitised HTML ("" while it waits for a fetch)
    mimetype          "text/html"
    tags              list of tag names
    is_archived, is_starred        booleans
    archived_at, starred_at, read_at   ISO 8601 times, or null (never read: null)
    reading_progress  0.0 - 1.0, how far down the article the reader got
    created_at        when it was saved (ISO 8601); the library is sorted by it
    published_at      when the site published it, or null
    published_by      list of authors (wallabag's shape)
    site_name, excerpt, language (BCP 47), preview_picture (image URL)
    domain_name       the address's host; reading_time: minutes; word_count
    status            "ready", "pending" (waiting for a fetch) or "failed"
    annotations       highlights that came with an import: [{quote, text (a note), created_at}]

Left out on purpose: ids and the modification time, which belong to one server; the plain text,
which is worked out from the content.
"""

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

from articles.models import Article


def chunks(articles, title: str = "") -> Iterator[bytes]:
    yield b"["
    separator = b"\n"
    for article in articles:
        yield separator + json.dumps(entry(article), ensure_ascii=False).encode()
        separator = b",\n"
    yield b"\n]\n"


def entry(article: Article) -> dict:
    return {
        "newsreader": 1,
        "url": article.url or article.given_url,
        "given_url": article.given_url,
        "title": article.title,
        "content": article.content_html,
        "mimetype": "text/html",
        "tags": article.tag_names,
        "is_archived": article.archived_at is not None,
        "is_starred": article.starred_at is not None,
        "archived_at": _time(article.archived_at),
        "starred_at": _time(article.starred_at),
        "read_at": _time(article.read_at),
        "reading_progress": article.reading_progress,
        "created_at": _time(article.created_at),
        "published_at": _time(article.published_at),
        "published_by": [article.byline] if article.byline else [],
        "site_name": article.site_name,
        "excerpt": article.excerpt,
        "language": article.language,
        "preview_picture": article.lead_image_url,
        "domain_name": urlsplit(article.url or article.given_url).hostname or "",
        "reading_time": article.reading_minutes,
        "word_count": article.word_count,
        "status": article.status,
        "annotations": [
            {"quote": h.quote, "text": h.note, "created_at": _time(h.created_at)}
            for h in article.highlights
        ],
    }


def _time(value) -> str | None:
    return value.isoformat() if value else None
