"""Every state-changing URL refuses GET and refuses POST without a CSRF token.

Each named URL must be classified below: a new URL that is in neither set fails this test, so
nobody adds an action reachable by a link or an <img> by accident.
"""

from django.test import Client

# URLs whose GET only reads (pages, forms, fragments). Everything else is an action.
PAGES = {
    "healthz", "login", "signup", "unread", "starred", "archived", "all", "article", "add",
    "search", "tags", "tag", "tag_names", "preferences", "article_tag_editor",
    "saved_search", "imports", "import", "import_report", "exports", "export_download",
    "account", "password_change", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete",
    "manifest", "service_worker", "offline", "quick_save", "fetched_cards",
}  # fmt: skip
# Read-only URLs of feed readers and e-readers, opened by the feed token instead of a login
# (tests/test_feeds.py, tests/test_opds.py): they answer GET only.
TOKEN_PAGES = {
    "feed_unread", "feed_starred", "feed_archived", "feed_tag", "feed_search",
    "opds_root", "opds_unread", "opds_starred", "opds_archived", "opds_tags", "opds_tag",
    "opds_searches", "opds_search", "opds_epub", "opds_find", "opds_search_description",
}  # fmt: skip


def test_every_url_is_a_page_or_an_action(routes):
    assert {r.name for r in routes} >= PAGES - {"signup"}
    assert {r.name for r in routes} >= TOKEN_PAGES


def test_actions_refuse_get(owner_client, routes):
    for route in routes:
        if route.name not in PAGES | TOKEN_PAGES:
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


def test_token_pages_answer_nothing_but_get(owner_client, routes):
    for route in routes:
        if route.name in TOKEN_PAGES:
            for method in ("post", "put", "patch", "delete"):
                response = getattr(owner_client, method)(route.path)
                assert response.status_code == 405, f"{method} {route.path}"
