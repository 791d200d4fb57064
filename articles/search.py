"""Search: the query language, and a query text turned into a filtered, ranked QuerySet.

    search_articles(user, "climate -politics tag:science is:unread") -> Search

The database keeps two tsvectors per article up to date (migration 0002): search_head (title,
byline, site, tags, language and tag markers; small, inline) and search_vector (the whole
article, toasted). User text never reaches a tsquery parser as syntax: each word or phrase goes
through plainto_tsquery/phraseto_tsquery as a parameter, and the prefix of the last word is
letters and digits only. The query is stemmed once per language the user's articles are in,
each stemming tied to its language's marker.

Why it is fast at 100,000 articles (bench/search.py measures it): ranking every match of a
common word means detoasting tens of thousands of large vectors. Instead, relevance ranks a
bounded set of candidates, the most recent matches plus recent title matches (found through the
small head vectors and their own index), so an old article whose title matches still reaches the
first page. Snippets are cut only for the page shown, from a window of the text around the
first match, in the same statement that reads the page.
"""

import difflib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TypedDict

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.cards import day_label, path_for, site_of
from articles.models import ARCHIVED, READ, STARRED, UNREAD, Article
from articles.tagging import find_tags

MAX_QUERY_LENGTH = 1000
MAX_TERMS = 20  # words, phrases and alternatives: bounds the size of the tsquery
PREFIX_MIN_LENGTH = 3  # "p" as a prefix would match half the dictionary
PAGE_SIZE = 20
MAX_PAGES = 50

STATES = ("unread", "read", "starred", "archived")
SORTS = ("relevance", "newest", "oldest")
OPERATORS = ("tag", "is", "site", "author", "lang", "saved", "sort")

# The languages the migration created a configuration for (newsreader_<name>), and "simple".
SEARCH_LANGUAGES = (
    "english", "french", "german", "spanish", "russian", "portuguese", "italian", "dutch",
    "swedish", "danish", "norwegian", "finnish", "hungarian", "romanian", "turkish",
    "indonesian", "irish", "lithuanian", "greek", "arabic", "armenian", "basque", "catalan",
    "hindi", "nepali", "serbian", "tamil", "yiddish", "simple",
)  # fmt: skip

HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"  # private-use: never in headline syntax


# ---------------------------------------------------------------------------------------------
# The query language


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
    items: list[tuple[str, object]] = []
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
            items.append(("term", (Term(match[0].lstrip("-")), negated)))
        elif match["phrase"] is not None:
            phrase = " ".join(match["phrase"].split())
            if phrase:
                items.append(("term", (Term(phrase, phrase=True), negated)))
        elif match["word"] == "OR" and not negated:
            items.append(("or", None))
        else:
            items.append(("term", (Term(match["word"]), negated)))

    groups: list[list[Term]] = []
    joining = False
    for kind, value in items:
        if kind == "or":
            joining = bool(groups) and not joining
            continue
        term, negated = value
        if negated:
            parsed.excluded.append(term)
            joining = False
        elif joining:
            groups[-1].append(term)
            joining = False
        else:
            groups.append([term])

    last_is_word = bool(items) and items[-1][0] == "term" and not text[-1:].isspace()
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
        if state not in STATES:
            parsed.notes.append(
                f"“{raw}” was ignored: is: takes unread, read, starred or archived."
            )
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


# ---------------------------------------------------------------------------------------------
# From parsed query to tsquery


@dataclass
class TextQuery:
    """The tsqueries of one search, as PostgreSQL wrote them (so always valid tsquery text).

    branches: (languages, query) pairs: the query as stemmed for those languages.
    match: what an article's search_vector must satisfy (each branch ANDed with its language
    marker, exclusions applied). exclude: for searches that only exclude.
    """

    branches: list[tuple[tuple[str, ...], str]]
    match: str
    exclude: str


# The languages of the user's articles, read from an index with a skip scan (a few probes,
# however many articles), or "simple" for an empty library.
_LANGUAGES_SQL = """
WITH RECURSIVE langs(lang) AS (
  SELECT min(search_language) FROM articles_article WHERE owner_id = %s
  UNION ALL
  SELECT (SELECT min(search_language) FROM articles_article
          WHERE owner_id = %s AND search_language > langs.lang)
  FROM langs WHERE langs.lang IS NOT NULL
)
SELECT coalesce(min(lang), 'simple') AS lang FROM langs HAVING min(lang) IS NULL
UNION ALL
SELECT lang FROM langs WHERE lang IS NOT NULL
"""


def build_text_query(parsed: ParsedQuery, user) -> TextQuery | None:
    """One round trip: the query stemmed in each language of the user's articles.

    None when the query has no text to search for.
    """
    if not (parsed.has_text or parsed.excluded):
        return None
    positive, positive_params = _positive_sql(parsed)
    negative, negative_params = _any_of_sql(parsed.excluded)
    sql = (
        f"SELECT lang, ({positive})::text, ({negative})::text FROM ({_LANGUAGES_SQL}) l, "
        "LATERAL (SELECT ('newsreader_' || lang)::regconfig AS cfg) c"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*positive_params, *negative_params, user.pk, user.pk])
        rows = cursor.fetchall()

    by_query: dict[tuple[str, str], list[str]] = {}
    for lang, pos, neg in rows:
        by_query.setdefault((pos, neg), []).append(lang)
    # The largest group of languages (usually most of them: stems agree more often than not)
    # is written as "none of the other languages", so the common case needs no marker at all.
    groups = sorted(by_query.items(), key=lambda item: -len(item[1]))
    branches, matches, excludes = [], [], set()
    for n, ((pos, neg), langs) in enumerate(groups):
        if neg:
            excludes.add(neg)
        if not pos:
            continue  # only stop words in these languages: nothing to find in them
        branches.append((tuple(langs), pos))
        if n == 0:
            others = [lang for _, other in groups[1:] for lang in other]
            condition = f"!({_markers(others)}) & " if others else ""
        else:
            condition = f"({_markers(langs)}) & "
        matches.append(f"( {condition}({pos}){f' & !({neg})' if neg else ''} )")
    exclude = " | ".join(f"({neg})" for neg in sorted(excludes))
    if parsed.has_text:
        return TextQuery(branches, " | ".join(matches), exclude)
    return TextQuery([], "", exclude)


def _markers(langs) -> str:
    return " | ".join(f"'lang {lang}'" for lang in langs)


def _term_sql(term: Term) -> tuple[str, list]:
    function = "phraseto_tsquery" if term.phrase else "plainto_tsquery"
    return f"{function}(c.cfg, %s)", [term.text]


def _any_of_sql(terms) -> tuple[str, list]:
    parts, params = [], []
    for term in terms:
        sql, p = _term_sql(term)
        parts.append(sql)
        params += p
    return (" || ".join(parts) or "''::tsquery"), params


def _positive_sql(parsed: ParsedQuery) -> tuple[str, list]:
    parts, params = [], []
    if parsed.words:
        parts.append("plainto_tsquery(c.cfg, %s)")
        params.append(" ".join(parsed.words))
    for phrase in parsed.phrases:
        parts.append("phraseto_tsquery(c.cfg, %s)")
        params.append(phrase)
    for group in parsed.any_of:
        sql, p = _any_of_sql(group)
        parts.append(f"({sql})")
        params += p
    if parsed.prefix:
        # The prefix is letters and digits only (see _PREFIX), quoted: to_tsquery sees no
        # syntax in it, only a word to stem.
        parts.append("to_tsquery(c.cfg, %s)")
        params.append(f"'{parsed.prefix}':*")
    return (" && ".join(parts) or "''::tsquery"), params


# ---------------------------------------------------------------------------------------------
# SQL expressions over the database-only search columns


class SearchColumn(Expression):
    """A database-only search column of the query's articles table, whatever alias it gets."""

    def __init__(self, name: str, output_field=None, alias: str | None = None):
        super().__init__(output_field=output_field or SearchVectorField())
        self.name, self.alias = name, alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return SearchColumn(self.name, self.output_field, query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return SearchColumn(self.name, self.output_field, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        return f"{quote(self.alias)}.{quote(self.name)}", []


def tsquery(text: str) -> RawSQL:
    return RawSQL("%s::tsquery", (text,), output_field=SearchQueryField())


class Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


# ---------------------------------------------------------------------------------------------
# Searching


@dataclass
class Search:
    parsed: ParsedQuery
    text_query: TextQuery | None
    sort: str
    articles: object  # the ordered QuerySet
    matches: object = None  # the same articles, unordered (relevance ranks only some of them)

    @property
    def ranked(self) -> bool:
        return self.sort == "relevance"


def search_articles(user, text, base=None, sort: str = "") -> Search:
    """The user's articles matching `text` (a string or ParsedQuery), filtered and ordered.

    `base` narrows the search (a library view: starred, a tag); it is always re-filtered to the
    user's own articles. `sort` (newest, oldest, relevance) is overridden by sort: in the text.
    """
    parsed = text if isinstance(text, ParsedQuery) else parse_query(text)
    base = Article.objects.all() if base is None else base
    filtered, narrow = _apply_filters(base, parsed, user)
    filtered = filtered.filter(owner=user)
    # Within a small tag, reading the tagged articles' vectors beats building a bitmap of
    # every article with a common word: keep the planner off the big index then.
    match = _match_unindexed if narrow else _match
    text_query = build_text_query(parsed, user)
    sort = parsed.sort or (sort if sort in SORTS else "")
    if text_query is None or not text_query.match:
        sort = "oldest" if sort == "oldest" else "newest"
    elif not sort:
        sort = "relevance"

    articles = filtered
    if text_query is not None:
        vector = SearchColumn("search_vector")
        if parsed.has_text and not text_query.match:
            parsed.notes.append("There is nothing to search for in those words; try others.")
            articles = articles.none()
        elif text_query.match:
            articles = articles.filter(match(vector, text_query.match))
        else:
            articles = articles.exclude(match(vector, text_query.exclude))

    matches = articles
    if sort == "relevance":
        articles = _ranked(filtered, articles, parsed, text_query, match)
    elif sort == "oldest":
        articles = articles.order_by("created_at", "id")
    else:
        articles = articles.order_by("-created_at", "-id")
    return Search(parsed, text_query, sort, articles, matches)


def _match(vector, query: str):
    return Matches(vector, tsquery(query))


def _match_unindexed(vector, query: str):
    # The same test as a function call, which no index can serve.
    return Func(vector, tsquery(query), function="ts_match_vq", output_field=BooleanField())


def _ranked(filtered, matches, parsed: ParsedQuery, text_query: TextQuery, match=_match):
    """Rank a bounded set of candidates: the most recent matches and the best title matches.

    Ranking every match of a common word detoasts tens of thousands of large vectors; the
    candidates are found through the indexes, and only they are ranked.
    """
    if matches.query.is_empty():
        return matches
    head, vector = SearchColumn("search_head"), SearchColumn("search_vector")
    has_phrase = parsed.phrases or any(t.phrase for group in parsed.any_of for t in group)
    if has_phrase:
        # A phrase is checked on each article's whole vector, and the planner cannot know how
        # often two words stand side by side (it assumes they are independent): look for
        # phrase matches among the most recent articles only, newest first, in a walk that
        # stops after PHRASE_WINDOW articles.
        window = (
            filtered.annotate(v=vector)
            .order_by("-created_at", "-id")
            .values("id", "created_at", "v")[:PHRASE_WINDOW]
        )
        window_sql, window_params = window.query.sql_with_params()
        recent_sql = (
            f"SELECT w.id FROM ({window_sql}) w WHERE w.v @@ %s::tsquery "
            "ORDER BY w.created_at DESC, w.id DESC LIMIT %s"
        )
        recent_params = [*window_params, text_query.match, RECENT_PHRASE_CANDIDATES]
    else:
        recent = matches.order_by("-created_at", "-id").values("id")[:RECENT_CANDIDATES]
        recent_sql, recent_params = recent.query.sql_with_params()
    # Title (and tag, author, site) matches through the small head and its own index, newest
    # first: cheap however common the word. The head is part of the full vector, so a head
    # match is a match, unless only the full vector can decide (exclusions, phrases).
    titled = filtered.filter(Matches(head, tsquery(text_query.match)))
    if parsed.excluded or has_phrase:
        titled = titled.filter(match(vector, text_query.match))
    titled = titled.order_by("-created_at", "-id").values("id")[:TITLE_CANDIDATES]
    titled_sql, titled_params = titled.query.sql_with_params()
    candidates = RawSQL(f"({recent_sql}) UNION ({titled_sql})", [*recent_params, *titled_params])
    # Title and tags first (ts_rank on the small head: up to 1.0 for a title match), then how
    # densely the text matches (cover density, normalised by length), then a little recency,
    # which also breaks ties.
    return (
        Article.objects.filter(pk__in=candidates)
        .annotate(rank=Score(text_query))
        .order_by("-rank", "-created_at", "-id")
    )


class Score(Expression):
    """Title and tags first (ts_rank on the small head: up to 1.0 for a title match), then how
    densely the text matches (cover density, normalised by length), then a little recency,
    which also breaks ties. One expression written as SQL: built from Django's expressions
    it costs more to resolve than PostgreSQL takes to rank a hundred candidates."""

    output_field = FloatField()

    def __init__(self, text_query: TextQuery, alias: str | None = None):
        super().__init__()
        self.text_query, self.alias = text_query, alias

    @property
    def identity(self):
        return (Score, id(self.text_query), self.alias)

    def resolve_expression(self, query=None, *args, **kwargs):
        return Score(self.text_query, query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return Score(self.text_query, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        table = connection.ops.quote_name(self.alias)
        own, params = _own_query_sql(self.text_query, f"{table}.search_language")
        sql = (
            f"(ts_rank({table}.search_head, q.q) + ts_rank_cd({table}.search_vector, q.q, 1) * %s"
            f" + %s / (1.0 + EXTRACT(EPOCH FROM (now() - {table}.created_at)) / 86400 / %s))"
        )
        # The article's own query once, for both ranks.
        sql = f"(SELECT {sql} FROM (SELECT {own} AS q) q)"
        return sql, [RANK_TEXT_WEIGHT, RANK_RECENCY_WEIGHT, RANK_RECENCY_DAYS, *params]


# What relevance ranks (see _ranked), and how.
RECENT_CANDIDATES = 60
RECENT_PHRASE_CANDIDATES = 40
PHRASE_WINDOW = 1000  # the newest articles looked through for a phrase
TITLE_CANDIDATES = 40
NARROW_TAG = 1000  # articles: a tag this small is searched article by article
RANK_TEXT_WEIGHT = 1.0
RANK_RECENCY_WEIGHT = 0.1
RANK_RECENCY_DAYS = 365.0


def _apply_filters(articles, parsed: ParsedQuery, user):
    """The filters of the query; also whether a tag narrows the search to a few articles."""
    narrow = False
    for state in parsed.states:
        articles = articles.filter(_STATE_FILTERS[state])
    for state in parsed.excluded_states:
        articles = articles.exclude(_STATE_FILTERS[state])
    if parsed.tags or parsed.excluded_tags:
        articles, narrow = _apply_tags(articles, parsed, user)
    if parsed.sites or parsed.excluded_sites:
        articles = articles.alias(
            reversed_host=Func(Func(F("url"), function="newsreader_url_host"), function="reverse")
        )
    for site in parsed.sites:
        articles = articles.filter(_site_filter(site))
    for site in parsed.excluded_sites:
        articles = articles.exclude(_site_filter(site))
    for author in parsed.authors:
        articles = articles.filter(byline__unaccent__icontains=author)
    for author in parsed.excluded_authors:
        articles = articles.exclude(byline__unaccent__icontains=author)
    for lang in parsed.langs:
        articles = articles.filter(_lang_filter(lang))
    for lang in parsed.excluded_langs:
        articles = articles.exclude(_lang_filter(lang))
    tz = timezone.get_current_timezone()
    if parsed.saved_from:
        articles = articles.filter(created_at__gte=datetime.combine(parsed.saved_from, time(), tz))
    if parsed.saved_until:
        articles = articles.filter(created_at__lt=datetime.combine(parsed.saved_until, time(), tz))
    return articles, narrow


_STATE_FILTERS = {
    "unread": UNREAD,
    "read": READ,
    "starred": STARRED,
    "archived": ARCHIVED,
}


def _apply_tags(articles, parsed: ParsedQuery, user):
    """tag: and -tag:, through the tag markers of the small head vector ('tag 42').

    A filter on the head comes before the text match in the WHERE clause, so an article of
    another tag is skipped without reading its large vector. Also says whether a wanted tag
    has at most NARROW_TAG articles.
    """
    names = [*parsed.tags, *parsed.excluded_tags]
    # Whether a tag has more than NARROW_TAG articles: one probe at that offset, not a count.
    tagged = Article.tags.through.objects.filter(tag=OuterRef("pk"))
    tags = find_tags([user.pk], names).annotate(large=Exists(tagged[NARROW_TAG:]))
    found = {tag.name_lower: tag for tag in tags}
    missing = [name for name in parsed.tags if name.lower() not in found]
    if missing:
        parsed.notes.append(f"You have no tag named “{missing[0]}”.")
        return articles.none(), False
    wanted = [found[name.lower()] for name in parsed.tags]
    unwanted = [found[name.lower()] for name in parsed.excluded_tags if name.lower() in found]
    markers = [f"'tag {tag.pk}'" for tag in wanted] + [f"!'tag {tag.pk}'" for tag in unwanted]
    if not markers:
        return articles, False
    head = SearchColumn("search_head")
    narrow = any(not tag.large for tag in wanted)
    return articles.filter(Matches(head, tsquery(" & ".join(markers)))), narrow


def _site_filter(site: str) -> Q:
    reversed_site = site[::-1]
    condition = Q(reversed_host=reversed_site) | Q(reversed_host__startswith=reversed_site + ".")
    if "." not in site:  # site:nytimes also means the site name
        condition |= Q(site_name__iexact=site)
    return condition


def _lang_filter(lang: str) -> Q:
    lang = lang.lower()
    return (
        Q(language__iexact=lang)
        | Q(language__istartswith=lang + "-")
        | Q(language__istartswith=lang + "_")
    )


# ---------------------------------------------------------------------------------------------
# The page of results: highlighted titles and snippets, for the shown rows only


_HIGHLIGHT = f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}"
TITLE_OPTIONS = f"HighlightAll=true, {_HIGHLIGHT}"
SNIPPET_OPTIONS = f"MaxWords=30, MinWords=15, ShortWord=3, {_HIGHLIGHT}"
SNIPPET_WINDOW = 500  # characters of text handed to ts_headline, around the first match
SNIPPET_LEAD = 100  # of which this many before it
PLAIN_SNIPPET = 280  # characters of text shown when there is nothing to highlight
_LEXEME = re.compile(r"'((?:[^']|'')+)'")


class Result(TypedDict):
    """One row of a page of results, ready to show (a dict: templates read dicts fastest)."""

    id: int
    path: str  # the article's page; its actions sit under it
    button_prefix: str  # names its buttons, as a card's: a12-star
    title_html: str
    snippet_html: str
    site: str  # as the library's cards show it
    saved_on: str  # as shown, in the current time zone
    starred_at: datetime | None  # named as on cards, so the cards' buttons serve results too
    archived_at: datetime | None
    read_at: datetime | None


def results_page(search: Search, offset: int, limit: int) -> list[Result]:
    """Rows offset..offset+limit of the search, with highlighted titles and snippets.

    One statement: the page of ids (the search's own ranked query), then, for those rows
    only, ts_headline on the title and on a window of the text around the first match.
    """
    page = search.articles.values_list("id", flat=True)[offset : offset + limit]
    try:
        page_sql, page_params = page.query.sql_with_params()
    except EmptyResultSet:  # articles.none(): nothing can match
        return []
    text_query = search.text_query
    if text_query is not None and text_query.branches:
        config = _config_sql(text_query)
        query, query_params = _own_query_sql(text_query)
        columns = (
            "ts_headline(x.cfg, a.title, x.q, %s), ts_headline(x.cfg, "
            "newsreader_snippet_window(a.content_text, %s, %s, %s), x.q, %s)"
        )
        lexemes = sorted(
            {lex.replace("''", "'") for _, q in text_query.branches for lex in _LEXEME.findall(q)}
        )
        params = [TITLE_OPTIONS, lexemes, SNIPPET_LEAD, SNIPPET_WINDOW, SNIPPET_OPTIONS]
        lateral = f"CROSS JOIN LATERAL (SELECT {config} AS cfg, {query} AS q) x"
    else:
        columns = (
            "a.title, coalesce(nullif(a.excerpt, ''), "
            "newsreader_snippet_window(a.content_text, '{}', 0, %s))"
        )
        params, query_params, lateral = [PLAIN_SNIPPET], [], ""
    sql = (
        "SELECT a.id, a.title, a.url, a.site_name, a.created_at, a.starred_at, a.archived_at, "
        f"a.read_at, {columns} "
        f"FROM unnest((SELECT array_agg(id) FROM ({page_sql}) page)) WITH ORDINALITY p(id, n) "
        f"JOIN articles_article a ON a.id = p.id {lateral} ORDER BY p.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *page_params, *query_params])
        rows = cursor.fetchall()
    if not rows and offset == 0 and search.ranked:
        # Relevance ranks recent candidates only; a rare phrase may match only older articles.
        newest = search.matches.order_by("-created_at", "-id")
        return results_page(replace(search, sort="newest", articles=newest), 0, limit)
    article_url, now = path_for("article"), timezone.localtime()
    return [
        Result(
            id=pk,
            path=article_url(pk),
            button_prefix=f"a{pk}",
            title_html=highlight_html(marked_title or title or url),
            snippet_html=highlight_html(_with_ellipses(marked_snippet)),
            site=site_of(site_name, url),
            saved_on=day_label(created_at.astimezone(now.tzinfo), now),
            starred_at=starred_at,
            archived_at=archived_at,
            read_at=read_at,
        )
        for (
            pk, title, url, site_name, created_at, starred_at, archived_at, read_at, marked_title,
            marked_snippet,
        ) in rows
    ]  # fmt: skip


_SENTENCE_END = re.compile(r"[.!?…”\"')\]]$")


def _with_ellipses(snippet: str | None) -> str:
    """A snippet cut out of the text says so: … where it starts mid-sentence or stops there."""
    snippet = (snippet or "").strip()
    if not snippet:
        return ""
    plain = snippet.lstrip(HIGHLIGHT_START)
    if plain[:1].islower():
        snippet = f"… {snippet}"
    if not _SENTENCE_END.search(snippet.rstrip(HIGHLIGHT_STOP)):
        snippet = f"{snippet} …"
    return snippet


COUNT_EXACT_UP_TO = 100  # counted exactly when the planner expects few (bench/search.py)
ESTIMATE_TRUSTED_FROM = 1000  # planned rows past which the estimate is shown as it is


def count_matches(search: Search) -> tuple[int, bool]:
    """How many articles match, and whether that is exact. Counting thousands of matches costs
    more than the whole page, so a large number is the planner's estimate (the page says
    "about"); a small one is counted, up to COUNT_EXACT_UP_TO rows."""
    (plan,) = json.loads(search.matches.explain(format="json"))
    estimate = int(plan["Plan"]["Plan Rows"])
    if estimate > ESTIMATE_TRUSTED_FROM:
        return estimate, False
    exact = search.matches[: COUNT_EXACT_UP_TO + 1].count()
    if exact <= COUNT_EXACT_UP_TO:
        return exact, True
    return max(estimate, exact), False


def _config_sql(text_query: TextQuery) -> str:
    """Each row's text search configuration, as constants (a cast from text would look the
    configuration up for every row). Names come from the fixed list, never from user input."""
    langs = sorted({lang for group, _ in text_query.branches for lang in group})
    whens = " ".join(
        f"WHEN '{lang}' THEN 'newsreader_{lang}'::regconfig"
        for lang in langs
        if lang in SEARCH_LANGUAGES and lang != "simple"
    )
    if not whens:
        return "'newsreader_simple'::regconfig"
    return f"CASE a.search_language {whens} ELSE 'newsreader_simple'::regconfig END"


def _own_query_sql(text_query: TextQuery, language: str = "a.search_language") -> tuple[str, list]:
    """Each row's own stemming of the query: its language's branch (the largest one by default)."""
    (_, first), *others = text_query.branches
    whens = " ".join(f"WHEN {language} = ANY(%s) THEN %s::tsquery" for _ in others)
    params = [value for langs, pos in others for value in (list(langs), pos)]
    return f"CASE {whens} ELSE %s::tsquery END" if others else "%s::tsquery", [*params, first]


def highlight_html(marked: str):
    """Escaped text, with the ranges ts_headline marked turned into <mark> (always balanced)."""
    parts = re.split(f"({HIGHLIGHT_START}|{HIGHLIGHT_STOP})", marked or "")
    html, inside = [], False
    for part in parts:
        if part == HIGHLIGHT_START:
            if not inside:
                html.append("<mark>")
            inside = True
        elif part == HIGHLIGHT_STOP:
            if inside:
                html.append("</mark>")
            inside = False
        else:
            html.append(escape(part))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))  # every piece of text above went through escape()
