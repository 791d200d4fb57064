"""Saving from a link or pasted HTML: one article per URL, clear failures, nothing lost."""

import threading
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.ingest import saving
from articles.jobs.models import Job
from articles.jobs.worker import run_until_empty as run_jobs
from articles.models import Article
from tests.pages import article_html, stub_html, teaser_html
from tests.webserver import page, redirect


def save(client, **data):
    return client.post(reverse("add"), {"url": "", "html": "", "tags": "", **data})


def test_pasting_a_link_opens_the_article_at_once_and_the_worker_fills_it_in(owner_client, web):
    web.routes["/story"] = page(article_html("Bridges Under Strain"))
    response = save(owner_client, url=web.url("/story"), tags="Engineering, cities")
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("article", args=[article.pk])
    assert web.requests == []  # nothing fetched in the request
    assert article.status == Article.Status.PENDING
    pending = owner_client.get(response["Location"]).content.decode()
    assert "Fetching…" in pending and web.url("/story") in pending and "127.0.0.1" in pending
    assert run_jobs() == 1
    article.refresh_from_db()
    assert article.title == "Bridges Under Strain"
    assert article.byline == "Jane Doe"
    assert article.site_name == "The Daily Example"
    assert article.published_at.isoformat() == "2026-03-14T09:30:00+00:00"
    assert article.status == Article.Status.READY
    assert article.word_count > 300
    assert "Copyright" not in article.content_text
    assert {t.name for t in article.tags.all()} == {"Engineering", "cities"}
    page_html = owner_client.get(response["Location"]).content.decode()
    assert "Bridges Under Strain" in page_html and "Fetching" not in page_html


def test_the_same_link_again_opens_the_saved_article_with_a_notice(owner_client, web):
    web.routes["/story"] = page(article_html())
    save(owner_client, url=web.url("/story"))
    run_jobs()
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
    run_jobs()
    saved = Article.objects.get()
    response = save(owner_client, url=web.url("/s/abc"), tags="from-the-short-link")
    run_jobs()
    assert list(Article.objects.all()) == [saved]
    assert [t.name for t in saved.tags.all()] == ["from-the-short-link"]
    # The page of the short link, still open (and polling), leads to the article.
    assert owner_client.get(response["Location"])["Location"] == saved.get_absolute_url()
    polled = owner_client.get(response["Location"], headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == saved.get_absolute_url()


def test_a_stranger_is_not_led_to_an_article_through_its_short_link(
    owner_client, web, client, stranger
):
    web.routes["/story"] = page(article_html())
    web.routes["/s/abc"] = redirect("/story")
    save(owner_client, url=web.url("/story"))
    response = save(owner_client, url=web.url("/s/abc"))
    run_jobs()
    client.force_login(stranger)
    assert client.get(response["Location"]).status_code == 404


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
    assert Job.objects.count() == 1
    run_jobs()
    assert web.requests == ["/story"]


@pytest.mark.parametrize(
    "route, message",
    [
        (page("<h1>gone</h1>", status=404), "404"),
        (page("<h1>gone</h1>", status=410), "410"),
        (page("<h1>no</h1>", status=403), "403"),
        (page(b"%PDF-1.7 ...", content_type="application/pdf"), "PDF"),
        (page(stub_html()), "No readable article"),
    ],
)
def test_a_page_that_cannot_be_saved_fails_at_once_and_says_why(owner_client, web, route, message):
    web.routes["/story"] = route
    response = save(owner_client, url=web.url("/story"), tags="kept-tag")
    run_jobs()
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED and message in article.failure_reason
    assert web.requests == ["/story"]  # not retried
    assert Job.objects.get().state == Job.State.FAILED
    reader = owner_client.get(response["Location"]).content.decode()
    assert "could not be saved" in reader and message in reader and "Try again" in reader
    library = owner_client.get(reverse("unread")).content.decode()
    assert "Not saved." in library and message in library and "Retry" in library


def test_a_site_error_is_retried_later_and_the_page_says_when(owner_client, web, settings):
    web.routes["/story"] = page("<h1>oops</h1>", status=503)
    response = save(owner_client, url=web.url("/story"))
    run_jobs()
    article, job = Article.objects.get(), Job.objects.get()
    assert article.status == Article.Status.PENDING
    assert (job.state, job.attempts) == (Job.State.QUEUED, 1) and "503" in job.last_error
    reader = owner_client.get(response["Location"]).content.decode()
    assert "Trying again at" in reader and "503" in reader
    assert f"attempt 2 of {settings.JOB_MAX_ATTEMPTS}" in reader


def test_retry_after_is_honoured_for_every_fetch_to_that_site(owner_client, web, make_article):
    web.routes["/story"] = page("<h1>slow down</h1>", status=429, headers={"Retry-After": "600"})
    waiting = make_article(url=web.url("/other"), status=Article.Status.PENDING)
    save(owner_client, url=web.url("/story"))
    job = Job.objects.get()
    from articles.jobs.queue import queue_fetch

    queue_fetch(waiting, priority=Job.Priority.BULK)
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED
    for queued in Job.objects.all():
        assert (queued.run_after - timezone.now()).total_seconds() > 590
    assert web.requests == ["/story"]


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
    run_jobs()
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


def test_a_paywall_teaser_is_saved_with_a_notice_offering_to_paste_the_page(owner_client, web):
    web.routes["/story"] = page(teaser_html())
    save(owner_client, url=web.url("/story"))
    run_jobs()
    article = Article.objects.get()
    assert article.is_teaser and "first lines of the big story" in article.content_text
    html = owner_client.get(article.get_absolute_url()).content.decode()
    assert "only the start of the article" in html
    paste = reverse("add") + "?url=" + quote(web.url("/story")) + "&amp;paste=1"
    assert paste in html
    form = owner_client.get(reverse("add"), {"url": web.url("/story"), "paste": "1"})
    assert '<details class="paste" id="paste" open>' in form.content.decode()


def test_pasting_the_whole_page_over_a_teaser_clears_the_notice(owner_client, web):
    web.routes["/story"] = page(teaser_html("Bridges"))
    save(owner_client, url=web.url("/story"))
    save(owner_client, html=article_html("Bridges", paragraphs=20), url=web.url("/story"))
    article = Article.objects.get()
    assert not article.is_teaser and article.word_count > 500
    html = owner_client.get(article.get_absolute_url()).content.decode()
    assert "only the start of the article" not in html


@pytest.fixture
def saved(owner, web):
    web.routes["/story"] = page(article_html("Original", paragraphs=20))
    article = saving.save_from_url(owner, web.url("/story")).article
    run_jobs()
    article.refresh_from_db()
    return article


def test_refetch_replaces_content_with_a_real_article(saved, web, owner_client):
    web.routes["/story"] = page(article_html("Updated Title", paragraphs=22))
    response = owner_client.post(reverse("article_refetch", args=[saved.pk]))
    assert response.status_code == 302
    reader = owner_client.get(response["Location"]).content.decode()
    assert "Fetching the page again…" in reader and "Original" in reader
    run_jobs()
    saved.refresh_from_db()
    assert saved.title == "Updated Title"
    assert saved.failure_reason == ""


@pytest.mark.parametrize(
    "route, reason",
    [
        (page("<h1>gone</h1>", status=404), "404"),
        (page(stub_html()), "No readable article"),
        (page(teaser_html()), "paywall"),
        (page(article_html("Short", paragraphs=4)), "cut short"),
    ],
)
def test_refetch_keeps_the_saved_content_when_the_page_is_gone_or_shorter(
    saved, web, owner_client, route, reason
):
    before = (saved.title, saved.content_html, saved.word_count)
    web.routes["/story"] = route
    owner_client.post(reverse("article_refetch", args=[saved.pk]))
    run_jobs()
    saved.refresh_from_db()
    assert (saved.title, saved.content_html, saved.word_count) == before
    assert saved.status == Article.Status.READY
    assert reason in saved.failure_reason and "saved version was kept" in saved.failure_reason
    html = owner_client.get(saved.get_absolute_url()).content.decode()
    assert "Re-fetch on" in html  # the reader says what happened


def test_retry_of_a_failed_article_fetches_it_again(owner_client, web):
    web.routes["/story"] = page("<h1>gone</h1>", status=404)
    save(owner_client, url=web.url("/story"))
    run_jobs()
    article = Article.objects.get()
    web.routes["/story"] = page(article_html("Back Again"))
    owner_client.post(reverse("article_refetch", args=[article.pk]))
    article.refresh_from_db()
    assert (article.status, article.failure_reason) == (Article.Status.PENDING, "")
    run_jobs()
    article.refresh_from_db()
    assert (article.status, article.title) == (Article.Status.READY, "Back Again")


def test_a_stranger_cannot_refetch(saved, client, stranger):
    client.force_login(stranger)
    assert client.post(reverse("article_refetch", args=[saved.pk])).status_code == 404


def test_admin_refetch_queues_each_article_and_one_failure_does_not_stop_the_batch(
    saved, web, admin_client, make_article
):
    broken = make_article(url=web.url("/gone"), word_count=500)
    web.routes["/story"] = page(article_html("Fresh", paragraphs=22))
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "refetch_action", "_selected_action": [broken.pk, saved.pk]},
    )
    assert set(Job.objects.active().values_list("priority", flat=True)) == {Job.Priority.BULK}
    run_jobs()
    saved.refresh_from_db()
    broken.refresh_from_db()
    assert saved.title == "Fresh"
    assert "404" in broken.failure_reason


def test_a_link_in_the_address_only_fills_the_form(owner_client, web):
    """Links to /add/?url=... (old bookmarklets): a GET never saves or fetches anything."""
    web.routes["/story"] = page(article_html())
    response = owner_client.get(reverse("add") + "?url=" + web.url("/story"))
    assert f'value="{web.url("/story")}"' in response.content.decode()
    assert "javascript:(function(){" in response.content.decode()  # the bookmarklet
    assert web.requests == [] and not Article.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://example.com:99999/",
        "http://example.com:65536/",
        "http://example.com:-1/",
        "http://example.com:443:443/",
    ],
)
@pytest.mark.parametrize("html", ["", article_html("Kept")])
def test_a_malformed_link_is_a_form_error_with_or_without_a_paste(owner_client, url, html):
    response = save(owner_client, url=url, html=html)
    text = response.content.decode()
    assert response.status_code == 200
    assert "not valid" in text
    assert f'value="{url}"' in text  # what was typed stays in the form
    assert not Article.objects.exists()


# SECURITY.md, “Limits and user input”: a large paste travels as multipart and is either saved
# or refused with a page that says why.
CYRILLIC = "Мосты под нагрузкой: инженеры проверяют каждую опору старого города. "


def test_the_add_form_posts_multipart_and_states_its_limit(owner_client):
    html = owner_client.get(reverse("add")).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'data-max-bytes="10485760"' in html
    assert "Up to 10 MB." in html


def test_a_large_non_latin_paste_is_saved(owner_client):
    paragraph = f"<p>{CYRILLIC * 40}</p>\n"
    page = article_html("Большая статья").replace("</article>", paragraph * 750 + "</article>")
    assert 3_500_000 < len(page.encode()) < 4_500_000  # 11 MB and more once %-encoded
    response = save(owner_client, html=page)
    assert response.status_code == 302
    assert Article.objects.get().word_count > 250_000


def test_an_over_limit_paste_gets_a_page_that_says_so(owner_client):
    response = save(owner_client, html="<p>" + "я" * 6_000_000 + "</p>")
    assert response.status_code == 413
    text = response.content.decode()
    assert "newsreader accepts pages of up to 10 MB" in text
    assert "Back button" in text
    assert not Article.objects.exists()


def test_re_fetching_selected_articles_queues_the_users_own_behind_single_saves(
    saved, web, owner_client, make_article, stranger
):
    theirs = make_article(user=stranger, url=web.url("/theirs"))
    web.routes["/story"] = page(article_html("Fresh from the library", paragraphs=22))
    response = owner_client.post(reverse("bulk_refetch"), {"ids": [saved.pk, theirs.pk]})
    assert response.status_code == 302
    job = Job.objects.active().get()
    assert (job.article_id, job.priority) == (saved.pk, Job.Priority.BULK)
    run_jobs()
    saved.refresh_from_db()
    assert saved.title == "Fresh from the library"
