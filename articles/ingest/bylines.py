"""The byline: who wrote the article, as a list of names ("By Jane Doe" -> "Jane Doe")."""

import re

from articles.ingest.clean import is_hidden, plain_text

MAX_BYLINE = 300  # Article.byline's max_length
BYLINE_HINT = re.compile(r"byline|author|dateline|writtenby|p-author", re.I)
BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|published|reported|text|words|story)\s+)?"
    r"(?:by|par|von|por|di|door|af|av|przez|от|автор)\s*:?\s+",
    re.I,
)
URL_IN_TEXT = re.compile(r"\(?\b(?:https?://|www\.)\S+\)?", re.I)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"  # English months
DATE_IN_TEXT = re.compile(
    rf"(?:\b(?:updated|published|posted|last updated)\b:?\s*)?"
    rf"(?:\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\b\d{{1,2}}\s+{MONTH}\s+\d{{4}}"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?)?.*$",
    re.I,
)


def find_byline_element(root):
    """The first visible element that holds only the article's byline, as Readability sees it.

    The extractor removes it from the body: the reader shows the byline above the article.
    """
    for element in root.xpath("//body//*[@class or @id or @rel or @itemprop]"):
        if element.tag in ("meta", "script", "style", "link"):
            continue
        hint = f"{element.get('class', '')} {element.get('id', '')}"
        if not (
            element.get("rel") == "author"
            or "author" in (element.get("itemprop") or "")
            or BYLINE_HINT.search(hint)
        ):
            continue
        text = element.text_content().strip()
        if 0 < len(text) < 100 and not _is_hidden_or_inside_hidden(element):
            return element
    return None


def _is_hidden_or_inside_hidden(element) -> bool:
    return any(
        is_hidden(e) or (e.get("aria-hidden") == "true")
        for e in (element, *element.iterancestors())
    )


def byline_text(element) -> str:
    if element is None:
        return ""
    named = element.xpath(".//*[@itemprop='name']")
    return (named[0] if named else element).text_content()


def clean_byline(value: str | None) -> str:
    """Only the names in a byline: "By Jane Doe | May 3, 2024" gives "Jane Doe"."""
    value = plain_text(value)
    if not value or re.match(r"^https?://", value, re.I):
        return ""
    value = URL_IN_TEXT.sub("", value)
    value = BYLINE_PREFIX.sub("", value)
    value = DATE_IN_TEXT.sub("", value)
    value = value.strip(" \t|,;:-–—·•/")
    if not re.search(r"\w", value):
        return ""
    return plain_text(value, MAX_BYLINE)
