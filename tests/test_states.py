"""Reading states and library views are defined once (articles/states.py), and every state
change goes through the queryset's set_state(), whoever asks: a button, a bulk action, the admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.listing import Listing
from articles.models import Article
from articles.search import search_articles
from articles.states import CONDITIONS, STATES, VIEWS


def fresh(article) -> Article:
    return Article.objects.get(pk=article.pk)


def long_ago(make_article, **fields) -> Article:
    """An article last changed a day ago, so a change of updated_at shows."""
    article = make_article(**fields)
    day_ago = timezone.now() - timedelta(days=1)
    Article.objects.filter(pk=article.pk).update(updated_at=day_ago)
    return fresh(article)


@pytest.mark.parametrize("name", STATES)
def test_turning_a_state_on_and_off_moves_updated_at(make_article, name):
    article = long_ago(make_article)
    timestamp = STATES[name].timestamp
    assert Article.objects.filter(pk=article.pk).set_state(name) == 1
    on = fresh(article)
    assert getattr(on, timestamp) is not None and on.updated_at > article.updated_at
    assert Article.objects.filter(pk=article.pk).set_state(name, False) == 1
    off = fresh(article)
    assert getattr(off, timestamp) is None and off.updated_at > on.updated_at


def test_a_state_already_on_keeps_its_time_and_updated_at(make_article):
    then = timezone.now() - timedelta(days=3)
    article = long_ago(make_article, starred_at=then)
    assert Article.objects.filter(pk=article.pk).star() == 0
    assert fresh(article).starred_at == then
    assert fresh(article).updated_at == article.updated_at


def test_reading_to_the_end_and_back_sets_the_progress(make_article):
    article = make_article(reading_progress=0.4)
    Article.objects.filter(pk=article.pk).mark_read()
    assert fresh(article).reading_progress == 1.0
    Article.objects.filter(pk=article.pk).mark_read(False)
    assert fresh(article).reading_progress == 0.0


def test_an_import_says_when_a_state_was_turned_on(make_article):
    article = make_article()
    when = timezone.now() - timedelta(days=400)
    Article.objects.filter(pk=article.pk).set_state("archived", at=when)
    assert fresh(article).archived_at == when


def test_the_admins_actions_move_updated_at(admin_client, make_article):
    article = long_ago(make_article)
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "archived", "_selected_action": [article.pk]},
    )
    archived = fresh(article)
    assert archived.is_archived and archived.updated_at > article.updated_at


@pytest.mark.parametrize("name", CONDITIONS)
def test_is_finds_what_the_state_means(owner, make_article, name):
    now = timezone.now()
    for starred in (None, now):
        for archived in (None, now):
            for read in (None, now):
                make_article(starred_at=starred, archived_at=archived, read_at=read)
    expected = set(Article.objects.in_state(name).values_list("pk", flat=True))
    found = set(search_articles(owner, f"is:{name}").articles.values_list("pk", flat=True))
    assert found == expected and 0 < len(found) < 8
    everything_else = search_articles(owner, f"-is:{name}").articles
    assert not found & set(everything_else.values_list("pk", flat=True))


@pytest.mark.parametrize("name", VIEWS)
def test_each_view_is_in_the_navigation_and_lists_what_it_counts(owner_client, owner, name):
    html = owner_client.get(reverse(name)).content.decode()
    assert f'href="{reverse(name)}" aria-current="page">{VIEWS[name].label} ' in html
    counts = owner_client.get(reverse("unread")).context["nav"].counts
    assert counts[name] == Listing(view=name).articles(owner).count()


def test_the_shortcuts_dialog_links_each_view_it_has_a_key_for(owner_client):
    html = owner_client.get(reverse("all")).content.decode()
    for view in VIEWS.values():
        if view.key:
            assert f'data-go="{view.key}" data-url="{reverse(view.name)}"' in html


def test_links_with_the_views_old_names_still_work(owner_client, make_article):
    article = make_article(archived_at=timezone.now())
    response = owner_client.get("/archive/?sort=oldest")
    assert response.status_code == 301 and response["Location"] == "/archived/?sort=oldest"
    reader = owner_client.get(reverse("article", args=[article.pk]), {"from": "archive"})
    assert reader.context["listing"].view == "archived"
    assert Listing.from_params({"from": "home"}).view == "unread"
    search = owner_client.get(reverse("search"), {"q": "", "scope": "archive"})
    assert search.context["search_scope"]["operator"] == "is:archived"


def test_the_admin_filters_by_each_state(admin_client, make_article):
    make_article(title="Read piece", read_at=timezone.now())
    make_article(title="Unread piece")
    url = reverse("admin:articles_article_changelist")
    for query, expected in [("read=yes", {"Read piece"}), ("unread=yes", {"Unread piece"})]:
        shown = {a.title for a in admin_client.get(f"{url}?{query}").context["cl"].result_list}
        assert shown == expected
