"""Counts of each user's articles per combination of reading states (articles/counts.py), kept
by statement-level triggers on the articles table, and filled for the articles already saved."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# A statement's rows arrive in transition tables: `gone` (as they were, before an update or a
# delete) and `added` (as they are now, after an insert or an update). Each leaves its old
# combination of states and joins its new one; a combination whose count does not move is not
# touched, so a fetch or a reading-progress update locks nothing here. The counts are upserted
# in key order, so two transactions never wait on each other's rows crosswise (no deadlock).
# A count that would go down but is gone belongs to a user being deleted (their counts went
# first): it is not brought back.
COUNT_TRIGGERS = """
CREATE TYPE newsreader_state_change AS (
  owner_id integer, starred boolean, archived boolean, read boolean, articles integer
);
CREATE FUNCTION newsreader_count_states() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes newsreader_state_change[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    changes := ARRAY(
      SELECT ROW(owner_id, starred, archived, read, -count(*))::newsreader_state_change
      FROM (SELECT owner_id, starred_at IS NOT NULL AS starred,
                   archived_at IS NOT NULL AS archived, read_at IS NOT NULL AS read
            FROM gone) AS old_states
      GROUP BY owner_id, starred, archived, read);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    changes := changes || ARRAY(
      SELECT ROW(owner_id, starred, archived, read, count(*))::newsreader_state_change
      FROM (SELECT owner_id, starred_at IS NOT NULL AS starred,
                   archived_at IS NOT NULL AS archived, read_at IS NOT NULL AS read
            FROM added) AS new_states
      GROUP BY owner_id, starred, archived, read);
  END IF;
  INSERT INTO articles_statecount AS c (owner_id, starred, archived, read, articles)
  SELECT owner_id, starred, archived, read, sum(d.articles)
  FROM unnest(changes) AS d
  GROUP BY owner_id, starred, archived, read
  HAVING sum(d.articles) > 0 OR (sum(d.articles) < 0 AND EXISTS (
    SELECT FROM articles_statecount e
    WHERE (e.owner_id, e.starred, e.archived, e.read) = (d.owner_id, d.starred, d.archived, d.read)
  ))
  ORDER BY owner_id, starred, archived, read
  ON CONFLICT (owner_id, starred, archived, read)
  DO UPDATE SET articles = c.articles + excluded.articles;
  RETURN NULL;
END
$$;
CREATE TRIGGER article_count_insert AFTER INSERT ON articles_article
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_count_states();
CREATE TRIGGER article_count_update AFTER UPDATE ON articles_article
  REFERENCING OLD TABLE AS gone NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_count_states();
CREATE TRIGGER article_count_delete AFTER DELETE ON articles_article
  REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_count_states();

-- The articles saved so far (CREATE TRIGGER holds off other writers until this commits).
INSERT INTO articles_statecount (owner_id, starred, archived, read, articles)
SELECT owner_id, starred_at IS NOT NULL, archived_at IS NOT NULL, read_at IS NOT NULL, count(*)
FROM articles_article
GROUP BY 1, 2, 3, 4;
"""
REMOVE_COUNT_TRIGGERS = """
DROP TRIGGER IF EXISTS article_count_delete ON articles_article;
DROP TRIGGER IF EXISTS article_count_update ON articles_article;
DROP TRIGGER IF EXISTS article_count_insert ON articles_article;
DROP FUNCTION IF EXISTS newsreader_count_states();
DROP TYPE IF EXISTS newsreader_state_change;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_lighter_inserts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StateCount",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "owner",
                        "starred",
                        "archived",
                        "read",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),  # fmt: skip
                ("starred", models.BooleanField()),
                ("archived", models.BooleanField()),
                ("read", models.BooleanField()),
                ("articles", models.IntegerField()),
                (
                    "owner",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunSQL(COUNT_TRIGGERS, reverse_sql=REMOVE_COUNT_TRIGGERS),
    ]
