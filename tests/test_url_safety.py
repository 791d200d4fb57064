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
    "saved_search", "account", "password_change", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete",
}  # fmt: skip


@pytest.fixture
def routes(make_article, make_tag, owner):
    from articles.models import SavedSearch

    samples = {
        "pk": make_article().pk,
        "slug": make_tag("reading").slug,
        "saved_pk": SavedSearch.objects.create(owner=owner, name="s", query="x").pk,
        "uidb64": "MQ",
        "token": "set-password",
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
    settings.PASSWORD_RESET_BY_EMAIL = True
    for route in routes:
        if route.name in PAGES and route.name not in ("login", "signup"):
            assert owner_client.get(route.path).status_code == 200, route.path
