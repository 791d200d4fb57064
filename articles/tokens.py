"""Secrets handed to clients (API, feed and OAuth tokens): one way to store and check them.

A token is 32 random bytes, so a fast hash is enough: only its SHA-256 is stored, a leaked
database gives no usable token, and looking one up is an indexed equality on the digest. The
prefix names the kind of token, so one pasted in the wrong place (or found in a log) is
recognisable.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils import timezone

# last_used is a hint for the person revoking tokens, not an audit log: writing it on every
# request would turn each API read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class HashedToken(models.Model):
    PREFIX: ClassVar[str] = "nr_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created"]

    def __str__(self):
        return self.name or f"{type(self).__name__} {self.pk}"

    @classmethod
    def issue(cls, user, **fields) -> tuple[Self, str]:
        """Save a new token; return it with its secret, which exists only in this return value."""
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, digest=digest(secret), **fields), secret

    @classmethod
    def authenticate(cls, secret: str) -> Self | None:
        """The token with this secret, its user loaded, if the token and its user may be used."""
        if not secret.startswith(cls.PREFIX) or "\x00" in secret:
            return None
        token = (
            cls.objects.select_related("user")
            .filter(digest=digest(secret), user__is_active=True)
            .first()
        )
        if token is None or not token.is_usable():
            return None
        token.record_use()
        return token

    def is_usable(self) -> bool:
        """Whether this token still grants access; kinds that expire override it."""
        return True

    def record_use(self) -> None:
        now = timezone.now()
        if self.last_used is None or now - self.last_used >= LAST_USED_PRECISION:
            type(self).objects.filter(pk=self.pk).update(last_used=now)
            self.last_used = now
