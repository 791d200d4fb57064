"""Who may call the API: tokens and sessions, their refusals, and the rate limits."""

import time

import pytest
from django.test import Client
from django.utils import timezone

from articles import throttle
from articles.api.models import PersonalToken
from tests.api.client import ApiClient, error_of

URL = "/api/v1/articles"


def test_a_token_lets_its_owner_in(api, make_article):
    make_article(title="Mine")
    assert [i["title"] for i in api.get(URL).json()["items"]] == ["Mine"]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer ",
        "Basic b3duZXI6b3duZXItcGFzc3dvcmQtMTIz",  # the right password, but no token
        "Token nrp_whatever",
    ],
)
def test_no_token_is_a_401_in_json(db, owner, header):
    client = Client(headers={"Authorization": header} if header else {})
    error = error_of(client.get(URL), 401)
    assert error["code"] == "unauthenticated" and "Bearer" in error["message"]


@pytest.mark.parametrize(
    "secret", ["nrp_wrong", "nrp_", "nr_wrong", "x" * 5000, "nrp_\x00", "nrp_ä", "nrp_a b"]
)
def test_a_wrong_token_is_a_401_that_says_so(db, owner, secret):
    error = error_of(ApiClient(secret).get(URL), 401)
    assert error["code"] == "invalid_token"


def test_a_revoked_token_no_longer_works(api, token):
    assert api.get(URL).status_code == 200
    token[0].delete()
    assert error_of(api.get(URL), 401)["code"] == "invalid_token"


def test_a_deactivated_users_token_no_longer_works(api, owner):
    owner.is_active = False
    owner.save()
    error_of(api.get(URL), 401)


def test_every_endpoint_refuses_the_anonymous(db, owner, openapi):
    client = Client()
    for path, method in _operations(openapi):
        response = getattr(client, method)(path.format(pk=1, slug="x"))
        assert error_of(response, 401)["code"] == "unauthenticated", f"{method} {path}"


def test_a_tokens_last_use_is_recorded(api, token):
    assert token[0].last_used is None
    api.get(URL)
    token[0].refresh_from_db()
    assert timezone.now() - token[0].last_used < timezone.timedelta(seconds=10)


def test_the_session_works_for_the_sites_own_use_with_csrf(owner, make_article):
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.get(f"{URL}/{article.pk}").status_code == 200
    star = {"starred": True}
    refused = client.patch(f"{URL}/{article.pk}", star, content_type="application/json")
    assert error_of(refused, 403)["code"] == "csrf_failed"
    client.get("/account/")  # the page sets the CSRF cookie, as the site's pages do
    csrf = client.cookies["csrftoken"].value
    response = client.patch(
        f"{URL}/{article.pk}",
        {"starred": True},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200 and response.json()["starred"]


def test_every_unsafe_endpoint_needs_csrf_with_a_session(owner, openapi):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    for path, method in _operations(openapi):
        if method != "get":
            response = getattr(client, method)(path.format(pk=1, slug="x"))
            assert error_of(response, 403)["code"] == "csrf_failed", f"{method} {path}"


def test_a_token_over_its_request_limit_gets_429_with_retry_after(api, settings, monkeypatch):
    small = throttle.Limit(throttle.API_REQUESTS_PER_TOKEN.name, 3, 60)
    monkeypatch.setattr(throttle, "API_REQUESTS_PER_TOKEN", small)
    in_one_window(small)
    for _ in range(3):
        assert api.get(URL).status_code == 200
    response = api.get(URL)
    error = error_of(response, 429)
    assert error["code"] == "rate_limited" and 1 <= int(response["Retry-After"]) <= 61
    assert "too many requests" in error["message"]


def test_the_request_limit_is_per_token(api, owner, monkeypatch):
    small = throttle.Limit(throttle.API_REQUESTS_PER_TOKEN.name, 2, 60)
    monkeypatch.setattr(throttle, "API_REQUESTS_PER_TOKEN", small)
    in_one_window(small)
    api.get(URL), api.get(URL)
    assert api.get(URL).status_code == 429
    other = ApiClient(PersonalToken.issue(owner, name="Laptop")[1])
    assert other.get(URL).status_code == 200


def test_bad_tokens_from_one_address_are_refused_with_429_once_over_the_limit(api, monkeypatch, db):
    small = throttle.Limit(throttle.AUTH_FAILURES_PER_IP.name, 3, 900)
    monkeypatch.setattr(throttle, "AUTH_FAILURES_PER_IP", small)
    in_one_window(small)
    guesser = ApiClient("nrp_guess")
    for _ in range(3):
        error_of(guesser.get(URL), 401)
    response = guesser.get(URL)
    assert "wait" in error_of(response, 429)["message"]
    assert abs(int(response["Retry-After"]) - throttle.retry_after(small)) <= 1  # the window's end
    # A valid token from the same address still works (see articles/api/auth.py).
    assert api.get(URL).status_code == 200
    # Another address is not affected.
    assert ApiClient("nrp_guess").get(URL, REMOTE_ADDR="10.9.8.7").status_code == 401


def in_one_window(limit):
    """Counts live in fixed windows: start the test in a fresh one, not seconds before it ends."""
    left = throttle.retry_after(limit)
    if left < 10:
        time.sleep(left + 0.5)


@pytest.fixture
def openapi(client, db):
    return client.get("/api/v1/openapi.json").json()


def _operations(openapi):
    for path, operations in openapi["paths"].items():
        for method in operations:
            yield path, method
