"""The admin moderates every user's archive and stays cheap as the archive grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.admin_tools import EstimatedCountPaginator
from articles.models import Article, Tag


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def make_many(make_article, make_tag, users, n):
    tag = make_tag("news")
    for i in range(n):
        article = make_article(user=users[i % len(users)], site_name=f"Site {i}")
        article.tags.add(tag)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_article_changelist",
        "admin:articles_tag_changelist",
        "admin:auth_user_changelist",
    ],
)
def test_changelist_query_count_does_not_grow_with_rows(
    admin_client, make_article, make_tag, owner, stranger, url_name
):
    url = reverse(url_name)
    make_many(make_article, make_tag, [owner], 3)
    few = count_queries(admin_client, url)
    make_many(
        make_article,
        lambda name: Tag.objects.create(owner=stranger, name=name + "2"),
        [owner, stranger],
        60,
    )
    assert count_queries(admin_client, url) == few


def test_article_changelist_shows_every_users_articles(admin_client, make_article, owner, stranger):
    make_article(title="Owner piece")
    make_article(user=stranger, title="Stranger piece")
    html = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Owner piece" in html and "Stranger piece" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("owner=stranger", {"Stranger piece"}),
        ("status__exact=failed", {"Failed piece"}),
        ("starred=yes", {"Starred piece"}),
        ("archived=yes", {"Archived piece"}),
        ("tag=Science", {"Tagged piece"}),
        ("site=the+site", {"Owner piece"}),
        ("q=owner+piece", {"Owner piece"}),
    ],
)
def test_article_filters(admin_client, make_article, make_tag, owner, stranger, query, expected):
    from django.utils import timezone

    make_article(title="Owner piece", site_name="The Site")
    make_article(user=stranger, title="Stranger piece")
    make_article(
        title="Failed piece", status=Article.Status.FAILED, failure_reason="The page is gone (404)."
    )
    make_article(title="Starred piece", starred_at=timezone.now())
    make_article(title="Archived piece", archived_at=timezone.now())
    make_article(title="Tagged piece").tags.add(make_tag("science"))
    response = admin_client.get(reverse("admin:articles_article_changelist") + "?" + query)
    assert response.status_code == 200
    shown = {a.title for a in response.context["cl"].result_list}
    assert shown == expected


def post_action(admin_client, action, articles, **extra):
    return admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles], **extra},
    )


def test_bulk_archive_star_and_unarchive(admin_client, make_article):
    articles = [make_article(), make_article()]
    post_action(admin_client, "archived", articles)
    post_action(admin_client, "starred", articles)
    assert Article.objects.filter(archived_at__isnull=False, starred_at__isnull=False).count() == 2
    post_action(admin_client, "unarchived", articles[:1])
    assert Article.objects.filter(archived_at__isnull=True).count() == 1


def test_bulk_retag_creates_tags_for_each_owner(admin_client, make_article, owner, stranger):
    mine, theirs = make_article(), make_article(user=stranger)
    post_action(admin_client, "add_tags_action", [mine, theirs], tags="Later, history")
    assert {t.name for t in mine.tags.all()} == {"history", "Later"}
    assert {t.owner for t in theirs.tags.all()} == {stranger}
    post_action(admin_client, "remove_tags_action", [mine], tags="later")
    assert [t.name for t in mine.tags.all()] == ["history"]


def test_retag_without_names_says_what_is_missing(admin_client, make_article):
    response = post_action(admin_client, "add_tags_action", [make_article()], tags="  ")
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "Type one or more tag names" in page


def test_bulk_delete(admin_client, make_article):
    articles = [make_article(), make_article()]
    post_action(admin_client, "delete_selected", articles, post="yes")
    assert not Article.objects.exists()


def test_tag_merge_keeps_every_article(admin_client, make_article, make_tag):
    a, b, c = make_article(), make_article(), make_article()
    python, py = make_tag("python"), make_tag("py")
    a.tags.add(python)
    b.tags.add(py)
    c.tags.add(python, py)
    admin_client.post(
        reverse("admin:articles_tag_changelist"),
        {"action": "merge", "_selected_action": [python.pk, py.pk], "into": "Python"},
    )
    (tag,) = Tag.objects.all()
    assert tag.name == "Python"
    assert set(tag.articles.all()) == {a, b, c}


def test_tag_merge_refuses_tags_of_different_users(admin_client, make_tag, stranger):
    mine, theirs = make_tag("x"), make_tag("y", user=stranger)
    response = admin_client.post(
        reverse("admin:articles_tag_changelist"),
        {"action": "merge", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    assert "Only tags of the same user can be merged" in response.content.decode()
    assert Tag.objects.count() == 2


def test_user_management_is_available(admin_client, owner):
    response = admin_client.get(reverse("admin:auth_user_change", args=[owner.pk]))
    assert response.status_code == 200


def test_the_admin_search_uses_the_trigram_index_not_a_scan(db):
    qs = Article.objects.filter(title__icontains="lavrov").order_by()
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_title_trgm" in plan


def test_the_paginator_estimates_when_counting_is_too_slow(db, make_article, monkeypatch):
    for _ in range(3):
        make_article()
    assert EstimatedCountPaginator(Article.objects.all(), 50).count == 3
    monkeypatch.setattr("articles.admin_tools.COUNT_TIMEOUT_MS", 50)
    slow = Article.objects.extra(where=["pg_sleep(0.2) IS NOT NULL"])  # 0.6 s to count exactly
    with CaptureQueriesContext(connection) as ctx:
        estimate = EstimatedCountPaginator(slow, 50).count
    assert estimate >= 1
    assert ctx.captured_queries[-1]["sql"].startswith("EXPLAIN")
