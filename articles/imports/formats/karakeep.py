"""Karakeep's (formerly Hoarder's) JSON export: `{"bookmarks": [...], "lists": [...]}`.

A bookmark has `createdAt` (Unix seconds), `title`, `tags`, `lists` (ids of `lists`, whose
names become tags), `archived`, `note` and `content`: `{"type": "link", "url"}`, `{"type":
"text", "text"}` (a note, imported as an article without a link) or null (a file, which the
export does not include: skipped and reported).
"""

import html
from collections.abc import Iterator

from articles.imports.formats import wallabag
from articles.imports.formats.entry import Entry, Highlight, ImportFileError
from articles.imports.formats.files import Source, clean_text, from_any_date, json_document, truthy

NAME = "karakeep"
LABEL = "Karakeep / Hoarder (JSON export)"


def sniff(source: Source) -> bool:
    head = source.head_text().lstrip("\ufeff \r\n\t")
    return not source.is_zip and head.startswith("{") and '"bookmarks"' in head


def read(source: Source) -> Iterator[Entry]:
    document = json_document(source.text())
    if not isinstance(document, dict) or not isinstance(document.get("bookmarks"), list):
        raise ImportFileError("This JSON file has no list of bookmarks.")
    lists = {
        item.get("id"): clean_text(item.get("name"))
        for item in document.get("lists") or []
        if isinstance(item, dict)
    }
    for number, item in enumerate(document["bookmarks"], start=1):
        yield _entry(item, f"bookmark {number}", lists)


def _entry(item, where: str, lists: dict) -> Entry:
    if not isinstance(item, dict):
        return Entry(where=where, url="", skip_reason="not a bookmark (the file is damaged here)")
    content = item.get("content") if isinstance(item.get("content"), dict) else {}
    tags = wallabag.tag_names(item.get("tags"))
    tags += [lists[i] for i in item.get("lists") or [] if lists.get(i) and lists[i] not in tags]
    entry = Entry(
        where=where,
        url=clean_text(content.get("url")) if content.get("type") == "link" else "",
        title=clean_text(item.get("title")),
        tags=tags,
        saved_at=from_any_date(item.get("createdAt")),
        archived=truthy(item.get("archived")),
        starred=truthy(item.get("favourited")),
    )
    if clean_text(item.get("note")):
        entry.highlights = [Highlight(quote="", note=clean_text(item.get("note")))]
    if content.get("type") == "text" and clean_text(content.get("text")):
        paragraphs = clean_text(content.get("text")).split("\n\n")
        entry.content_html = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    elif not content:
        entry.skip_reason = "a file (image or PDF), which Karakeep's export does not include"
    return entry
