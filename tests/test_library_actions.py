"""Actions on one article and on a selection: htmx fragments, plain-form redirects, ownership."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ReadingPreferences, Tag

HTMX = {"HTTP_HX_REQUEST": "true"}

# action url name, form data, what the article looks like afterwards
ACTIONS = [
    ("article_star", {"starred": "1"}, lambda a: a.is_starred),
    ("article_archive", {"archived": "1"}, lambda a: a.is_archived),
    ("article_read", {"read": "1"}, lambda a: a.is_read and a.reading_progress == 1.0),
    ("article_tags", {"tags": "later, Science"}, lambda a: {t.name for t in a.tags.all()}
     == {"later", "Science"}),
]  # fmt: skip


def fresh(article) -> Article:
    return Article.objects.get(pk=article.pk)


@pytest.mark.parametrize(("name", "data", "done"), ACTIONS)
def test_an_action_without_javascript_redirects_back(owner_client, make_article, name, data, done):
    article = make_article()
    response = owner_client.post(reverse(name, args=[article.pk]), {**data, "next": "/starred/"})
    assert response.status_code == 302 and response["Location"] == "/starred/"
    assert done(fresh(article))


@pytest.mark.parametrize(("name", "data", "done"), ACTIONS)
def test_an_action_through_htmx_returns_the_card(owner_client, make_article, name, data, done):
    article = make_article(title="The card")
    response = owner_client.post(reverse(name, args=[article.pk]), {**data, "from": "all"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="article-{article.pk}"' in html and "The card" in html
    assert 'id="nav-views" hx-swap-oob="true"' in html  # the counts follow
    assert done(fresh(article))


@pytest.mark.parametrize(("name", "data", "done"), ACTIONS)
def test_an_action_in_the_reader_returns_the_reader_part(
    owner_client, make_article, name, data, done
):
    article = make_article()
    response = owner_client.post(
        reverse(name, args=[article.pk]), {**data, "place": "reader"}, **HTMX
    )
    html = response.content.decode()
    assert 'id="reader-tags"' in html if name == "article_tags" else 'id="reader-tools"' in html
    assert done(fresh(article))


ALL_ARTICLE_ACTIONS = [
    "article_star", "article_archive", "article_read", "article_tags", "article_untag",
    "article_delete", "article_progress",
]  # fmt: skip


@pytest.mark.parametrize("name", ALL_ARTICLE_ACTIONS)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_stranger_gets_404_and_nothing_changes(
    client, stranger, make_article, make_tag, name, htmx
):
    article = make_article(title="Mine")
    article.tags.add(make_tag("mine"))
    before = Article.objects.filter(pk=article.pk).values().get()
    client.force_login(stranger)
    data = {"starred": "1", "archived": "1", "read": "1", "tags": "x", "remove": "mine",
            "progress": "1"}  # fmt: skip
    response = client.post(reverse(name, args=[article.pk]), data, **(HTMX if htmx else {}))
    assert response.status_code == 404
    assert Article.objects.filter(pk=article.pk).values().get() == before
    assert list(fresh(article).tags.values_list("name", flat=True)) == ["mine"]
    assert not Tag.objects.filter(owner=stranger).exists()


def test_unstarring_and_unarchiving_and_marking_unread(owner_client, make_article):
    now = timezone.now()
    article = make_article(starred_at=now, archived_at=now, read_at=now, reading_progress=1.0)
    pk = article.pk
    owner_client.post(reverse("article_star", args=[pk]), {"starred": "0"})
    owner_client.post(reverse("article_archive", args=[pk]), {"archived": "0"})
    owner_client.post(reverse("article_read", args=[pk]), {"read": "0"})
    article = fresh(article)
    assert not (article.is_starred or article.is_archived or article.is_read)
    assert article.reading_progress == 0.0


def test_archiving_from_unread_leaves_a_notice_with_undo(owner_client, make_article):
    article = make_article(title="Going away")
    url = reverse("article_archive", args=[article.pk])
    response = owner_client.post(url, {"archived": "1", "from": "unread"}, **HTMX)
    html = response.content.decode()
    assert "card--gone" in html and "Archived:" in html and "Going away" in html
    assert 'name="archived" value="0"' in html  # the Undo button
    undone = owner_client.post(url, {"archived": "0", "from": "unread"}, **HTMX)
    assert "card--gone" not in undone.content.decode()
    assert not fresh(article).is_archived


def test_untagging_inside_the_tag_view_removes_the_card(owner_client, make_article, make_tag):
    article = make_article()
    tag = make_tag("Deep dives")
    article.tags.add(tag)
    response = owner_client.post(
        reverse("article_untag", args=[article.pk]),
        {"remove": tag.slug, "from": "tag", "tag": tag.slug},
        **HTMX,
    )
    assert "card--gone" in response.content.decode()
    assert 'name="tags" value="Deep dives"' in response.content.decode()  # Undo tags it again
    assert not fresh(article).tags.exists()


def test_starring_inside_the_starred_view_keeps_the_card(owner_client, make_article):
    article = make_article()
    response = owner_client.post(
        reverse("article_star", args=[article.pk]), {"starred": "1", "from": "starred"}, **HTMX
    )
    assert "card--gone" not in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.com/", "//evil.com/", "/\\evil.com/", ""])
def test_actions_never_redirect_off_site(owner_client, make_article, target):
    article = make_article()
    response = owner_client.post(
        reverse("article_star", args=[article.pk]), {"starred": "1", "next": target}
    )
    assert response["Location"] == article.get_absolute_url()


def test_a_too_long_tag_is_explained_and_the_text_kept(owner_client, make_article):
    article = make_article()
    typed = "fine, " + "x" * 150
    response = owner_client.post(reverse("article_tags", args=[article.pk]), {"tags": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 100 characters" in html and typed in html
    htmx = owner_client.post(
        reverse("article_tags", args=[article.pk]), {"tags": typed, "from": "unread"}, **HTMX
    )
    assert htmx.status_code == 200 and "at most 100 characters" in htmx.content.decode()
    assert not fresh(article).tags.exists()


def test_tag_names_are_matched_ignoring_case(owner_client, make_article, make_tag):
    make_tag("Science")
    article = make_article()
    owner_client.post(reverse("article_tags", args=[article.pk]), {"tags": "science, SCIENCE"})
    assert list(fresh(article).tags.values_list("name", flat=True)) == ["Science"]


def test_removing_a_tag_keeps_the_tag_for_other_articles(owner_client, make_article, make_tag):
    tag = make_tag("keep")
    first, second = make_article(), make_article()
    first.tags.add(tag)
    second.tags.add(tag)
    owner_client.post(reverse("article_untag", args=[first.pk]), {"remove": tag.slug})
    assert not fresh(first).tags.exists()
    assert list(fresh(second).tags.all()) == [tag]


def test_delete_then_undo_brings_the_article_back_whole(owner_client, make_article, make_tag):
    article = make_article(title="Precious", content_html="<p>Every word.</p>")
    article.tags.add(make_tag("keep"))
    response = owner_client.post(
        reverse("article_delete", args=[article.pk]), {"from": "unread"}, **HTMX
    )
    html = response.content.decode()
    assert "Deleted:" in html and 'name="token"' in html
    assert not Article.objects.filter(pk=article.pk).exists()
    token = html.split('name="token" value="')[1].split('"')[0]
    undone = owner_client.post(reverse("undo_delete"), {"token": token, "from": "unread"}, **HTMX)
    assert f'id="article-{article.pk}"' in undone.content.decode()
    restored = fresh(article)
    assert restored.content_html == "<p>Every word.</p>"
    assert list(restored.tags.values_list("name", flat=True)) == ["keep"]


def test_delete_without_javascript_offers_undo_in_the_message(owner_client, make_article):
    article = make_article(title="Precious")
    response = owner_client.post(
        reverse("article_delete", args=[article.pk]),
        {"next": article.get_absolute_url(), "from": "unread"},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("unread")  # not the deleted article's page
    assert "Deleted: “Precious”." in html and "Undo" in html
    token = html.split('name="token" value="')[1].split('"')[0]
    response = owner_client.post(reverse("undo_delete"), {"token": token}, follow=True)
    assert "Restored 1 article." in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


def test_undo_after_deleting_while_reading_returns_to_the_article(owner_client, make_article):
    article = make_article(title="Mid-read")
    reader_url = article.get_absolute_url()
    response = owner_client.post(
        reverse("article_delete", args=[article.pk]),
        {"place": "reader", "from": "starred", "sort": "oldest", "next": "/starred/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/starred/"
    token = response.content.decode().split('name="token" value="')[1].split('"')[0]
    response = owner_client.post(
        reverse("undo_delete"), {"token": token, "next": "/starred/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{reader_url}?from=starred&sort=oldest"
    assert "Restored 1 article." in response.content.decode()


def test_undo_works_once_and_only_for_its_owner(client, owner, stranger, make_article):
    article = make_article()
    client.force_login(owner)
    html = client.post(reverse("article_delete", args=[article.pk]), follow=True).content
    token = html.decode().split('name="token" value="')[1].split('"')[0]
    client.force_login(stranger)  # a new session: the token means nothing here
    response = client.post(reverse("undo_delete"), {"token": token}, follow=True)
    assert "nothing to undo" in response.content.decode()
    assert not Article.objects.filter(pk=article.pk).exists()


def test_undo_leaves_off_tags_deleted_meanwhile(owner_client, make_article, make_tag):
    article = make_article()
    gone, kept = make_tag("gone"), make_tag("kept")
    article.tags.add(gone, kept)
    html = owner_client.post(reverse("article_delete", args=[article.pk]), follow=True).content
    token = html.decode().split('name="token" value="')[1].split('"')[0]
    gone.delete()
    owner_client.post(reverse("undo_delete"), {"token": token})
    assert list(fresh(article).tags.all()) == [kept]


def test_progress_is_saved_and_finishing_marks_read(owner_client, make_article):
    article = make_article()
    url = reverse("article_progress", args=[article.pk])
    assert owner_client.post(url, {"progress": "0.42"}).status_code == 204
    assert fresh(article).reading_progress == pytest.approx(0.42)
    assert not fresh(article).is_read
    owner_client.post(url, {"progress": "1"})
    assert fresh(article).is_read and not fresh(article).is_archived


def test_finishing_archives_when_the_user_asked_for_it(owner_client, owner, make_article):
    ReadingPreferences.objects.create(user=owner, archive_when_finished=True)
    article = make_article()
    owner_client.post(reverse("article_progress", args=[article.pk]), {"progress": "1"})
    assert fresh(article).is_read and fresh(article).is_archived


@pytest.mark.parametrize("value", ["", "abc", "-0.1", "1.5", "nan", "inf"])
def test_bad_progress_is_refused_clearly(owner_client, make_article, value):
    article = make_article()
    response = owner_client.post(
        reverse("article_progress", args=[article.pk]), {"progress": value}
    )
    assert response.status_code == 400 and b"from 0 to 1" in response.content
    assert fresh(article).reading_progress == 0.0


# ---------- Several articles at once ----------


@pytest.fixture
def picked(make_article, stranger):
    mine = [make_article(), make_article()]
    theirs = make_article(user=stranger, title="Theirs")
    return mine, theirs


def _ids(mine, theirs):
    return [str(a.pk) for a in mine] + [str(theirs.pk), "not-a-number", "9" * 30]


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("bulk_archive", lambda a: a.is_archived),
        ("bulk_read", lambda a: a.is_read and a.reading_progress == 1.0),
        ("bulk_tag", lambda a: [t.name for t in a.tags.all()] == ["batch"]),
    ],
)
def test_bulk_actions_change_only_the_users_articles(owner_client, picked, name, check):
    mine, theirs = picked
    before = Article.objects.filter(pk=theirs.pk).values().get()
    response = owner_client.post(
        reverse(name), {"ids": _ids(mine, theirs), "tags": "batch", "next": "/all/"}
    )
    assert response.status_code == 302 and response["Location"] == "/all/"
    assert all(check(fresh(a)) for a in mine)
    assert Article.objects.filter(pk=theirs.pk).values().get() == before
    assert not fresh(theirs).tags.exists()


def test_bulk_untag_and_its_message(owner_client, picked, make_tag):
    mine, theirs = picked
    tag = make_tag("batch")
    for article in mine:
        article.tags.add(tag)
    response = owner_client.post(
        reverse("bulk_untag"), {"ids": _ids(mine, theirs), "tags": "Batch"}, follow=True
    )
    assert "Removed the tag from 2 articles." in response.content.decode()
    assert not any(fresh(a).tags.exists() for a in mine)


def test_bulk_untag_of_an_unknown_tag_says_so(owner_client, picked):
    mine, theirs = picked
    response = owner_client.post(reverse("bulk_untag"), {"ids": _ids(mine, theirs), "tags": "nope"})
    assert response.status_code == 400
    assert "You have no tag by that name." in response.content.decode()


def test_bulk_delete_with_undo(owner_client, picked):
    mine, theirs = picked
    response = owner_client.post(reverse("bulk_delete"), {"ids": _ids(mine, theirs)}, follow=True)
    html = response.content.decode()
    assert "Deleted 2 articles." in html
    assert not Article.objects.filter(pk__in=[a.pk for a in mine]).exists()
    assert Article.objects.filter(pk=theirs.pk).exists()
    token = html.split('name="token" value="')[1].split('"')[0]
    owner_client.post(reverse("undo_delete"), {"token": token})
    assert Article.objects.filter(pk__in=[a.pk for a in mine]).count() == 2


def test_bulk_with_nothing_selected_says_so(owner_client, picked):
    _, theirs = picked
    response = owner_client.post(reverse("bulk_archive"), {"ids": [theirs.pk]}, follow=True)
    assert "Select one or more articles first." in response.content.decode()
    assert not fresh(theirs).is_archived


def test_a_bad_bulk_tag_keeps_the_selection_and_the_text(owner_client, picked):
    mine, theirs = picked
    response = owner_client.post(reverse("bulk_tag"), {"ids": _ids(mine, theirs), "tags": " , "})
    html = response.content.decode()
    assert response.status_code == 400 and "Type a tag name." in html
    assert all(f'name="ids" value="{a.pk}"' in html for a in mine)


def test_deleting_clears_expired_undo_copies(owner_client, make_article):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    owner_client.post(reverse("article_delete", args=[make_article().pk]), {"from": "unread"})
    copies = Session.objects.exclude(session_key=owner_client.session.session_key)
    (old_copy,) = copies.values_list("session_key", flat=True)
    copies.update(expire_date=timezone.now() - timedelta(seconds=1))  # an hour has passed
    owner_client.post(reverse("article_delete", args=[make_article().pk]), {"from": "unread"})
    assert not Session.objects.filter(session_key=old_copy).exists()
    assert copies.count() == 1  # the new deletion's copy
