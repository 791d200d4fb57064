"""A user's own account: changing the password, an e-mail address, and resetting a lost
password by e-mail where the server can send mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse


def test_a_user_changes_their_own_password(owner_client, owner):
    url = reverse("password_change")
    assert owner_client.get(url).status_code == 200
    response = owner_client.post(
        url,
        {
            "old_password": "owner-password-123",
            "new_password1": "a-new-long-secret-9",
            "new_password2": "a-new-long-secret-9",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("account")
    assert "Your password is changed" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password("a-new-long-secret-9")
    assert owner_client.get(reverse("unread")).status_code == 200  # still logged in


def test_a_wrong_old_password_is_refused_clearly(owner_client, owner):
    response = owner_client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "x-long-1234!", "new_password2": "x-long-1234!"},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password("owner-password-123")


def test_the_account_page_keeps_an_email_address(owner_client, owner):
    response = owner_client.post(reverse("account"), {"email": "me@example.org"}, follow=True)
    assert "Saved your e-mail address." in response.content.decode()
    owner.refresh_from_db()
    assert owner.email == "me@example.org"
    response = owner_client.post(reverse("account"), {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_the_user_menu_leads_to_the_account(owner_client):
    html = owner_client.get(reverse("unread")).content.decode()
    assert f'href="{reverse("account")}"' in html


def test_without_email_there_is_no_reset_and_the_login_page_says_whom_to_ask(client, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    html = client.get(reverse("login")).content.decode()
    assert "Ask your administrator" in html
    assert reverse("password_reset") not in html
    assert client.get(reverse("password_reset")).status_code == 404


@pytest.fixture
def mail_configured(settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_a_lost_password_is_reset_by_email(client, owner, mail_configured):
    owner.email = "owner@example.org"
    owner.save()
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
    response = client.post(reverse("password_reset"), {"email": "owner@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"},
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    assert get_user_model().objects.get(pk=owner.pk).check_password("brand-new-secret-77")
    assert "used already" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_sends_nothing_and_reveals_nothing(client, owner, mail_configured):
    response = client.post(reverse("password_reset"), {"email": "who@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []
