"""Instapaper's CSV export: `URL,Title,Selection,Folder` and, in the current generation, also
`Timestamp` (Unix seconds) and `Tags` (a JSON list). `Folder` is `Unread`, `Archive`, `Starred`
or a folder of the user's, which becomes a tag. A starred item is listed under `Starred` whatever
its archive state, so it stays unread here. `Selection` is text the user selected on the page:
kept as a highlight.
"""

import json
from collections.abc import Iterator

from articles.imports.formats.entry import Entry, Highlight
from articles.imports.formats.files import Source, clean_text, csv_rows, from_timestamp, has_columns

NAME = "instapaper"
LABEL = "Instapaper (CSV)"
COLUMNS = {"url", "title", "selection", "folder"}


def sniff(source: Source) -> bool:
    return not source.is_zip and has_columns(source.head_text(), COLUMNS)


def read(source: Source) -> Iterator[Entry]:
    for row_number, row in csv_rows(source.text()):
        folder = row.get("folder", "")
        tags = _tags(row.get("tags", ""))
        if folder.lower() not in ("", "unread", "archive", "starred"):
            tags.append(folder)
        selection = row.get("selection", "")
        yield Entry(
            where=f"row {row_number}",
            url=row.get("url", ""),
            title=row.get("title", ""),
            tags=tags,
            saved_at=from_timestamp(row.get("timestamp")),
            archived=folder.lower() == "archive",
            starred=folder.lower() == "starred",
            highlights=[Highlight(selection)] if selection else [],
        )


def _tags(text: str) -> list[str]:
    if not text.strip():
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return [t.strip() for t in text.split(",") if t.strip()]
    return [clean_text(t) for t in value if clean_text(t)] if isinstance(value, list) else []
