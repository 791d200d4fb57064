"""Finding a user's entries by link, as /api/entries/exists asks: by the link itself (any
spelling of it that newsreader takes for the same article, or the exact link as it was saved),
or by wallabag's SHA-1 of the link."""

from django.db.models import Q

from articles.ingest.urls import normalize_url
from articles.models import Article
from articles.wallabag.serialise import sha1

MAX_URLS = 1000  # per request; the Android app checks a screenful at a time
HASH_CHUNK = 10_000


def ids_by_url(user, urls: list[str]) -> dict[str, int]:
    """{url: id} for those of `urls` the user has saved. Two index lookups: the normalised
    link (unique per user) and the link as it was given (hash index)."""
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
    it was given). PostgreSQL has no SHA-1 of its own, so the user's links are hashed here, a
    chunk of two narrow columns at a time, stopping once every hash is found."""
    wanted = {h.lower() for h in hashes}
    found: dict[str, int] = {}
    links = Article.objects.for_user(user).order_by("id").values_list("id", "url", "given_url")
    last = 0
    while len(found) < len(wanted) and (chunk := list(links.filter(id__gt=last)[:HASH_CHUNK])):
        for pk, url, given in chunk:
            for link in {url, given} - {""}:
                if (digest := sha1(link)) in wanted:
                    found.setdefault(digest, pk)
        last = chunk[-1][0]
    return {h: found[h.lower()] for h in hashes if h.lower() in found}


def _normalised(url: str) -> str:
    try:
        return normalize_url(url.strip())
    except ValueError:  # not a link at all ("http://[::1"): nothing is saved under it
        return ""
