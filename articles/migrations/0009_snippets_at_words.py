"""Search snippets that start and end on whole words and find the searched word more often.

The window of text handed to ts_headline was cut at a fixed number of characters around the
first substring match of a lexeme: it began and ended mid-word, a lexeme found inside another
word ("compani" in "accompanied") put the window where the term is not, and a stem whose
spelling differs from the text ("polici" for "policy") was not found at all, so the snippet
showed the article's opening without the term. Now a lexeme matches only at the start of a word,
a last attempt drops its final letter, and the window is trimmed to whole words, with an
ellipsis where it cuts. Snippets of searches without words (tag:, is:) use the same window.
"""

from django.db import migrations

WINDOW = r"""
CREATE OR REPLACE FUNCTION newsreader_snippet_window(
  content text, lexemes text[], lead integer, size integer
) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  body text := left(content, 50000);
  haystack text := body;
  attempt integer;
  lexeme text;
  best integer;
  first integer;
  piece text;
BEGIN
  FOR attempt IN 1..4 LOOP
    IF attempt = 2 THEN
      haystack := lower(left(body, 10000));
    ELSIF attempt = 3 THEN
      haystack := unaccent(haystack);
    END IF;
    best := NULL;
    FOREACH lexeme IN ARRAY lexemes LOOP
      IF attempt = 4 THEN  -- the stem may end differently in the text: polici, policy
        CONTINUE WHEN length(lexeme) < 5;
        lexeme := left(lexeme, -1);
      END IF;
      -- At the start of a word only, the lexeme's own characters taken literally.
      lexeme := regexp_replace(lexeme, '([^[:alnum:]_])', '\\\1', 'g');
      first := regexp_instr(haystack, '\m' || lexeme);
      best := least(best, nullif(first, 0));
    END LOOP;
    EXIT WHEN best IS NOT NULL;
  END LOOP;
  best := greatest(coalesce(best, 1) - lead, 1);
  piece := substr(body, best, size);
  IF best > 1 THEN  -- begin at the next whole word, saying that text comes before
    piece := '… ' || regexp_replace(piece, '^\S*\s+', '');
  END IF;
  IF best + size <= length(content) THEN  -- end after the last whole word, and say so
    piece := regexp_replace(piece, '\s+\S*$', '') || ' …';
  END IF;
  RETURN piece;
END
$$;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION newsreader_snippet_window(
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
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_admin_plural_names")]

    operations = [migrations.RunSQL(WINDOW, reverse_sql=PREVIOUS)]
