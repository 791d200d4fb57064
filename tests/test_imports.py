# ruff: noqa: E501  (hand-written export files keep their real line lengths)
"""Importing: upload, the background job, idempotence, resumption, cancelling and the report."""

import json
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.imports import running
from articles.imports.models import Import, ImportedHighlight
from articles.imports.upload import start_import
from articles.jobs import lease
from articles.jobs.models import Job
from articles.jobs.worker import run_job
from articles.jobs.worker import run_until_empty as run_jobs
from articles.models import Article
from articles.search import search_articles
from tests.pages import article_html
from tests.webserver import page

POCKET = (
    "title,url,time_added,cursor,tags,status\n"
    "Kaizen - Wikipedia,http://en.wikipedia.org/wiki/Kaizen,1366446656,1,programming|tech,archive\n"
    "Velocity,http://www.stevesouders.com/blog/velocity/?utm_source=x,1433869813,2,,unread\n"
    "No link,,1433869813,3,,unread\n"
    "Script,javascript:alert(1),1433869813,4,,unread\n"
)


def upload(client, content, name="pocket.csv", fmt=""):
    data = content.encode() if isinstance(content, str) else content
    return client.post(reverse("imports"), {"file": SimpleUploadedFile(name, data), "format": fmt})


@pytest.fixture
def no_fetches():
    # Pending articles stay pending: these tests are about the import, not the fetcher, and the
    # queue runs nothing unless a test runs it.
    yield
    assert not Job.objects.filter(kind="fetch").exclude(state="queued").exists()


def import_now(owner, content, name="pocket.csv", fmt="") -> Import:
    data = content.encode() if isinstance(content, str) else content
    job = start_import(owner, SimpleUploadedFile(name, data), fmt)
    return running.run_import(job.pk)


def test_an_upload_answers_at_once_and_the_job_imports_rows(owner_client, owner, no_fetches):
    response = upload(owner_client, POCKET)
    job = Import.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.state == "queued" and job.file  # the worker imports it
    job = running.run_import(job.pk)
    assert job.state == "done" and not job.file  # the upload is deleted once read
    assert (job.rows_read, job.created, job.already_saved, job.skipped) == (4, 2, 0, 2)
    kaizen = Article.objects.get(owner=owner, url="http://en.wikipedia.org/wiki/Kaizen")
    assert kaizen.status == "pending" and kaizen.title == "Kaizen - Wikipedia"
    assert sorted(kaizen.tags.values_list("name", flat=True)) == ["programming", "tech"]
    assert list(search_articles(owner, "tag:tech").articles) == [kaizen]
    assert list(search_articles(owner, "programming").articles) == [kaizen]  # in its search head
    assert kaizen.created_at == datetime.fromtimestamp(1366446656, UTC)
    assert kaizen.archived_at == kaizen.created_at and kaizen.read_at is None  # no invented date
    velocity = Article.objects.get(owner=owner, title="Velocity")
    assert velocity.normalized_url == "http://www.stevesouders.com/blog/velocity/"
    # The library lists the oldest saved date last, whatever order the rows came in.
    assert list(Article.objects.for_user(owner).values_list("title", flat=True)) == [
        "Velocity",
        "Kaizen - Wikipedia",
    ]


def test_the_progress_page_and_the_report_say_what_was_skipped_and_why(
    owner_client, owner, no_fetches
):
    job = import_now(owner, POCKET)
    page_html = owner_client.get(job.get_absolute_url()).content.decode()
    assert 'data-count="skipped">2<' in page_html and 'data-count="pending">2<' in page_html
    report = b"".join(owner_client.get(reverse("import_report", args=[job.pk])).streaming_content)
    lines = report.decode().splitlines()
    assert lines[0] == "where,url,title,reason"
    assert lines[1] == "row 4,,No link,Skipped: no link."
    assert lines[2].startswith('row 5,javascript:alert(1),Script,"Skipped: Only web links')


def test_importing_the_same_file_again_adds_nothing(owner, no_fetches):
    import_now(owner, POCKET)
    before = Article.objects.count()
    again = import_now(owner, POCKET)
    assert Article.objects.count() == before
    assert (again.created, again.already_saved, again.skipped) == (0, 2, 2)


def test_links_already_saved_keep_their_state_and_gain_the_files_tags(
    owner, make_article, no_fetches
):
    saved = make_article(
        url="https://en.wikipedia.org/wiki/Kaizen",
        normalized_url="http://en.wikipedia.org/wiki/Kaizen",
    )
    job = import_now(owner, POCKET)
    saved.refresh_from_db()
    assert job.already_saved == 1 and saved.archived_at is None
    assert sorted(saved.tags.values_list("name", flat=True)) == ["programming", "tech"]


def test_a_link_saved_while_the_batch_was_read_is_already_saved_and_the_rest_is_created(
    owner, make_article, no_fetches, monkeypatch
):
    # The batch's lookup misses an article saved a moment later (as by a save in another tab):
    # the insert meets the unique constraint, and the batch is stored all the same.
    saved = make_article(
        url="https://en.wikipedia.org/wiki/Kaizen",
        normalized_url="http://en.wikipedia.org/wiki/Kaizen",
    )
    lookups = []
    existing = running._existing

    def missed_once(owner, wanted):
        lookups.append(len(wanted))
        return {} if len(lookups) == 1 else existing(owner, wanted)

    monkeypatch.setattr(running, "_existing", missed_once)
    job = import_now(owner, POCKET)
    assert len(lookups) == 2  # the first lookup, and one more after the conflict
    assert (job.created, job.already_saved, job.skipped) == (1, 1, 2)
    assert Article.objects.filter(owner=owner).count() == 2
    assert sorted(saved.tags.values_list("name", flat=True)) == ["programming", "tech"]
    assert Job.objects.filter(kind="fetch").count() == 1  # the new article's, not the saved one's


def test_a_conflict_the_lookup_cannot_explain_saves_the_batch_one_by_one(
    owner, make_article, no_fetches, monkeypatch
):
    make_article(
        url="https://en.wikipedia.org/wiki/Kaizen",
        normalized_url="http://en.wikipedia.org/wiki/Kaizen",
    )
    monkeypatch.setattr(running, "_existing", lambda owner, wanted: {})
    job = import_now(owner, POCKET)
    assert (job.created, job.already_saved, job.skipped) == (1, 1, 2)
    velocity = Article.objects.get(owner=owner, title="Velocity")
    assert list(search_articles(owner, "Velocity").articles) == [velocity]


def test_the_same_link_twice_in_one_file_is_one_article_with_both_copies_tags(owner, no_fetches):
    data = "title,url,time_added,tags,status\nA,https://a.example/x,20,one,unread\nA again,https://a.example/x#top,10,two,archive\n"
    job = import_now(owner, data)
    article = Article.objects.get(owner=owner)
    assert (job.created, job.already_saved) == (1, 1)
    assert sorted(article.tags.values_list("name", flat=True)) == ["one", "two"]
    assert article.archived_at is not None and article.created_at.timestamp() == 10


def test_an_interrupted_import_resumes_without_duplicates(owner, no_fetches, monkeypatch):
    rows = "".join(f"T{n},https://a.example/{n},{n},,unread\n" for n in range(1, 8))
    job = start_import(
        owner, SimpleUploadedFile("p.csv", ("title,url,time_added,tags,status\n" + rows).encode())
    )
    monkeypatch.setattr(running, "BATCH_SIZE", 3)

    def worker_killed(progress):
        raise SystemExit("killed")

    with pytest.raises(SystemExit):
        running.run_import(job.pk, progress=worker_killed)
    job.refresh_from_db()
    assert job.state == "running" and job.rows_read == 3 and Article.objects.count() == 3
    running.run_import(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.created == 7 and Article.objects.count() == 7


def test_a_cancelled_import_stops_and_keeps_what_it_added(
    owner_client, owner, no_fetches, monkeypatch
):
    rows = "".join(f"T{n},https://a.example/{n},{n},,unread\n" for n in range(1, 8))
    job = start_import(
        owner, SimpleUploadedFile("p.csv", ("title,url,time_added,tags,status\n" + rows).encode())
    )
    monkeypatch.setattr(running, "BATCH_SIZE", 3)

    def user_cancels(progress):
        owner_client.post(reverse("import_cancel", args=[job.pk]))

    ended = running.run_import(job.pk, progress=user_cancels)
    assert ended.state == "cancelled" and ended.rows_read == 3 and Article.objects.count() == 3


def test_content_from_the_file_is_sanitised_indexed_and_needs_no_fetch(owner, no_fetches):
    entry = {
        "url": "https://w.example/story", "title": "Bridges", "is_archived": 0, "is_starred": 1,
        "created_at": "2016-09-08T11:55:58+0200", "tags": ["eng"],
        "content": '<p onclick="steal()">Suspension bridges <script>alert(1)</script>carry loads.</p>'
                   '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "annotations": [{"quote": "carry loads", "text": "good"}],
    }  # fmt: skip
    job = import_now(owner, json.dumps([entry]), "wallabag.json")
    article = Article.objects.get(owner=owner)
    assert job.format == "wallabag" and article.status == "ready"
    assert article.content_html == "<p>Suspension bridges carry loads.</p>"
    assert article.starred_at == datetime(2016, 9, 8, 9, 55, 58, tzinfo=UTC)
    assert search_articles(owner, "suspension").articles.get() == article
    assert ImportedHighlight.objects.get(article=article).note == "good"


def test_pending_articles_are_fetched_and_the_fetched_title_replaces_a_truncated_one(owner, web):
    web.routes["/story"] = page(article_html("Bridges Under Strain: The Whole Title"))
    data = f"title,url,time_added,tags,status\nBridges Under Str…,{web.url('/story')},1,,unread\n"
    job = import_now(owner, data)
    assert run_jobs() == 2  # the import's job, then its one fetch
    article = Article.objects.get(owner=owner)
    assert article.status == "ready" and article.title == "Bridges Under Strain: The Whole Title"
    assert job.fetch_counts() == {"ready": 1, "pending": 0, "failed": 0}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "is empty"),
        (b"PK\x03\x04" + b"\x00" * 64, "pocket.zip", "damaged or incomplete"),
        (b"hello, world\n", "notes.txt", "not an export newsreader can read"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(
    owner_client, owner, content, name, message
):
    response = upload(owner_client, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Import.objects.exists() and not Article.objects.exists()


def test_a_file_over_the_size_limit_is_refused(owner_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(owner_client, POCKET + "x" * 2000)
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not Import.objects.exists()


def test_someone_elses_import_is_not_found(owner, client, stranger, no_fetches):
    job = import_now(owner, POCKET)
    client.force_login(stranger)
    for name in ("import", "import_report"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("import_cancel", args=[job.pk])).status_code == 404


def test_an_import_whose_worker_died_is_run_again_by_the_queue(owner, no_fetches):
    job = start_import(owner, SimpleUploadedFile("p.csv", POCKET.encode()))
    claimed = lease.claim("killed-worker")
    assert claimed.args == {"import": job.pk}
    Import.objects.filter(pk=job.pk).update(state="running")  # it began, then its worker died
    Job.objects.filter(pk=claimed.pk).update(lease_expires_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert lease.recover_stalled() == 1
    run_job(lease.claim("another-worker"))  # the import again; its fetches stay queued
    job.refresh_from_db()
    assert job.state == "done" and job.created == 2


def test_the_command_imports_in_the_foreground(owner, no_fetches, tmp_path, capsys):
    path = tmp_path / "pocket.csv"
    path.write_text(POCKET)
    call_command("import_articles", str(path), user="owner")
    out = capsys.readouterr().out
    assert "2 added, 0 already saved, 2 skipped" in out
    assert Article.objects.filter(owner=owner, status="pending").count() == 2
