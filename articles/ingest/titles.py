"""The article's title: as the page states it, then without the site's name around it.

"Article – Site", "Site | Article", "Article - Author - Medium" lose the site (and author),
recognised by name; real colons and dashes inside a title stay ("Spider-Man: A Look Back").
"""

import re
from urllib.parse import urlsplit

from articles.ingest.clean import plain_text

MAX_TITLE = 500  # Article.title's max_length
# Separators between a title and the site's name: "Title | Site", "Site – Title" ...
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»«/\\>]|::)\s+")
IDENTIFIER = re.compile(r"[\w.-]*\d[\w.-]*")


def stated_title(root, meta: dict, ld: dict) -> str:
    """The title as the page states it, site name and all: metadata first, then <title>.

    Where another source states the same title without a trailing " | Section", that one.
    """
    stated = [
        plain_text(value)
        for value in (
            ld.get("title"),
            meta.get("dc:title"),
            meta.get("dcterm:title"),
            meta.get("og:title"),
            meta.get("title"),
            meta.get("twitter:title"),
            meta.get("parsely-title"),
            root.findtext(".//title"),
        )  # fmt: skip
        if _is_a_title(plain_text(value))
    ]
    if not stated:
        return ""
    shorter = (s for s in stated[1:] if _decorates(stated[0], s))
    return next(shorter, stated[0])


def _is_a_title(text: str) -> bool:
    # "d-161500790": a CMS's identifier standing in for the headline.
    return bool(text) and not IDENTIFIER.fullmatch(text)


def _decorates(title: str, shorter: str) -> bool:
    """Whether title is shorter with segments added after a separator ("Title | Sport")."""
    rest = title.removeprefix(shorter)
    return bool(shorter) and rest != title and bool(TITLE_SEPARATOR.match(rest))


def page_title(root, meta: dict, ld: dict, names: list[str]) -> str:
    """The article's title, without the site's (or the author's) name around it."""
    stated = stated_title(root, meta, ld)
    title = strip_site_name(stated, names)
    if title != stated:
        title = drop_section_names(title)
    elif title == plain_text(root.findtext(".//title")):
        title = guess_title_without_site(title, root)
    return plain_text(title, MAX_TITLE)


def host_label(url: str) -> str:
    """The name part of a host: "bbc" for www.bbc.co.uk, "example" for news.example.org."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "net", "gov", "ac", "edu", "ne"):
        labels = labels[:-1]
    return labels[-2] if len(labels) >= 2 else ""


def squash(text: str) -> str:
    return re.sub(r"\W+|^the\b", "", text.casefold().removeprefix("the "))


def strip_site_name(title: str, site_names: list[str]) -> str:
    """Drop a leading or trailing segment that names the site: "Title | Site" -> "Title"."""
    names = {squash(n) for n in site_names if n and squash(n)}
    if not names:
        return title
    while True:
        parts = TITLE_SEPARATOR.split(title)
        separators = TITLE_SEPARATOR.findall(title)
        if len(parts) < 2:
            return title
        if _names_site(parts[-1], names):
            title = title[: title.rfind(separators[-1])]
        elif _names_site(parts[0], names):
            title = title[title.find(separators[0]) + len(separators[0]) :]
        else:
            return title


def _names_site(segment: str, names: set[str]) -> bool:
    """Whether a title segment is the site's name ("NYTimes", "nytimes.com", "NYT News")."""
    short = len(segment.split()) <= 4  # a site's name, not a sentence that starts like one
    segment = squash(segment)
    return bool(segment) and any(
        segment == n
        or segment.removesuffix("com") == n
        or (
            short
            and min(len(segment), len(n)) > 3
            and (n.startswith(segment) or segment.startswith(n) or segment.endswith(n))
        )
        for n in names
    )


def drop_section_names(title: str) -> str:
    """Drop a section named after the title ("Title | Science"), once the site's name is gone."""
    while True:
        head, separator, last = title.rpartition(" | ")
        if not separator or len(last.split()) > 2 or len(head.split()) < 3:
            return title
        title = head


def guess_title_without_site(title: str, root) -> str:
    """The article's part of a <title> whose site part we could not recognise by name.

    A heading that repeats part of the title settles it; otherwise, like Readability, the
    last segment goes ("Article | Section | Site"), or the first when too little is left.
    A colon splits only when a heading confirms it: "Review: A Phone" is a real title.
    """
    headings = [plain_text(h.text_content()) for h in root.iter("h1", "h2")]
    if title in headings:
        return title
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) > 1:
        for size in range(len(parts) - 1, 0, -1):
            for start in range(len(parts) - size + 1):
                segment = title_segment(title, start, start + size)
                if segment in headings:
                    return segment
        candidate = title_segment(title, 0, len(parts) - 1)
        if len(candidate.split()) < 3:
            candidate = title_segment(title, 1, len(parts))
        # Two or three words left are more likely a section name than the article's title.
        return candidate if len(candidate.split()) > 4 or len(parts) > 2 else title
    if ": " in title:
        after = title[title.find(":") + 1 :].strip()
        return after if after in headings else title
    if len(title) > 150 or len(title) < 15:
        h1s = list(root.iter("h1"))
        heading = plain_text(h1s[0].text_content()) if len(h1s) == 1 else ""
        if len(heading.split()) > 4:
            return heading
    return title


def title_segment(title: str, start: int, stop: int) -> str:
    """The text of parts start..stop-1 of a title split on separators, separators kept."""
    spans = [m.span() for m in TITLE_SEPARATOR.finditer(title)]
    begin = spans[start - 1][1] if start > 0 else 0
    end = spans[stop - 1][0] if stop - 1 < len(spans) else len(title)
    return title[begin:end].strip()


def text_similarity(a: str, b: str) -> float:
    """Share of b's text made of words that also appear in a (Readability's measure)."""
    words_a = set(re.split(r"\W+", a.lower())) - {""}
    words_b = [w for w in re.split(r"\W+", b.lower()) if w]
    if not words_a or not words_b:
        return 0.0
    unique_b = " ".join(w for w in words_b if w not in words_a)
    return 1 - len(unique_b) / len(" ".join(words_b))
