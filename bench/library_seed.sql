-- 100,000 articles for one reader (or bench.articles) plus other users' noise, set-based (no row-by-row inserts).
-- Shapes follow a long-time user: most articles archived, a quarter unread, a few starred,
-- zero to three tags each, bodies of a few kilobytes.
-- wallabag's hashes of the links (PostgreSQL has no SHA-1): bench/library.py fills this first;
-- left empty (the tests), the articles are hashed at the first `exists?hashed_url=`.
CREATE TEMP TABLE IF NOT EXISTS seed_link_hash (n integer PRIMARY KEY, hash text);

INSERT INTO auth_user (username, password, is_superuser, first_name, last_name, email, is_staff,
                       is_active, date_joined)
SELECT name, '!', false, '', '', '', false, true, now()
FROM unnest(ARRAY['reader', 'noise1', 'noise2', 'noise3']) AS name;

INSERT INTO articles_tag (owner_id, name, slug, created_at)
SELECT u.id, 'topic ' || n, 'topic-' || n, now()
FROM auth_user u, generate_series(1, 40) AS n;

INSERT INTO articles_article (
    owner_id, given_url, url, normalized_url, title, byline, site_name, excerpt, language,
    published_at, lead_image_url, content_html, content_text, word_count, reading_minutes, status,
    failure_reason, fetched_at, starred_at, archived_at, read_at, reading_progress, created_at,
    updated_at, is_teaser, hashed_url, hashed_given_url)
SELECT
    u.id,
    'https://site' || (i % 700) || '.example/post/' || i,
    'https://site' || (i % 700) || '.example/post/' || i,
    'https://site' || (i % 700) || '.example/post/' || i,
    'A considered essay on subject ' || i || ' and what it teaches us about reading',
    CASE WHEN i % 3 = 0 THEN '' ELSE 'Writer ' || (i % 311) END,
    'Site ' || (i % 700),
    repeat('An excerpt that sets out the argument of the piece in a sentence or two. ', 3),
    'en',
    ts - interval '2 days',
    CASE WHEN i % 4 = 0 THEN '' ELSE 'https://site' || (i % 700) || '.example/img/' || i || '.jpg' END,
    '<h2>Section</h2>' || repeat('<p>' || repeat('Body text of a saved article, long enough to read. ', 12) || '</p>', 8),
    repeat('Body text of a saved article, long enough to read. ', 96),
    words,
    greatest(1, words / 230),
    CASE WHEN i % 97 = 0 THEN 'failed' WHEN i % 89 = 0 THEN 'pending' ELSE 'ready' END,
    CASE WHEN i % 97 = 0 THEN 'The page could not be reached.' ELSE '' END,
    ts,
    CASE WHEN i % 33 = 0 THEN ts + interval '1 hour' END,
    CASE WHEN i % 10 < 7 THEN ts + interval '1 day' END,
    CASE WHEN i % 10 < 7 OR i % 20 = 7 THEN ts + interval '1 day' END,
    CASE WHEN i % 10 < 7 THEN 1.0 WHEN i % 10 = 8 THEN 0.4 ELSE 0.0 END,
    ts,
    ts,
    false,
    h.hash,
    h.hash
FROM (
    SELECT u.id, n AS i FROM auth_user u
    -- bench.articles: the tests seed a few dozen to check this file still fits the schema.
    CROSS JOIN (SELECT coalesce(nullif(current_setting('bench.articles', true), ''), '100000')::int AS wanted) articles
    CROSS JOIN LATERAL generate_series(
        1, CASE WHEN u.username = 'reader' THEN articles.wanted ELSE articles.wanted / 5 END
    ) AS n
) AS src
JOIN auth_user u ON u.id = src.id
LEFT JOIN seed_link_hash h ON h.n = src.i
CROSS JOIN LATERAL (
    SELECT now() - (i * interval '5 minutes') - (random() * interval '4 minutes') AS ts,
           100 + ((i * 7919) % 9000) AS words
) AS v;

-- Zero to three distinct tags per article, from its owner's tags.
INSERT INTO articles_article_tags (article_id, tag_id)
SELECT DISTINCT a.id, t.id
FROM articles_article a
CROSS JOIN LATERAL generate_series(1, a.id % 4) AS k
JOIN articles_tag t ON t.owner_id = a.owner_id AND t.slug = 'topic-' || (1 + (a.id * k * 13) % 40);

INSERT INTO articles_readingpreferences (user_id, font, font_size, line_width, line_height, theme,
                                         archive_when_finished)
SELECT id, 'serif', 19, 68, 1.6, 'system', false FROM auth_user;
