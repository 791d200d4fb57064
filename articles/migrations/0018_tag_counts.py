"""How many articles each tag holds (articles/counts.py), kept by statement-level triggers on
the table linking articles and tags, as state_counts keeps the state counts, and filled for the tags
there are."""

import django.db.models.deletion
from django.db import migrations, models

# Links that went (`gone`) and came (`added`); Django never updates a link, but raw SQL may.
# As in state_counts: upserts in key order (no deadlock), and a count that would go down but is gone
# belongs to a tag being deleted (its count went first) and is not brought back.
COUNT_TRIGGERS = """
CREATE FUNCTION newsreader_count_tagged() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes bigint[][] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    changes := ARRAY(SELECT ARRAY[tag_id, -count(*)] FROM gone GROUP BY tag_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    changes := changes || ARRAY(SELECT ARRAY[tag_id, count(*)] FROM added GROUP BY tag_id);
  END IF;
  INSERT INTO articles_tagcount AS c (tag_id, articles)
  SELECT d.tag_id, sum(d.n)
  FROM (SELECT changes[i][1] AS tag_id, changes[i][2] AS n
        FROM generate_subscripts(changes, 1) AS i) AS d
  GROUP BY d.tag_id
  HAVING sum(d.n) > 0 OR (sum(d.n) < 0 AND EXISTS (
    SELECT FROM articles_tagcount e WHERE e.tag_id = d.tag_id
  ))
  ORDER BY d.tag_id
  ON CONFLICT (tag_id) DO UPDATE SET articles = c.articles + excluded.articles;
  RETURN NULL;
END
$$;
CREATE TRIGGER article_tags_count_insert AFTER INSERT ON articles_article_tags
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_count_tagged();
CREATE TRIGGER article_tags_count_update AFTER UPDATE ON articles_article_tags
  REFERENCING OLD TABLE AS gone NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_count_tagged();
CREATE TRIGGER article_tags_count_delete AFTER DELETE ON articles_article_tags
  REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION newsreader_count_tagged();

-- The tags so far (CREATE TRIGGER holds off other writers until this commits).
INSERT INTO articles_tagcount (tag_id, articles)
SELECT tag_id, count(*) FROM articles_article_tags GROUP BY tag_id;
"""
REMOVE_COUNT_TRIGGERS = """
DROP TRIGGER IF EXISTS article_tags_count_delete ON articles_article_tags;
DROP TRIGGER IF EXISTS article_tags_count_update ON articles_article_tags;
DROP TRIGGER IF EXISTS article_tags_count_insert ON articles_article_tags;
DROP FUNCTION IF EXISTS newsreader_count_tagged();
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_link_hashes_on_articles")]

    operations = [
        migrations.CreateModel(
            name="TagCount",
            fields=[
                (
                    "tag",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="counted",
                        serialize=False,
                        to="articles.tag",
                    ),
                ),
                ("articles", models.IntegerField()),
            ],
        ),
        migrations.RunSQL(COUNT_TRIGGERS, reverse_sql=REMOVE_COUNT_TRIGGERS),
    ]
