"""Raindrop.io's CSV export: `id,title,note,excerpt,url,folder,tags,created,cover,highlights,
favorite`. Tags are one field separated by ", "; `folder` is the collection (nested ones as a
path with "/"), which becomes tags; `created` is ISO 8601; `favorite` is true/false.
"""

from collections.abc import Iterator

from articles.imports.formats.entry import Entry, Highlight
from articles.imports.formats.files import (
    Source,
    csv_rows,
    from_iso,
    has_columns,
    split_tags,
    truthy,
)

NAME = "raindrop"
LABEL = "Raindrop.io (CSV)"
COLUMNS = {"url", "folder", "tags", "created", "excerpt"}


def sniff(source: Source) -> bool:
    return not source.is_zip and has_columns(source.head_text(), COLUMNS)


def read(source: Source) -> Iterator[Entry]:
    for row_number, row in csv_rows(source.text()):
        tags = split_tags(row.get("tags", ""), ",")
        folders = split_tags(row.get("folder", ""), "/")
        tags += [f for f in folders if f.lower() not in {t.lower() for t in tags + ["unsorted"]}]
        highlights = [Highlight(quote=row["highlights"])] if row.get("highlights") else []
        if row.get("note"):
            highlights.append(Highlight(quote="", note=row["note"]))
        yield Entry(
            where=f"row {row_number}",
            url=row.get("url", ""),
            title=row.get("title", ""),
            tags=tags,
            saved_at=from_iso(row.get("created")),
            starred=truthy(row.get("favorite", "")),
            excerpt=row.get("excerpt", ""),
            lead_image_url=row.get("cover", ""),
            highlights=highlights,
        )
