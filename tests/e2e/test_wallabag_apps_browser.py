"""Setting up a wallabag app, as its user does: create a client on the account page, copy the id
and secret into the app, which signs in over HTTP and lists the articles."""

import json
import urllib.request

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def post_json(url: str, data: dict) -> dict:
    request = urllib.request.Request(
        url, json.dumps(data).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_a_client_made_on_the_phone_signs_the_app_in(signed_in, site, owner, make_article):
    article = make_article(title="Read me on the Kobo")
    page = signed_in(owner, **PHONE).new_page()
    page.goto("/account/")
    page.get_by_label("New client").fill("KOReader on the Kobo")
    page.get_by_role("button", name="Create client").click()
    keys = page.locator(".api-client-keys code")
    client_id, secret = keys.nth(0).inner_text(), keys.nth(1).inner_text()
    assert page.get_by_text("it is not shown again").is_visible()
    # Nothing is wider than the phone: the long id and secret wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    token = post_json(
        f"{site.url}/oauth/v2/token",
        {
            "grant_type": "password",
            "client_id": client_id,
            "client_secret": secret,
            "username": "owner",
            "password": "owner-password-123",
        },
    )
    listing = urllib.request.Request(
        f"{site.url}/api/entries.json?archive=0&page=1&perPage=30",
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    with urllib.request.urlopen(listing, timeout=10) as response:
        items = json.load(response)["_embedded"]["items"]
    assert [item["title"] for item in items] == [article.title]

    page.reload()
    assert page.locator(".api-client-keys").count() == 0  # the secret was shown once
    page.get_by_role("button", name="Revoke “KOReader on the Kobo”").click()
    assert page.get_by_text("Revoked “KOReader on the Kobo”").is_visible()
