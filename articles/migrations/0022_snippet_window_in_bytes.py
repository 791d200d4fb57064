"""Search snippets cut at the same place for less, in bytes.

Most of what newsreader_snippet_window (0020) still did per result was counting characters: of
UTF-8 text, left(content, 50000) counts every character of the text (about 55 us an article of
the search bench), strpos() counts them up to the match and substr() again up to the window.
Now a text of at most 50,000 bytes is taken whole (it has at most 50,000 characters), the first
attempt looks for the lexemes in the text's UTF-8 bytes (convert_to, not textsend, which gives
the session's client encoding) and cuts the window out of them: the `lead` characters before
the match from at most 4 * lead bytes before it, the rest from at most 4 * (size + 1) bytes
after it, both started and ended on whole characters. A match that does not start a word
there (inside a word, after a non-ASCII character), the later attempts (lower case, without
accents, a shorter stem) and texts past 50,000 bytes go on in characters as before. A search
without words (the opening of the text) skips the attempts.

The window is the same, character for character: compared with 0020's on 32,000 random article
and lexeme pairs of the search bench (1-3 lexemes from the article's own text, others with
accents, Cyrillic and punctuation, every text past 45,000 bytes; lead 100 and 0), on the 3,900
rows and lexemes of the bench's result pages, and on 102,600 made-up texts of 1- to 4-byte
characters around a match (three window sizes). 148 -> 75 us per article whose first attempt
finds the match, 195 -> 109 us on average over the result pages' rows (bench_search).
"""

from importlib import import_module

from django.db import migrations

WINDOW = r"""CREATE OR REPLACE FUNCTION newsreader_snippet_window(
  content text, lexemes text[], lead integer, size integer
) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  -- A text of at most 50,000 bytes has at most 50,000 characters: left() would count them all.
  short boolean := octet_length(content) <= 50000;
  body text := CASE WHEN short THEN content ELSE left(content, 50000) END;
  haystack text := body;
  bytes bytea;
  attempt integer;
  first_attempt integer := 1;
  lexeme text;
  best integer;
  first integer;
  before integer;
  start integer;
  stop integer;
  lead_text text;
  piece text;
  more boolean;
  started boolean;
BEGIN
  IF cardinality(lexemes) IS DISTINCT FROM 0 AND short THEN
    -- The first attempt in bytes: strpos would count the characters up to each match. A match
    -- at the start of a word ends it; anything else (a match inside a word, after a non-ASCII
    -- character) is left to the attempts in characters below.
    bytes := convert_to(body, 'UTF8');
    first_attempt := 2;
    FOREACH lexeme IN ARRAY lexemes LOOP
      first := position(convert_to(lexeme, 'UTF8') IN bytes);
      CONTINUE WHEN first = 0 OR first >= best;
      IF left(lexeme, 1) ~ '^[[:alnum:]_]$' THEN
        before := CASE WHEN first = 1 THEN 32 ELSE get_byte(bytes, first - 2) END;
        IF before < 128 AND chr(before) ~ '^[^[:alnum:]_]$' THEN
          best := first;
          CONTINUE;
        END IF;
      END IF;
      best := NULL;
      first_attempt := 1;
      EXIT;
    END LOOP;
    IF best IS NOT NULL THEN
      -- `lead` characters before the match (at most 4 bytes each, from a character's start),
      -- then enough bytes for the rest of the window and one character more.
      start := greatest(best - 4 * lead, 1);
      WHILE start < best AND get_byte(bytes, start - 1) BETWEEN 128 AND 191 LOOP
        start := start + 1;
      END LOOP;
      lead_text := convert_from(substring(bytes FROM start FOR best - start), 'UTF8');
      started := start > 1 OR length(lead_text) > lead;
      stop := least(best + 4 * (size + 1), octet_length(bytes) + 1);
      WHILE stop <= octet_length(bytes) AND get_byte(bytes, stop - 1) BETWEEN 128 AND 191 LOOP
        stop := stop - 1;
      END LOOP;
      piece := right(lead_text, lead)
               || convert_from(substring(bytes FROM best FOR stop - best), 'UTF8');
      piece := left(piece, size + 1);
      more := length(piece) > size;
    END IF;
  END IF;
  IF piece IS NULL THEN
    FOR attempt IN first_attempt..4 LOOP
      EXIT WHEN cardinality(lexemes) IS NOT DISTINCT FROM 0;
      IF attempt = 2 THEN
        -- (left() counts characters: 10,000 bytes are 10,000 characters at most)
        haystack := lower(CASE WHEN octet_length(body) <= 10000 THEN body
                               ELSE left(body, 10000) END);
      ELSIF attempt = 3 THEN
        -- unaccent changes no ASCII character: on ASCII text this attempt is the last one again.
        CONTINUE WHEN octet_length(haystack) = length(haystack);
        haystack := unaccent(haystack);
      END IF;
      best := NULL;
      FOREACH lexeme IN ARRAY lexemes LOOP
        IF attempt = 4 THEN  -- the stem may end differently in the text: polici, policy
          CONTINUE WHEN length(lexeme) < 5;
          lexeme := left(lexeme, -1);
        END IF;
        -- A match at the start of a word is a literal match first: strpos finds where to start
        -- looking, or that there is nothing to find (or nothing before the best match so far).
        first := strpos(haystack, lexeme);
        CONTINUE WHEN first = 0 OR first >= best;
        -- Usually that first match starts a word, and the regular expression is not needed.
        IF NOT (left(lexeme, 1) ~ '^[[:alnum:]_]$'
                AND (first = 1 OR substr(haystack, first - 1, 1) ~ '^[^[:alnum:]_]$')) THEN
          -- At the start of a word only, the lexeme's own characters taken literally.
          lexeme := regexp_replace(lexeme, '([^[:alnum:]_])', '\\\1', 'g');
          first := regexp_instr(haystack, '\m' || lexeme, first);
        END IF;
        best := least(best, nullif(first, 0));
      END LOOP;
      EXIT WHEN best IS NOT NULL;
    END LOOP;
    best := greatest(coalesce(best, 1) - lead, 1);
    started := best > 1;
    piece := substr(body, best, size + 1);
    -- Past the 50,000 characters read, the text itself says whether more follows.
    more := length(piece) > size OR (best + size > 50000 AND best + size <= length(content));
  END IF;
  -- `piece` holds one character more than the window: whether text follows it.
  piece := left(piece, size);
  IF started THEN  -- begin at the next whole word, saying that text comes before
    piece := '… ' || regexp_replace(piece, '^\S*\s+', '');
  END IF;
  IF more THEN  -- end after the last whole word, and say so (from the reversed window)
    piece := reverse(regexp_replace(reverse(piece), '^\S*\s+', '')) || ' …';
  END IF;
  RETURN piece;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_search_indexes_small_pending_list")]

    operations = [
        migrations.RunSQL(
            WINDOW,
            reverse_sql=import_module("articles.migrations.0020_snippet_window_fewer_scans").WINDOW,
        )
    ]
