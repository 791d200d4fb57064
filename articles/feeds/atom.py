"""An Atom 1.0 document (RFC 4287), written in one pass. Feeds and OPDS catalogues share it.

SimplerXMLGenerator escapes every text and attribute; characters XML cannot carry at all (C0
controls) are dropped first, so no title a page gave us can make the document invalid.
"""

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.xmlutils import SimplerXMLGenerator

from articles.ingest.clean import strip_control_chars

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Link:
    href: str
    rel: str = "alternate"
    type: str = ""
    title: str = ""


@dataclass
class Entry:
    id: str  # an absolute IRI that never changes
    title: str
    updated: datetime
    links: list[Link]
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    categories: list[str] = field(default_factory=list)
    summary: str = ""  # plain text
    content_html: str = ""  # HTML, sent escaped (type="html")
    content_text: str = ""  # or plain text
    content_base: str = ""  # xml:base of the content: where relative URLs in it would point


@dataclass
class Feed:
    id: str
    title: str
    updated: datetime
    links: list[Link]
    entries: list[Entry]
    author: str = "newsreader"
    subtitle: str = ""
    namespaces: dict[str, str] = field(default_factory=dict)  # prefix: URI (OPDS adds some)


def render(feed: Feed) -> bytes:
    out = io.StringIO()
    xml = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement(
        "feed", {"xmlns": ATOM} | {f"xmlns:{p}": uri for p, uri in feed.namespaces.items()}
    )
    _text(xml, "id", feed.id)
    _text(xml, "title", feed.title)
    if feed.subtitle:
        _text(xml, "subtitle", feed.subtitle)
    _text(xml, "updated", _date(feed.updated))
    _author(xml, feed.author)
    for link in feed.links:
        _link(xml, link)
    for entry in feed.entries:
        _entry(xml, entry)
    xml.endElement("feed")
    xml.endDocument()
    return out.getvalue().encode()


def _entry(xml, entry: Entry) -> None:
    xml.startElement("entry", {})
    _text(xml, "id", entry.id)
    _text(xml, "title", entry.title)
    _text(xml, "updated", _date(entry.updated))
    if entry.published:
        _text(xml, "published", _date(entry.published))
    for name in entry.authors:
        _author(xml, name)
    for link in entry.links:
        _link(xml, link)
    for term in entry.categories:
        xml.addQuickElement("category", attrs={"term": _clean(term)})
    if entry.summary:
        _text(xml, "summary", entry.summary)
    if entry.content_html:
        attrs = {"type": "html"} | ({"xml:base": entry.content_base} if entry.content_base else {})
        _text(xml, "content", entry.content_html, attrs)
    elif entry.content_text:
        _text(xml, "content", entry.content_text, {"type": "text"})
    xml.endElement("entry")


def _author(xml, name: str) -> None:
    xml.startElement("author", {})
    _text(xml, "name", name)
    xml.endElement("author")


def _link(xml, link: Link) -> None:
    attrs = {"rel": link.rel, "href": link.href}
    if link.type:
        attrs["type"] = link.type
    if link.title:
        attrs["title"] = _clean(link.title)
    xml.addQuickElement("link", attrs=attrs)


def _text(xml, name: str, value: str, attrs: dict | None = None) -> None:
    xml.addQuickElement(name, _clean(value), attrs or {})


def _clean(value: str) -> str:
    return strip_control_chars(value or "")


def _date(moment: datetime) -> str:
    """RFC 3339 in UTC, the form feed readers parse most reliably."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
