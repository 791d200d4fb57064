"""Export files of other products (and newsreader's own) read into Entry records.

Pure Python, no Django, so every format is tested on small hand-written files. Each format is a
module with NAME, LABEL, sniff(source) and read(source); read() yields entries as it goes, so a
file of hundreds of megabytes is never held in memory whole. A file that cannot be imported at
all raises ImportFileError with a message for the user; a single bad row is an Entry whose URL
the importer will refuse, and is reported, never silently dropped.

    source = Source(open("pocket.zip", "rb"), "pocket.zip")
    fmt = detect(source)            # or by_name("pocket")
    for entry in fmt.read(source): ...
"""

from types import ModuleType

from articles.imports.formats import (
    instapaper,
    karakeep,
    netscape,
    newsreader,
    omnivore,
    pocket,
    pocket_html,
    raindrop,
    readwise,
    wallabag,
)
from articles.imports.formats.entry import Entry, Highlight, ImportFileError
from articles.imports.formats.files import NOT_READABLE, Source

# In the order they are tried: newsreader's JSON is also wallabag-shaped, so it comes first.
FORMATS: list[ModuleType] = [
    newsreader, wallabag, omnivore, karakeep, pocket, pocket_html, instapaper, readwise,
    raindrop, netscape,
]  # fmt: skip
CHOICES = [(fmt.NAME, fmt.LABEL) for fmt in FORMATS]

__all__ = ["CHOICES", "FORMATS", "Entry", "Highlight", "ImportFileError", "Source"]


def by_name(name: str) -> ModuleType:
    for fmt in FORMATS:
        if name == fmt.NAME:
            return fmt
    raise ImportFileError(f"“{name}” is not a format newsreader can import.")


def detect(source: Source, name: str = "") -> ModuleType:
    """The format of the file; `name` insists on one, which the file must still look like."""
    found = next((fmt for fmt in FORMATS if fmt.sniff(source)), None)
    if name and by_name(name) is not found and not by_name(name).sniff(source):
        looks = f" It looks like {found.LABEL}." if found else ""
        raise ImportFileError(f"This file is not {by_name(name).LABEL}.{looks}")
    if name:
        return by_name(name)
    if found is None:
        if source.is_zip:
            source.zip()  # a damaged or dangerous archive says so rather than "unknown"
        raise ImportFileError(
            NOT_READABLE
            + " newsreader reads exports of Pocket, Instapaper, wallabag, Omnivore, Readwise "
            "Reader, Karakeep, Raindrop, newsreader itself, and bookmark files from browsers, "
            "linkding, Shaarli and Pinboard."
        )
    return found
