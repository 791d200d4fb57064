"""Undo for deleted articles, without a soft-delete column.

Before articles are deleted, their rows (every field and their tag ids) are written to a separate,
short-lived session record; the user's own session keeps only that record's key. Undo re-creates
the articles with the same ids, so links to them work again. Keeping the copy out of the main
session means pages do not load megabytes of article text on every request.
"""

import secrets

from django.contrib.sessions.backends.db import SessionStore
from django.core import serializers
from django.db import IntegrityError, transaction

from articles.models import Article, Tag

UNDO_SECONDS = 60 * 60
MAX_UNDO_BYTES = 25 * 1024 * 1024  # one deletion; far above a page of typical articles
KEPT_DELETIONS = 5
SESSION_KEY = "deleted_articles"


class TooLargeToUndo(Exception):
    pass


def stash(request, articles: list[Article]) -> str:
    """Keep a copy of these articles for undo; returns the token the Undo button sends."""
    data = serializers.serialize("json", articles)
    if len(data) > MAX_UNDO_BYTES:
        raise TooLargeToUndo(len(data))
    # Expired copies (and expired logins) go now: nothing else runs `clearsessions`.
    SessionStore.clear_expired()
    store = SessionStore()
    store["user"], store["articles"] = request.user.pk, data
    store.set_expiry(UNDO_SECONDS)
    store.create()
    token = secrets.token_urlsafe(16)
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[token] = store.session_key
    for old in list(kept)[:-KEPT_DELETIONS]:
        SessionStore(kept.pop(old)).delete()
    request.session[SESSION_KEY] = kept
    return token


def restore(request, token: str) -> tuple[list[Article], int]:
    """Re-create the articles of one deletion; returns them and how many could not come back."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    key = kept.pop(str(token), None)
    request.session[SESSION_KEY] = kept
    if not key:
        return [], 0
    store = SessionStore(key)
    data, user_id = store.get("articles"), store.get("user")
    store.delete()
    if not data or user_id != request.user.pk:
        return [], 0
    restored, failed = [], 0
    tag_ids = set(Tag.objects.filter(owner=request.user).values_list("pk", flat=True))
    for item in serializers.deserialize("json", data):
        article = item.object
        if article.owner_id != request.user.pk:
            continue
        # Tags deleted since then are simply left off.
        item.m2m_data["tags"] = [pk for pk in item.m2m_data.get("tags", []) if pk in tag_ids]
        try:
            with transaction.atomic():
                item.save(force_insert=True)
        except IntegrityError:  # saved again under the same URL meanwhile, or restored twice
            failed += 1
            continue
        restored.append(article)
    return restored, failed
