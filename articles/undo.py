"""Undo for deleted articles and tags, without a soft-delete column.

Before articles are deleted, their rows (every field and their tag ids) are written to a separate,
short-lived session record; the user's own session keeps only that record's key. Undo re-creates
the articles with the same ids, so links to them work again. Keeping the copy out of the main
session means pages do not load megabytes of article text on every request. A deleted tag is
kept as its name and the ids of its articles.
"""

import secrets
from dataclasses import dataclass, field

from django.contrib.sessions.backends.db import SessionStore
from django.core import serializers
from django.db import IntegrityError, transaction

from articles.models import Article, Tag
from articles.tagging import add_tags, tags_for_names

UNDO_SECONDS = 60 * 60
MAX_UNDO_BYTES = 25 * 1024 * 1024  # one deletion; far above a page of typical articles
KEPT_DELETIONS = 5
SESSION_KEY = "deleted_articles"


class TooLargeToUndo(Exception):
    pass


@dataclass
class Restored:
    """What an undo brought back, and where the user was when they deleted it."""

    articles: list[Article] = field(default_factory=list)
    failed: int = 0  # articles whose link has been saved again since
    tag: Tag | None = None
    back: str = ""  # the page to return to: the article's own, for one deleted while reading


def stash(request, articles: list[Article], back: str = "") -> str:
    """Keep a copy of these articles for undo; returns the token the Undo button sends."""
    data = serializers.serialize("json", articles)
    if len(data) > MAX_UNDO_BYTES:
        raise TooLargeToUndo(len(data))
    return _keep(request, {"articles": data, "back": back})


def stash_tag(request, tag: Tag) -> str:
    """Keep a deleted tag's name and the ids of its articles, to put it back on them."""
    ids = list(tag.articles.values_list("pk", flat=True))
    return _keep(request, {"tag": tag.name, "article_ids": ids})


def _keep(request, record: dict) -> str:
    # Expired copies (and expired logins) go now: nothing else runs `clearsessions`.
    SessionStore.clear_expired()
    store = SessionStore()
    store.update(record)
    store["user"] = request.user.pk
    store.set_expiry(UNDO_SECONDS)
    store.create()
    token = secrets.token_urlsafe(16)
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[token] = store.session_key
    for old in list(kept)[:-KEPT_DELETIONS]:
        SessionStore(kept.pop(old)).delete()
    request.session[SESSION_KEY] = kept
    return token


def restore(request, token: str) -> Restored:
    """Bring back what one deletion removed (once: the copy is gone afterwards)."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    key = kept.pop(str(token), None)
    request.session[SESSION_KEY] = kept
    if not key:
        return Restored()
    store = SessionStore(key)
    record = dict(store.items())
    store.delete()
    if record.get("user") != request.user.pk:
        return Restored()
    if "tag" in record:
        return Restored(tag=_restore_tag(request.user, record["tag"], record["article_ids"]))
    restored, failed = _restore_articles(request.user, record.get("articles") or "[]")
    return Restored(restored, failed, back=record.get("back", ""))


def _restore_articles(user, data: str) -> tuple[list[Article], int]:
    restored, failed = [], 0
    tag_ids = set(Tag.objects.filter(owner=user).values_list("pk", flat=True))
    for item in serializers.deserialize("json", data):
        article = item.object
        if article.owner_id != user.pk:
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


def _restore_tag(user, name: str, article_ids: list[int]) -> Tag:
    """The tag under its old name (or the one made under that name since), on the articles
    that still exist."""
    (tag,) = tags_for_names(user.pk, [name])
    add_tags(list(Article.objects.for_user(user).filter(pk__in=article_ids).only("pk")), [tag])
    return tag
