"""/api/v1/articles: listing (views, tags, search, sorts, keyset pages), saving, reading,
changing and deleting, each with its refusals."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.jobs.models import Job
from articles.jobs.worker import run_until_empty as run_jobs
from articles.models import Article, ReadingPreferences
from tests.api.client import error_of
from tests.pages import article_html
from tests.webserver import page, redirect

URL = "/api/v1/articles"


@pytest.fixture
def library(make_article, make_tag):
    """Five articles saved a day apart, newest last: states and tags of each kind."""
    start = timezone.now() - timedelta(days=10)
    rust, django = make_tag("Rust"), make_tag("django")
    made = []
    for n, title in enumerate(["Bridges", "Rivers", "Tunnels", "Roads", "Canals"]):
        made.append(
            make_article(
                title=f"{title} of the north",
                created_at=start + timedelta(days=n),
                word_count=100 * (n + 1),
                content_text=f"A long essay on {title.lower()} and the people who built them.",
            )
        )
    bridges, rivers, tunnels, roads, canals = made
    bridges.tags.add(rust, django)
    rivers.tags.add(rust)
    Article.objects.filter(pk=rivers.pk).star()
    Article.objects.filter(pk=tunnels.pk).archive()
    Article.objects.filter(pk=roads.pk).mark_read()
    return made


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"].split()[0] for item in response.json()["items"]]


def test_the_list_is_every_article_newest_first_with_states_and_tags(api, library):
    response = api.get(URL)
    assert titles(response) == ["Canals", "Roads", "Tunnels", "Rivers", "Bridges"]
    body = response.json()
    assert body["next_cursor"] is None and body["notes"] == []
    bridges = body["items"][-1]
    assert bridges["tags"] == [
        {"name": "django", "slug": "django"},
        {"name": "Rust", "slug": "rust"},
    ]
    rivers = body["items"][-2]
    assert (rivers["starred"], rivers["archived"], rivers["read"]) == (True, False, False)
    assert rivers["starred_at"] is not None and "content_html" not in rivers


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("view=unread", ["Canals", "Rivers", "Bridges"]),
        ("view=starred", ["Rivers"]),
        ("view=archived", ["Tunnels"]),
        ("tag=rust", ["Rivers", "Bridges"]),
        ("tag=rust&view=starred", ["Rivers"]),
        ("sort=oldest", ["Bridges", "Rivers", "Tunnels", "Roads", "Canals"]),
        ("sort=longest", ["Canals", "Roads", "Tunnels", "Rivers", "Bridges"]),
        ("sort=shortest&view=unread", ["Bridges", "Rivers", "Canals"]),
        ("q=tunnels", ["Tunnels"]),
        ("q=is:read", ["Roads"]),
        ("q=tag:rust -is:starred", ["Bridges"]),
        ("q=people&view=unread&sort=oldest", ["Bridges", "Rivers", "Canals"]),
        ("q=people sort:oldest&tag=rust", ["Bridges", "Rivers"]),
    ],
)
def test_the_list_takes_the_librarys_views_tags_sorts_and_searches(api, library, query, expected):
    assert titles(api.get(f"{URL}?{query}")) == expected


def test_a_search_tells_what_it_left_out(api, library):
    body = api.get(URL, {"q": "tag:nosuchtag bridges"}).json()
    assert body["items"] == [] and body["notes"] == ["You have no tag named “nosuchtag”."]


def test_keyset_pages_walk_the_whole_list_once(api, library):
    for sort in ("newest", "oldest", "longest", "shortest"):
        seen, cursor = [], None
        while True:
            params = {"limit": 2, "sort": sort} | ({"cursor": cursor} if cursor else {})
            body = api.get(URL, params).json()
            assert len(body["items"]) <= 2
            seen += [item["id"] for item in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(a.pk for a in library) and len(seen) == 5, sort


def test_a_search_ranked_by_relevance_pages_too(api, library):
    first = api.get(URL, {"q": "essay", "limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"] == "r3"
    rest = api.get(URL, {"q": "essay", "limit": 3, "cursor": "r3"}).json()
    assert rest["next_cursor"] is None
    ids = [i["id"] for i in first["items"] + rest["items"]]
    assert sorted(ids) == sorted(a.pk for a in library)


def test_the_list_shows_only_the_users_own_articles(api, library, make_article, stranger):
    make_article(user=stranger, title="Theirs entirely")
    assert "Theirs" not in titles(api.get(URL))
    assert "Theirs" not in titles(api.get(URL, {"q": "theirs"}))


def test_tags_come_with_the_page_in_one_statement(api, library, make_article, make_tag):
    for n in range(20):
        make_article().tags.add(make_tag(f"extra {n}"))

    def statements(limit):
        with CaptureQueriesContext(connection) as queries:
            assert len(api.get(URL, {"limit": limit}).json()["items"]) == limit
        # Leave out the bookkeeping that comes once a minute whatever the page: the token's
        # last use, and clearing the rate limit's past windows.
        return [q["sql"] for q in queries if not q["sql"].startswith(("UPDATE", "DELETE"))]

    # The token, its request count, and the page with its tags: as many for 2 as for 25.
    assert len(statements(2)) == len(statements(25)) == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("view=inbox", "view"),
        ("sort=random", "sort"),
        ("cursor=nonsense", "cursor"),
        ("cursor=99999999999999999999-1", "cursor"),
        ("q=" + "x" * 501, "q"),
    ],
)
def test_bad_parameters_are_a_400_that_names_the_field(api, library, query, field):
    error = error_of(api.get(f"{URL}?{query}"), 400)
    assert error["code"] == "invalid" and field in error["fields"]
    assert error["message"].startswith(f"{field}: ")


def test_an_unknown_tag_is_not_found(api, library, make_tag, stranger):
    make_tag("secret", user=stranger)
    assert error_of(api.get(URL, {"tag": "secret"}), 404)["code"] == "not_found"


def test_search_operators_that_mean_nothing_are_searched_safely(api, library):
    for query in ["foo &", "!", "(", "a:*", "'\":*", "|:*", "%00", "http://google", "\x00"]:
        assert api.get(URL, {"q": query}).status_code == 200, query


# Saving


def test_saving_a_link_returns_the_pending_article_at_once_and_queues_its_fetch(api, owner, web):
    web.routes["/story"] = page(article_html("Bridges Under Strain"))
    response = api.post(URL, {"url": web.url("/story"), "tags": ["Engineering", "to read"]})
    assert response.status_code == 201, response.content
    article = response.json()
    assert article["status"] == "pending" and article["content_html"] == ""
    assert [t["name"] for t in article["tags"]] == ["Engineering", "to read"]
    assert Job.objects.filter(article_id=article["id"], kind="fetch").exists()
    run_jobs()  # the worker's half: the same pipeline as the add form
    fetched = api.get(f"{URL}/{article['id']}").json()
    assert fetched["status"] == "ready" and fetched["title"] == "Bridges Under Strain"
    assert "<p>" in fetched["content_html"]


def test_saving_a_link_already_saved_returns_that_article_with_200(api, make_article):
    saved = make_article(url="https://example.com/a", normalized_url="https://example.com/a")
    response = api.post(URL, {"url": "https://example.com/a?utm_source=feed", "tags": ["new"]})
    assert response.status_code == 200 and response.json()["id"] == saved.pk
    assert [t["name"] for t in response.json()["tags"]] == ["new"]
    assert Article.objects.count() == 1


def test_saving_html_stores_the_article_sanitised(api):
    html = article_html("Pasted Page", extra='<script>alert(1)</script><img src=x onerror="x()">')
    response = api.post(URL, {"html": html, "url": "https://example.com/pasted"})
    assert response.status_code == 201, response.content
    article = response.json()
    assert article["status"] == "ready" and article["title"] == "Pasted Page"
    assert "<script" not in article["content_html"] and "onerror" not in article["content_html"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({}, "__all__", "Paste a link, or the HTML of a page, to save it."),
        ({"url": "javascript:alert(1)"}, "url", "Only web links (http or https)"),
        ({"url": "https://exa\x00mple.com/"}, "url", "invisible characters"),
        ({"url": "https://example.com/", "tags": ["a,b"]}, "tags", "cannot contain a comma"),
        ({"url": "https://example.com/", "tags": ["x" * 101]}, "tags", "at most 100 characters"),
        ({"url": "https://example.com/", "tags": ["bad\x00tag"]}, "tags", "control character"),
        ({"url": 42}, "url", "valid string"),
        ({"url": "https://example.com/", "tags": "one"}, "tags", "valid list"),
    ],
)
def test_bad_input_to_save_is_a_400_saying_what_is_wrong(api, payload, field, message):
    error = error_of(api.post(URL, payload), 400)
    assert message in " ".join(error["fields"][field])
    assert Article.objects.count() == 0


def test_a_body_that_is_not_json_is_a_400(api):
    error = error_of(api.post(URL, "{not json", content_type="application/json"), 400)
    assert "not valid JSON" in error["message"]


def test_a_private_address_cannot_be_saved(api):
    error = error_of(api.post(URL, {"url": "http://169.254.169.254/latest/meta-data/"}), 422)
    assert error["code"] == "cannot_save" and Article.objects.count() == 0


def test_a_page_too_large_is_refused_with_413(api, settings):
    settings.FETCH_MAX_BYTES = 10_000
    error = error_of(api.post(URL, {"html": article_html("Big", paragraphs=200)}), 413)
    assert "larger than" in error["message"]


def test_nul_bytes_in_pasted_html_are_dropped_not_refused(api):
    response = api.post(URL, {"html": article_html("With\x00Nul").replace("<p>", "<p>\x00", 1)})
    assert response.status_code == 201 and "\x00" not in response.json()["content_html"]


# Reading, changing, deleting


def test_reading_gives_the_content(api, make_article):
    article = make_article(content_html="<p>The whole text.</p>")
    body = api.get(f"{URL}/{article.pk}").json()
    assert body["content_html"] == "<p>The whole text.</p>" and body["id"] == article.pk


def test_someone_elses_article_is_not_found_whatever_the_method(api, make_article, stranger):
    theirs = make_article(user=stranger)
    missing = error_of(api.get(f"{URL}/{theirs.pk + 1000}"), 404)
    for method, body in [("get", None), ("patch", {"starred": True}), ("delete", None)]:
        response = getattr(api, method)(f"{URL}/{theirs.pk}", *([body] if body else []))
        assert error_of(response, 404) == missing, method
    theirs.refresh_from_db()
    assert theirs.starred_at is None


def test_a_huge_id_is_not_found(api):
    error_of(api.get(f"{URL}/99999999999999999999999"), 404)


def test_a_link_saved_twice_under_two_addresses_leads_to_the_one_article(api, owner, web):
    web.routes["/short"] = redirect(web.url("/long"), 301)
    web.routes["/long"] = page(article_html("The Long Address"))
    first = api.post(URL, {"url": web.url("/long")}).json()
    run_jobs()
    second = api.post(URL, {"url": web.url("/short")}).json()
    run_jobs()  # the fetch finds the page already saved: the pending article merges into it
    response = api.get(f"{URL}/{second['id']}")
    assert response.status_code == 301 and response["Location"] == f"{URL}/{first['id']}"


def test_states_change_as_asked_never_toggled(api, make_article):
    article = make_article()
    for _ in range(2):  # twice: the second changes nothing
        body = api.patch(f"{URL}/{article.pk}", {"starred": True, "archived": True}).json()
        assert (body["starred"], body["archived"], body["read"]) == (True, True, False)
    body = api.patch(f"{URL}/{article.pk}", {"archived": False, "read": True}).json()
    assert (body["starred"], body["archived"], body["read"]) == (True, False, True)
    assert body["reading_progress"] == 1.0


def test_progress_to_the_end_marks_read_and_archives_if_the_user_wants(api, owner, make_article):
    ReadingPreferences.objects.create(user=owner, archive_when_finished=True)
    article = make_article()
    body = api.patch(f"{URL}/{article.pk}", {"progress": 0.4}).json()
    assert (body["reading_progress"], body["read"]) == (0.4, False)
    body = api.patch(f"{URL}/{article.pk}", {"progress": 1}).json()
    assert body["read"] and body["archived"]


def test_tags_sent_are_the_articles_tags(api, make_article, make_tag):
    article = make_article()
    article.tags.add(make_tag("old"), make_tag("Kept"))
    body = api.patch(f"{URL}/{article.pk}", {"tags": ["kept", "New one"]}).json()
    assert [t["name"] for t in body["tags"]] == ["Kept", "New one"]
    assert api.patch(f"{URL}/{article.pk}", {"tags": []}).json()["tags"] == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"progress": 1.5}, "progress"),
        ({"progress": "half"}, "progress"),
        ({"starred": "maybe"}, "starred"),
        ({"tags": ["a,b"]}, "tags"),
        ({"tags": [f"t{n}" for n in range(101)]}, "tags"),
    ],
)
def test_bad_changes_are_a_400_and_change_nothing(api, make_article, payload, field):
    article = make_article()
    error = error_of(api.patch(f"{URL}/{article.pk}", payload), 400)
    assert field in error["fields"]
    article.refresh_from_db()
    assert article.reading_progress == 0 and article.starred_at is None


def test_deleting_removes_the_article(api, make_article):
    article = make_article()
    response = api.delete(f"{URL}/{article.pk}")
    assert response.status_code == 204 and response.content == b""
    assert not Article.objects.filter(pk=article.pk).exists()
    error_of(api.delete(f"{URL}/{article.pk}"), 404)


@pytest.mark.parametrize("sort", ["newest", "longest"])
def test_cursors_past_any_value_are_answered_not_crashed_on(api, library, sort):
    for cursor in ["99999999999999999999-9999999999999999999", "1-9999999999999999999"]:
        response = api.get(URL, {"sort": sort, "cursor": cursor})
        assert response.status_code in (200, 400), response.content
