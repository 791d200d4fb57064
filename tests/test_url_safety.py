"""Every state-changing URL refuses GET and refuses POST without a CSRF token.

Each named URL must be classified below: a new URL that is in neither set fails this test, so
nobody adds an action reachable by a link or an <img> by accident.
"""

import pytest
from django.test import Client

from tests.urlwalk import site_routes

# URLs whose GET only reads (pages, forms, fragments). Everything else is an action.
PAGES = {
    "healthz", "login", "signup", "home", "starred", "archive", "all", "article", "add", "search",
    "tags", "tag", "preferences", "article_tag_editor",
    "saved_search", "imports", "import", "import_report", "exports", "export_download",
}  # fmt: skip


@pytest.fixture
def routes(make_article, make_tag, owner):
    from django.core.files.base import ContentFile

    from articles.models import Export, Import, SavedSearch
    from articles.transfer_files import expiry, transfer_storage

    stored = transfer_storage().save("exports/test/export.json", ContentFile(b"[]"))
    export = Export.objects.create(
        owner=owner, library_of=owner, format="json", state="ready", file=stored
    )
    Export.objects.filter(pk=export.pk).update(expires_at=expiry())
    samples = {
        "import_pk": Import.objects.create(owner=owner, format="pocket", file_name="p.csv").pk,
        "export_pk": export.pk,
        "pk": make_article().pk,
        "slug": make_tag("reading").slug,
        "saved_pk": SavedSearch.objects.create(owner=owner, name="s", query="x").pk,
    }
    return site_routes(samples)


def test_every_url_is_a_page_or_an_action(routes):
    assert {r.name for r in routes} >= PAGES - {"signup"}


def test_actions_refuse_get(owner_client, routes):
    for route in routes:
        if route.name not in PAGES:
            response = owner_client.get(route.path)
            assert response.status_code == 405, f"GET {route.path} should be refused"


def test_actions_refuse_post_without_csrf_token(owner, routes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    for route in routes:
        response = client.post(route.path)
        assert response.status_code == 403, f"POST {route.path} without a CSRF token"


def test_pages_answer_get(owner_client, routes, settings):
    settings.ALLOW_SIGNUP = True
    for route in routes:
        if route.name in PAGES and route.name not in ("login", "signup"):
            assert owner_client.get(route.path).status_code == 200, route.path
