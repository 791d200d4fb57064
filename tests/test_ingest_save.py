"""Saving from a link or pasted HTML: one article per URL, clear failures, nothing lost."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from articles.ingest import saving
from articles.models import Article
from tests.pages import article_html, stub_html
from tests.webserver import page, redirect


def save(client, **data):
    return client.post(reverse("add"), {"url": "", "html": "", "tags": "", **data})


def test_pasting_a_link_saves_the_article_and_opens_it(owner_client, web):
    web.routes["/story"] = page(article_html("Bridges Under Strain"))
    response = save(owner_client, url=web.url("/story"), tags="Engineering, cities")
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("article", args=[article.pk])
    assert article.title == "Bridges Under Strain"
    assert article.byline == "Jane Doe"
    assert article.site_name == "The Daily Example"
    assert article.published_at.isoformat() == "2026-03-14T09:30:00+00:00"
    assert article.status == Article.Status.READY
    assert article.word_count > 300
    assert "Copyright" not in article.content_text
    assert {t.name for t in article.tags.all()} == {"Engineering", "cities"}
    page_html = owner_client.get(response["Location"]).content.decode()
    assert "Saved “Bridges Under Strain”." in page_html


def test_the_same_link_again_opens_the_saved_article_with_a_notice(owner_client, web):
    web.routes["/story"] = page(article_html())
    save(owner_client, url=web.url("/story"))
    response = save(owner_client, url=web.url("/story?utm_source=newsletter#top"), tags="later")
    article = Article.objects.get()
    assert response["Location"] == reverse("article", args=[article.pk])
    assert (
        "You already saved this article" in owner_client.get(response["Location"]).content.decode()
    )
    assert [t.name for t in article.tags.all()] == ["later"]
    assert web.requests == ["/story"]  # recognised before fetching again


def test_a_redirecting_short_link_is_recognised_as_the_same_article(owner_client, web):
    web.routes["/story"] = page(article_html())
    web.routes["/s/abc"] = redirect("/story")
    save(owner_client, url=web.url("/story"))
    save(owner_client, url=web.url("/s/abc"))
    assert Article.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_link_five_times_at_once_is_saved_once(web, django_user_model):
    owner = django_user_model.objects.create_user("racer")

    def slow_story(handler):
        threading.Event().wait(0.3)  # keep the five requests overlapping
        page(article_html())(handler)

    web.routes["/story"] = slow_story
    results, errors = [], []

    def attempt():
        try:
            results.append(saving.save_from_url(owner, web.url("/story")))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Article.objects.filter(owner=owner).count() == 1
    assert sorted(r.created for r in results) == [False] * 4 + [True]
    assert len({r.article.pk for r in results}) == 1
    assert web.requests == ["/story"]


@pytest.mark.parametrize(
    "route, message",
    [
        (page("<h1>gone</h1>", status=404), "404"),
        (page("<h1>gone</h1>", status=410), "410"),
        (page("<h1>no</h1>", status=403), "403"),
        (page("<h1>oops</h1>", status=503), "503"),
        (page(b"%PDF-1.7 ...", content_type="application/pdf"), "PDF"),
        (page(stub_html()), "No readable article"),
    ],
)
def test_a_failed_fetch_keeps_the_link_in_the_form_and_says_why(owner_client, web, route, message):
    web.routes["/story"] = route
    response = save(owner_client, url=web.url("/story"), tags="kept-tag")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{web.url("/story")}"' in html
    assert 'value="kept-tag"' in html
    assert not Article.objects.exists()


def test_a_private_address_is_refused_with_a_suggestion_to_paste(owner_client, db):
    response = save(owner_client, url="http://10.0.0.1/secret")
    html = response.content.decode()
    assert "paste the page&#x27;s HTML" in html.lower() or "paste the page's html" in html.lower()
    assert 'value="http://10.0.0.1/secret"' in html
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "typed, message",
    [
        ("javascript:alert(1)", "Only web links"),
        ("", "Paste a link, or the HTML of a page"),
    ],
)
def test_bad_links_are_explained(owner_client, db, typed, message):
    response = save(owner_client, url=typed)
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_a_ten_thousand_character_tag_is_refused_and_the_input_kept(owner_client, web):
    response = save(owner_client, url=web.url("/story"), tags="x" * 10_000)
    assert "at most 100 characters" in response.content.decode()
    assert web.requests == []


def test_pasted_html_is_saved_without_any_request(owner_client, web):
    internal = web.url("/internal.png")
    html = article_html(
        "Pasted Piece", extra=f'<img src="{internal}"><link rel="stylesheet" href="{internal}">'
    )
    response = save(owner_client, html=html, url="https://paywalled.example/story")
    article = Article.objects.get()
    assert response["Location"] == reverse("article", args=[article.pk])
    assert article.title == "Pasted Piece"
    assert article.normalized_url == "https://paywalled.example/story"
    assert web.requests == []


def test_pasting_html_for_a_saved_link_updates_that_article(owner_client, web):
    web.routes["/story"] = page(article_html("Teaser", paragraphs=12))
    save(owner_client, url=web.url("/story"))
    save(owner_client, html=article_html("The Whole Story", paragraphs=30), url=web.url("/story"))
    article = Article.objects.get()
    assert article.title == "The Whole Story"


def test_pasted_html_without_an_article_says_so_and_keeps_the_text(owner_client, db):
    response = save(owner_client, html=stub_html())
    html = response.content.decode()
    assert "No readable article" in html
    assert "Subscribe to read this article." in html  # the textarea still holds the paste
    assert not Article.objects.exists()


def test_pasted_junk_is_refused_not_saved_as_untitled(owner_client, db):
    response = save(owner_client, html="asdf qwer zxcv")
    html = response.content.decode()
    assert "This does not look like a web page: no title and 3 words." in html
    assert "asdf qwer zxcv</textarea>" in html
    assert not Article.objects.exists()


def test_a_pasted_page_without_a_title_is_named_from_its_link(owner_client, db):
    body = "<p>" + "Words of a page that forgot its title element. " * 10 + "</p>"
    save(owner_client, html=body, url="https://example.com/2026/03/why-bridges-fall.html")
    assert Article.objects.get().title == "Why bridges fall"


def test_a_pasted_page_without_title_or_link_is_named_by_its_first_words(owner_client, db):
    save(owner_client, html="<p>" + "Plenty of real text in here without a title. " * 10 + "</p>")
    assert Article.objects.get().title == "Plenty of real text in here without a…"


def test_a_nul_byte_in_pasted_html_is_harmless(owner_client, db):
    save(owner_client, html=article_html("Null\x00 Title").replace("committee", "comm\x00ittee"))
    article = Article.objects.get()
    assert "\x00" not in article.title + article.content_html + article.content_text


@pytest.fixture
def saved(owner, web):
    web.routes["/story"] = page(article_html("Original", paragraphs=20))
    return saving.save_from_url(owner, web.url("/story")).article


def test_refetch_replaces_content_with_a_real_article(saved, web, owner_client):
    web.routes["/story"] = page(article_html("Updated Title", paragraphs=22))
    response = owner_client.post(reverse("article_refetch", args=[saved.pk]))
    saved.refresh_from_db()
    assert response.status_code == 302
    assert saved.title == "Updated Title"
    assert saved.failure_reason == ""


@pytest.mark.parametrize(
    "route, reason",
    [
        (page("<h1>gone</h1>", status=404), "404"),
        (page(stub_html()), "No readable article"),
        (page(article_html("Short", paragraphs=4)), "cut short"),
    ],
)
def test_refetch_keeps_the_saved_content_when_the_page_is_gone_or_shorter(
    saved, web, owner_client, route, reason
):
    before = (saved.title, saved.content_html, saved.word_count)
    web.routes["/story"] = route
    response = owner_client.post(reverse("article_refetch", args=[saved.pk]), follow=True)
    saved.refresh_from_db()
    assert (saved.title, saved.content_html, saved.word_count) == before
    assert saved.status == Article.Status.READY
    assert reason in saved.failure_reason and "saved version was kept" in saved.failure_reason
    html = response.content.decode()
    assert "Kept the saved version" in html
    assert "Re-fetch on" in html  # the reader keeps saying what happened


def test_a_stranger_cannot_refetch(saved, client, stranger):
    client.force_login(stranger)
    assert client.post(reverse("article_refetch", args=[saved.pk])).status_code == 404


def test_admin_refetch_runs_each_article_and_one_failure_does_not_stop_the_batch(
    saved, web, admin_client, make_article, django_capture_on_commit_callbacks
):
    broken = make_article(url=web.url("/gone"), word_count=500)
    web.routes["/story"] = page(article_html("Fresh", paragraphs=22))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "refetch_action", "_selected_action": [broken.pk, saved.pk]},
        )
    saved.refresh_from_db()
    broken.refresh_from_db()
    assert saved.title == "Fresh"
    assert "404" in broken.failure_reason


@pytest.mark.django_db(transaction=True)
def test_the_worker_refetches_in_the_background(web, django_user_model, settings):
    from django.core.management import call_command

    from articles.tasks import refetch_article

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    owner = django_user_model.objects.create_user("sleeper")
    web.routes["/story"] = page(article_html("Before", paragraphs=20))
    article = saving.save_from_url(owner, web.url("/story")).article
    web.routes["/story"] = page(article_html("After", paragraphs=20))
    refetch_article.enqueue(article.pk)
    article.refresh_from_db()
    assert article.title == "Before"  # queued, not run in the request
    call_command("db_worker", batch=True, interval=0)
    article.refresh_from_db()
    assert article.title == "After"


def test_a_link_in_the_address_only_fills_the_form(owner_client, web):
    """The bookmarklet opens /add/?url=...: a GET never saves or fetches anything."""
    web.routes["/story"] = page(article_html())
    response = owner_client.get(reverse("add") + "?url=" + web.url("/story"))
    assert f'value="{web.url("/story")}"' in response.content.decode()
    assert "javascript:location.href=" in response.content.decode()
    assert web.requests == [] and not Article.objects.exists()
