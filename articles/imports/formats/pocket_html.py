"""Pocket's older HTML export, `ril_export.html`: an `<h1>Unread</h1>` list, then
`<h1>Read Archive</h1>`; each `<a href time_added tags>` is an item, tags comma-separated.
The section an item sits in is its state (wallabag's importer ignores it and archives nothing).
"""

from collections.abc import Iterator
from html.parser import HTMLParser

from articles.imports.formats.entry import Entry
from articles.imports.formats.files import Source, from_timestamp, parsed_in_pieces, split_tags

NAME = "pocket-html"
LABEL = "Pocket (older HTML export, ril_export.html)"


def sniff(source: Source) -> bool:
    head = source.head_text().lower()
    return (
        not source.is_zip
        and "time_added=" in head
        and (
            "<h1>unread</h1>" in head or "<h1>read archive</h1>" in head or "pocket export" in head
        )
    )


def read(source: Source) -> Iterator[Entry]:
    yield from parsed_in_pieces(source.text(), _Parser())


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.archived = False
        self.heading: list[str] | None = None
        self.link: Entry | None = None
        self.done: list[Entry] = []
        self.count = 0

    def take(self) -> list[Entry]:
        done, self.done = self.done, []
        return done

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.heading = []
        elif tag == "a":
            values = {name: value or "" for name, value in attrs}
            self.count += 1
            self.link = Entry(
                where=f"link {self.count}",
                url=values.get("href", "").strip(),
                tags=split_tags(values.get("tags", ""), ","),
                saved_at=from_timestamp(values.get("time_added")),
                archived=self.archived,
            )

    def handle_endtag(self, tag):
        if tag == "h1" and self.heading is not None:
            self.archived = "archive" in "".join(self.heading).lower()
            self.heading = None
        elif tag == "a" and self.link is not None:
            self.link.title = " ".join(self.link.title.split())
            self.done.append(self.link)
            self.link = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)
        if self.link is not None:
            self.link.title += data
