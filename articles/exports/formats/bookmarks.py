"""Netscape bookmarks HTML, the file browsers, linkding, Raindrop and Karakeep import.

`TAGS` is comma-separated everywhere, so a comma inside a tag name is written as the full-width
comma "，" there (the tag stays one tag in every tool, and looks the same); newsreader's importer
reads the exact names from `NEWSREADER_TAGS`, which other tools ignore.
"""

import json
from collections.abc import Iterator
from html import escape

HEADER = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- Exported by newsreader. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
"""


def chunks(articles, title: str = "") -> Iterator[bytes]:
    yield HEADER.encode()
    for article in articles:
        attributes = {
            "HREF": article.url or article.given_url,
            "ADD_DATE": str(int(article.created_at.timestamp())),
            "LAST_MODIFIED": str(int(article.updated_at.timestamp())),
            "PRIVATE": "1",
            "TOREAD": "0" if article.archived_at or article.read_at else "1",
            "TAGS": ",".join(name.replace(",", "，") for name in article.tag_names),
        }
        if any("," in name for name in article.tag_names):
            attributes["NEWSREADER_TAGS"] = json.dumps(article.tag_names, ensure_ascii=False)
        attrs = " ".join(f'{key}="{escape(value)}"' for key, value in attributes.items())
        line = f"    <DT><A {attrs}>{escape(article.title)}</A>\n"
        if article.excerpt:
            line += f"    <DD>{escape(' '.join(article.excerpt.split()))}\n"
        yield line.encode()
    yield b"</DL><p>\n"
