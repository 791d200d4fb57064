"""Limits on how often something may happen: wrong passwords, bad tokens, API requests.

One fixed-window counter per (limit, key) in PostgreSQL, counted with a single upsert, so every
process of the site (and every gunicorn worker) shares the count without another service. A
fixed window lets through at most twice the limit across a window's edge, which is enough to
stop guessing passwords or one client flooding the site.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models
from django.utils import timezone


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # allowed within one window
    seconds: int  # the window

    def window_start(self, now: datetime) -> datetime:
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % self.seconds, tz=now.tzinfo)


# Ten wrong passwords for one name in 15 minutes: a person mistyping never gets there; a guesser
# gets 40 tries an hour. Per address the limit is higher, for households and offices behind one
# address.
LOGIN_FAILURES_PER_USER = Limit("login-failures-user", 10, 15 * 60)
AUTH_FAILURES_PER_IP = Limit("auth-failures-ip", 50, 15 * 60)
# Twenty requests a second on average over a minute: far above what an app or a sync needs.
API_REQUESTS_PER_TOKEN = Limit("api-requests-token", 1200, 60)


class ThrottleWindow(models.Model):
    limit = models.CharField(max_length=50)
    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["limit", "key", "window_start"], name="one_throttle_window"
            )
        ]

    def __str__(self):
        return f"{self.limit} {self.key}: {self.hits}"


def _key(key: str) -> str:
    # Keys are names, addresses and token prefixes that may come straight from a request.
    return key.replace("\x00", "")[:200]


def exceeded(limit: Limit, key: str) -> bool:
    """Whether `key` has used up `limit` in the current window (counts nothing)."""
    window = ThrottleWindow.objects.filter(
        limit=limit.name, key=_key(key), window_start=limit.window_start(timezone.now())
    ).first()
    return window is not None and window.hits >= limit.count


def hit(limit: Limit, key: str) -> bool:
    """Count one for `key`; True if this one goes over the limit."""
    now = timezone.now()
    start = limit.window_start(now)
    table = ThrottleWindow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} ("limit", key, window_start, hits) VALUES (%s, %s, %s, 1)
            ON CONFLICT ("limit", key, window_start) DO UPDATE SET hits = {table}.hits + 1
            RETURNING hits
            """,
            [limit.name, _key(key), start],
        )
        (hits,) = cursor.fetchone()
    if hits == 1:
        # A new window: the ones before it are over, and nothing reads them again.
        ThrottleWindow.objects.filter(
            limit=limit.name, window_start__lt=start - timedelta(seconds=limit.seconds)
        ).delete()
    return hits > limit.count


def reset(limit: Limit, key: str) -> None:
    ThrottleWindow.objects.filter(limit=limit.name, key=_key(key)).delete()


def retry_after(limit: Limit) -> int:
    """Seconds until the current window ends, for a Retry-After header or a message."""
    now = timezone.now()
    end = limit.window_start(now) + timedelta(seconds=limit.seconds)
    return max(1, int((end - now).total_seconds()) + 1)


def client_ip(request) -> str:
    """The address a request came from. Behind the proxy that TRUST_X_FORWARDED_PROTO trusts,
    the last X-Forwarded-For entry is the one that proxy added; earlier ones are the client's
    to forge, so they are never read."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
