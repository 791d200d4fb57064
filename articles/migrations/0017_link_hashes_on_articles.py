"""wallabag's link hashes on the article, computed by the model as it writes the article
(articles.fields.LinkHashField), instead of a table of their own (UrlHash) that the first
`exists?hashed_url=` after an import had to fill: 13 to 25 seconds at 100,000 articles. Its
per-row insert trigger goes with it, which imports no longer pay.

The articles saved so far are hashed here, once: every row is rewritten (its indexes with it),
about a minute per 50,000 articles on a loaded two-core machine."""

import importlib
from itertools import batched

import django.contrib.postgres.indexes
from django.db import migrations, models

import articles.fields

URL_HASH = importlib.import_module("articles.migrations.0013_wallabag_clients")
URL_HASH_INSERTS = importlib.import_module("articles.migrations.0015_lighter_inserts")

# A link changed by a write that did not hash it (raw SQL, an update()): its hashes are no
# longer its own, so they are forgotten, and the next question hashes the link again.
FORGET_STALE_HASHES = """
CREATE FUNCTION newsreader_forget_link_hashes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.hashed_url := NULL;
  NEW.hashed_given_url := NULL;
  RETURN NEW;
END
$$;
CREATE TRIGGER article_link_hashes_stale BEFORE UPDATE ON articles_article
  FOR EACH ROW WHEN (
    (OLD.url IS DISTINCT FROM NEW.url OR OLD.given_url IS DISTINCT FROM NEW.given_url)
    AND OLD.hashed_url IS NOT DISTINCT FROM NEW.hashed_url
    AND OLD.hashed_given_url IS NOT DISTINCT FROM NEW.hashed_given_url
  ) EXECUTE FUNCTION newsreader_forget_link_hashes();
"""
REMOVE_FORGET_STALE_HASHES = """
DROP TRIGGER IF EXISTS article_link_hashes_stale ON articles_article;
DROP FUNCTION IF EXISTS newsreader_forget_link_hashes();
"""


def hash_saved_links(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, url, given_url FROM articles_article ORDER BY id")
        for chunk in batched(cursor.fetchall(), 5000):
            ids, urls, givens = (list(column) for column in zip(*chunk, strict=True))
            pairs = list(zip(urls, givens, strict=True))
            cursor.execute(
                "UPDATE articles_article a SET hashed_url = v.hashed_url,"
                " hashed_given_url = v.hashed_given_url"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[])"
                " AS v(id, hashed_url, hashed_given_url) WHERE a.id = v.id",
                [ids, [_hash(u or g) for u, g in pairs], [_hash(g or u) for u, g in pairs]],
            )


def _hash(link: str) -> str:
    return articles.fields.sha1(link) if link else ""


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_state_counts")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="hashed_url",
            field=articles.fields.LinkHashField(links=("url", "given_url")),
        ),
        migrations.AddField(
            model_name="article",
            name="hashed_given_url",
            field=articles.fields.LinkHashField(links=("given_url", "url")),
        ),
        migrations.RunSQL(
            URL_HASH.REMOVE_URL_HASH_TRIGGERS + FORGET_STALE_HASHES,
            reverse_sql=REMOVE_FORGET_STALE_HASHES
            + URL_HASH.URL_HASH_TRIGGERS
            + URL_HASH_INSERTS.URL_HASH_PER_STATEMENT,
        ),
        migrations.RemoveIndex(model_name="urlhash", name="url_hash_url_idx"),
        migrations.RemoveIndex(model_name="urlhash", name="url_hash_given_idx"),
        migrations.RemoveIndex(model_name="urlhash", name="url_hash_todo_idx"),
        migrations.DeleteModel(name="UrlHash"),
        migrations.RunPython(hash_saved_links, migrations.RunPython.noop),
        # After the hashing: built once, not updated row by row.
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.HashIndex(
                fields=["hashed_url"], name="article_hashed_url"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.HashIndex(
                fields=["hashed_given_url"], name="article_hashed_given_url"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("hashed_url__isnull", True)),
                fields=["owner"],
                name="article_unhashed_idx",
            ),
        ),
    ]
