"""The search's query language, as pure Python (no Django): what the user typed, understood.

    parse_query('climate -politics "sea level" tag:science is:unread') -> ParsedQuery

Words, "phrases", a OR b, -exclusions, a prefix for the word still being typed, and operators
(tag:, is:, site:, author:, lang:, saved:, sort:). Never raises: what cannot be understood is
searched as words, or ignored with a note written for the user. The API and feeds parse with it
too; articles.search.tsquery turns the result into PostgreSQL's tsquery.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from articles.states import CONDITIONS

# What the search box takes: even in four-byte characters, %-encoded with a tag scope, it fits
# the request line gunicorn (and a proxy in front) accepts, 8,190 bytes (deploy/gunicorn.conf.py).
MAX_QUERY_LENGTH = 500
MAX_TERMS = 20  # words, phrases and alternatives: bounds the size of the tsquery
PREFIX_MIN_LENGTH = 3  # "p" as a prefix would match half the dictionary

SORTS = ("relevance", "newest", "oldest")
OPERATORS = ("tag", "is", "site", "author", "lang", "saved", "sort")

HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"  # private-use: never in headline syntax


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False


@dataclass
class ParsedQuery:
    """A search as the user typed it, split into what it asks for."""

    text: str = ""
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    any_of: list[tuple[Term, ...]] = field(default_factory=list)  # a OR b
    excluded: list[Term] = field(default_factory=list)  # -word, -"a phrase"
    prefix: str = ""  # the last word, still being typed
    tags: list[str] = field(default_factory=list)
    excluded_tags: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    excluded_states: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    excluded_sites: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    excluded_authors: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    excluded_langs: list[str] = field(default_factory=list)
    saved_from: date | None = None  # inclusive
    saved_until: date | None = None  # exclusive
    sort: str = ""
    notes: list[str] = field(default_factory=list)  # what was ignored or changed, for the user

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases or self.any_of or self.prefix)

    @property
    def has_phrase(self) -> bool:
        return bool(self.phrases) or any(t.phrase for group in self.any_of for t in group)

    @property
    def is_empty(self) -> bool:
        return not (
            self.has_text
            or self.excluded
            or self.tags
            or self.excluded_tags
            or self.states
            or self.excluded_states
            or self.sites
            or self.excluded_sites
            or self.authors
            or self.excluded_authors
            or self.langs
            or self.excluded_langs
            or self.saved_from
            or self.saved_until
        )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
_TOKEN = re.compile(
    r"""
    (?P<neg>-(?=\S))?
    (?:
        (?P<op>[A-Za-z]+):(?:"(?P<quoted>[^"]*)"?|(?P<value>[^\s"]*))
      | "(?P<phrase>[^"]*)"?
      | (?P<word>[^\s"]+)
    )
    """,
    re.VERBOSE,
)
# Only a plain word is matched as a prefix ("http://goo" or "john@x.c" are searched as typed).
_PREFIX = re.compile(rf"[^\W_]{{{PREFIX_MIN_LENGTH},}}")
_SAVED = re.compile(
    r"^(?P<cmp>[<>]=?|=)?(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$"
)


def parse_query(text: str) -> ParsedQuery:
    """Split query text into words, phrases, alternatives, exclusions and filters.

    Never raises: whatever cannot be understood is searched as words, or ignored with a note.
    """
    text = text or ""
    parsed = ParsedQuery()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        parsed.notes.append(
            f"Your search was shortened to its first {MAX_QUERY_LENGTH:,} characters."
        )
    text = _CONTROL.sub(" ", text)
    parsed.text = text.strip()

    # First pass: items in order, so that OR can join its neighbours.
    items: list[tuple[Term, bool] | None] = []  # None: OR
    for match in _TOKEN.finditer(text):
        negated = bool(match["neg"])
        op = (match["op"] or "").lower()
        value = match["quoted"] if match["quoted"] is not None else match["value"]
        if match["op"] and op in OPERATORS:
            _apply_operator(parsed, op, value.strip(), negated, match[0])
        elif match["op"] and value and (meant := _meant_operator(op)):
            parsed.notes.append(
                f"Unknown filter {op}:, did you mean {meant}:? “{match[0]}” was left out."
            )
        elif match["op"]:  # http://example.com, Something::Namespaced: just words
            items.append((Term(match[0].lstrip("-")), negated))
        elif match["phrase"] is not None:
            phrase = " ".join(match["phrase"].split())
            if phrase:
                items.append((Term(phrase, phrase=True), negated))
        elif match["word"] == "OR" and not negated:
            items.append(None)
        else:
            items.append((Term(match["word"]), negated))

    groups: list[list[Term]] = []
    joining = False
    for item in items:
        if item is None:
            joining = bool(groups) and not joining
            continue
        term, negated = item
        if negated:
            parsed.excluded.append(term)
            joining = False
        elif joining:
            groups[-1].append(term)
            joining = False
        else:
            groups.append([term])

    last_is_word = bool(items) and items[-1] is not None and not text[-1:].isspace()
    count = 0
    for i, group in enumerate(groups):
        count += len(group)
        if count > MAX_TERMS:
            parsed.notes.append(f"Only the first {MAX_TERMS} words and phrases are searched.")
            break
        if len(group) > 1:
            parsed.any_of.append(tuple(group))
        elif group[0].phrase:
            parsed.phrases.append(group[0].text)
        elif i == len(groups) - 1 and last_is_word and _PREFIX.fullmatch(group[0].text):
            parsed.prefix = group[0].text
        else:
            parsed.words.append(group[0].text)
    del parsed.excluded[MAX_TERMS:]
    return parsed


def _apply_operator(parsed: ParsedQuery, op: str, value: str, negated: bool, raw: str) -> None:
    if not value:
        parsed.notes.append(f"“{op}:” needs a value, e.g. {_EXAMPLES[op]}; it was ignored.")
        return
    if op == "is":
        state = value.lower()
        if state not in CONDITIONS:
            *others, last = CONDITIONS
            parsed.notes.append(f"“{raw}” was ignored: is: takes {', '.join(others)} or {last}.")
            return
        (parsed.excluded_states if negated else parsed.states).append(state)
    elif op == "sort":
        if value.lower() not in SORTS:
            parsed.notes.append(f"“{raw}” was ignored: sort: takes newest, oldest or relevance.")
            return
        parsed.sort = value.lower()
    elif op == "saved":
        bounds = _saved_bounds(value)
        if bounds is None:
            parsed.notes.append(
                f"“{raw}” was ignored: saved: takes a date such as saved:>2026-01-31, "
                "saved:<2026-01 or saved:2025."
            )
            return
        start, end = bounds
        if start and (parsed.saved_from is None or start > parsed.saved_from):
            parsed.saved_from = start
        if end and (parsed.saved_until is None or end < parsed.saved_until):
            parsed.saved_until = end
    else:
        target = {
            "tag": (parsed.tags, parsed.excluded_tags),
            "site": (parsed.sites, parsed.excluded_sites),
            "author": (parsed.authors, parsed.excluded_authors),
            "lang": (parsed.langs, parsed.excluded_langs),
        }[op][1 if negated else 0]
        if len(target) < MAX_TERMS:
            target.append(value.lower().removeprefix("www.") if op == "site" else value)


# Filters people try from other tools, and what they are called here.
_OPERATOR_NAMES = {
    "published": "saved", "date": "saved", "added": "saved", "created": "saved",
    "before": "saved", "after": "saved", "label": "tag", "tags": "tag", "in": "is",
    "status": "is", "state": "is", "has": "is", "domain": "site", "host": "site", "url": "site",
    "from": "site", "by": "author", "byline": "author", "language": "lang", "order": "sort",
}  # fmt: skip


def _meant_operator(op: str) -> str:
    """The filter a word followed by a colon probably meant (a synonym or a typo), or ""
    (then it is a word: "re:", "http://...")."""
    if op in _OPERATOR_NAMES:
        return _OPERATOR_NAMES[op]
    close = difflib.get_close_matches(op, OPERATORS, n=1, cutoff=0.7)
    return close[0] if close else ""


_EXAMPLES = {
    "tag": "tag:science",
    "is": "is:unread",
    "site": "site:example.com",
    "author": 'author:"Jane Doe"',
    "lang": "lang:fr",
    "saved": "saved:>2026-01-31",
    "sort": "sort:newest",
}


def _saved_bounds(value: str) -> tuple[date | None, date | None] | None:
    """saved:>2026-01-31 -> (from, until) as [inclusive, exclusive) dates; None if invalid."""
    match = _SAVED.match(value)
    if not match:
        return None
    year, month, day = int(match["year"]), match["month"], match["day"]
    try:
        if day:
            start = date(year, int(month), int(day))
            end = start + timedelta(days=1)
        elif month:
            start = date(year, int(month), 1)
            end = date(year + (start.month == 12), start.month % 12 + 1, 1)
        else:
            start, end = date(year, 1, 1), date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        return None
    return {
        ">": (end, None),
        ">=": (start, None),
        "<": (None, start),
        "<=": (None, end),
    }.get(match["cmp"] or "=", (start, end))
