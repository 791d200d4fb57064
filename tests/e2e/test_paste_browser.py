"""Pasting a large page in a real browser (SECURITY.md, “Limits and user input”): the form goes
as multipart, so 3.8 MB of non-Latin text is saved rather than tripled by %-encoding past the
limit; a paste over the limit is stopped in the page, with the paste still in the box."""

import pytest

from articles.models import Article
from tests.pages import article_html

pytestmark = pytest.mark.browser

CYRILLIC = "Мосты под нагрузкой: инженеры проверяют каждую опору старого города. "


def paste(page, html: str) -> None:
    page.goto("/add/")
    page.locator("details.paste summary").click()
    # Set at once, as a paste does (fill() takes longer than a test should for megabytes).
    page.locator("#id_html").evaluate(
        "(box, html) => { box.value = html; box.dispatchEvent(new Event('input')); }", html
    )


def test_a_large_non_latin_paste_is_saved(signed_in, owner):
    body = f"<p>{CYRILLIC * 40}</p>\n" * 750
    html = article_html("Большая статья").replace("</article>", body + "</article>")
    assert len(html.encode()) > 3_800_000
    page = signed_in(owner).new_page()
    paste(page, html)
    page.locator(".add-form [type=submit]").click()
    page.wait_for_url("**/articles/*/", timeout=60_000)
    assert Article.objects.get().title == "Большая статья"
    assert page.context.csp_errors == []


def test_a_paste_over_the_limit_is_stopped_and_kept(signed_in, owner, settings):
    settings.FETCH_MAX_BYTES = 2 * 2**20  # the form states and checks the server's setting
    page = signed_in(owner).new_page()
    html = f"<p>{CYRILLIC * 18_000}</p>"
    assert len(html) < 2 * 2**20 < len(html.encode())  # over the limit in bytes, not characters
    paste(page, html)
    page.locator(".add-form [type=submit]").click()
    note = page.locator("[data-too-large]")
    note.wait_for()
    assert "larger than the 2 MB newsreader accepts" in note.inner_text()
    assert page.url.endswith("/add/")
    assert page.locator("#id_html").evaluate("box => box.value.length") == len(html)
    assert not Article.objects.exists()
