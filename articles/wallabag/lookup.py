"""Finding a user's entries by link, as /api/entries/exists asks: by the link itself (any
spelling of it that newsreader takes for the same article, or the exact link as it was saved),
or by wallabag's SHA-1 of the link."""

import re

from django.db import connection
from django.db.models import Q

from articles.ingest.urls import normalize_url
from articles.models import Article
from articles.wallabag.serialise import sha1

MAX_URLS = 1000  # per request; the Android app checks a screenful at a time
HASH_CHUNK = 5_000
MAX_HASH_CHUNKS = 200  # a million links at the first question, at most
SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")


def ids_by_url(user, urls: list[str]) -> dict[str, int]:
    """{url: id} for those of `urls` the user has saved. Two index lookups: the normalised
    link (unique per user) and the link as it was given (hash index)."""
    if not urls:
        return {}
    keys = {url: _normalised(url) for url in urls}
    found = (
        Article.objects.for_user(user)
        .filter(Q(normalized_url__in={k for k in keys.values() if k}) | Q(given_url__in=urls))
        .order_by("id")
        .values_list("id", "normalized_url", "given_url")
    )
    by_key: dict[str, int] = {}  # normalised and given links alike
    for pk, key, given in found:
        for link in {key, given} - {""}:
            by_key.setdefault(link, pk)
    found_ids = {url: by_key.get(url) or by_key.get(keys[url]) for url in urls}
    return {url: pk for url, pk in found_ids.items() if pk}


def ids_by_hash(user, hashes: list[str]) -> dict[str, int]:
    """{hash: id} for the hashes of links the user has saved (the link after redirects, or as
    it was given): two index lookups, once the user's links are hashed."""
    if not hashes:
        # Not even the check for links to hash: after a big import is hashed, the rows it
        # hashed linger as dead entries of its index until vacuumed, hundreds of milliseconds
        # to walk (`exists?urls[]=` alone once paid it on every request).
        return {}
    _hash_links(user.pk)
    wanted = sorted({h.lower() for h in hashes if SHA1.match(h)})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT article_id, url_sha1, given_url_sha1 FROM articles_urlhash"
            " WHERE owner_id = %s AND (url_sha1 = ANY(%s) OR given_url_sha1 = ANY(%s))"
            " ORDER BY article_id",
            [user.pk, wanted, wanted],
        )
        found: dict[str, int] = {}
        for pk, *digests in cursor.fetchall():
            for digest in digests:
                found.setdefault(digest, pk)
    return {h: found[h.lower()] for h in hashes if h.lower() in found}


def _hash_links(owner_id: int) -> None:
    """Hash the links of the user's articles saved, imported or changed since the last time
    (UrlHash rows without hashes). An import of thousands is hashed in chunks at
    the first question; after that, only what changed. A link that changes meanwhile is left
    for the next time (the UPDATE checks it is still the one hashed)."""
    for _ in range(MAX_HASH_CHUNKS):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.id, a.url, a.given_url FROM articles_urlhash h"
                " JOIN articles_article a ON a.id = h.article_id"
                " WHERE h.owner_id = %s AND h.url_sha1 IS NULL LIMIT %s",
                [owner_id, HASH_CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            ids, urls, givens = (list(column) for column in zip(*rows, strict=True))
            cursor.execute(
                "UPDATE articles_urlhash h SET url_sha1 = v.url_sha1,"
                " given_url_sha1 = v.given_url_sha1"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[])"
                " AS v(id, url, given_url, url_sha1, given_url_sha1), articles_article a"
                " WHERE h.article_id = v.id AND a.id = v.id"
                " AND a.url = v.url AND a.given_url = v.given_url",
                [ids, urls, givens, [_digest(u) for u in urls], [_digest(g) for g in givens]],
            )
        if len(rows) < HASH_CHUNK:
            return


def _digest(link: str) -> str:
    return sha1(link) if link else ""  # "" : hashed, and no link to find


def _normalised(url: str) -> str:
    try:
        return normalize_url(url.strip())
    except ValueError:  # not a link at all ("http://[::1"): nothing is saved under it
        return ""
