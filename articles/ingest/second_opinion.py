"""A second extractor, asked only when ours comes back weak: trafilatura.

readability-lxml scores paragraphs and class names; trafilatura walks the page with other
rules (and its own fallbacks) and so finds the text of pages built unlike a news article:
association pages, shops, blogs with unusual markup. Its HTML goes through the same
sanitiser as ours.
"""

import logging

import lxml.html
import trafilatura

# trafilatura logs every page it finds no text in; an empty result is reported by our caller.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def trafilatura_body(page: lxml.html.HtmlElement, url: str = "") -> lxml.html.HtmlElement | None:
    """The article's body as trafilatura finds it in a parsed page (which it changes), or None."""
    found = trafilatura.extract(
        page,
        url=url or None,
        output_format="html",
        include_comments=False,
        include_images=True,
        include_links=True,
        include_formatting=True,
        include_tables=True,
        with_metadata=False,
    )
    if not found:
        return None
    return lxml.html.document_fromstring(found)
