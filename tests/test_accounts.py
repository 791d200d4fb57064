"""Login is required everywhere but the login page and the health check."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

PUBLIC = {
    "login",
    "healthz",
    "signup",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The web app's manifest, service worker and offline page hold nothing of anyone's.
    "manifest",
    "service_worker",
    "offline",
}
# Feed readers and e-readers cannot log in: the feed token opens these (tests/test_feeds.py,
# tests/test_opds.py). Without it a feed is not found and the catalogue asks for it.
TOKEN_GUARDED = {"feed_": 404, "opds_": 401}


def test_every_page_but_login_and_health_requires_login(client, routes):
    for route in routes:
        if route.name in PUBLIC:
            continue
        guarded = [s for prefix, s in TOKEN_GUARDED.items() if route.name.startswith(prefix)]
        if guarded and not route.name.startswith("feed_token"):
            assert client.get(route.path).status_code == guarded[0], route.path
            assert client.post(route.path).status_code == 405, route.path
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(route.path)
            assert response.status_code in (302, 405), f"{method} {route.path}"
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), route.path


def test_the_login_page_is_styled_like_the_site(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/app.css" in html
    assert 'name="username"' in html and 'name="password"' in html


def test_logging_in_lands_on_the_library(client, owner):
    response = client.post(
        reverse("login"), {"username": "owner", "password": "owner-password-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("unread")


def test_a_wrong_password_says_so_and_keeps_the_username(client, owner):
    response = client.post(reverse("login"), {"username": "owner", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter a correct username and password" in html
    assert 'value="owner"' in html


@pytest.mark.parametrize(
    "target", ["https://evil.com/", "//evil.com/", "/\\evil.com/", "http:evil.com"]
)
def test_login_never_redirects_off_site(client, owner, target):
    response = client.post(
        reverse("login") + "?next=" + target,
        {"username": "owner", "password": "owner-password-123", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("unread")


def test_logout_needs_post(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405
    response = owner_client.post(reverse("logout"))
    assert response.status_code == 302
    assert owner_client.get(reverse("unread")).status_code == 302


def test_sign_up_is_closed_by_default(client, db):
    assert client.get(reverse("signup")).status_code == 404
    assert "Create an account" not in client.get(reverse("login")).content.decode()


def test_sign_up_opens_with_the_setting(client, db, settings):
    settings.ALLOW_SIGNUP = True
    assert "Create an account" in client.get(reverse("login")).content.decode()
    response = client.post(
        reverse("signup"),
        {
            "username": "newcomer",
            "password1": "a-Long-pass-phrase-42",
            "password2": "a-Long-pass-phrase-42",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="newcomer").exists()
    assert client.get(reverse("unread")).status_code == 200


def test_a_bad_sign_up_explains_and_keeps_the_username(client, db, settings):
    settings.ALLOW_SIGNUP = True
    response = client.post(
        reverse("signup"), {"username": "newcomer", "password1": "short", "password2": "other"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "didn’t match" in html or "didn't match" in html
    assert 'value="newcomer"' in html


def test_an_expired_session_sends_htmx_requests_to_the_login_page(client, db):
    response = client.get(
        reverse("all"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/starred/"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login") + "?next=/starred/"
