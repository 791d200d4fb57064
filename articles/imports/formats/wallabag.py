"""wallabag's JSON export, v2 (the current one) and v1.

v2 is a list of entries with `url, title, content, is_archived, is_starred, created_at` (dates
like `2016-09-08T11:55:58+0200`), `tags` as strings, `published_by` as a list, `annotations`
with `quote` and `text`, and from 2.4 on `archived_at`/`starred_at`. The content is the article,
so nothing needs fetching. v1 entries carry `is_read`/`is_fav` as "0"/"1", comma-separated
`tags` and no dates.
"""

from collections.abc import Iterator

from articles.imports.formats.entry import Entry, Highlight
from articles.imports.formats.files import (
    Source,
    clean_text,
    from_any_date,
    json_array_items,
    split_tags,
    truthy,
)

NAME = "wallabag"
LABEL = "wallabag (JSON export, v2 or v1)"
# wallabag stores this instead of the article when it could not fetch the page.
_NO_CONTENT = ("wallabag can't retrieve contents for this article",)


def first_item(source: Source) -> dict | None:
    """The first entry of a JSON list file, if the file starts like one."""
    if source.is_zip or not source.head_text().lstrip("\ufeff \r\n\t").startswith("["):
        return None
    try:
        return next((i for i in json_array_items(source.text()) if isinstance(i, dict)), None)
    except Exception:  # anything unreadable is simply not this format; read() will say why
        return None


def sniff(source: Source) -> bool:
    item = first_item(source)
    return item is not None and "url" in item and ("is_archived" in item or "is_read" in item)


def read(source: Source) -> Iterator[Entry]:
    for number, item in enumerate(json_array_items(source.text()), start=1):
        yield entry_from(item, f"entry {number}")


def entry_from(item, where: str) -> Entry:
    if not isinstance(item, dict):
        return Entry(where=where, url="", skip_reason="not an entry (the file is damaged here)")
    if "is_read" in item and "is_archived" not in item:
        return _v1(item, where)
    return Entry(
        where=where,
        url=clean_text(item.get("url")),
        title=clean_text(item.get("title")),
        tags=tag_names(item.get("tags")),
        saved_at=from_any_date(item.get("created_at")),
        archived=truthy(item.get("is_archived")),
        starred=truthy(item.get("is_starred")),
        archived_at=from_any_date(item.get("archived_at")),
        starred_at=from_any_date(item.get("starred_at")),
        content_html=_content(item.get("content")),
        byline=", ".join(clean_text(a) for a in _list(item.get("published_by")) if a),
        language=clean_text(item.get("language")).replace("_", "-"),
        published_at=from_any_date(item.get("published_at")),
        lead_image_url=clean_text(item.get("preview_picture")),
        highlights=highlights(item.get("annotations")),
    )


def _v1(item: dict, where: str) -> Entry:
    return Entry(
        where=where,
        url=clean_text(item.get("url")),
        title=clean_text(item.get("title")),
        tags=split_tags(clean_text(item.get("tags")), ","),
        archived=truthy(item.get("is_read")),
        starred=truthy(item.get("is_fav")),
        content_html=_content(item.get("content")),
    )


def tag_names(value) -> list[str]:
    """Tags as strings (the export) or as {"label": …} objects (the API's shape)."""
    names = []
    for tag in _list(value):
        name = clean_text(tag.get("label") if isinstance(tag, dict) else tag)
        if name:
            names.append(name)
    return names


def highlights(value) -> list[Highlight]:
    found = []
    for note in _list(value):
        if not isinstance(note, dict):
            continue
        quote, text = clean_text(note.get("quote")), clean_text(note.get("text"))
        if quote or text:
            found.append(Highlight(quote, text, from_any_date(note.get("created_at"))))
    return found


def _content(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    if any(marker in value for marker in _NO_CONTENT):
        return None
    return value


def _list(value) -> list:
    return value if isinstance(value, list) else []
