"""CSV: Pocket's columns first (`title,url,time_added,tags,status`, tags joined by `|`), which
every read-it-later importer reads, then what Pocket did not have. A cell that a spreadsheet
would run as a formula (a page titled "=HYPERLINK(…)") starts with an apostrophe; newsreader's
importer removes it again."""

import csv
import io
from collections.abc import Iterator

COLUMNS = [
    "title", "url", "time_added", "tags", "status", "starred", "read_at", "reading_progress",
    "published", "author", "site", "excerpt",
]  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def chunks(articles, title: str = "") -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for article in articles:
        writer.writerow(
            [
                _text(article.title),
                article.url or article.given_url,
                int(article.created_at.timestamp()),
                _text("|".join(article.tag_names)),
                "archive" if article.archived_at else "unread",
                "1" if article.starred_at else "",
                article.read_at.isoformat() if article.read_at else "",
                round(article.reading_progress, 4),
                article.published_at.isoformat() if article.published_at else "",
                _text(article.byline),
                _text(article.site_name),
                _text(article.excerpt),
            ]
        )
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value
