"""The one rate limiter: a fixed window per (limit, key), shared through PostgreSQL."""

from datetime import datetime, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from articles import throttle
from articles.throttle import Limit, ThrottleWindow

THREE_A_MINUTE = Limit("test-three", 3, 60)


@pytest.mark.django_db
def test_the_hit_over_the_limit_is_refused_and_exceeded_says_so_without_counting():
    assert [throttle.hit(THREE_A_MINUTE, "alice") for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]
    assert throttle.exceeded(THREE_A_MINUTE, "alice")
    assert throttle.exceeded(THREE_A_MINUTE, "alice")
    assert ThrottleWindow.objects.get(key="alice").hits == 4


@pytest.mark.django_db
def test_keys_and_limits_are_counted_apart():
    for _ in range(3):
        throttle.hit(THREE_A_MINUTE, "alice")
    assert throttle.exceeded(THREE_A_MINUTE, "alice")
    assert not throttle.exceeded(THREE_A_MINUTE, "bob")
    assert not throttle.exceeded(Limit("other", 3, 60), "alice")


@pytest.mark.django_db
def test_reset_forgets_a_key():
    for _ in range(3):
        throttle.hit(THREE_A_MINUTE, "alice")
    throttle.reset(THREE_A_MINUTE, "alice")
    assert not throttle.exceeded(THREE_A_MINUTE, "alice")


@pytest.mark.django_db
def test_a_new_window_starts_from_zero_and_clears_windows_that_are_over():
    old = THREE_A_MINUTE.window_start(timezone.now() - timedelta(minutes=5))
    ThrottleWindow.objects.create(limit=THREE_A_MINUTE.name, key="alice", window_start=old, hits=9)
    assert not throttle.exceeded(THREE_A_MINUTE, "alice")
    assert throttle.hit(THREE_A_MINUTE, "alice") is False
    assert list(ThrottleWindow.objects.values_list("hits", flat=True)) == [1]


def test_windows_are_aligned_and_retry_after_is_within_one():
    start = THREE_A_MINUTE.window_start(datetime(2026, 1, 1, 12, 0, 59, tzinfo=timezone.UTC))
    assert start == datetime(2026, 1, 1, 12, 0, tzinfo=timezone.UTC)
    assert 1 <= throttle.retry_after(THREE_A_MINUTE) <= 61


@pytest.mark.django_db
def test_nul_bytes_and_long_keys_are_counted_not_refused_by_postgresql():
    assert throttle.hit(THREE_A_MINUTE, "a\x00" + "x" * 500) is False
    assert throttle.exceeded(THREE_A_MINUTE, "a\x00" + "x" * 500) is False


def test_the_forwarded_address_is_believed_only_behind_the_trusted_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.SECURE_PROXY_SSL_HEADER = None
    assert throttle.client_ip(request) == "10.0.0.2"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert throttle.client_ip(request) == "203.0.113.9"
