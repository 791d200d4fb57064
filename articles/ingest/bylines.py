"""The byline: who wrote the article, as a list of names ("By Jane Doe" -> "Jane Doe")."""

import re
from collections.abc import Sequence

from articles.ingest.clean import is_hidden, plain_text
from articles.ingest.titles import squash

MAX_BYLINE = 300  # Article.byline's max_length
BYLINE_HINT = re.compile(r"byline|author|dateline|writtenby|p-author", re.I)
BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|published|reported|text|words|story)\s+)?"
    r"(?:by|par|von|por|di|door|af|av|przez|от|автор)\s*:?\s+",
    re.I,
)
URL_IN_TEXT = re.compile(r"\(?\b(?:https?://|www\.)\S+\)?", re.I)
EMAIL = re.compile(r"\S+@\S+\.\w+")
GLUED_BY = re.compile(r"^\s*[Bb]y(?=[A-Z])")  # "ByTravis Haney": the space lost with the markup
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"  # English months
WEEKDAY = (
    r"(?:mon|tues?|wed|thu|thur|thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\.?"
)
# "Updated", "Veröffentlicht am", "Publié le": a date follows, or was in another element.
DATED = (
    r"(?:updated|published|posted|last updated|veröffentlicht|aktualisiert|publié|mis à jour"
    r"|publicado|actualizado|pubblicato|aggiornato)\b(?:\s+(?:on|am|le|el|il))?"
)
DATE = (
    rf"(?:\b{DATED}:?\s*)?(?:\b{WEEKDAY},?\s+)?"
    rf"(?:\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|(?:\b|(?<=[a-z]))\d{{1,2}}\.?\s+{MONTH}\s+\d{{4}}"  # "Lucas Nolan22 Dec 2016": glued
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}"
    rf"|(?:\b(?:um|at|à|alle)\s+)?\b\d{{1,2}}:\d{{2}}(?:\s*(?:[ap]\.?m\.?|uhr|h)\b)?"
    rf"|\b\d{{1,2}}\.\d{{2}}\s*[ap]\.?m\.?\b"
    rf"|\b{DATED})"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?)?"
)
# "May 3, 2024 · By Jane Doe", "Publié le 3 mai 2024 par Jeanne Dupont"
LEADING_DATE = re.compile(
    rf"^\s*(?:{DATED}\b.*?\s(?=(?:by|par|von|por|di|door)\s)|{DATE}[\s,|·•-]*)", re.I
)
DATE_IN_TEXT = re.compile(rf"{DATE}.*$", re.I)  # "Jane Doe, updated May 3, 2024 at 10:00"
TRAILING_WEEKDAY = re.compile(rf"\s*\b{WEEKDAY}\s*$", re.I)
# A social network's label glued to the name or after it: "Andrew HusbandTwitter".
SOCIAL_LABEL = re.compile(
    r"(?:(?<=[a-z])|\b)(?:Twitter|Facebook|Instagram|LinkedIn|E-?mail|Mail|Bluesky|Mastodon"
    r"|Threads|TikTok|YouTube|WhatsApp|RSS|Follow)(?=[A-Z]|\b).*$",
    re.I,
)
INITIALS_IN_PARENS = re.compile(r"\s*\([^()]{0,12}\)")  # "Elena Oberholzer (obe)"
# "A, edited by B", "A (with B and C)": more names, not a role.
MORE_NAMES = re.compile(
    r"\s+(?:edited|photos?|photographs?|illustrations?|(?:additional\s+)?reporting|video)\s+by\s+"
    r"|\s*\(\s*(?:with|avec|mit|con)\s+([^()]*)\)",
    re.I,
)
# "A and B", "A & B", "A und B", "A og B", "A et B", "A y B": several authors, as a list.
AND = re.compile(r"\s+(?:and|&|und|og|och|et|y|i|en)\s+", re.I)
PARTS = re.compile(r"\s*(?:[,;|·•]|\s[/-–—]\s)\s*")
# A part naming a job, not a person: "News & Culture Writer", "Staff reporter".
JOB = re.compile(
    r"\b(?:writer|reporter|editor|correspondent|contributor|columnist|journalist|producer"
    r"|analyst|critic|photographer|staff|intern|director|chief|head|senior|redakteur(?:in)?"
    r"|korrespondent(?:in)?|autor(?:in)?|journaliste|rédact(?:eur|rice)|professor|profesor\w*"
    r"|dozent(?:in)?|periodista|redactor(?:a)?|giornalista|redaktion|agentur(?:en)?|newsroom"
    r"|desk)\b",
    re.I,
)
MAX_NAME_WORDS = 5
# A job title glued to the name where the markup put them in separate elements.
GLUED_TITLE = re.compile(r"(?<=[a-z])(?=[A-Z][\w&\s-]*\b(?:" + JOB.pattern[5:-3] + r")\b)")


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
    """The byline's text; names in separate elements with nothing between them are a list."""
    if element is None:
        return ""
    named = [n.text_content() for n in element.xpath(".//*[@itemprop='name']")]
    if named:
        return ", ".join(named)
    leaves = [e for e in element.iter() if len(e) == 0 and e.text and e.text.strip()]
    loose = "".join(element.itertext()).split()
    if len(leaves) > 1 and loose == " ".join(e.text for e in leaves).split():
        return ", ".join(e.text for e in leaves)
    return element.text_content()


def clean_byline(
    value: str | None, not_names: Sequence[str | None] = (), strict: bool = True
) -> str:
    """Only the names in a byline: "By Jane Doe | May 3, 2024" gives "Jane Doe".

    Several authors come joined with commas. Strict, it keeps people only: not the site's
    or publisher's names (not_names: "Condé Nast", "Example News") nor a bare job title
    ("Staff writer"), which pages name where no one signs.
    """
    value = plain_text(value)
    if not value or re.match(r"^https?://", value, re.I):
        return ""
    value = LEADING_DATE.sub("", EMAIL.sub("", URL_IN_TEXT.sub("", value)))
    value = BYLINE_PREFIX.sub("", GLUED_BY.sub("", value))
    value = GLUED_TITLE.sub(", ", SOCIAL_LABEL.sub("", value))
    value = DATE_IN_TEXT.sub("", value)
    value = MORE_NAMES.sub(lambda more: f", {more.group(1) or ''}", value)
    value = TRAILING_WEEKDAY.sub("", INITIALS_IN_PARENS.sub("", value))
    value = AND.sub(", ", value)
    others = {squash(name) for name in not_names if name and squash(name)}
    names: list[str] = []
    for part in PARTS.split(value):
        part = part.strip(" \t|,;:-–—·•/")
        if strict and not names and _is_the_site(part, others):
            return ""  # the site's own statement ("Example.com, Frankfurt"): no one signs
        if _is_a_name(part, others if strict else set(), strict) and part not in names:
            names.append(part)
    return plain_text(", ".join(names), MAX_BYLINE)


def _is_the_site(part: str, others: set[str]) -> bool:
    squashed = squash(part)
    return any(squashed == o or squashed.removesuffix("com") == o for o in others)


def _is_a_name(part: str, others: set[str], strict: bool) -> bool:
    if not re.search(r"[^\W\d_]", part) or len(part.split()) > MAX_NAME_WORDS:
        return False
    if BYLINE_PREFIX.match(f"{part} "):
        return False  # "By" and nothing after it
    if strict and (part.startswith("@") or re.fullmatch(r"[a-z]{1,4}\.?", part)):
        return False  # a handle, or a journalist's initials ("amw")
    if _is_the_site(part, others):
        return False  # the site or its publisher
    return not (strict and JOB.search(part))
