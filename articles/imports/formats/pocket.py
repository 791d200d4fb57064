"""Pocket's CSV export (2024-10 until the shutdown in 2025).

A ZIP of `part_000000.csv`, `part_000001.csv`… plus `annotations/part_000000.json`, or one CSV.
Two header generations: `title,url,time_added,tags,status` and the earlier one with `cursor`
before `tags`; columns are read by name so both work. Tags are `|`-separated; `status` is
`unread` or `archive`; there are no favourites and no content. Titles are often cut at about 75
characters or are the URL itself, so the fetched title replaces them.
"""

import re
from collections.abc import Iterator

from articles.imports.formats.entry import Entry, Highlight
from articles.imports.formats.files import (
    Source,
    clean_text,
    csv_rows,
    from_timestamp,
    has_columns,
    json_array_items,
    split_tags,
    truthy,
)

NAME = "pocket"
LABEL = "Pocket (CSV export, ZIP or CSV)"
COLUMNS = {"title", "url", "time_added"}
_PART = re.compile(r"(?:^|/)part_\d+\.csv$", re.I)
_ANNOTATIONS = re.compile(r"(?:^|/)annotations/[^/]+\.json$", re.I)


def sniff(source: Source) -> bool:
    if source.is_zip:
        return bool(_csv_members(source))
    return has_columns(source.head_text(), COLUMNS)


def read(source: Source) -> Iterator[Entry]:
    if not source.is_zip:
        yield from _read_csv(source.text(), "", {})
        return
    archive = source.zip()
    highlights = _highlights(source)
    members = _csv_members(source)
    for name in members:
        prefix = f"{name.rsplit('/', 1)[-1]} " if len(members) > 1 else ""
        yield from _read_csv(archive.open_text(name), prefix, highlights)


def _csv_members(source: Source) -> list[str]:
    names = source.zip().names
    parts = sorted(n for n in names if _PART.search(n))
    candidates = parts or sorted(n for n in names if n.lower().endswith(".csv"))
    archive = source.zip()
    return [n for n in candidates if has_columns(archive.text(n)[:4096], COLUMNS)]


def _read_csv(stream, prefix: str, highlights: dict[str, list[Highlight]]) -> Iterator[Entry]:
    for row_number, row in csv_rows(stream):
        url = row.get("url", "")
        yield Entry(
            where=f"{prefix}row {row_number}",
            url=url,
            title=row.get("title", ""),
            tags=split_tags(row.get("tags", ""), "|"),
            saved_at=from_timestamp(row.get("time_added")),
            archived=row.get("status", "").lower() == "archive",
            # Not in Pocket's file: newsreader's CSV export adds it after Pocket's columns.
            starred=truthy(row.get("starred", "")),
            highlights=highlights.get(url, []),
        )


def _highlights(source: Source) -> dict[str, list[Highlight]]:
    """Pocket's highlights by URL: quotes only (the export has no position in the text)."""
    archive = source.zip()
    found: dict[str, list[Highlight]] = {}
    for name in sorted(n for n in archive.names if _ANNOTATIONS.search(n)):
        for item in json_array_items(archive.open_text(name)):
            if not isinstance(item, dict) or not isinstance(item.get("highlights"), list):
                continue
            quotes = [
                Highlight(quote, created_at=from_timestamp(h.get("created_at")))
                for h in item["highlights"]
                if isinstance(h, dict) and (quote := clean_text(h.get("quote")))
            ]
            found.setdefault(clean_text(item.get("url")), []).extend(quotes)
    return found
