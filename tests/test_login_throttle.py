"""Wrong passwords are counted: ten for one username, or fifty from one address, and the login
form refuses further attempts, even the right password, until the window passes."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles import throttle
from articles.throttle import ThrottleWindow

RIGHT = "owner-password-123"


@pytest.fixture(autouse=True)
def _whole_window():
    """The counts live in fixed 15-minute windows: a test that began seconds before a window
    ends would see its count start again. Begin in a fresh one instead (rarely a wait)."""
    left = throttle.retry_after(throttle.LOGIN_FAILURES_PER_USER)
    if left < 30:
        time.sleep(left + 0.5)


def log_in(client, password, username="owner", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return client.get(reverse("unread")).status_code == 200


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(client, owner):
    for _ in range(throttle.LOGIN_FAILURES_PER_USER.count):
        response = log_in(client, "guess")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    response = log_in(client, RIGHT)  # the eleventh attempt
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many wrong passwords were tried for this account or from your network." in html
    # The count runs in fixed 15-minute windows: the wait is what is left of this one.
    wait = re.search(r"Wait (\d+) minutes? and try again\.", html.replace("a minute", "1 minute"))
    assert wait and 1 <= int(wait[1]) <= 15
    assert 'value="owner"' in html  # the username is kept
    assert not logged_in(client)


def test_the_lock_ends_with_its_window(client, owner):
    for _ in range(10):
        log_in(client, "guess")
    assert log_in(client, RIGHT).status_code == 429
    # Fifteen minutes on: the window the failures were counted in is over.
    old = timedelta(seconds=throttle.LOGIN_FAILURES_PER_USER.seconds)
    for window in ThrottleWindow.objects.all():
        window.window_start -= old
        window.save()
    assert log_in(client, RIGHT).status_code == 302 and logged_in(client)


def test_logging_in_resets_the_usernames_count(client, owner):
    for _ in range(9):
        log_in(client, "guess")
    assert log_in(client, RIGHT).status_code == 302
    client.post(reverse("logout"))
    for _ in range(9):
        log_in(client, "guess")
    assert log_in(client, RIGHT).status_code == 302  # 18 wrong in the window, but not in a row


def test_the_case_of_the_username_does_not_reset_the_count(client, owner):
    for n in range(10):
        log_in(client, "guess", username=["OWNER", "Owner", "owner "][n % 3])
    assert log_in(client, RIGHT).status_code == 429


def test_other_accounts_are_not_locked_by_one(client, owner, stranger):
    for _ in range(10):
        log_in(client, "guess")
    assert log_in(client, "stranger-password-123", username="stranger").status_code == 302


def test_many_wrong_passwords_from_one_address_lock_it_for_every_account(client, owner, db):
    names = [f"someone{n}" for n in range(throttle.AUTH_FAILURES_PER_IP.count)]
    for name in names:  # a guesser trying one password on many accounts
        assert log_in(client, "guess", username=name).status_code == 200
    assert log_in(client, RIGHT).status_code == 429
    # From another address the owner logs in.
    assert log_in(client, RIGHT, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_bad_api_tokens_count_toward_the_addresss_limit(client, owner, db):
    for _ in range(throttle.AUTH_FAILURES_PER_IP.count):
        client.get("/api/v1/tags", headers={"Authorization": "Bearer nrp_guess"})
    assert log_in(client, RIGHT).status_code == 429


@pytest.mark.parametrize("username", ["", "x" * 500, "own\x00er"])
def test_odd_usernames_are_refused_without_a_500(client, db, username):
    assert log_in(client, "guess", username=username).status_code in (200, 404)


def test_an_inactive_user_gets_no_lock_message(client, owner):
    get_user_model().objects.filter(pk=owner.pk).update(is_active=False)
    assert log_in(client, RIGHT).status_code == 200
