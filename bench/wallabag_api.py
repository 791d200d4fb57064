"""The wallabag API at 100,000 articles with tags, beside the raw SQL of the same requests.

Seeds the library benchmark's database (bench/library_seed.sql: 100,000 articles for one reader,
zero to three tags each, 60,000 for three other users), signs the reader in as a wallabag app
would (an API client and an access token), and measures each request whole (Django's test client:
middleware, token check, queries, JSON) and, in the same run, the same statements replayed raw
through the same connection (the baseline). The ratio is the price of everything but SQL.

    .venv/bin/python bench/wallabag_api.py        (a few minutes on two cores)
    BENCH_KEEP=1 BENCH_RUNS=50 ...                keeps the seeded database for the next run
"""

import os
import time
from urllib.parse import urlencode

from library import (
    RUNS,
    WARMUP,
    create_database,
    drop_database,
    machine_speed,
    replay,
    statements_of,
)
from measuring import percentile, timed

TARGET_MS = 30.0


def cases(reader) -> list[tuple[str, str]]:
    from articles.models import Article
    from articles.wallabag.serialise import sha1

    urls = list(
        Article.objects.filter(owner=reader).order_by("id").values_list("url", flat=True)[::3334]
    )
    since = int(time.time()) - 3 * 24 * 3600
    return [
        ("entries, page 1 (KOReader)", "/api/entries.json?archive=0&page=1&perPage=30"),
        ("entries, page 1, all", "/api/entries?perPage=30&page=1"),
        ("entries, metadata", "/api/entries?perPage=30&page=1&detail=metadata"),
        ("entries, page 1000", "/api/entries?perPage=30&page=1000"),
        ("entries, tag", "/api/entries?perPage=30&page=1&tags=topic%207"),
        ("entries, starred", "/api/entries?perPage=30&page=1&starred=1"),
        ("entries since (sync)", f"/api/entries?since={since}&sort=updated&order=asc&perPage=30"),
        ("exists?url", "/api/entries/exists?" + urlencode({"url": urls[0], "return_id": 1})),
        ("exists?urls[] x30", "/api/entries/exists?" + urlencode({"urls[]": urls}, doseq=True)),
        ("exists?hashed_url", "/api/entries/exists?" + urlencode({"hashed_url": sha1(urls[-1])})),
        ("tags", "/api/tags"),
    ]


def hash_all_links(client, reader) -> str:
    """The one-time cost of the first `hashed_url` question after an import: every link is
    hashed then (the hashes are forgotten here first)."""
    from articles.wallabag.models import UrlHash

    forgotten = UrlHash.objects.filter(owner=reader).update(url_sha1=None, given_url_sha1=None)
    started = time.perf_counter()
    assert client.get(f"/api/entries/exists?hashed_url={'0' * 40}", secure=True).status_code == 200
    return f"{forgotten:,} articles' links): {(time.perf_counter() - started) * 1000:,.0f} ms"


def main() -> None:
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    original = create_database()
    try:
        from django.contrib.auth import get_user_model

        from articles.wallabag.models import AccessToken, ApiClient

        reader = get_user_model().objects.get(username="reader")
        app, _ = ApiClient.issue(reader, name="bench")
        _, token = AccessToken.issue_for(app)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        print(f"first hashed question (hashes {hash_all_links(client, reader)})")
        rows = []
        for name, url in cases(reader):

            def request(url=url):
                assert client.get(url, secure=True).status_code == 200, url

            request()  # once before capturing: the first hashed question hashes every link
            sql = statements_of(request)
            rows.append(
                (name, timed(request, RUNS, WARMUP), timed(replay(sql), RUNS, WARMUP), len(sql))
            )
        report(rows)
    finally:
        drop_database(original)


def report(rows) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nmachine: sum(range(10**7)) took {machine_speed():.2f} s; load average {load}")
    print(f"{RUNS} runs of each after {WARMUP} warm-up; p50 / p95 in ms")
    print("  request: the whole request (token check, queries, JSON)")
    print("  raw SQL: the request's statements replayed raw; ratio = request p95 / raw p95\n")
    head = f"{'request':<28} {'request':>13} {'raw SQL':>13} {'ratio':>6} {'queries':>7}"
    head += f"  p95 < {TARGET_MS:.0f} ms"
    print(head)
    print("-" * len(head))

    def both(samples):
        return f"{percentile(samples, 50):5.1f} /{percentile(samples, 95):6.1f}"

    for name, request, raw, queries in rows:
        ratio = percentile(request, 95) / percentile(raw, 95)
        ok = "ok" if percentile(request, 95) < TARGET_MS else "over"
        print(f"{name:<28} {both(request):>13} {both(raw):>13} {ratio:5.1f}x {queries:>7}  {ok}")


if __name__ == "__main__":
    main()
