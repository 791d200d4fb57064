"""/api/v1/imports and /api/v1/exports: started through the API, run on the job queue as the
site's are, followed, downloaded; someone else's are not found."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT
from django.utils import timezone

from articles.exports.models import Export
from articles.imports.models import Import
from articles.jobs.worker import run_until_empty as run_jobs
from articles.models import Article
from tests.api.client import error_of

POCKET = (
    "title,url,time_added,cursor,tags,status\n"
    "Kaizen - Wikipedia,http://en.wikipedia.org/wiki/Kaizen,1366446656,1,programming|tech,archive\n"
    "No link,,1433869813,3,,unread\n"
)


def upload(api, content: bytes, name="pocket.csv", **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    return api.post("/api/v1/imports", data, content_type=MULTIPART_CONTENT)


@pytest.fixture
def no_fetches(settings):
    # Imported links stay pending: these tests are about the import, not the fetcher.
    settings.FETCH_ALLOWED_PORTS = [1]


def test_an_import_starts_from_an_upload_and_reports_its_progress(api, owner, no_fetches):
    response = upload(api, POCKET.encode())
    assert response.status_code == 202, response.content
    started = response.json()
    assert started["state"] == "queued" and started["format"] == "pocket"
    from articles.imports import running

    running.run_import(started["id"])
    status = api.get(f"/api/v1/imports/{started['id']}").json()
    assert status["state"] == "done"
    assert (status["rows_read"], status["created"], status["skipped"]) == (2, 1, 1)
    assert status["fetches"] == {"ready": 0, "pending": 1, "failed": 0}
    assert [i["id"] for i in api.get("/api/v1/imports").json()] == [started["id"]]
    assert Article.objects.get(owner=owner).title == "Kaizen - Wikipedia"


@pytest.mark.parametrize(
    ("content", "fields", "field", "message"),
    [
        (b"not,a,known\nformat,at,all\n", {}, "file", ""),
        (POCKET.encode(), {"format": "myspace"}, "format", "Unknown format"),
        (None, {}, "file", "Attach the file"),
    ],
)
def test_a_bad_import_is_a_400_and_starts_nothing(api, content, fields, field, message):
    if content is None:
        response = api.post("/api/v1/imports", fields, content_type=MULTIPART_CONTENT)
    else:
        response = upload(api, content, **fields)
    error = error_of(response, 400)
    assert message in " ".join(error["fields"][field])
    assert not Import.objects.exists()


def test_an_import_over_the_size_limit_is_refused_with_413(api, settings):
    settings.IMPORT_MAX_BYTES = 1000
    error = error_of(upload(api, POCKET.encode() * 40), 413)
    assert "larger than" in error["message"] and not Import.objects.exists()


def test_an_import_cancelled_through_the_api_adds_nothing_more(api, owner, no_fetches):
    from articles.imports import running

    started = upload(api, POCKET.encode()).json()
    response = api.post(f"/api/v1/imports/{started['id']}/cancel")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "cancelled"
    ended = running.run_import(started["id"])
    assert ended.state == "cancelled" and not Article.objects.filter(owner=owner).exists()
    error = error_of(api.post(f"/api/v1/imports/{started['id']}/cancel"), 409)
    assert "already ended (cancelled)" in error["message"]


def test_someone_elses_import_is_not_found(api, stranger):
    theirs = Import.objects.create(owner=stranger, format="pocket", file_name="p.csv")
    error_of(api.get(f"/api/v1/imports/{theirs.pk}"), 404)
    error_of(api.post(f"/api/v1/imports/{theirs.pk}/cancel"), 404)
    assert Import.objects.get(pk=theirs.pk).state == "queued"
    assert api.get("/api/v1/imports").json() == []


# Exports


@pytest.fixture
def library(make_article, make_tag):
    rust = make_tag("rust")
    first, second = make_article(title="First"), make_article(title="Second")
    first.tags.add(rust)
    return first, second


def test_an_export_is_prepared_in_the_background_then_downloaded(api, library):
    response = api.post("/api/v1/exports", {"format": "json"})
    assert response.status_code == 202, response.content
    export = response.json()
    assert export["state"] == "queued" and export["download_url"] is None
    assert error_of(api.get(f"/api/v1/exports/{export['id']}/download"), 409)["code"] == "not_ready"
    assert run_jobs() == 1
    ready = api.get(f"/api/v1/exports/{export['id']}").json()
    assert ready["state"] == "ready" and ready["article_count"] == 2
    download = api.get(ready["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/json"
    titles = {a["title"] for a in json.loads(b"".join(download.streaming_content))}
    assert titles == {"First", "Second"}
    assert [e["id"] for e in api.get("/api/v1/exports").json()] == [export["id"]]


@pytest.mark.parametrize(
    ("payload", "count"),
    [
        ({"format": "csv", "scope": "tag", "tag": "rust"}, 1),
        ({"format": "markdown", "scope": "search", "query": "second"}, 1),
        ({"format": "html", "scope": "selection", "ids": "both"}, 2),
        ({"format": "epub", "scope": "article", "ids": "first"}, 1),
    ],
)
def test_an_export_covers_a_tag_a_search_a_selection_or_an_article(api, library, payload, count):
    ids = {"both": [a.pk for a in library], "first": [library[0].pk]}
    if "ids" in payload:
        payload = payload | {"ids": ids[payload["ids"]]}
    export = api.post("/api/v1/exports", payload).json()
    run_jobs()
    assert api.get(f"/api/v1/exports/{export['id']}").json()["article_count"] == count


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "format"),
        ({"format": "pdf"}, "format"),
        ({"format": "json", "scope": "everything"}, "scope"),
        ({"format": "json", "scope": "tag"}, "tag"),
        ({"format": "json", "scope": "search", "query": "  "}, "query"),
        ({"format": "json", "scope": "selection"}, "ids"),
        ({"format": "json", "scope": "selection", "ids": [2**70]}, "ids.0"),
        ({"format": "json", "scope": "tag", "tag": "a\x00b"}, "tag"),
    ],
)
def test_a_bad_export_is_a_400_and_starts_nothing(api, library, payload, field):
    error = error_of(api.post("/api/v1/exports", payload), 400)
    assert field in error["fields"]
    assert not Export.objects.exists()


def test_someone_elses_tag_article_or_export_is_not_found(api, stranger, make_article, make_tag):
    make_tag("secret", user=stranger)
    theirs = make_article(user=stranger)
    error_of(api.post("/api/v1/exports", {"format": "json", "scope": "tag", "tag": "secret"}), 404)
    payload = {"format": "json", "scope": "article", "ids": [theirs.pk]}
    error_of(api.post("/api/v1/exports", payload), 404)
    export = Export.objects.create(owner=stranger, library_of=stranger, format="json")
    error_of(api.get(f"/api/v1/exports/{export.pk}"), 404)
    error_of(api.get(f"/api/v1/exports/{export.pk}/download"), 404)


def test_an_expired_export_is_gone(api, library):
    export = api.post("/api/v1/exports", {"format": "csv"}).json()
    run_jobs()
    Export.objects.filter(pk=export["id"]).update(expires_at=timezone.now())
    assert api.get(f"/api/v1/exports/{export['id']}").json()["download_url"] is None
    assert error_of(api.get(f"/api/v1/exports/{export['id']}/download"), 410)["code"] == "gone"
