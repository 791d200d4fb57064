"""The one way to store secrets handed to clients: only a digest is kept."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from articles.tokens import HashedToken, digest


@pytest.fixture
def token_model(transactional_db):
    """A token kind of the tests' own, with a table for the test's duration only."""

    class ExampleToken(HashedToken):
        PREFIX = "nrx_"
        expires = models.DateTimeField(null=True)

        class Meta:
            app_label = "articles"

        def is_usable(self):
            return self.expires is None or self.expires > timezone.now()

    with connection.schema_editor() as editor:
        editor.create_model(ExampleToken)
    yield ExampleToken
    with connection.schema_editor() as editor:
        editor.delete_model(ExampleToken)
    del apps.all_models["articles"]["exampletoken"]
    apps.clear_cache()


@pytest.fixture
def alice(transactional_db):
    return get_user_model().objects.create_user("alice", password="alice-password-123")


def test_the_secret_is_returned_once_and_only_its_digest_is_stored(token_model, alice):
    token, secret = token_model.issue(alice, name="phone")
    assert secret.startswith("nrx_") and len(secret) > 40
    stored = token_model.objects.get(pk=token.pk)
    assert stored.digest == digest(secret) and secret not in stored.digest
    assert token_model.authenticate(secret) == token
    assert token_model.authenticate(secret).user == alice


@pytest.mark.parametrize("wrong", ["", "nrx_", "nrx_wrong", "nry_x", "nrx_\x00"])
def test_wrong_secrets_are_refused(token_model, alice, wrong):
    token_model.issue(alice)
    assert token_model.authenticate(wrong) is None


def test_a_deleted_token_an_expired_one_and_an_inactive_users_are_refused(token_model, alice):
    token, secret = token_model.issue(alice)
    expired, expired_secret = token_model.issue(
        alice, expires=timezone.now() - timedelta(seconds=1)
    )
    assert token_model.authenticate(expired_secret) is None
    get_user_model().objects.filter(pk=alice.pk).update(is_active=False)
    assert token_model.authenticate(secret) is None
    get_user_model().objects.filter(pk=alice.pk).update(is_active=True)
    token.delete()
    assert token_model.authenticate(secret) is None


def test_last_use_is_recorded_at_most_once_a_minute(token_model, alice):
    token, secret = token_model.issue(alice)
    first = token_model.authenticate(secret).last_used
    assert first is not None
    assert token_model.authenticate(secret).last_used == first
    token_model.objects.filter(pk=token.pk).update(last_used=first - timedelta(minutes=2))
    assert token_model.authenticate(secret).last_used > first
