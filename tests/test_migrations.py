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


@pytest.mark.django_db(transaction=True)
def test_names_saved_before_normalising_are_composed_and_twins_merged():
    decomposed, composed = "Cafe\u0301", "Caf\u00e9"
    old = migrate([("articles", "0003_sanitised_content_and_image_fields")])
    owner = old.get_model("auth", "User").objects.create(username="early")
    Tag = old.get_model("articles", "Tag")
    Article = old.get_model("articles", "Article")
    SavedSearch = old.get_model("articles", "SavedSearch")
    first = Article.objects.create(owner=owner, url="https://example.com/1", normalized_url="1")
    second = Article.objects.create(owner=owner, url="https://example.com/2", normalized_url="2")
    first.tags.add(Tag.objects.create(owner=owner, name=composed, slug="cafe"))
    second.tags.add(Tag.objects.create(owner=owner, name=decomposed, slug="cafe-2"))
    Tag.objects.create(owner=owner, name="Cre\u0301me", slug="creme")
    SavedSearch.objects.create(owner=owner, name=composed, query="x")
    SavedSearch.objects.create(owner=owner, name=decomposed, query=decomposed)

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    Tag = new.get_model("articles", "Tag")
    assert sorted(Tag.objects.values_list("name", flat=True)) == [composed, "Cr\u00e9me"]
    cafe = Tag.objects.get(name=composed)
    assert set(cafe.articles.values_list("pk", flat=True)) == {first.pk, second.pk}
    names = new.get_model("articles", "SavedSearch").objects.values_list("name", "query")
    assert sorted(names) == [(composed, "x"), (f"{composed} (2)", composed)]


def search_index_options() -> dict[str, list[str] | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class"
            " WHERE relname IN ('article_search_idx', 'article_search_head_idx')"
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_the_search_indexes_take_inserts_through_a_small_pending_list_and_can_go_back():
    small_list = ["fastupdate=on", "gin_pending_list_limit=64"]
    assert list(search_index_options().values()) == [small_list, small_list]
    apps = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    owner = apps.get_model("auth", "User").objects.create(username="early")
    article = apps.get_model("articles", "Article").objects.create(
        owner=owner, title="Volcanoes of Iceland", url="https://example.com/volcanoes"
    )  # its words wait in the pending lists

    migrate([("articles", "0020_snippet_window_fewer_scans")])
    assert list(search_index_options().values()) == [["fastupdate=off"], ["fastupdate=off"]]
    with connection.cursor() as cursor:
        for index in search_index_options():  # the way back emptied the lists into the indexes
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT id FROM articles_article WHERE search_head @@ 'volcanoes'::tsquery"
            " AND search_vector @@ 'iceland'::tsquery"
        )
        assert cursor.fetchall() == [(article.pk,)]

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert list(search_index_options().values()) == [small_list, small_list]
