"""The API's speed at 100,000 articles, beside the raw SQL of the same pages.

Uses the library benchmark's database (bench/library.py seeds it: 100,000 articles for one
reader, 60,000 for three other users, tags on most). For each row below it measures the whole
request as a client sends it (Django's test client with a personal access token: middleware,
token check, the rate-limit count, the query, JSON), and, in the same run, every statement that
request ran, replayed raw through the same connection. The ratio is the price of everything
that is not SQL.

    .venv/bin/python bench/api.py                 (a few minutes on two cores, seeding included)
    BENCH_KEEP=1 BENCH_RUNS=300 ...               keeps the seeded database for the next run

To measure another endpoint, add a (label, URL) row to `rows()`, and its credentials to
`headers_for()`. Targets (issue 12): a page of 30 with tags, ours and wallabag's, p95 < 30 ms;
a feed of 50 full articles < 100 ms.
"""

import os
import sys
from pathlib import Path

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
TARGET_MS = 30.0  # a page of 30
FEED_TARGET_MS = 100.0  # a feed of 50 full articles


def rows(reader) -> list[tuple[str, str]]:
    """(label, URL): what is measured."""
    from articles.api.articles import ITEM_FIELDS
    from articles.feeds.models import FeedToken
    from articles.listing import Listing
    from articles.models import Article

    listing = Listing(view="all")
    deep = listing.in_order(Article.objects.for_user(reader)).only(*ITEM_FIELDS)[50_000]
    cursor = listing.cursor(deep)
    article = Article.objects.filter(owner=reader, title__contains=" 50000 ").get()
    FeedToken.objects.filter(user=reader).delete()
    feed_token = FeedToken.issue(reader)[1]
    return [
        ("articles, page 1", "/api/v1/articles?limit=30"),
        ("articles, at 50,000", f"/api/v1/articles?limit=30&cursor={cursor}"),
        ("unread, page 1", "/api/v1/articles?view=unread&limit=30"),
        ("tag, page 1", "/api/v1/articles?tag=topic-7&limit=30"),
        ("oldest, page 1", "/api/v1/articles?sort=oldest&limit=30"),
        ("search, newest", "/api/v1/articles?q=subject%2012345&sort=newest&limit=30"),
        ("one article", f"/api/v1/articles/{article.pk}"),
        ("tags with counts", "/api/v1/tags"),
        # wallabag's apps (KOReader asks for Unread, page by page) and a feed reader (the 50
        # newest, full content), each target in the issue beside our own API's.
        ("wallabag entries", "/api/entries?perPage=30&page=1"),
        ("wallabag unread", "/api/entries?archive=0&perPage=30&page=1"),
        ("Atom feed of 50", f"/feeds/{feed_token}/unread.atom"),
    ]


def headers_for(url: str, reader) -> dict[str, str]:
    """A fresh personal access token for each row: the rate limit (1,200 requests a minute per
    token) stays out of the way while its counting is measured like any request's."""
    from articles.api.models import PersonalToken
    from articles.wallabag.models import AccessToken, ApiClient

    if url.startswith("/api/v1/"):
        return {"Authorization": f"Bearer {PersonalToken.issue(reader, name='bench')[1]}"}
    if url.startswith("/api/entries"):
        client = ApiClient.issue(reader, name="bench")[0]
        return {"Authorization": f"Bearer {AccessToken.issue_for(client)[1]}"}
    return {}  # a feed: its token is in the URL


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    original = create_database()
    try:
        call_command("migrate", verbosity=0)  # a database kept from before the API's tables
        from django.contrib.auth import get_user_model

        from articles.api.models import PersonalToken

        reader = get_user_model().objects.get(username="reader")
        PersonalToken.objects.filter(user=reader, name="bench").delete()
        measured = []
        for label, url in rows(reader):
            client = Client(headers=headers_for(url, reader))

            def request(url=url, client=client):
                response = client.get(url, secure=True)
                assert response.status_code == 200, (url, response.content[:300])

            request()  # the token's first use writes last_used: not what every request does
            page_sql = statements_of(request)
            measured.append(
                (label, timed(request, RUNS, WARMUP), timed(replay(page_sql), RUNS, WARMUP))
            )
            measured[-1] += (len(page_sql),)
        report(measured)
    finally:
        drop_database(original)


def report(measured) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nmachine: sum(range(10**7)) took {machine_speed():.2f} s; load average {load}")
    print(f"{RUNS} runs of each after {WARMUP} warm-up; p50 / p95 in ms")
    print("  request: the whole request with a token (middleware, auth, rate limit, query, JSON)")
    print(
        "  raw SQL: every statement the request ran, replayed raw; ratio = request p95 / raw p95\n"
    )
    head = (
        f"{'row':<22} {'request':>13} {'raw SQL':>13} {'ratio':>6} {'queries':>7}  p95 target, ms"
    )
    print(head)
    print("-" * len(head))

    def both(samples):
        return f"{percentile(samples, 50):5.1f} /{percentile(samples, 95):6.1f}"

    for label, request, raw, queries in measured:
        ratio = percentile(request, 95) / percentile(raw, 95)
        target = FEED_TARGET_MS if label.startswith("Atom") else TARGET_MS
        ok = f"{'ok' if percentile(request, 95) < target else 'over'} (< {target:.0f})"
        print(f"{label:<22} {both(request):>13} {both(raw):>13} {ratio:5.1f}x {queries:>7}  {ok}")


if __name__ == "__main__":
    main()
