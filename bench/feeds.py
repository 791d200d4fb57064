"""Feeds and the e-readers' catalogue at 100,000 articles, beside the raw SQL they run.

Uses the library benchmark's database (bench/library.py seeds it: 100,000 articles of a few
kilobytes for one reader, 60,000 for others). Each row is one whole request through Django's
test client (the token checked, the articles read with their tags, the Atom written) and, in
the same run, the same SQL statements replayed raw: the ratio is the price of everything that
is not SQL. The target: a feed of 50 whole articles in under 100 ms (p95).

    .venv/bin/python bench/feeds.py            (BENCH_KEEP=1 keeps the seeded database)
"""

import base64
import os

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

# Importing the library benchmark sets Django up and gives its seeded database.
from library import create_database, drop_database, machine_speed, replay, statements_of
from measuring import percentile, timed

RUNS = int(os.environ.get("BENCH_RUNS", "60"))
WARMUP = 5
TARGET_MS = 100.0


def cases(reader, secret: str) -> list[tuple[str, str, dict]]:
    from articles.models import SavedSearch, Tag

    tag = Tag.objects.get(owner=reader, slug="topic-7")
    saved, _ = SavedSearch.objects.get_or_create(
        owner=reader, name="Essays on reading", defaults={"query": "reading is:unread"}
    )
    opds = {"HTTP_AUTHORIZATION": "Basic " + _basic("reader", secret)}
    return [
        ("Atom: Unread", reverse("feed_unread", args=[secret]), {}),
        ("Atom: Starred", reverse("feed_starred", args=[secret]), {}),
        ("Atom: Archive", reverse("feed_archived", args=[secret]), {}),
        ("Atom: a tag", reverse("feed_tag", args=[secret, tag.slug]), {}),
        ("Atom: a saved search", reverse("feed_search", args=[secret, saved.pk]), {}),
        ("OPDS: root", reverse("opds_root"), opds),
        ("OPDS: Unread, page 1", reverse("opds_unread"), opds),
        ("OPDS: Archive, page 40", reverse("opds_archived") + "?page=40", opds),
    ]


def _basic(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode()


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    original = create_database()
    try:
        from django.contrib.auth import get_user_model

        from articles.feeds.models import FeedToken

        reader = get_user_model().objects.get(username="reader")
        FeedToken.objects.filter(user=reader).delete()
        _, secret = FeedToken.issue(reader)
        client = Client()
        rows = []
        for name, url, headers in cases(reader, secret):

            def request(url=url, headers=headers):
                response = client.get(url, secure=True, **headers)
                assert response.status_code == 200, (url, response.status_code)
                return response

            size = len(request().content)
            sql = statements_of(request)
            rows.append(
                (
                    name,
                    timed(request, RUNS, WARMUP),
                    timed(replay(sql), RUNS, WARMUP),
                    len(sql),
                    size,
                )
            )
        FeedToken.objects.filter(user=reader).delete()
        report(rows)
    finally:
        drop_database(original)


def report(rows) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nmachine: sum(range(10**7)) took {machine_speed():.2f} s; load average {load}")
    print(f"{RUNS} runs of each after {WARMUP} warm-up; p50 / p95 in ms")
    print("  request: the whole request (token, queries, Atom written), as a feed reader gets it")
    print("  raw SQL: the same statements replayed raw; ratio = request p95 / raw SQL p95\n")
    head = (
        f"{'feed':<24} {'request':>13} {'raw SQL':>13} {'ratio':>6} {'queries':>7} "
        f"{'size':>8}  p95 < {TARGET_MS:.0f} ms"
    )
    print(head)
    print("-" * len(head))

    def both(samples):
        return f"{percentile(samples, 50):5.1f} /{percentile(samples, 95):6.1f}"

    for name, request, raw, queries, size in rows:
        ratio = percentile(request, 95) / percentile(raw, 95)
        ok = "ok" if percentile(request, 95) < TARGET_MS else "over"
        print(
            f"{name:<24} {both(request):>13} {both(raw):>13} {ratio:5.1f}x {queries:>7} "
            f"{size // 1024:>6} kB  {ok}"
        )


if __name__ == "__main__":
    main()
