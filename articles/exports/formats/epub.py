"""EPUB 3, written by hand (a few XML files in a ZIP; no licence question, full control over
what EPUBCheck checks). One article is a book; several are one book with a table of contents,
oldest first. A nav document for EPUB 3 readers and an NCX for older ones (KOReader reads both).

Article HTML is already sanitised; xhtml.py makes it valid XHTML. Images become links to them:
remote images are not allowed in an EPUB, and downloading them would make books that e-readers
time out on.
"""

import re
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape

from django.utils.formats import date_format

from articles.exports.formats.xhtml import to_xhtml

MIMETYPE = "application/epub+zip"
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
CSS = """body { font-family: serif; line-height: 1.5; margin: 0 5%; }
h1 { font-size: 1.5em; line-height: 1.25; margin: 1em 0 0.25em; }
.meta { color: #555; font-size: 0.85em; margin: 0 0 1.5em; }
img, video { max-width: 100%; }
pre { white-space: pre-wrap; font-size: 0.85em; }
blockquote { margin: 1em 1.5em; font-style: italic; }
table { border-collapse: collapse; }
td, th { border: 1px solid #999; padding: 0.2em 0.4em; }
"""


def chunks(articles, title: str = "") -> Iterator[bytes]:
    # The first member must be "mimetype", stored and with sizes in its header, which needs a
    # seekable file: the book is built in a temporary file (in memory while small).
    with tempfile.SpooledTemporaryFile(max_size=16 * 2**20) as out:
        write_book(articles, out, title)
        out.seek(0)
        while data := out.read(1 << 16):
            yield data


def write_book(articles, out, title: str = "") -> None:
    chapters: list[tuple[str, str]] = []  # (file name, title)
    languages: list[str] = []
    authors: list[str] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/style.css", CSS)
        for number, article in enumerate(articles, start=1):
            name = f"article-{number}.xhtml"
            language = _language(article.language)
            book.writestr(f"OEBPS/{name}", chapter(article, language))
            chapters.append((name, article.title or article.url or f"Article {number}"))
            languages.append(language)
            authors.append(article.byline)
        if not chapters:
            book.writestr("OEBPS/article-1.xhtml", _empty_chapter())
            chapters.append(("article-1.xhtml", "No articles"))
            languages.append("en")
        if len(chapters) == 1:
            title = title or chapters[0][1]
        language = max(set(languages), key=languages.count)
        identifier = f"urn:uuid:{uuid.uuid4()}"
        book.writestr("OEBPS/nav.xhtml", navigation(title, chapters, language))
        book.writestr("OEBPS/toc.ncx", ncx(identifier, title, chapters))
        creator = authors[0] if len(authors) == 1 else ""
        book.writestr("OEBPS/content.opf", package(identifier, title, chapters, language, creator))


def chapter(article, language: str) -> str:
    url = article.url or article.given_url
    meta = [escape(m) for m in (article.site_name, article.byline) if m]
    meta.append(escape(date_format(article.created_at, "DATE_FORMAT")))
    if url:
        meta.append(f'<a href="{escape(url)}">Original</a>')
    body = to_xhtml(article.content_html)
    if not body and article.status != "ready":
        body = "<p>This article had not been fetched yet when the book was made.</p>"
    return _document(
        article.title,
        language,
        f'<h1>{escape(article.title)}</h1>\n<p class="meta">{" · ".join(meta)}</p>\n{body}',
    )


def navigation(title: str, chapters, language: str) -> str:
    items = "\n".join(
        f'      <li><a href="{name}">{escape(label)}</a></li>' for name, label in chapters
    )
    body = (
        f'<nav epub:type="toc" id="toc">\n  <h1>{escape(title)}</h1>\n'
        f"  <ol>\n{items}\n  </ol>\n</nav>"
    )
    return _document(title, language, body)


def ncx(identifier: str, title: str, chapters) -> str:
    points = "\n".join(
        f'    <navPoint id="p{n}" playOrder="{n}"><navLabel><text>{escape(label)}</text>'
        f'</navLabel><content src="{name}"/></navPoint>'
        for n, (name, label) in enumerate(chapters, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">\n'
        f'  <head><meta name="dtb:uid" content="{identifier}"/></head>\n'
        f"  <docTitle><text>{escape(title)}</text></docTitle>\n"
        f"  <navMap>\n{points}\n  </navMap>\n</ncx>\n"
    )


def package(identifier: str, title: str, chapters, language: str, creator: str) -> str:
    modified = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    items = "\n".join(
        f'    <item id="c{n}" href="{name}" media-type="application/xhtml+xml"/>'
        for n, (name, _) in enumerate(chapters, start=1)
    )
    spine = "\n".join(f'    <itemref idref="c{n}"/>' for n in range(1, len(chapters) + 1))
    contents = '    <itemref idref="nav"/>\n' if len(chapters) > 1 else ""
    author = f"    <dc:creator>{escape(creator)}</dc:creator>\n" if creator else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">\n'
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'    <dc:identifier id="uid">{identifier}</dc:identifier>\n'
        f"    <dc:title>{escape(title)}</dc:title>\n"
        f"    <dc:language>{language}</dc:language>\n{author}"
        f'    <meta property="dcterms:modified">{modified}</meta>\n'
        "  </metadata>\n  <manifest>\n"
        '    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml"'
        ' properties="nav"/>\n'
        '    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>\n'
        '    <item id="css" href="style.css" media-type="text/css"/>\n'
        f'{items}\n  </manifest>\n  <spine toc="ncx">\n{contents}{spine}\n  </spine>\n</package>\n'
    )


def _document(title: str, language: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{language}" xml:lang="{language}">\n'
        f'<head><meta charset="UTF-8"/><title>{escape(title) or "Article"}</title>'
        '<link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _empty_chapter() -> str:
    return _document("No articles", "en", "<h1>No articles</h1>\n<p>Nothing matched.</p>")


def _language(value: str) -> str:
    value = (value or "").replace("_", "-")
    return value if _LANGUAGE.match(value) else "en"


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
