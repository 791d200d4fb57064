"""Netscape bookmark files: what browsers, linkding, Shaarli, Pinboard and Raindrop export.

`<DT><A HREF ADD_DATE TAGS TOREAD PRIVATE>title</A>` then an optional `<DD>` description;
folders are `<DT><H3>name</H3>` with a nested `<DL>`, and each folder on an item's path becomes a
tag (the browsers' own top folders excepted). `ADD_DATE` is in seconds, milliseconds or
microseconds depending on the writer. `TOREAD="0"` means read (archived), as Readeck reads it;
linkding marks archived bookmarks with the tag `linkding:bookmarks.archived`.

Read with the standard library's HTMLParser, which expands only HTML's own character references:
an entity declared in the file (a "billion laughs" bomb) stays text.
"""

import json
from collections.abc import Iterator
from html.parser import HTMLParser

from articles.imports.formats.entry import Entry
from articles.imports.formats.files import (
    Source,
    clean_text,
    from_timestamp,
    parsed_in_pieces,
    split_tags,
    unique,
)

NAME = "netscape"
LABEL = "Bookmarks HTML (browsers, linkding, Shaarli, Pinboard, Raindrop)"
LINKDING_ARCHIVED = "linkding:bookmarks.archived"
# Folders every browser has: they say nothing about the bookmarks inside.
_ROOT_FOLDERS = {
    "bookmarks", "bookmarks bar", "bookmarks toolbar", "bookmarks menu", "other bookmarks",
    "mobile bookmarks", "favorites bar", "favourites bar", "other favorites", "unsorted",
    "lesezeichen-symbolleiste", "barre de favoris",
}  # fmt: skip


def sniff(source: Source) -> bool:
    head = source.head_text().lower()
    if source.is_zip:
        return False
    return "netscape-bookmark-file" in head or ("<dl" in head and "<dt><a " in head)


def read(source: Source) -> Iterator[Entry]:
    yield from parsed_in_pieces(source.text(), _Parser())


def _exact_tags(text: str) -> list[str]:
    """newsreader's export keeps tag names with commas here, as a JSON list."""
    try:
        names = json.loads(text) if text else []
    except ValueError:
        return []
    return (
        unique([clean_text(n) for n in names if isinstance(n, str)])
        if isinstance(names, list)
        else []
    )


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.folders: list[str] = []
        self.folder_name: list[str] | None = None
        self.next_folder = ""  # the <H3> just read, whose <DL> comes next
        self.link: Entry | None = None
        self.in_title = False
        self.description: list[str] | None = None
        self.done: list[Entry] = []
        self.count = 0

    def take(self) -> list[Entry]:
        done, self.done = self.done, []
        return done

    def close(self):
        super().close()
        self.finish_link()  # a file that ends without closing its list

    def finish_link(self):
        if self.link is None:
            return
        self.link.title = " ".join(self.link.title.split())
        if self.description is not None:
            self.link.excerpt = clean_text(" ".join("".join(self.description).split()))
        self.done.append(self.link)
        self.link, self.description = None, None

    def handle_starttag(self, tag, attrs):
        if tag in ("dt", "dl", "h3") or (tag == "a" and self.link is not None):
            self.finish_link()
        if tag == "h3":
            self.folder_name = []
        elif tag == "dl":
            self.folders.append(self.next_folder)
            self.next_folder = ""
        elif tag == "a":
            self._start_link({name: value or "" for name, value in attrs})
        elif tag == "dd" and self.link is not None:
            self.description = []

    def _start_link(self, values: dict[str, str]):
        self.count += 1
        tags = _exact_tags(values.get("newsreader_tags", "")) or split_tags(
            values.get("tags", ""), ","
        )
        archived = values.get("toread", "").strip() == "0"
        if any(t.lower() == LINKDING_ARCHIVED for t in tags):
            archived = True
            tags = [t for t in tags if t.lower() != LINKDING_ARCHIVED]
        folder_tags = [f for f in self.folders if f and f.lower() not in _ROOT_FOLDERS]
        self.link = Entry(
            where=f"bookmark {self.count}",
            url=values.get("href", "").strip(),
            tags=tags + [f for f in folder_tags if f.lower() not in {t.lower() for t in tags}],
            saved_at=from_timestamp(values.get("add_date")),
            archived=archived,
        )
        self.in_title = True

    def handle_endtag(self, tag):
        if tag == "h3" and self.folder_name is not None:
            self.next_folder = clean_text(" ".join("".join(self.folder_name).split()))
            self.folder_name = None
        elif tag == "a":
            self.in_title = False
        elif tag == "dl":
            self.finish_link()
            if self.folders:
                self.folders.pop()

    def handle_data(self, data):
        if self.folder_name is not None:
            self.folder_name.append(data)
        elif self.link is not None and self.in_title:
            self.link.title += data
        elif self.description is not None:
            self.description.append(data)
