"""The export formats. Each module's chunks(articles) yields the file's bytes in pieces, one
article at a time, so a download starts at once and memory stays flat."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from articles.exports.formats import bookmarks, csv_export, epub, json_export, markdown


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    content_type: str
    chunks: Callable[..., Iterator[bytes]]
    help: str


FORMATS = {
    f.name: f
    for f in [
        Format("json", "JSON", "json", "application/json", json_export.chunks,
               "Everything, to move to another newsreader (or wallabag) without loss."),
        Format("csv", "CSV", "csv", "text/csv; charset=utf-8", csv_export.chunks,
               "A spreadsheet; Pocket's columns first, so most read-it-later apps import it."),
        Format("html", "Bookmarks HTML", "html", "text/html; charset=utf-8", bookmarks.chunks,
               "For browsers, linkding, Raindrop, Karakeep, Pinboard."),
        Format("markdown", "Markdown", "zip", "application/zip", markdown.chunks,
               "A ZIP of one file per article with front matter, for Obsidian and notes."),
        Format("epub", "EPUB", "epub", "application/epub+zip", epub.chunks,
               "An e-book with a table of contents, for e-readers (KOReader, Kobo, Apple Books)."),
    ]
}  # fmt: skip
