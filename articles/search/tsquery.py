"""From a parsed query to PostgreSQL tsqueries, and the SQL expressions that match them.

User text never reaches a tsquery parser as syntax: each word or phrase goes through
plainto_tsquery/phraseto_tsquery as a parameter, and the prefix of the last word is letters and
digits only. The query is stemmed once per language the user's articles are in, each stemming
tied to its language's marker in the article's vectors.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Expression, Func
from django.db.models.expressions import RawSQL
from django.utils.hashable import make_hashable

from articles.search.language import ParsedQuery, Term

# The languages the migration created a configuration for (newsreader_<name>), and "simple".
SEARCH_LANGUAGES = (
    "english", "french", "german", "spanish", "russian", "portuguese", "italian", "dutch",
    "swedish", "danish", "norwegian", "finnish", "hungarian", "romanian", "turkish",
    "indonesian", "irish", "lithuanian", "greek", "arabic", "armenian", "basque", "catalan",
    "hindi", "nepali", "serbian", "tamil", "yiddish", "simple",
)  # fmt: skip


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


class RowSQL(Expression):
    """SQL over the article's own columns, with `{t}` for its table, whatever alias the query
    gives it: the search columns exist only in the database, and ranking and snippets are
    written as SQL (built from Django's expressions, they cost more to resolve than
    PostgreSQL takes to rank a hundred candidates)."""

    def __init__(self, sql: str, params=(), output_field=None, alias: str | None = None):
        super().__init__(output_field=output_field)
        self.sql, self.params, self.alias = sql, list(params), alias

    @property
    def identity(self):
        return (RowSQL, self.sql, make_hashable(self.params), self.alias)

    def resolve_expression(self, query=None, *args, **kwargs):
        alias = query.get_initial_alias()
        return RowSQL(self.sql, self.params, self._output_field_or_none, alias)

    def relabeled_clone(self, change_map):
        alias = change_map.get(self.alias, self.alias)
        return RowSQL(self.sql, self.params, self._output_field_or_none, alias)

    def as_sql(self, compiler, connection):
        return self.sql.format(t=connection.ops.quote_name(self.alias)), self.params


def search_column(name: str) -> RowSQL:
    """search_vector or search_head: the database keeps them, the model does not know them."""
    return RowSQL(f"{{t}}.{name}", output_field=SearchVectorField())


def tsquery(text: str) -> RawSQL:
    return RawSQL("%s::tsquery", (text,), output_field=SearchQueryField())


class Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


def matching(vector, query: str):
    return Matches(vector, tsquery(query))


def matching_unindexed(vector, query: str):
    # The same test as a function call, which no index can serve.
    return Func(vector, tsquery(query), function="ts_match_vq", output_field=BooleanField())


def own_query_sql(text_query: TextQuery) -> tuple[str, list]:
    """Each row's own stemming of the query, for RowSQL: its language's branch (the largest one
    by default)."""
    language = "{t}.search_language"
    (_, first), *others = text_query.branches
    whens = " ".join(f"WHEN {language} = ANY(%s) THEN %s::tsquery" for _ in others)
    params = [value for langs, pos in others for value in (list(langs), pos)]
    return f"CASE {whens} ELSE %s::tsquery END" if others else "%s::tsquery", [*params, first]
