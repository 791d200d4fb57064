"""Every door clients use, at 100,000 articles, beside the raw SQL of the same requests: our API
(/api/v1/), wallabag's (/api/entries, what KOReader and the wallabag apps ask), the Atom feeds
and the OPDS catalogue.

Uses the library benchmark's database (bench/library.py seeds it: 100,000 articles for one
reader, 60,000 for three other users, tags on most). For each row it measures the whole request
as that client sends it (Django's test client with the client's credentials: middleware, token
check, rate-limit count, queries, JSON or XML), and, in the same run, every statement that
request ran, replayed raw through the same connection. The ratio is the price of everything
that is not SQL.

    .venv/bin/python bench/api.py                 (a few minutes on two cores, seeding included)
    BENCH_KEEP=1 BENCH_RUNS=300 ...               keeps the seeded database for the next run

Targets (issue 12): a page of 30 with tags, ours and wallabag's, p95 < 30 ms; a feed of 50 full
articles < 100 ms. To measure another endpoint, add a row to `rows()`; `credentials()` knows
each door's.
"""

import base64
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# bench/library.py sets up Django and owns the seeded database (created, reused with BENCH_KEEP).
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from library import (  # noqa: E402
    create_database,
    drop_database,
    machine_speed,
    replay,
    statements_of,
)
from measuring import percentile, timed  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "150"))
WARMUP = 15
PAGE_TARGET_MS = 30.0  # a page of 30
FEED_TARGET_MS = 100.0  # a feed or a catalogue page of 50 articles


def rows(reader, feed_token: str) -> list[tuple[str, str, float]]:
    """(label, URL, p95 target in ms): what is measured."""
    from articles.api.articles import ITEM_FIELDS
    from articles.fields import sha1
    from articles.listing import Listing
    from articles.models import Article, SavedSearch

    listing = Listing(view="all")
    deep = listing.in_order(Article.objects.for_user(reader)).only(*ITEM_FIELDS)[50_000]
    cursor = listing.cursor(deep)
    article = Article.objects.filter(owner=reader, title__contains=" 50000 ").get()
    urls = list(
        Article.objects.filter(owner=reader).order_by("id").values_list("url", flat=True)[::3334]
    )
    since = int(time.time()) - 3 * 24 * 3600
    saved, _ = SavedSearch.objects.get_or_create(
        owner=reader, name="Essays on reading", defaults={"query": "reading is:unread"}
    )
    page, feed = PAGE_TARGET_MS, FEED_TARGET_MS
    exists = "/api/entries/exists?"
    return [
        ("articles, page 1", "/api/v1/articles?limit=30", page),
        ("articles, at 50,000", f"/api/v1/articles?limit=30&cursor={cursor}", page),
        ("unread, page 1", "/api/v1/articles?view=unread&limit=30", page),
        ("tag, page 1", "/api/v1/articles?tag=topic-7&limit=30", page),
        ("oldest, page 1", "/api/v1/articles?sort=oldest&limit=30", page),
        ("search, newest", "/api/v1/articles?q=subject%2012345&sort=newest&limit=30", page),
        ("one article", f"/api/v1/articles/{article.pk}", page),
        ("tags with counts", "/api/v1/tags", page),
        ("wb: unread (KOReader)", "/api/entries.json?archive=0&page=1&perPage=30", page),
        ("wb: entries, page 1", "/api/entries?perPage=30&page=1", page),
        ("wb: metadata only", "/api/entries?perPage=30&page=1&detail=metadata", page),
        ("wb: page 1000", "/api/entries?perPage=30&page=1000", page),
        ("wb: a tag", "/api/entries?perPage=30&page=1&tags=topic%207", page),
        ("wb: starred", "/api/entries?perPage=30&page=1&starred=1", page),
        ("wb: since (sync)", f"/api/entries?since={since}&sort=updated&order=asc&perPage=30", page),
        ("wb: exists?url", exists + urlencode({"url": urls[0], "return_id": 1}), page),
        ("wb: exists?urls[] x30", exists + urlencode({"urls[]": urls}, doseq=True), page),
        ("wb: exists?hashed_url", exists + urlencode({"hashed_url": sha1(urls[-1])}), page),
        ("wb: tags", "/api/tags", page),
        ("Atom: Unread", f"/feeds/{feed_token}/unread.atom", feed),
        ("Atom: Archive", f"/feeds/{feed_token}/archived.atom", feed),
        ("Atom: a tag", f"/feeds/{feed_token}/tags/topic-7.atom", feed),
        ("Atom: a saved search", f"/feeds/{feed_token}/searches/{saved.pk}.atom", feed),
        ("OPDS: root", "/opds/", feed),
        ("OPDS: Unread, page 1", "/opds/unread/", feed),
        ("OPDS: Archive, page 40", "/opds/archived/?page=40", feed),
    ]  # fmt: skip


def credentials(url: str, reader, feed_token: str) -> dict[str, str]:
    """What each door's client sends. A fresh personal token for each row, so the rate limit
    (1,200 requests a minute per token) stays out of the way while its counting is measured."""
    from articles.api.models import PersonalToken
    from articles.wallabag.models import AccessToken, ApiClient

    if url.startswith("/api/v1/"):
        return {"Authorization": f"Bearer {PersonalToken.issue(reader, name='bench')[1]}"}
    if url.startswith("/api/"):
        app = ApiClient.issue(reader, name="bench")[0]
        return {"Authorization": f"Bearer {AccessToken.issue_for(app)[1]}"}
    if url.startswith("/opds/"):
        basic = base64.b64encode(f"{reader.get_username()}:{feed_token}".encode()).decode()
        return {"Authorization": f"Basic {basic}"}
    return {}  # a feed: its token is in the URL


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    original = create_database()
    try:
        call_command("migrate", verbosity=0)  # a database kept from before the clients' tables
        from django.contrib.auth import get_user_model

        from articles.api.models import PersonalToken
        from articles.feeds.models import FeedToken
        from articles.wallabag.models import ApiClient

        reader = get_user_model().objects.get(username="reader")
        PersonalToken.objects.filter(user=reader, name="bench").delete()
        ApiClient.objects.filter(user=reader, name="bench").delete()
        FeedToken.objects.filter(user=reader).delete()
        feed_token = FeedToken.issue(reader)[1]
        measured = []
        for label, url, target in rows(reader, feed_token):
            client = Client(headers=credentials(url, reader, feed_token))

            def request(url=url, client=client):
                response = client.get(url, secure=True)
                assert response.status_code == 200, (url, response.content[:300])

            request()  # a token's first use writes last_used: not what every request does
            page_sql = statements_of(request)
            request_ms = timed(request, RUNS, WARMUP)
            measured.append((label, target, request_ms, timed(replay(page_sql), RUNS, WARMUP)))
            measured[-1] += (len(page_sql),)
        report(measured)
    finally:
        drop_database(original)


def report(measured) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nmachine: sum(range(10**7)) took {machine_speed():.2f} s; load average {load}")
    print(f"{RUNS} runs of each after {WARMUP} warm-up; p50 / p95 in ms")
    print("  request: the whole request with the client's credentials (auth, rate limit, queries)")
    print("  raw SQL: every statement the request ran, replayed raw; ratio = request p95 / raw p95")
    print("  wb: the wallabag API\n")
    head = f"{'row':<24} {'request':>13} {'raw SQL':>13} {'ratio':>6} {'queries':>7}  p95 target"
    print(head)
    print("-" * len(head))

    def both(samples):
        return f"{percentile(samples, 50):5.1f} /{percentile(samples, 95):6.1f}"

    for label, target, request, raw, queries in measured:
        ratio = percentile(request, 95) / percentile(raw, 95)
        ok = f"{'ok' if percentile(request, 95) < target else 'over'} (< {target:.0f} ms)"
        print(f"{label:<24} {both(request):>13} {both(raw):>13} {ratio:5.1f}x {queries:>7}  {ok}")


if __name__ == "__main__":
    main()
