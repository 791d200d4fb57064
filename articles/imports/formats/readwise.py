"""Readwise Reader's CSV: `Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen`.

`Document tags` is a Python list literal (`['a', "it's"]`), `Saved date` is
`2026-03-14 23:55:23.291000+00:00`, `Location` is new/later/shortlist/archive/feed. Feed items
are RSS entries the user never saved: they are skipped and reported.
"""

import ast
from collections.abc import Iterator

from articles.imports.formats.entry import Entry
from articles.imports.formats.files import (
    Source,
    clean_text,
    csv_rows,
    fraction,
    from_iso,
    has_columns,
    split_tags,
)

NAME = "readwise"
LABEL = "Readwise Reader (CSV)"
COLUMNS = {"title", "url", "document tags", "location"}


def sniff(source: Source) -> bool:
    return not source.is_zip and has_columns(source.head_text(), COLUMNS)


def read(source: Source) -> Iterator[Entry]:
    for row_number, row in csv_rows(source.text()):
        location = row.get("location", "").lower()
        yield Entry(
            where=f"row {row_number}",
            url=row.get("url", ""),
            title=row.get("title", ""),
            tags=_tags(row.get("document tags", "")),
            saved_at=from_iso(row.get("saved date")),
            archived=location == "archive",
            progress=fraction(row.get("reading progress"), 100),
            skip_reason="a feed item that was never saved" if location == "feed" else "",
        )


def _tags(text: str) -> list[str]:
    text = text.strip()
    if not text or text == "[]":
        return []
    if len(text) < 100_000:
        try:
            value = ast.literal_eval(text)  # literals only: never runs code
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = None
        if isinstance(value, list | tuple):
            return [clean_text(t) for t in value if isinstance(t, str) and clean_text(t)]
    return split_tags(text.strip("[]").replace("'", "").replace('"', ""), ",")
