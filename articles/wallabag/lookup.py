"""Finding a user's entries by link, as /api/entries/exists asks: by the link itself (any
spelling of it that newsreader takes for the same article, or the exact link as it was saved),
or by wallabag's SHA-1 of the link (articles.fields.LinkHashField)."""

import re
from itertools import batched

from django.db import connection
from django.db.models import Q

from articles.fields import sha1
from articles.ingest.urls import normalize_url
from articles.models import Article

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
    it was given): two hash-index lookups. Every save and import hashes its links as it
    writes them; only articles written bypassing the model are hashed here, once."""
    if not hashes:
        return {}
    _hash_missing(user.pk)
    wanted = sorted({h.lower() for h in hashes if SHA1.match(h)})
    found: dict[str, int] = {}
    rows = (
        Article.objects.for_user(user)
        .filter(Q(hashed_url__in=wanted) | Q(hashed_given_url__in=wanted))
        .order_by("id")
        .values_list("id", "hashed_url", "hashed_given_url")
    )
    for pk, *digests in rows:
        for digest in digests:
            found.setdefault(digest, pk)
    return {h: found[h.lower()] for h in hashes if h.lower() in found}


def _hash_missing(owner_id: int) -> None:
    """Hash the links of the user's articles that have no hashes (raw SQL wrote them, or an
    update() changed a link). The check is an EXISTS, read with a plain index scan, which marks
    the entries a fill leaves dead so that later questions skip them; a bitmap scan would walk
    them on every question until the table is vacuumed. A link that changes meanwhile is left
    for the next time (the UPDATE checks it is still the one hashed)."""
    missing = Article.objects.filter(owner_id=owner_id, hashed_url__isnull=True)
    if not missing.exists():
        return
    rows = list(missing.values_list("id", "url", "given_url")[: HASH_CHUNK * MAX_HASH_CHUNKS])
    for chunk in batched(rows, HASH_CHUNK):
        ids, urls, givens = (list(column) for column in zip(*chunk, strict=True))
        hashes = [_digest(u or g) for u, g in zip(urls, givens, strict=True)]
        given_hashes = [_digest(g or u) for u, g in zip(urls, givens, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article a SET hashed_url = v.hashed_url,"
                " hashed_given_url = v.hashed_given_url"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[])"
                " AS v(id, url, given_url, hashed_url, hashed_given_url)"
                " WHERE a.id = v.id AND a.url = v.url AND a.given_url = v.given_url",
                [ids, urls, givens, hashes, given_hashes],
            )


def _digest(link: str) -> str:
    return sha1(link) if link else ""  # "": hashed, and no link to find


def _normalised(url: str) -> str:
    try:
        return normalize_url(url.strip())
    except ValueError:  # not a link at all ("http://[::1"): nothing is saved under it
        return ""
