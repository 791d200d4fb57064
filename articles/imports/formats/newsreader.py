"""newsreader's own JSON export, read back without loss.

It is wallabag's v2 shape (so wallabag and its peers import it too) plus what wallabag lacks:
`read_at`, `reading_progress`, `site_name`, `excerpt` and `status`; every entry carries
`"newsreader": 1`. articles/exports/json_export.py writes it and documents every field.
"""

from collections.abc import Iterator

from articles.imports.formats import wallabag
from articles.imports.formats.entry import Entry
from articles.imports.formats.files import (
    Source,
    clean_text,
    fraction,
    from_any_date,
    json_array_items,
)

NAME = "newsreader"
LABEL = "newsreader (JSON export)"


def sniff(source: Source) -> bool:
    item = wallabag.first_item(source)
    return item is not None and "newsreader" in item


def read(source: Source) -> Iterator[Entry]:
    for number, item in enumerate(json_array_items(source.text()), start=1):
        entry = wallabag.entry_from(item, f"entry {number}")
        if isinstance(item, dict):
            entry.given_url = clean_text(item.get("given_url"))
            entry.read_at = from_any_date(item.get("read_at"))
            entry.read = entry.read_at is not None
            entry.progress = fraction(item.get("reading_progress"))
            entry.site_name = clean_text(item.get("site_name"))
            entry.excerpt = clean_text(item.get("excerpt"))
        yield entry
