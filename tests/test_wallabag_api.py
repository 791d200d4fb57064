"""wallabag API v2: the request sequences of KOReader's plugin, the Android app and
wallabag-client replayed as they send them (IMPORTS-AND-API.md, section C), and every answer's
types checked against the spec (tests/wallabag_schema.py)."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import throttle
from articles.imports import running
from articles.imports.upload import start_import
from articles.jobs.models import Job
from articles.models import Article, Tag
from articles.wallabag.models import AccessToken, ApiClient, RefreshToken
from tests import wallabag_schema as schema
from tests.pages import article_html

PASSWORD = "owner-password-123"
KOREADER = {"Accept": "application/json, */*"}  # with Content-type: application/json


@pytest.fixture
def app(owner):
    """An API client of the owner's: (client_id, client_secret)."""
    client, secret = ApiClient.issue(owner, name="KOReader")
    return client.client_id, secret


@pytest.fixture
def api(client, app):
    """Another test client, signed in through the password grant; `api.headers` holds its
    Authorization header for requests sent from other clients."""
    client_id, secret = app
    response = client.post(
        "/oauth/v2/token",
        {
            "grant_type": "password",
            "client_id": client_id,
            "client_secret": secret,
            "username": "owner",
            "password": PASSWORD,
        },
    )
    authorization = f"Bearer {response.json()['access_token']}"
    signed_in = Client(HTTP_AUTHORIZATION=authorization)
    signed_in.headers = {"Authorization": authorization}
    return signed_in


def as_json(response):
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def send(client, method: str, path: str, payload: str = "{}"):
    """A request with a JSON body (none for GET)."""
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, payload, content_type="application/json")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# KOReader's wallabag plugin (plugins/wallabag.koplugin/main.lua)


def test_koreader_syncs_reads_and_archives(client, app, owner, make_article, make_tag):
    client_id, secret = app
    unread = [make_article(title=f"Unread {n}") for n in range(3)]
    make_article(title="Done", archived_at=timezone.now())
    unread[0].tags.add(make_tag("longread"))

    # getBearerToken: a JSON POST
    token_body = json.dumps(
        {
            "grant_type": "password",
            "client_id": client_id,
            "client_secret": secret,
            "username": "owner",
            "password": PASSWORD,
        }
    )
    response = client.post(
        "/oauth/v2/token", token_body, content_type="application/json", headers=KOREADER
    )
    assert response.status_code == 200
    token = as_json(response)
    schema.check(token, schema.TOKEN)
    auth = KOREADER | {"Authorization": f"Bearer {token['access_token']}"}

    # addArticle from its queue: {url, tags} (auto_tags may be empty); success is 200 and "{"
    added = client.post(
        "/api/entries.json",
        json.dumps({"url": "https://example.org/queued-story", "tags": ""}),
        content_type="application/json",
        headers=auth,
    )
    assert added.status_code == 200 and added.content.startswith(b"{")
    schema.check(as_json(added), schema.ENTRY)

    # getArticleList: pages of perPage until it has enough, or a 404 says there are no more
    seen, page = [], 1
    while True:
        response = client.get(
            f"/api/entries.json?archive=0&page={page}&perPage=3",
            headers={"Authorization": auth["Authorization"]},
        )
        if response.status_code == 404:
            schema.check(as_json(response), schema.ERROR)
            break
        assert response.status_code == 200
        listing = as_json(response)
        schema.check(listing, schema.ENVELOPE)
        seen += [
            (item["id"], [t["label"] for t in item["tags"]])
            for item in listing["_embedded"]["items"]
        ]
        page += 1
    assert page == 3  # two pages of unread articles (3 + the queued one), then 404
    assert {pk for pk, _ in seen} == {a.pk for a in unread} | {as_json(added)["id"]}
    assert (unread[0].pk, ["longread"]) in seen

    # the filter tag
    filtered = as_json(
        client.get("/api/entries.json?archive=0&page=1&perPage=30&tags=longread", headers=auth)
    )
    assert [item["id"] for item in filtered["_embedded"]["items"]] == [unread[0].pk]

    # download: the EPUB export
    epub = client.get(f"/api/entries/{unread[1].pk}/export.epub", headers=auth)
    assert epub.status_code == 200 and epub["Content-Type"] == "application/epub+zip"
    book = zipfile.ZipFile(io.BytesIO(body(epub)))
    assert book.namelist()[0] == "mimetype"
    assert any("Unread 1" in book.read(name).decode() for name in book.namelist()[1:])

    # send the review as tags
    tagged = client.post(
        f"/api/entries/{unread[1].pk}/tags.json",
        json.dumps({"tags": "good,to-share"}),
        content_type="application/json",
        headers=auth,
    )
    assert tagged.status_code == 200
    assert {t["label"] for t in as_json(tagged)["tags"]} == {"good", "to-share"}

    # a finished article is archived ...
    archived = client.patch(
        f"/api/entries/{unread[1].pk}.json",
        json.dumps({"archive": 1}),
        content_type="application/json",
        headers=auth,
    )
    assert archived.status_code == 200 and as_json(archived)["is_archived"] == 1
    assert Article.objects.get(pk=unread[1].pk).archived_at is not None
    # ... or deleted (headers=nil: only the bearer token)
    deleted = client.delete(
        f"/api/entries/{unread[2].pk}.json", headers={"Authorization": auth["Authorization"]}
    )
    assert deleted.status_code == 200
    schema.check(as_json(deleted), schema.ENTRY)
    assert not Article.objects.filter(pk=unread[2].pk).exists()


# The Android app (wallabag/android-app through di72nn/wallabag-api-wrapper): form bodies


def test_android_app_signs_in_syncs_and_refreshes(client, app, owner, make_article, make_tag):
    client_id, secret = app
    old = make_article(title="Old one")
    Article.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    fresh = make_article(title="Fresh one", starred_at=timezone.now())
    fresh.tags.add(make_tag("news"))

    assert as_json(client.get("/api/version.json")) == "2.6.10"
    schema.check(as_json(client.get("/api/info.json")), schema.INFO)

    form = {
        "grant_type": "password",
        "client_id": client_id,
        "client_secret": secret,
        "username": "owner",
        "password": PASSWORD,
    }
    token = as_json(
        client.post(
            "/oauth/v2/token", urlencode(form), content_type="application/x-www-form-urlencoded"
        )
    )
    schema.check(token, schema.TOKEN)
    auth = {"Authorization": f"Bearer {token['access_token']}"}

    schema.check(as_json(client.get("/api/user.json", headers=auth)), schema.USER)

    # sync: what changed since the last sync, metadata first
    since = int((timezone.now() - timedelta(days=1)).timestamp())
    changed = as_json(
        client.get(
            "/api/entries.json",
            {
                "since": since,
                "detail": "metadata",
                "sort": "updated",
                "order": "asc",
                "perPage": 50,
                "page": 1,
            },
            headers=auth,
        )
    )
    schema.check(changed, schema.ENVELOPE)
    assert [e["id"] for e in changed["_embedded"]["items"]] == [fresh.pk]
    assert changed["_embedded"]["items"][0]["content"] is None
    assert changed["_embedded"]["items"][0]["is_starred"] == 1
    full = as_json(client.get(f"/api/entries/{fresh.pk}.json", headers=auth))
    schema.check(full, schema.ENTRY)
    assert full["content"] == fresh.content_html

    # share → add: a form POST; the app asks first whether the links are saved
    exists = as_json(
        client.get(
            "/api/entries/exists.json",
            {"urls[]": [old.url, "https://example.org/new"], "return_id": 1},
            headers=auth,
        )
    )
    assert exists == {old.url: old.pk, "https://example.org/new": None}
    hashed = as_json(
        client.get(
            "/api/entries/exists.json", {"hashed_urls[]": [sha1(old.url), sha1("x")]}, headers=auth
        )
    )
    assert hashed == {sha1(old.url): True, sha1("x"): False}
    added = client.post(
        "/api/entries.json",
        urlencode({"url": "https://example.org/new", "tags": "phone,later"}),
        content_type="application/x-www-form-urlencoded",
        headers=auth,
    )
    assert added.status_code == 200
    entry = as_json(added)
    schema.check(entry, schema.ENTRY)
    assert sorted(t["label"] for t in entry["tags"]) == ["later", "phone"]

    # tags of an entry: list, add (form), remove one
    tags = as_json(client.get(f"/api/entries/{entry['id']}/tags.json", headers=auth))
    schema.check(tags, [schema.TAG])
    with_more = as_json(
        client.post(
            f"/api/entries/{entry['id']}/tags.json",
            urlencode({"tags": "news"}),
            content_type="application/x-www-form-urlencoded",
            headers=auth,
        )
    )
    assert sorted(t["label"] for t in with_more["tags"]) == ["later", "news", "phone"]
    phone = next(t for t in tags if t["label"] == "phone")
    without = as_json(
        client.delete(f"/api/entries/{entry['id']}/tags/{phone['id']}.json", headers=auth)
    )
    assert sorted(t["label"] for t in without["tags"]) == ["later", "news"]

    # all tags, with counts; delete by id, by label, by labels
    all_tags = as_json(client.get("/api/tags.json", headers=auth))
    schema.check(all_tags, [schema.TAG_WITH_COUNT])
    assert {t["label"]: t["nbEntries"] for t in all_tags}["news"] == 2
    schema.check(as_json(client.delete(f"/api/tags/{phone['id']}.json", headers=auth)), schema.TAG)
    schema.check(as_json(client.delete("/api/tag/label.json?tag=LATER", headers=auth)), schema.TAG)
    removed = as_json(client.delete("/api/tags/label.json?tags=news,unknown", headers=auth))
    schema.check(removed, [schema.TAG])
    assert [t["label"] for t in removed] == ["news"]
    assert not Tag.objects.filter(owner=owner).exists()
    assert Article.objects.filter(owner=owner).count() == 3  # articles stay

    # reload, search, annotations
    reloaded = client.patch(f"/api/entries/{old.pk}/reload.json", headers=auth)
    schema.check(as_json(reloaded), schema.ENTRY)
    assert Job.objects.filter(article_id=old.pk).exists()
    found = as_json(
        client.get("/api/search.json", {"term": "Fresh", "page": 1, "perPage": 10}, headers=auth)
    )
    schema.check(found, schema.ENVELOPE)
    assert [e["id"] for e in found["_embedded"]["items"]] == [fresh.pk]
    notes = as_json(client.get(f"/api/annotations/{fresh.pk}.json", headers=auth))
    schema.check(notes, schema.ANNOTATIONS)
    assert notes == {"total": 0, "rows": []}

    # the access token expires: 401, then the refresh grant (form) gives a new pair
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get("/api/entries.json", headers=auth)
    assert expired.status_code == 401
    schema.check(as_json(expired), schema.ERROR)
    refresh = {"grant_type": "refresh_token", "client_id": client_id, "client_secret": secret}
    renewed = client.post(
        "/oauth/v2/token",
        urlencode(refresh | {"refresh_token": token["refresh_token"]}),
        content_type="application/x-www-form-urlencoded",
    )
    assert renewed.status_code == 200
    schema.check(as_json(renewed), schema.TOKEN)
    auth = {"Authorization": f"Bearer {as_json(renewed)['access_token']}"}
    assert client.get("/api/entries.json", headers=auth).status_code == 200
    # a refresh token is good once
    again = client.post(
        "/oauth/v2/token",
        urlencode(refresh | {"refresh_token": token["refresh_token"]}),
        content_type="application/x-www-form-urlencoded",
    )
    assert again.status_code == 400 and as_json(again)["error"] == "invalid_grant"


# wallabag-client (artur-shaik/wallabag-client): GET for the token, plain paths


def test_wallabag_client_gets_a_token_by_get_and_edits(client, app, make_article):
    client_id, secret = app
    saved = make_article(title="Before")
    query = urlencode(
        {
            "grant_type": "password",
            "client_id": client_id,
            "client_secret": secret,
            "username": "owner",
            "password": PASSWORD,
        }
    )
    token = as_json(client.get(f"/oauth/v2/token?{query}"))
    schema.check(token, schema.TOKEN)
    auth = {"Authorization": f"Bearer {token['access_token']}"}

    assert as_json(client.get("/api/version")) == "2.6.10"
    listing = as_json(
        client.get("/api/entries?perPage=10&detail=metadata&order=asc&archive=0", headers=auth)
    )
    schema.check(listing, schema.ENVELOPE)
    assert listing["_embedded"]["items"][0]["content"] is None

    assert as_json(
        client.get(f"/api/entries/exists?url={saved.url}&return_id=1", headers=auth)
    ) == {"exists": saved.pk}
    assert as_json(
        client.get("/api/entries/exists?url=https://nowhere.example/&return_id=1", headers=auth)
    ) == {"exists": None}
    assert as_json(client.get(f"/api/entries/exists?url={saved.url}", headers=auth)) == {
        "exists": True
    }

    edited = client.patch(
        f"/api/entries/{saved.pk}",
        urlencode({"title": "After", "starred": 1, "archive": 0}),
        content_type="application/x-www-form-urlencoded",
        headers=auth,
    )
    entry = as_json(edited)
    assert (entry["title"], entry["is_starred"], entry["is_archived"]) == ("After", 1, 0)

    added = as_json(
        client.post(
            "/api/entries",
            {
                "url": "https://example.org/cli",
                "title": "From the shell",
                "starred": 1,
                "archive": 1,
                "tags": "cli",
            },
            headers=auth,
        )
    )
    assert (added["title"], added["is_starred"], added["is_archived"]) == ("From the shell", 1, 1)
    assert [t["label"] for t in added["tags"]] == ["cli"]

    for fmt, content_type in [
        ("md", "text/markdown"),
        ("txt", "text/plain"),
        ("json", "application/json"),
        ("csv", "text/csv"),
    ]:
        exported = client.get(f"/api/entries/{saved.pk}/export.{fmt}", headers=auth)
        assert exported.status_code == 200 and exported["Content-Type"].startswith(content_type)
        assert b"After" in body(exported)


# Entry JSON: every field, every type


def test_an_entry_has_every_field_with_wallabags_types(
    api, owner, make_article, make_tag, settings
):
    settings.TIME_ZONE = "Europe/Paris"
    moment = timezone.make_aware(
        timezone.datetime(2026, 7, 1, 9, 30), timezone.get_fixed_timezone(0)
    )
    article = make_article(
        title="All the fields",
        given_url="https://t.co/short",
        byline="Jane Doe",
        language="fr",
        lead_image_url="https://example.com/lead.jpg",
        published_at=moment,
        starred_at=moment,
        read_at=moment,
        reading_minutes=7,
    )
    Article.objects.filter(pk=article.pk).update(created_at=moment)
    article.tags.add(make_tag("Café"))
    entry = as_json(api.get(f"/api/entries/{article.pk}"))
    schema.check(entry, schema.ENTRY)
    assert entry["created_at"] == "2026-07-01T11:30:00+0200"
    assert (entry["is_archived"], entry["is_starred"]) == (1, 1)  # read counts as archived
    assert entry["archived_at"] == "2026-07-01T11:30:00+0200"
    assert entry["hashed_url"] == sha1(article.url)
    assert entry["given_url"] == "https://t.co/short"
    assert entry["hashed_given_url"] == sha1("https://t.co/short")
    assert entry["published_by"] == ["Jane Doe"]
    assert entry["tags"] == [{"id": article.tags.get().pk, "label": "Café", "slug": "t:café"}]
    assert entry["domain_name"] == "example.com"
    assert (entry["reading_time"], entry["language"], entry["http_status"]) == (7, "fr", "200")
    assert entry["user_name"] == "owner" and entry["user_id"] == owner.pk
    assert entry["_links"] == {"self": {"href": f"/api/entries/{article.pk}"}}


def test_a_pending_entry_has_nulls_not_missing_keys(api):
    entry = as_json(api.post("/api/entries", {"url": "https://example.org/waiting"}))
    schema.check(entry, schema.ENTRY)
    assert entry["title"] == "https://example.org/waiting"
    assert entry["content"] == ""
    for key in ("published_at", "published_by", "language", "preview_picture", "http_status"):
        assert entry[key] is None, key


# Saving: update-or-create, content as the page


def test_posting_a_saved_link_again_updates_it_with_200(api, owner):
    first = api.post("/api/entries", {"url": "https://example.org/story?utm_source=x", "tags": "a"})
    second = api.post(
        "/api/entries", {"url": "https://example.org/story", "tags": "b", "starred": 1}
    )
    assert first.status_code == second.status_code == 200
    assert as_json(first)["id"] == as_json(second)["id"]
    assert sorted(t["label"] for t in as_json(second)["tags"]) == ["a", "b"]
    assert as_json(second)["is_starred"] == 1
    assert Article.objects.filter(owner=owner).count() == 1


def test_posted_content_is_the_page(api, owner):
    html = article_html(title="Sent From The Browser")
    response = api.post(
        "/api/entries",
        json.dumps({"url": "https://example.org/paywalled", "content": html, "title": "My title"}),
        content_type="application/json",
    )
    entry = as_json(response)
    assert response.status_code == 200 and entry["http_status"] == "200"
    assert entry["title"] == "My title"
    assert "Engineers say the bridge was designed" in entry["content"]
    assert not Job.objects.filter(article_id=entry["id"]).exists()  # nothing to fetch


def test_patch_replaces_tags_and_sets_fields(api, make_article, make_tag):
    article = make_article()
    article.tags.add(make_tag("old"))
    entry = as_json(
        api.patch(
            f"/api/entries/{article.pk}.json",
            json.dumps(
                {
                    "tags": "new,newer",
                    "language": "de",
                    "published_at": "2020-02-02T10:00:00+0200",
                    "authors": "Ann, Bob",
                    "preview_picture": "https://example.com/p.png",
                    "starred": 1,
                }
            ),
            content_type="application/json",
        )
    )
    assert sorted(t["label"] for t in entry["tags"]) == ["new", "newer"]
    assert entry["language"] == "de" and entry["published_by"] == ["Ann, Bob"]
    assert entry["published_at"].startswith("2020-02-02T08:00:00")
    assert entry["preview_picture"] == "https://example.com/p.png"
    unarchived = as_json(
        api.patch(
            f"/api/entries/{article.pk}",
            json.dumps({"archive": 0}),
            content_type="application/json",
        )
    )
    assert unarchived["is_archived"] == 0


def test_delete_can_answer_with_the_id_only(api, make_article):
    article = make_article()
    assert as_json(api.delete(f"/api/entries/{article.pk}?expect=id")) == {"id": article.pk}


# Listing


def test_the_list_filters_sorts_and_links_pages(api, make_article, make_tag):
    a = make_article(title="A", url="https://one.example/a")
    b = make_article(title="B", url="https://two.example/b", starred_at=timezone.now())
    c = make_article(title="C", url="https://two.example/c", archived_at=timezone.now())
    tag, other = make_tag("x"), make_tag("y")
    a.tags.add(tag, other)
    b.tags.add(tag)

    def ids(query):
        listing = as_json(api.get(f"/api/entries?{query}"))
        schema.check(listing, schema.ENVELOPE)
        return [item["id"] for item in listing["_embedded"]["items"]]

    assert ids("") == [c.pk, b.pk, a.pk]
    assert ids("order=asc") == [a.pk, b.pk, c.pk]
    assert ids("archive=1") == [c.pk]
    assert ids("archive=0") == [b.pk, a.pk]
    assert ids("starred=1") == [b.pk]
    assert ids("starred=0") == [c.pk, a.pk]
    assert ids("tags=x") == [b.pk, a.pk]
    assert ids("tags=x,Y") == [a.pk]  # every tag, any case
    assert ids("tags=nothing") == []
    assert ids("domain_name=two.example") == [c.pk, b.pk]
    assert ids("public=1") == []
    assert ids("sort=archived") == [c.pk, b.pk, a.pk]

    paged = as_json(api.get("/api/entries?perPage=1&page=2&starred=0"))
    assert (paged["page"], paged["limit"], paged["pages"], paged["total"]) == (2, 1, 2, 2)
    assert set(paged["_links"]) == {"self", "first", "last", "previous"}
    assert "starred=0" in paged["_links"]["self"]["href"]
    assert paged["_links"]["first"]["href"].endswith("/api/entries?starred=0&page=1&perPage=1")
    first = as_json(api.get("/api/entries?perPage=1&page=1"))
    assert first["_links"]["next"]["href"].startswith("http://testserver/api/entries?")


def test_a_page_past_the_last_is_404_and_an_empty_first_page_is_not(api, make_article):
    empty = as_json(api.get("/api/entries?page=1"))
    assert (empty["pages"], empty["total"], empty["_embedded"]["items"]) == (1, 0, [])
    make_article()
    past = api.get("/api/entries?page=2")
    assert past.status_code == 404
    schema.check(as_json(past), schema.ERROR)


def test_the_list_costs_the_same_queries_for_5_or_30_entries(
    api, make_article, make_tag, django_assert_max_num_queries
):
    tag = make_tag("t")
    for _ in range(5):
        make_article().tags.add(tag)
    api.get("/api/entries")  # the token's last use is written at most once a minute
    with django_assert_max_num_queries(3) as five:  # the token, the count, the page
        api.get("/api/entries")
    for _ in range(25):
        make_article().tags.add(tag)
    with django_assert_max_num_queries(len(five.captured_queries)):
        api.get("/api/entries")


# Authentication


def test_no_token_a_wrong_token_or_a_revoked_client_is_401(client, api, app):
    for headers in ({}, {"Authorization": "Bearer nra_wrong"}, {"Authorization": "Basic eDp5"}):
        response = client.get("/api/entries", headers=headers)
        assert response.status_code == 401, headers
        schema.check(as_json(response), schema.ERROR)
        assert as_json(response)["error"] == "access_denied"
    assert client.get("/api/entries", headers=api.headers).status_code == 200
    ApiClient.objects.filter(client_id=app[0]).delete()
    assert client.get("/api/entries", headers=api.headers).status_code == 401
    assert AccessToken.objects.count() == RefreshToken.objects.count() == 0


def test_the_token_may_also_come_in_the_query(client, api):
    token = api.headers["Authorization"].split()[1]
    listing = as_json(client.get(f"/api/entries?access_token={token}"))
    assert "access_token" not in listing["_links"]["self"]["href"]


def test_version_and_info_are_public_the_rest_is_not(client, db):
    assert client.get("/api/version").status_code == 200
    assert client.get("/api/info.json").status_code == 200
    for path in ("/api/user", "/api/tags", "/api/entries/exists?url=x", "/api/search?term=a"):
        assert client.get(path).status_code == 401, path


@pytest.mark.parametrize(
    "change, error",
    [
        ({"client_secret": "nrc_wrong"}, "invalid_client"),
        ({"client_id": "someone-else"}, "invalid_client"),
        ({"password": "wrong"}, "invalid_grant"),
        ({"username": "nobody"}, "invalid_grant"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({"grant_type": None}, "unsupported_grant_type"),
        ({"password": None}, "invalid_request"),
    ],
)
def test_the_token_endpoint_refuses_like_wallabag(client, app, change, error):
    form = {
        "grant_type": "password",
        "client_id": app[0],
        "client_secret": app[1],
        "username": "owner",
        "password": PASSWORD,
    } | change
    response = client.post("/oauth/v2/token", {k: v for k, v in form.items() if v is not None})
    assert response.status_code == 400
    schema.check(as_json(response), schema.ERROR)
    assert as_json(response)["error"] == error
    assert response["Cache-Control"].startswith("no-store")


def test_a_client_only_signs_in_its_own_user(client, app, stranger):
    response = client.post(
        "/oauth/v2/token",
        {
            "grant_type": "password",
            "client_id": app[0],
            "client_secret": app[1],
            "username": "stranger",
            "password": "stranger-password-123",
        },
    )
    assert response.status_code == 400 and as_json(response)["error"] == "invalid_grant"


def test_refresh_tokens_expire_and_belong_to_their_client(client, app, owner):
    _, refresh = RefreshToken.issue_for(ApiClient.objects.get(client_id=app[0]))
    form = {"grant_type": "refresh_token", "refresh_token": refresh}
    mine = form | {"client_id": app[0], "client_secret": app[1]}
    RefreshToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert as_json(client.post("/oauth/v2/token", mine))["error"] == "invalid_grant"
    RefreshToken.objects.update(expires_at=timezone.now() + timedelta(days=1))
    other, other_secret = ApiClient.issue(owner, name="Another")
    theirs = form | {"client_id": other.client_id, "client_secret": other_secret}
    assert as_json(client.post("/oauth/v2/token", theirs))["error"] == "invalid_grant"
    assert client.post("/oauth/v2/token", mine).status_code == 200


def test_failed_sign_ins_from_one_address_are_throttled(client, app, monkeypatch):
    monkeypatch.setattr(throttle, "AUTH_FAILURES_PER_IP", throttle.Limit("test-ip", 3, 600))
    wrong = {"grant_type": "password", "client_id": app[0], "client_secret": "nrc_no"}
    statuses = [client.post("/oauth/v2/token", wrong).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    refused = client.get("/oauth/v2/token", wrong)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    schema.check(as_json(refused), schema.ERROR)
    # bad bearer tokens count too
    assert client.get("/api/entries", headers={"Authorization": "Bearer nra_x"}).status_code == 429


def test_wrong_passwords_for_one_name_are_throttled(client, app):
    form = {
        "grant_type": "password",
        "client_id": app[0],
        "client_secret": app[1],
        "username": "owner",
    }
    for _ in range(throttle.LOGIN_FAILURES_PER_USER.count):
        client.post("/oauth/v2/token", form | {"password": "guess"})
    right = client.post("/oauth/v2/token", form | {"password": PASSWORD})
    assert right.status_code == 400 and as_json(right)["error"] == "invalid_grant"


def test_an_inactive_users_tokens_stop_working(client, api, owner):
    owner.is_active = False
    owner.save()
    assert client.get("/api/entries", headers=api.headers).status_code == 401


# Ownership and bad input


def test_another_users_entries_and_tags_are_not_found(api, make_article, make_tag, stranger):
    theirs = make_article(user=stranger, title="Private")
    their_tag = make_tag("secret", user=stranger)
    theirs.tags.add(their_tag)
    mine = make_article()
    missing = 10**9
    requests = [
        ("get", "/api/entries/{}"),
        ("patch", "/api/entries/{}"),
        ("delete", "/api/entries/{}"),
        ("patch", "/api/entries/{}/reload"),
        ("get", "/api/entries/{}/export.epub"),
        ("get", "/api/entries/{}/export.txt"),
        ("get", "/api/entries/{}/tags"),
        ("post", "/api/entries/{}/tags"),
        ("get", "/api/annotations/{}"),
    ]
    for method, path in requests:
        change = json.dumps({"tags": "x", "archive": 1})
        answer = send(api, method, path.format(theirs.pk), change)
        nothing = send(api, method, path.format(missing), change)
        assert answer.status_code == nothing.status_code == 404, path
        assert answer.content == nothing.content
    assert api.delete(f"/api/entries/{mine.pk}/tags/{their_tag.pk}").status_code == 404
    assert api.delete(f"/api/tags/{their_tag.pk}").status_code == 404
    assert api.delete("/api/tag/label?tag=secret").status_code == 404
    assert api.delete("/api/tags/label?tags=secret").status_code == 404
    assert as_json(api.get(f"/api/entries/exists?url={theirs.url}")) == {"exists": False}
    assert as_json(api.get("/api/tags")) == []
    assert as_json(api.get("/api/entries"))["total"] == 1
    theirs.refresh_from_db()
    assert theirs.archived_at is None and list(theirs.tags.all()) == [their_tag]


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("get", "/api/entries?archive=yes", None),
        ("get", "/api/entries?starred=2", None),
        ("get", "/api/entries?sort=title", None),
        ("get", "/api/entries?order=up", None),
        ("get", "/api/entries?page=0", None),
        ("get", "/api/entries?page=abc", None),
        ("get", "/api/entries?perPage=-1", None),
        ("get", "/api/entries?detail=everything", None),
        ("get", "/api/entries?since=yesterday", None),
        ("get", "/api/entries?http_status=abc", None),
        ("get", "/api/entries?tags=" + "t" * 101, None),
        ("get", "/api/entries/exists", None),
        ("get", "/api/search?perPage=x", None),
        ("post", "/api/entries", {}),
        ("post", "/api/entries", {"url": "javascript:alert(1)"}),
        ("post", "/api/entries", {"url": "http://127.0.0.1:8000/admin/"}),
        ("post", "/api/entries", {"url": "https://example.org/", "title": "a\x00b"}),
        ("post", "/api/entries", {"url": "https://example.org/", "archive": "maybe"}),
        ("post", "/api/entries", "not json {"),
        ("post", "/api/entries", "[1, 2]"),
        ("post", "/api/entries", {"url": ["a", "b"]}),
        ("patch", "/api/entries/{pk}", {"published_at": "the other day"}),
        ("patch", "/api/entries/{pk}", {"title": "x" * 501}),
        ("patch", "/api/entries/{pk}", {"title": "Kept?", "origin_url": "https://a.example/\x00"}),
        ("delete", "/api/entries/{pk}?expect=everything", None),
        ("post", "/api/annotations/{pk}", {"text": "note", "quote": "q", "ranges": []}),
    ],
)
def test_bad_input_is_a_400_that_says_why(api, make_article, method, path, data):
    article = make_article()
    payload = data if isinstance(data, str) else json.dumps(data or {})
    response = send(api, method, path.format(pk=article.pk), payload)
    assert response.status_code == 400, response.content
    schema.check(as_json(response), schema.ERROR)
    assert len(as_json(response)["error_description"]) > 10
    article.refresh_from_db()
    assert article.title.startswith("Article number") and article.published_at is None


def test_a_nul_in_the_query_is_a_404_in_wallabags_shape(api):
    # A control character names nothing, as everywhere on the site; the apps read JSON.
    for path in (
        "/api/entries?tags=a%00b",
        "/api/entries/exists?url=a%00b",
        "/oauth/v2/token?x=%01",
    ):
        response = api.get(path)
        assert response.status_code == 404
        schema.check(as_json(response), schema.ERROR)
        assert "control characters" in as_json(response)["error_description"]


def test_an_unknown_address_of_the_api_answers_in_its_shape(api):
    response = api.get("/api/no-such-thing")
    assert response.status_code == 404
    schema.check(as_json(response), schema.ERROR)


def test_a_wrong_method_is_405_with_allow(api):
    response = api.put("/api/entries")
    assert response.status_code == 405 and response["Allow"] == "GET, POST"
    schema.check(as_json(response), schema.ERROR)


# Clients: the command and the account page


def test_create_api_client_prints_the_id_and_the_secret(owner, client):
    out = io.StringIO()
    call_command("create_api_client", "--user", "owner", "--name", "Kobo", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("client_id: ") and lines[1].startswith("client_secret: ")
    client_id, secret = (
        lines[0].removeprefix("client_id: "),
        lines[1].removeprefix("client_secret: "),
    )
    stored = ApiClient.objects.get(client_id=client_id)
    assert stored.name == "Kobo" and stored.user == owner and secret not in stored.digest
    form = {"grant_type": "password", "client_id": client_id, "client_secret": secret}
    response = client.post("/oauth/v2/token", form | {"username": "owner", "password": PASSWORD})
    assert response.status_code == 200


def test_create_api_client_names_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user named"):
        call_command("create_api_client", "--user", "nobody")


def test_the_account_page_creates_shows_once_and_revokes_clients(owner_client, owner, stranger):
    response = owner_client.post(
        "/account/api-clients/", {"name": "KOReader on the Kobo"}, follow=True
    )
    client = ApiClient.objects.get(user=owner)
    page = response.content.decode()
    assert "KOReader on the Kobo" in page and client.client_id in page
    secret = page.split("Client secret</dt><dd><code>")[1].split("</code>")[0]
    assert ApiClient.for_credentials(client.client_id, secret) == client
    again = owner_client.get("/account/").content.decode()
    assert client.client_id in again and secret not in again  # shown once

    theirs, _ = ApiClient.issue(stranger, name="Theirs")
    assert owner_client.post(f"/account/api-clients/{theirs.pk}/revoke/").status_code == 404
    assert owner_client.get(f"/account/api-clients/{client.pk}/revoke/").status_code == 405
    owner_client.post(f"/account/api-clients/{client.pk}/revoke/")
    assert not ApiClient.objects.filter(user=owner).exists()
    assert ApiClient.objects.filter(pk=theirs.pk).exists()


def test_api_pages_ignore_the_sites_session(owner_client):
    # No CSRF check on the API, so a logged-in browser must not count as signed in there.
    assert owner_client.get("/api/entries").status_code == 401
    assert (
        Client(enforce_csrf_checks=True).post("/api/entries", {"url": "https://x.org"}).status_code
        == 401
    )


def test_patched_content_replaces_the_page_through_the_sanitiser(api, make_article):
    article = make_article()
    html = article_html(
        title="Updated Copy", extra='<script>alert(1)</script><img src=x onerror="a()">'
    )
    entry = as_json(
        api.patch(
            f"/api/entries/{article.pk}.json",
            json.dumps({"content": html, "published_at": 1700000000}),
            content_type="application/json",
        )
    )
    assert "Engineers say the bridge was designed" in entry["content"]
    assert "<script" not in entry["content"] and "onerror" not in entry["content"]
    assert entry["published_at"].startswith("2023-11-14T")
    assert entry["title"] == "Updated Copy"


def test_hashed_links_are_found_by_the_link_saved_or_given(api, make_article, monkeypatch):
    from articles.wallabag import lookup

    monkeypatch.setattr(lookup, "HASH_CHUNK", 2)  # several chunks for a few articles
    saved = [make_article() for _ in range(5)]
    short = make_article(given_url="https://t.co/abc")
    assert as_json(api.get(f"/api/entries/exists?hashed_url={sha1(saved[3].url)}")) == {
        "exists": True
    }
    query = urlencode({"hashed_url": sha1("https://t.co/abc"), "return_id": 1})
    assert as_json(api.get(f"/api/entries/exists?{query}")) == {"exists": short.pk}
    many = urlencode({"hashed_urls[]": [sha1(saved[0].url), sha1(short.url), "0" * 40]}, doseq=True)
    assert as_json(api.get(f"/api/entries/exists?{many}&return_id=1")) == {
        sha1(saved[0].url): saved[0].pk,
        sha1(short.url): short.pk,
        "0" * 40: None,
    }


def test_a_changed_link_is_found_by_its_new_hash_only(api, make_article):
    article = make_article(url="https://example.com/before", given_url="https://example.com/before")
    before = api.get(f"/api/entries/exists?hashed_url={sha1(article.url)}")
    assert as_json(before) == {"exists": True}
    article.url = "https://example.com/after"
    article.save()  # as the worker does after a redirect
    for link, exists in [("https://example.com/after", True), ("https://example.com/before", True)]:
        answer = api.get(f"/api/entries/exists?hashed_url={sha1(link)}")
        assert as_json(answer) == {"exists": exists}, link  # the given link is still the same
    article.given_url = "https://example.com/after"
    article.save()
    answer = api.get(f"/api/entries/exists?hashed_url={sha1('https://example.com/before')}")
    assert as_json(answer) == {"exists": False}


def test_asking_by_links_never_waits_for_the_hashes(api, make_article):
    saved = make_article()
    Article.objects.filter(pk=make_article().pk).update(url="https://example.org/moved")
    many = urlencode({"urls[]": [saved.url, "https://example.org/new"]}, doseq=True)
    with CaptureQueriesContext(connection) as statements:
        answer = as_json(api.get(f"/api/entries/exists?{many}"))
    assert answer == {saved.url: True, "https://example.org/new": False}
    assert not [s for s in statements if "hashed_url" in s["sql"]]  # no hashing of the moved


def test_imported_links_are_found_by_their_hashes_at_once(api, owner):
    items = [
        {"url": f"https://example.org/{n}", "title": f"Item {n}", "is_archived": 0, "tags": []}
        for n in range(30)
    ]
    upload = SimpleUploadedFile("wallabag.json", json.dumps(items).encode())
    assert running.run_import(start_import(owner, upload, "").pk).created == 30
    many = urlencode({"hashed_urls[]": [sha1("https://example.org/7"), "0" * 40]}, doseq=True)
    with CaptureQueriesContext(connection) as statements:
        answer = as_json(api.get(f"/api/entries/exists?{many}"))
    assert answer == {sha1("https://example.org/7"): True, "0" * 40: False}
    hashing = [s for s in statements if s["sql"].startswith("UPDATE articles_article")]
    assert not hashing  # the import hashed them as it wrote them


def test_links_written_bypassing_the_model_are_hashed_at_the_next_question(api, make_article):
    moved = make_article(url="https://example.org/before", given_url="https://example.org/given")
    Article.objects.filter(pk=moved.pk).update(url="https://example.org/after")  # no hashing
    with connection.cursor() as cursor:  # as a seed or a repair script would
        cursor.execute(
            "INSERT INTO articles_article (owner_id, given_url, url, normalized_url, title,"
            " byline, site_name, excerpt, language, lead_image_url, content_html, content_text,"
            " word_count, reading_minutes, is_teaser, status, failure_reason, reading_progress,"
            " created_at, updated_at) SELECT owner_id, '', 'https://example.org/raw', '', 'Raw',"
            " '', '', '', '', '', '', '', 0, 0, false, 'ready', '', 0, now(), now()"
            " FROM articles_article WHERE id = %s RETURNING id",
            [moved.pk],
        )
        raw = cursor.fetchone()[0]
    assert Article.objects.filter(hashed_url__isnull=True).count() == 2
    asked = [sha1(link) for link in ("https://example.org/after", "https://example.org/before")]
    asked += [sha1("https://example.org/given"), sha1("https://example.org/raw")]
    query = urlencode({"hashed_urls[]": asked, "return_id": 1}, doseq=True)
    assert list(as_json(api.get(f"/api/entries/exists?{query}")).values()) == [
        moved.pk, None, moved.pk, raw,
    ]  # fmt: skip
    assert not Article.objects.filter(hashed_url__isnull=True).exists()


def test_the_total_is_the_number_of_entries_listed_for_every_filter(
    api, owner, stranger, make_article, make_tag
):
    now = timezone.now()
    for fields in [
        {}, {}, {}, {"starred_at": now}, {"read_at": now}, {"archived_at": now},
        {"archived_at": now, "read_at": now, "starred_at": now},
        {"read_at": now, "starred_at": now},
    ]:  # fmt: skip
        make_article(**fields)
    make_article(user=stranger, starred_at=now)
    first_two = Article.objects.filter(owner=owner).order_by("id")[:2]
    Article.objects.filter(pk__in=first_two).update(starred_at=now)  # as a bulk action does
    kept, other = make_tag("Kept"), make_tag("Other")
    for article in Article.objects.filter(owner=owner).order_by("id")[:5]:
        article.tags.add(kept)
    Article.objects.filter(owner=owner).order_by("id").last().tags.add(kept, other)
    make_article(user=stranger).tags.add(make_tag("Kept", user=stranger))
    for query in ("", "archive=0", "archive=1", "starred=0", "starred=1", "archive=0&starred=1",
                  "archive=1&starred=0", "archive=1&starred=1", "archive=0&starred=0",
                  "archive=1&notParsed=0", "tags=Kept", "tags=kept&archive=0",
                  "tags=Kept,Other"):  # fmt: skip
        page = as_json(api.get(f"/api/entries?perPage=1000&{query}"))
        assert page["total"] == len(page["_embedded"]["items"]) > 0, query
