"""Omnivore's export ZIP: `metadata_0_to_20.json`, `metadata_20_to_40.json`… (lists of 20),
`content/<slug>.html` (the readable article, used as is when present, so no fetch) and
`highlights/<slug>.md`. Every metadata file is read (wallabag and Karakeep take only one, which
the user has to pick). A single metadata JSON file, unzipped, is read too.

`state` is `Archived`/`Active`/`Unknown` (the first exports wrote `ARCHIVED`/`SUCCEEDED`);
`readingProgress` is a percentage; dates are ISO 8601 with or without milliseconds.
"""

import re
from collections.abc import Iterator

from articles.imports.formats import wallabag
from articles.imports.formats.entry import Entry, Highlight
from articles.imports.formats.files import (
    Source,
    clean_text,
    fraction,
    from_iso,
    json_array_items,
)

NAME = "omnivore"
LABEL = "Omnivore (export ZIP)"
_METADATA = re.compile(r"(?:^|/)metadata_(\d+)_to_\d+\.json$", re.I)


def sniff(source: Source) -> bool:
    if source.is_zip:
        return any(_METADATA.search(n) for n in source.zip().names)
    item = wallabag.first_item(source)
    return item is not None and "slug" in item and "savedAt" in item


def read(source: Source) -> Iterator[Entry]:
    if not source.is_zip:
        for number, item in enumerate(json_array_items(source.text()), start=1):
            yield _entry(item, f"entry {number}", None)
        return
    archive = source.zip()
    names = set(archive.names)
    members = sorted(
        (n for n in archive.names if _METADATA.search(n)),
        key=lambda n: int(_METADATA.search(n).group(1)),
    )
    for member in members:
        short = member.rsplit("/", 1)[-1]
        base = member[: len(member) - len(short)]
        for number, item in enumerate(json_array_items(archive.open_text(member)), start=1):
            yield _entry(item, f"{short} entry {number}", (archive, names, base))


def _entry(item, where: str, zipped) -> Entry:
    if not isinstance(item, dict):
        return Entry(where=where, url="", skip_reason="not an entry (the file is damaged here)")
    state = clean_text(item.get("state")).lower()
    entry = Entry(
        where=where,
        url=clean_text(item.get("url")),
        title=clean_text(item.get("title")),
        tags=wallabag.tag_names(item.get("labels")),
        saved_at=from_iso(item.get("savedAt")),
        archived=state == "archived",
        progress=fraction(item.get("readingProgress"), 100),
        excerpt=clean_text(item.get("description")),
        byline=clean_text(item.get("author")),
        published_at=from_iso(item.get("publishedAt")),
        lead_image_url=clean_text(item.get("thumbnail")),
    )
    slug = clean_text(item.get("slug"))
    if zipped and slug and "/" not in slug:
        archive, names, base = zipped
        if f"{base}content/{slug}.html" in names:
            entry.content_html = archive.text(f"{base}content/{slug}.html") or None
        if f"{base}highlights/{slug}.md" in names:
            entry.highlights = parse_highlights(archive.text(f"{base}highlights/{slug}.md"))
    return entry


def parse_highlights(markdown: str) -> list[Highlight]:
    """Omnivore's highlight notes: `> quote`, then optional `#label` lines and a note, each
    part separated by a blank line, highlights one after another."""
    found: list[Highlight] = []
    for block in re.split(r"\n\s*\n", markdown.replace("\r\n", "\n")):
        block = block.strip()
        if not block:
            continue
        if block.startswith(">"):
            quote = "\n".join(re.sub(r"^>\s?", "", line) for line in block.split("\n"))
            found.append(Highlight(quote=clean_text(quote)))
        elif re.fullmatch(r"(#\S+\s*)+", block):
            continue  # the highlight's labels
        elif found and not found[-1].note:
            found[-1].note = clean_text(block)
        else:
            found.append(Highlight(quote="", note=clean_text(block)))
    return found
