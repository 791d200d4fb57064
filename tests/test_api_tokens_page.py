"""Personal access tokens on the account page: created with a name, the secret shown once,
listed with their last use, revoked; only the owner's."""

import re

from django.urls import reverse

from articles.api.models import PersonalToken
from articles.tokens import digest


def create(client, name="Phone"):
    return client.post(reverse("api_token_create"), {"name": name})


def test_a_new_token_is_shown_once_and_stored_only_as_a_digest(owner_client, owner):
    response = create(owner_client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = re.search(r'value="(nrp_[^"]+)"', html)[1]
    token = PersonalToken.objects.get(user=owner)
    assert token.name == "Phone" and token.digest == digest(secret)
    assert f"Authorization: Bearer {secret}" in html  # the curl example
    account = owner_client.get(reverse("account")).content.decode()
    assert "Phone" in account and secret not in account and "never used" in account


def test_the_token_works_and_its_last_use_shows(owner_client, owner, client):
    secret = re.search(r'value="(nrp_[^"]+)"', create(owner_client).content.decode())[1]
    response = client.get("/api/v1/tags", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert "last used" in owner_client.get(reverse("account")).content.decode()


def test_revoking_a_token_stops_it_at_once(owner_client, owner, client):
    token, secret = PersonalToken.issue(owner, name="Old laptop")
    response = owner_client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302 and response["Location"].endswith("#api-tokens")
    assert not PersonalToken.objects.exists()
    page = owner_client.get(reverse("account")).content.decode()
    assert "Revoked the token “Old laptop”" in page
    api = client.get("/api/v1/tags", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_someone_elses_token_cannot_be_revoked(owner_client, stranger):
    theirs, _ = PersonalToken.issue(stranger, name="Theirs")
    assert owner_client.post(reverse("api_token_revoke", args=[theirs.pk])).status_code == 404
    assert PersonalToken.objects.filter(pk=theirs.pk).exists()
    assert "Theirs" not in owner_client.get(reverse("account")).content.decode()


def test_a_token_needs_a_clean_name(owner_client):
    for name, message in [("", "Name the token"), ("a\x00b", "control character")]:
        response = create(owner_client, name)
        assert response.status_code == 302
        page = owner_client.get(reverse("account")).content.decode()
        assert "No token was created" in page and message in page
    assert not PersonalToken.objects.exists()


def test_the_number_of_tokens_is_bounded(owner_client, owner, monkeypatch):
    monkeypatch.setattr("articles.views.api_tokens.MAX_TOKENS", 2)
    create(owner_client, "one"), create(owner_client, "two")
    create(owner_client, "three")
    assert PersonalToken.objects.filter(user=owner).count() == 2
    assert "revoke one you no longer use" in owner_client.get(reverse("account")).content.decode()


def test_an_administrator_sees_tokens_and_can_revoke_but_not_make_them(admin_client, owner):
    token, secret = PersonalToken.issue(owner, name="Lost phone")
    changelist = admin_client.get(reverse("admin:articles_personaltoken_changelist"))
    html = changelist.content.decode()
    assert "Lost phone" in html and secret not in html and token.digest not in html
    assert admin_client.get(reverse("admin:articles_personaltoken_add")).status_code == 403
    admin_client.post(
        reverse("admin:articles_personaltoken_delete", args=[token.pk]), {"post": "yes"}
    )
    assert not PersonalToken.objects.exists()
