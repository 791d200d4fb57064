"""Cheaper inserts for imports of thousands of links.

- The UrlHash row of each new article is made by one statement per INSERT (a transition table)
  instead of a PL/pgSQL call and an INSERT per row.
- Three indexes that another index already serves are dropped: the article's owner
  (article_all_idx starts with it), the job's article (job_article_idx) and owner (job_owner_idx).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

URL_HASH_PER_STATEMENT = """
DROP TRIGGER article_url_hash_new ON articles_article;
DROP FUNCTION newsreader_url_hash_new();
CREATE FUNCTION newsreader_url_hash_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO articles_urlhash (article_id, owner_id) SELECT id, owner_id FROM new_articles;
  RETURN NULL;
END
$$;
CREATE TRIGGER article_url_hash_new AFTER INSERT ON articles_article
  REFERENCING NEW TABLE AS new_articles
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_url_hash_new();
"""
# Django's names for the foreign keys' indexes (the same in every database it created).
INDEXES = {
    "articles_article_owner_id_9cf33c2d": "articles_article (owner_id)",
    "articles_job_article_id_0503072e": "articles_job (article_id)",
    "articles_job_owner_id_55371153": "articles_job (owner_id)",
}
DROP_INDEXES = "".join(f"DROP INDEX IF EXISTS {name};" for name in INDEXES)
CREATE_INDEXES = "".join(f"CREATE INDEX {name} ON {table};" for name, table in INDEXES.items())
URL_HASH_PER_ROW = """
DROP TRIGGER article_url_hash_new ON articles_article;
DROP FUNCTION newsreader_url_hash_new();
CREATE FUNCTION newsreader_url_hash_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO articles_urlhash (article_id, owner_id) VALUES (NEW.id, NEW.owner_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER article_url_hash_new AFTER INSERT ON articles_article
  FOR EACH ROW EXECUTE FUNCTION newsreader_url_hash_new();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_search_head_plpgsql"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(URL_HASH_PER_STATEMENT, URL_HASH_PER_ROW),
        # The state's AlterFields alone would also drop job_one_active_per_article (Django drops
        # every index on a column that loses db_index), so the SQL names the three indexes.
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(DROP_INDEXES, CREATE_INDEXES)],
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="owner",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="articles",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="job",
                    name="article",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="job",
                    name="owner",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="jobs",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
