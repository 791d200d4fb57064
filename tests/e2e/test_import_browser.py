"""Importing in a real browser: upload, progress that updates by itself, the report."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.imports.models import Import
from articles.imports.running import run_import

pytestmark = pytest.mark.browser
SHOTS = Path("/work/notes/shots/transfers")
POCKET = (
    "title,url,time_added,tags,status\n"
    "Kaizen,http://en.wikipedia.org/wiki/Kaizen,1366446656,programming|tech,archive\n"
    "Velocity,http://www.stevesouders.com/blog/velocity/,1433869813,,unread\n"
    "No link,,1433869813,,unread\n"
    "Script,javascript:alert(1),1433869813,,unread\n"
)


def test_upload_then_watch_the_import_progress_and_download_the_report(
    signed_in, owner, settings, tmp_path
):
    # The worker is this test: the upload only queues the job, and fetches stay queued.
    context = signed_in(owner)
    page = context.new_page()
    page.goto("/import/")
    export_file = tmp_path / "pocket.csv"
    export_file.write_text(POCKET)
    page.get_by_label("Export file").set_input_files(str(export_file))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".import-progress__state")).to_have_text("Waiting to start…")

    run_import(Import.objects.get(owner=owner).pk)
    # No reload: the page asks for its progress by itself.
    expect(page.locator('[data-count="created"]')).to_have_text("2")
    expect(page.locator('[data-count="skipped"]')).to_have_text("2")
    expect(page.locator('[data-count="pending"]')).to_have_text("2")
    expect(page.locator(".import-progress__state")).to_have_text("Finished")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report").click()
    report = Path(download.value.path()).read_text()
    assert "javascript:alert(1)" in report and "Skipped: no link." in report

    page.reload()  # the page is the job's, not the tab's
    expect(page.locator('[data-count="created"]')).to_have_text("2")
    assert context.csp_errors == []
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / "import-desktop.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=SHOTS / "import-phone.png", full_page=True)
        page.goto("/export/")
        page.screenshot(path=SHOTS / "export-phone.png", full_page=True)
