"""The counts of articles/counts.py stay exact through every door that writes articles or their
tags: saves, state changes, tagging, bulk and admin actions, admin edits, imports, deletes and
their undo, merges, raw SQL, and a user's deletion."""

import json
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.counts import StateCount, TagCount, count_articles, state_counts
from articles.imports import running
from articles.imports.upload import start_import
from articles.ingest.saving import save_from_html
from articles.models import Article
from articles.states import CONDITIONS, STATES
from articles.tagging import merge_tags, tags_with_counts
from articles.wallabag import changes
from tests.pages import article_html


def counted(user) -> dict[frozenset[str], int]:
    """What the articles say, counted the slow way."""
    timestamps = [state.timestamp for state in STATES.values()]
    rows = Article.objects.filter(owner=user).values_list(*timestamps)
    found = Counter(
        frozenset(name for name, value in zip(timestamps, row, strict=True) if value)
        for row in rows
    )
    return dict(found)


def assert_exact(*users):
    for user in users:
        kept = {on: n for on, n in state_counts(user).items() if n}
        assert kept == counted(user), user
        assert all(n >= 0 for n in state_counts(user).values())


def assert_tags_exact(*users):
    for user in users:
        kept = {tag.name: tag.count for tag in tags_with_counts(user)}
        assert kept == {tag.name: tag.articles.count() for tag in user.tags.all()}, user


def test_saving_changing_states_and_deleting_keep_the_counts(
    owner_client, owner, stranger, make_article
):
    first = make_article()
    save_from_html(owner, article_html("A pasted page"), "https://example.org/pasted")
    theirs = make_article(user=stranger, starred_at=timezone.now())
    assert_exact(owner, stranger)

    for name, form in [
        ("article_star", {"starred": "1"}),
        ("article_archive", {"archived": "1"}),
        ("article_read", {"read": "1"}),
        ("article_archive", {"archived": "0"}),
    ]:
        owner_client.post(reverse(name, args=[first.pk]), form)
        assert_exact(owner, stranger)
    owner_client.post(reverse("article_progress", args=[first.pk]), {"progress": "0.4"})
    owner_client.post(reverse("article_delete", args=[first.pk]))
    assert_exact(owner, stranger)
    assert count_articles(stranger, (CONDITIONS["starred"], True)) == 1
    theirs.delete()
    assert_exact(owner, stranger)


def test_bulk_actions_and_undo_keep_the_counts(owner_client, owner, make_article):
    picked = [make_article(), make_article(), make_article(read_at=timezone.now())]
    ids = [str(a.pk) for a in picked]
    for name in ("bulk_archive", "bulk_read"):
        owner_client.post(reverse(name), {"ids": ids})
        assert_exact(owner)
    response = owner_client.post(reverse("bulk_delete"), {"ids": ids}, follow=True)
    assert_exact(owner)
    assert state_counts(owner) and sum(state_counts(owner).values()) == 0
    token = response.content.decode().split('name="token" value="')[1].split('"')[0]
    owner_client.post(reverse("undo_delete"), {"token": token})
    assert Article.objects.filter(owner=owner).count() == 3
    assert_exact(owner)


def test_admin_actions_and_edits_keep_the_counts(admin_client, owner, stranger, make_article):
    articles = [make_article(), make_article(user=stranger)]
    changelist = reverse("admin:articles_article_changelist")
    for action in ("archived", "starred", "unarchived", "read"):
        admin_client.post(
            changelist, {"action": action, "_selected_action": [a.pk for a in articles]}
        )
        assert_exact(owner, stranger)
    assert Article.objects.filter(read_at__isnull=False, starred_at__isnull=False).count() == 2
    # What the change form does: the whole article saved, even moved to another user.
    edited = Article.objects.get(pk=articles[0].pk)
    edited.owner, edited.starred_at = stranger, None
    edited.save()
    assert_exact(owner, stranger)
    selected = {"action": "delete_selected", "_selected_action": [articles[1].pk], "post": "yes"}
    admin_client.post(changelist, selected)
    assert_exact(owner, stranger)


def test_an_import_keeps_the_counts_in_one_statement(owner, make_article):
    make_article(url="https://example.org/already", archived_at=timezone.now())
    items = [
        {"url": f"https://example.org/{n}", "title": f"Item {n}", "is_archived": n % 2,
         "is_starred": int(n % 3 == 0), "tags": [], "created_at": "2020-01-02T03:04:05+0000"}
        for n in range(40)
    ] + [{"url": "https://example.org/already", "title": "Again", "is_archived": 0}]  # fmt: skip
    upload = SimpleUploadedFile("wallabag.json", json.dumps(items).encode())
    job = running.run_import(start_import(owner, upload, "").pk)
    assert job.created == 40
    assert_exact(owner)
    assert count_articles(owner, (CONDITIONS["unread"], True)) == 20


def test_raw_sql_keeps_the_counts(owner, stranger, make_article):
    make_article()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_article (owner_id, given_url, url, normalized_url, title,"
            " byline, site_name, excerpt, language, lead_image_url, content_html, content_text,"
            " word_count, reading_minutes, is_teaser, status, failure_reason, reading_progress,"
            " created_at, updated_at, starred_at)"
            " SELECT %s, '', '', '', 'Raw ' || n, '', '', '', '', '', '', '', 0, 0, false,"
            " 'ready', '', 0, now(), now(), CASE WHEN n %% 2 = 0 THEN now() END"
            " FROM generate_series(1, 7) AS n",
            [owner.pk],
        )
        assert_exact(owner)
        cursor.execute(
            "UPDATE articles_article SET owner_id = %s, archived_at = now()", [stranger.pk]
        )
        assert_exact(owner, stranger)
        cursor.execute("DELETE FROM articles_article WHERE title LIKE 'Raw %%'")
    assert_exact(owner, stranger)


def test_deleting_a_user_takes_their_counts(owner, stranger, make_article):
    make_article(starred_at=timezone.now())
    make_article(user=stranger)
    owner.delete()
    assert not StateCount.objects.filter(owner_id=owner.pk).exists()
    assert_exact(stranger)
    assert get_user_model().objects.filter(pk=stranger.pk).exists()


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ((), 6),
        (((CONDITIONS["unread"], True),), 3),
        (((CONDITIONS["unread"], False),), 3),
        (((CONDITIONS["starred"], True),), 2),
        (((CONDITIONS["unread"], False), (CONDITIONS["starred"], True)), 1),
        (((CONDITIONS["unread"], True), (CONDITIONS["starred"], False)), 2),
        (((CONDITIONS["archived"], True),), 1),
    ],
)
def test_counting_by_conditions(owner, make_article, wanted, expected):
    now = timezone.now()
    for fields in [
        {}, {}, {"starred_at": now}, {"read_at": now}, {"archived_at": now, "read_at": now},
        {"read_at": now, "starred_at": now},
    ]:  # fmt: skip
        make_article(**fields)
    assert count_articles(owner, *wanted) == expected


def test_tagging_untagging_merging_and_deleting_keep_the_tag_counts(
    owner_client, owner, stranger, make_article, make_tag
):
    first, second = make_article(), make_article()
    theirs = make_article(user=stranger)
    theirs.tags.add(make_tag("theirs", user=stranger))
    ids = [str(first.pk), str(second.pk)]
    owner_client.post(reverse("article_tags", args=[first.pk]), {"tags": "later, science"})
    owner_client.post(reverse("bulk_tag"), {"ids": ids, "tags": "batch, later"})
    assert_tags_exact(owner, stranger)
    assert {t.name: t.count for t in tags_with_counts(owner)} == {
        "batch": 2, "later": 2, "science": 1,
    }  # fmt: skip
    owner_client.post(reverse("bulk_untag"), {"ids": ids, "tags": "batch"})
    owner_client.post(reverse("article_untag", args=[first.pk]), {"remove": "science"})
    assert_tags_exact(owner, stranger)
    wanted = changes.Changes(tags=["fresh", "later"])  # as wallabag's PATCH: replaced
    changes.apply(Article.objects.get(pk=second.pk), wanted, replace_tags=True)
    assert_tags_exact(owner, stranger)
    merge_tags(owner.tags.get(name="later"), [owner.tags.get(name="fresh")])
    assert_tags_exact(owner, stranger)
    owner_client.post(reverse("article_delete", args=[second.pk]))
    owner_client.post(reverse("tag_delete", args=["batch"]))
    assert_tags_exact(owner, stranger)
    owner.delete()
    assert_tags_exact(stranger)
    assert TagCount.objects.count() == 1


def test_imported_tags_are_counted(owner):
    items = [
        {"url": f"https://example.org/{n}", "title": f"Item {n}", "is_archived": 0,
         "tags": ["imported"] + (["odd"] if n % 2 else [])}
        for n in range(10)
    ]  # fmt: skip
    upload = SimpleUploadedFile("wallabag.json", json.dumps(items).encode())
    running.run_import(start_import(owner, upload, "").pk)
    assert {t.name: t.count for t in tags_with_counts(owner)} == {"imported": 10, "odd": 5}
    assert_tags_exact(owner)
