"""Migrations run on a database that already holds people's articles, not only on empty ones."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_search_migration_indexes_the_articles_saved_before_it():
    old = migrate([("articles", "0001_initial")])
    owner = old.get_model("auth", "User").objects.create(username="early")
    Tag = old.get_model("articles", "Tag")
    article = old.get_model("articles", "Article").objects.create(
        owner=owner,
        title="Volcanoes of Iceland",
        content_text="Lava fields cover the island's south.",
        language="en",
        url="https://example.com/volcanoes",
    )
    article.tags.add(Tag.objects.create(owner=owner, name="geology", slug="geology"))

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM articles_article"
            " WHERE search_vector @@ to_tsquery('newsreader_english', 'volcano & lava & geology')"
        )
        assert cursor.fetchall() == [(article.pk,)]
