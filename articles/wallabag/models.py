"""API clients of the wallabag API and the OAuth tokens they are given.

A client is what a person creates once per app (KOReader, the Android app): its id is public,
its secret is shown once and only its digest kept. The apps then trade the person's name and
password for an access token (an hour) and a refresh token (two weeks), both stored as digests.
"""

import secrets
import string
from datetime import timedelta
from typing import Self

from django.db import models
from django.utils import timezone

from articles.tokens import HashedToken

# wallabag's defaults (WALLABAG_OAUTH_ACCESS_TOKEN_LIFETIME, ..._REFRESH_TOKEN_LIFETIME).
ACCESS_TOKEN_LIFETIME = timedelta(seconds=3600)
REFRESH_TOKEN_LIFETIME = timedelta(seconds=1_209_600)
_ID_ALPHABET = string.ascii_lowercase + string.digits


def new_client_id() -> str:
    # wallabag's look (`1_3o53gl…`): lower-case letters and digits, which every client's
    # settings screen and config file takes as is.
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(40))


class ApiClient(HashedToken):
    """An app allowed to ask for tokens; its secret is HashedToken's secret."""

    PREFIX = "nrc_"
    client_id = models.CharField(max_length=64, unique=True, default=new_client_id)

    class Meta(HashedToken.Meta):
        verbose_name = "wallabag API client"

    @classmethod
    def for_credentials(cls, client_id: str, secret: str) -> Self | None:
        """The client with this id and secret, for an active user; else None."""
        client = cls.authenticate(secret)
        return client if client is not None and client.client_id == client_id else None


class ExpiringToken(HashedToken):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()

    LIFETIME = ACCESS_TOKEN_LIFETIME

    class Meta(HashedToken.Meta):
        abstract = True

    @classmethod
    def issue_for(cls, client: ApiClient) -> tuple[Self, str]:
        # Tokens a client no longer uses go when it gets new ones: KOReader asks for a new pair
        # every hour, and the table stays as small as the number of live sessions.
        cls.objects.filter(client=client, expires_at__lt=timezone.now()).delete()
        return cls.issue(client.user, client=client, expires_at=timezone.now() + cls.LIFETIME)

    def is_usable(self) -> bool:
        return self.expires_at > timezone.now()


class AccessToken(ExpiringToken):
    PREFIX = "nra_"


class RefreshToken(ExpiringToken):
    PREFIX = "nrr_"
    LIFETIME = REFRESH_TOKEN_LIFETIME
