"""What every import format reads a saved item into, and the one error a bad file raises."""

from dataclasses import dataclass, field
from datetime import datetime


class ImportFileError(Exception):
    """The file cannot be imported at all; str(error) says why, written for the user."""


@dataclass
class Highlight:
    quote: str
    note: str = ""
    created_at: datetime | None = None


@dataclass
class Entry:
    """One saved item as the file tells it. Empty values mean "the file does not say"."""

    where: str  # where it is in the file, for the report: "row 12", "part_000001.csv row 3"
    url: str
    title: str = ""
    given_url: str = ""  # the address first saved, when the file knows it (before redirects)
    tags: list[str] = field(default_factory=list)
    saved_at: datetime | None = None
    archived: bool = False
    starred: bool = False
    read: bool = False
    # When the file knows the moment of a state change; otherwise the saved date stands in.
    archived_at: datetime | None = None
    starred_at: datetime | None = None
    read_at: datetime | None = None
    progress: float | None = None  # 0.0 - 1.0
    content_html: str | None = None  # the article itself, when the file carries it
    excerpt: str = ""
    byline: str = ""
    site_name: str = ""
    language: str = ""
    published_at: datetime | None = None
    lead_image_url: str = ""
    highlights: list[Highlight] = field(default_factory=list)
    skip_reason: str = ""  # set when the format itself says the row is not a saved article
