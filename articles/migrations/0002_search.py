"""Full-text search, kept up to date by the database itself.

Three columns live only in the database (Django never reads or writes them, so list pages
never detoast them and a save() can never write back a stale vector); triggers keep them right:

- search_language: the text search language of the article ("english", ... or "simple").
- search_head: title (weight A), byline, site name and tag names (B), a marker lexeme naming
  the article's language ('lang english') and one per tag ('tag 42'). Small, stored inline:
  cheap to rank, and it answers tag: filters through its own index.
- search_vector: the excerpt (C) and the text (D), then search_head. Large, toasted: used to
  match (GIN), and to rank only a bounded set of candidates.

The marker lets one query serve every language exactly: the query is stemmed once per language
and each stemming is ANDed with that language's marker, so "die hard" stemmed as German (where
"die" is a stop word) can never match an English article that merely says "hard". The parser
never produces a lexeme containing a space, so no user text can forge a marker.

Each language gets its own configuration that passes non-ASCII words through unaccent before
the stemmer (café ~ cafe), which keeps to_tsvector(regconfig, text) IMMUTABLE and avoids the
usual wrapper around unaccent().

The body keeps its own positions (it comes first in search_vector), so a tag change can splice a
new head onto ts_filter(search_vector, '{c,d}') without re-parsing the text.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# ISO 639-1 codes (and a few 639-2 ones) to PostgreSQL's snowball configurations that exist on
# PostgreSQL 14 and later. Anything else is indexed with the language-neutral "simple".
LANGUAGES = {
    "english": ["en", "eng"],
    "french": ["fr", "fra", "fre"],
    "german": ["de", "deu", "ger"],
    "spanish": ["es", "spa"],
    "russian": ["ru", "rus"],
    "portuguese": ["pt", "por"],
    "italian": ["it", "ita"],
    "dutch": ["nl", "nld", "dut"],
    "swedish": ["sv", "swe"],
    "danish": ["da", "dan"],
    "norwegian": ["no", "nb", "nn", "nor", "nob", "nno"],
    "finnish": ["fi", "fin"],
    "hungarian": ["hu", "hun"],
    "romanian": ["ro", "ron", "rum"],
    "turkish": ["tr", "tur"],
    "indonesian": ["id", "ind"],
    "irish": ["ga", "gle"],
    "lithuanian": ["lt", "lit"],
    "greek": ["el", "ell", "gre"],
    "arabic": ["ar", "ara"],
    "armenian": ["hy", "hye", "arm"],
    "basque": ["eu", "eus", "baq"],
    "catalan": ["ca", "cat"],
    "hindi": ["hi", "hin"],
    "nepali": ["ne", "nep"],
    "serbian": ["sr", "srp"],
    "tamil": ["ta", "tam"],
    "yiddish": ["yi", "yid"],
}


def _configurations_sql() -> str:
    statements = []
    for name in [*LANGUAGES, "simple"]:
        statements.append(
            f"CREATE TEXT SEARCH CONFIGURATION newsreader_{name} (COPY = pg_catalog.{name});\n"
            f"ALTER TEXT SEARCH CONFIGURATION newsreader_{name}\n"
            f"  ALTER MAPPING FOR word, hword, hword_part WITH unaccent, {name}_stem;"
            if name != "simple"
            else "CREATE TEXT SEARCH CONFIGURATION newsreader_simple (COPY = pg_catalog.simple);\n"
            "ALTER TEXT SEARCH CONFIGURATION newsreader_simple\n"
            "  ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple;"
        )
    return "\n".join(statements)


def _language_functions_sql() -> str:
    # Single CASE expressions, so that PostgreSQL inlines them into queries: a call that is not
    # inlined costs tens of microseconds per row, which ranking a few hundred rows would feel.
    # "fr-CA", "pt_BR", "EN" all reduce to their primary subtag.
    code = "lower(split_part(split_part(btrim(coalesce(language, '')), '-', 1), '_', 1))"
    pairs = [(code_, name) for name, codes in LANGUAGES.items() for code_ in codes]
    names = "\n".join(f"    WHEN '{c}' THEN '{name}'" for c, name in pairs)
    configs = "\n".join(f"    WHEN '{c}' THEN 'newsreader_{name}'::regconfig" for c, name in pairs)
    return f"""
CREATE FUNCTION newsreader_search_language(language text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE {code}
{names}
    ELSE 'simple'
  END
$$;

CREATE FUNCTION newsreader_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE {code}
{configs}
    ELSE 'newsreader_simple'::regconfig
  END
$$;
"""


FUNCTIONS = """
ALTER TABLE articles_article ADD COLUMN search_head tsvector, ADD COLUMN search_vector tsvector,
  ADD COLUMN search_language text;

-- The host of a URL, lower-cased, for site: (an index on its reverse answers "this domain or
-- any of its subdomains" with a prefix scan).
CREATE FUNCTION newsreader_url_host(url text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT rtrim(lower(
    substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)')
  ), '.')
$$;

-- The head also carries one marker per tag ('tag 42'): tag: filters then read the small head,
-- through its index, instead of joining the tags table.
CREATE FUNCTION newsreader_search_head(
  article_id bigint, language text, title text, byline text, site_name text
) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(newsreader_search_config(language), coalesce(title, '')), 'A')
      || setweight(to_tsvector(newsreader_search_config(language),
                               concat_ws(' ', byline, site_name, tags.names)), 'B')
      || array_to_tsvector(ARRAY['lang ' || newsreader_search_language(language)] || tags.markers)
  FROM (
    SELECT string_agg(t.name, ' ' ORDER BY t.name) AS names,
           coalesce(array_agg('tag ' || t.id), '{}') AS markers
    FROM articles_article_tags at JOIN articles_tag t ON t.id = at.tag_id
    WHERE at.article_id = $1
  ) tags
$$;

-- The text is capped so that no article can exceed tsvector's 1 MB limit (200,000 characters is
-- about 30,000 words; later words are not searchable).
CREATE FUNCTION newsreader_search_body(language text, excerpt text, content_text text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(newsreader_search_config(language),
                               left(coalesce(excerpt, ''), 5000)), 'C')
      || setweight(to_tsvector(newsreader_search_config(language),
                               left(coalesce(content_text, ''), 200000)), 'D')
$$;

-- The part of the text around the first place one of these lexemes appears (the start of the
-- text if none does): snippets are cut from it, so that ts_headline parses a few hundred
-- characters instead of the whole article. Lexemes are lower-case and unaccented: the text as
-- it is is tried first (fast), then lower-cased, then unaccented. The text is read (detoasted)
-- once, into a variable.
CREATE FUNCTION newsreader_snippet_window(
  content text, lexemes text[], lead integer, size integer
) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  body text := left(content, 50000);
  haystack text := body;
  attempt integer;
  lexeme text;
  best integer;
BEGIN
  FOR attempt IN 1..3 LOOP
    IF attempt = 2 THEN
      haystack := lower(left(body, 10000));
    ELSIF attempt = 3 THEN
      haystack := unaccent(haystack);
    END IF;
    best := NULL;
    FOREACH lexeme IN ARRAY lexemes LOOP
      best := least(best, nullif(strpos(haystack, lexeme), 0));
    END LOOP;
    EXIT WHEN best IS NOT NULL;
  END LOOP;
  RETURN substr(body, greatest(coalesce(best, 1) - lead, 1), size);
END
$$;

CREATE FUNCTION newsreader_article_search_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_language := newsreader_search_language(NEW.language);
  NEW.search_head := newsreader_search_head(
    NEW.id, NEW.language, NEW.title, NEW.byline, NEW.site_name);
  NEW.search_vector := newsreader_search_body(NEW.language, NEW.excerpt, NEW.content_text)
                       || NEW.search_head;
  RETURN NEW;
END
$$;

-- Tags changed: rebuild the heads and splice them onto the body's stored lexemes.
CREATE FUNCTION newsreader_refresh_search_heads(article_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE articles_article a
  SET search_head = h.head,
      search_vector = ts_filter(coalesce(a.search_vector, ''), '{c,d}') || h.head
  FROM (
    SELECT id, newsreader_search_head(id, language, title, byline, site_name) AS head
    FROM articles_article WHERE id = ANY(article_ids)
  ) h
  WHERE a.id = h.id
$$;

CREATE FUNCTION newsreader_article_tags_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsreader_refresh_search_heads(ARRAY(SELECT DISTINCT article_id FROM changed));
  RETURN NULL;
END
$$;

CREATE FUNCTION newsreader_tag_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsreader_refresh_search_heads(
    ARRAY(SELECT article_id FROM articles_article_tags WHERE tag_id = NEW.id));
  RETURN NULL;
END
$$;

CREATE TRIGGER article_search_insert BEFORE INSERT ON articles_article
  FOR EACH ROW EXECUTE FUNCTION newsreader_article_search_update();
-- Only when searchable text changes: starring or reading progress must not re-parse the body.
CREATE TRIGGER article_search_update BEFORE UPDATE ON articles_article
  FOR EACH ROW WHEN (
    OLD.title IS DISTINCT FROM NEW.title OR OLD.byline IS DISTINCT FROM NEW.byline
    OR OLD.site_name IS DISTINCT FROM NEW.site_name OR OLD.language IS DISTINCT FROM NEW.language
    OR OLD.excerpt IS DISTINCT FROM NEW.excerpt
    OR OLD.content_text IS DISTINCT FROM NEW.content_text
    OR NEW.search_vector IS NULL
  ) EXECUTE FUNCTION newsreader_article_search_update();
CREATE TRIGGER article_tags_search_insert AFTER INSERT ON articles_article_tags
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_article_tags_changed();
CREATE TRIGGER article_tags_search_delete AFTER DELETE ON articles_article_tags
  REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_article_tags_changed();
CREATE TRIGGER tag_search_rename AFTER UPDATE OF name ON articles_tag
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION newsreader_tag_renamed();

-- Existing articles (the table is empty on a new installation). Django's foreign keys are
-- deferred: run their checks now, or the index builds below refuse to start ("pending trigger
-- events") on a database that already holds articles.
SET CONSTRAINTS ALL IMMEDIATE;
UPDATE articles_article a
SET search_language = newsreader_search_language(language),
    search_head = newsreader_search_head(id, language, title, byline, site_name);
UPDATE articles_article SET search_vector = newsreader_search_body(language, excerpt, content_text)
                                            || search_head;

-- fastupdate off: a pending list would be scanned linearly by every search; saving an article
-- pays instead (a few milliseconds), which a read-it-later app can afford.
CREATE INDEX article_search_idx ON articles_article USING gin (search_vector)
  WITH (fastupdate = off);
CREATE INDEX article_search_head_idx ON articles_article USING gin (search_head)
  WITH (fastupdate = off);
CREATE INDEX article_site_idx ON articles_article
  (owner_id, reverse(newsreader_url_host(url)) text_pattern_ops);
-- The languages a user's articles are in, read with a skip scan: a query is stemmed only in
-- those.
CREATE INDEX article_search_language_idx ON articles_article (owner_id, search_language);
"""

REVERSE = """
DROP INDEX IF EXISTS article_search_language_idx;
DROP INDEX IF EXISTS article_site_idx;
DROP FUNCTION IF EXISTS newsreader_snippet_window(text, text[], integer, integer);
DROP TRIGGER IF EXISTS tag_search_rename ON articles_tag;
DROP TRIGGER IF EXISTS article_tags_search_delete ON articles_article_tags;
DROP TRIGGER IF EXISTS article_tags_search_insert ON articles_article_tags;
DROP TRIGGER IF EXISTS article_search_update ON articles_article;
DROP TRIGGER IF EXISTS article_search_insert ON articles_article;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector, DROP COLUMN IF EXISTS search_head,
  DROP COLUMN IF EXISTS search_language;
DROP FUNCTION IF EXISTS newsreader_tag_renamed();
DROP FUNCTION IF EXISTS newsreader_article_tags_changed();
DROP FUNCTION IF EXISTS newsreader_refresh_search_heads(bigint[]);
DROP FUNCTION IF EXISTS newsreader_article_search_update();
DROP FUNCTION IF EXISTS newsreader_search_body(text, text, text);
DROP FUNCTION IF EXISTS newsreader_search_head(bigint, text, text, text, text);
DROP FUNCTION IF EXISTS newsreader_url_host(text);
DROP FUNCTION IF EXISTS newsreader_search_config(text);
DROP FUNCTION IF EXISTS newsreader_search_language(text);
""" + "\n".join(
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS newsreader_{name};"
    for name in [*LANGUAGES, "simple"]
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(
            _configurations_sql() + _language_functions_sql() + FUNCTIONS, reverse_sql=REVERSE
        ),
    ]
