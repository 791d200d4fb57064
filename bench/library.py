"""Library and reader speed at 100,000 articles, beside the raw SQL of the same pages.

Seeds a database of its own (created, then dropped) with set-based SQL: 100,000 articles for one
reader and 60,000 for three other users. For each page it measures the server time of the whole
request (Django's test client: middleware, session, views, templates) and, in the same run, the
time the database alone takes for the same statements, replayed raw through the same connection.
The ratio is the price of everything that is not SQL.

    .venv/bin/python bench/library.py            (about three minutes on two cores)
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BENCH_DB = "newsreader_bench_library"
RUNS = int(os.environ.get("BENCH_RUNS", "150"))
WARMUP = 15
TARGET_MS = 50.0


def use_database(name: str) -> None:
    connections.close_all()
    connection.settings_dict["NAME"] = name


def create_database() -> str:
    original = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    use_database(BENCH_DB)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute((ROOT / "bench" / "library_seed.sql").read_text())
        cursor.execute("VACUUM ANALYZE")  # visibility map: counts become index-only scans
    print(f"seeded in {time.perf_counter() - started:.0f} s")
    return original


def drop_database(original: str) -> None:
    use_database(original)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def percentile(samples: list[float], p: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def time_request(client: Client, url: str, htmx: bool) -> tuple[list[float], list[str]]:
    headers = {"HX-Request": "true"} if htmx else {}
    for _ in range(WARMUP):
        assert client.get(url, secure=True, headers=headers).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url, secure=True, headers=headers)
    statements = [q["sql"] for q in captured.captured_queries]
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url, secure=True, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
    return samples, statements


def time_raw(statements: list[str]) -> list[float]:
    """The same SQL the page ran, sent as is through the same connection."""
    raw = connection.connection
    samples = []
    for n in range(WARMUP + RUNS):
        started = time.perf_counter()
        with raw.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql.encode())
                if cursor.description:
                    cursor.fetchall()
        if n >= WARMUP:
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def cases(reader) -> list[tuple[str, str, bool]]:
    from articles.listing import Listing
    from articles.models import Article, Tag

    def deep(view, position, sort="newest", tag=None):
        listing = Listing(view=view, sort=sort, tag=tag)
        article = listing._ordered(reader)[position]
        return f"?sort={sort}&after={listing.cursor(article)}"

    tag = Tag.objects.get(owner=reader, slug="topic-7")
    article = Article.objects.filter(owner=reader, title__contains=" 50000 ").get()
    return [
        ("Unread, page 1", "/", False),
        ("Unread, at 20,000", "/" + deep("home", 20_000), False),
        ("Unread, more (htmx)", "/" + deep("home", 10_000), True),
        ("Starred, page 1", "/starred/", False),
        ("Archive, page 1", "/archive/", False),
        ("Archive, at 60,000", "/archive/" + deep("archive", 60_000), False),
        ("All, page 1", "/all/", False),
        ("All, at 95,000", "/all/" + deep("all", 95_000), False),
        ("All longest, at 50,000", "/all/" + deep("all", 50_000, "longest"), False),
        ("Tag, page 1", tag.get_absolute_url(), False),
        ("Tag, at 3,000", tag.get_absolute_url() + deep("tag", 3_000, tag=tag), False),
        ("Reader (from Unread)", article.get_absolute_url() + "?from=home", False),
    ]


def main() -> None:
    setup_test_environment()  # the test client's host, nothing else
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    original = create_database()
    try:
        from django.contrib.auth import get_user_model

        reader = get_user_model().objects.get(username="reader")
        client = Client()
        client.force_login(reader)
        rows = []
        for name, url, htmx in cases(reader):
            server, statements = time_request(client, url, htmx)
            raw = time_raw(statements)
            rows.append((name, server, raw, len(statements)))
        report(rows)
    finally:
        drop_database(original)


def report(rows) -> None:
    print(f"\n{RUNS} requests per page after {WARMUP} warm-up; times in ms")
    head = (
        f"{'page':<24} {'server p50':>10} {'server p95':>10} {'raw SQL p50':>11} "
        f"{'raw SQL p95':>11} {'p95 ratio':>9} {'queries':>7}  target"
    )
    print(head)
    print("-" * len(head))
    for name, server, raw, queries in rows:
        s50, s95, r50, r95 = (
            statistics.median(server),
            percentile(server, 95),
            statistics.median(raw),
            percentile(raw, 95),
        )
        ok = "ok" if s95 < TARGET_MS else "SLOW"
        print(
            f"{name:<24} {s50:>10.1f} {s95:>10.1f} {r50:>11.1f} {r95:>11.1f} "
            f"{s95 / r95:>8.1f}x {queries:>7}  {ok}"
        )


if __name__ == "__main__":
    main()
