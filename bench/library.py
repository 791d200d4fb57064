"""Library and reader speed at 100,000 articles, beside the raw SQL of the same pages.

Seeds a database of its own (created, then dropped) with set-based SQL: 100,000 articles for one
reader and 60,000 for three other users. For each page it measures the server time of the whole
request (Django's test client: middleware, session, views, templates) and, in the same run, the
time the database alone takes for the same statements, replayed raw through the same connection.
The ratio is the price of everything that is not SQL.

    .venv/bin/python bench/library.py            (a few minutes on two cores)
    BENCH_KEEP=1 BENCH_RUNS=50 ...               keeps the seeded database for the next run
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

# Static URLs without a collectstatic manifest. Set before setup(): setup reads STORAGES once
# (a model's FileField asks for its storage) and later changes to the setting go unseen.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
django.setup()

from newsreader.warm import prepare_web_process  # noqa: E402

prepare_web_process()  # as a web process starts (newsreader/wsgi.py)

from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from kept_database import migrate_kept_database  # noqa: E402
from measuring import percentile, timed  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "newsreader_bench_library")  # BENCH_DB: a copy
RUNS = int(os.environ.get("BENCH_RUNS", "150"))
WARMUP = 15
TARGET_MS = 30.0
KEEP = os.environ.get("BENCH_KEEP") == "1"  # keep (and reuse) the seeded database between runs


def use_database(name: str) -> None:
    connections.close_all()
    connection.settings_dict["NAME"] = name


def create_database() -> str:
    original = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        if KEEP:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
            if cursor.fetchone():
                use_database(BENCH_DB)
                migrate_kept_database()
                return original
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    use_database(BENCH_DB)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        _hash_seed_links(cursor)
        cursor.execute((ROOT / "bench" / "library_seed.sql").read_text())
        cursor.execute("VACUUM ANALYZE")  # visibility map: counts become index-only scans
    print(f"seeded in {time.perf_counter() - started:.0f} s")
    return original


def _hash_seed_links(cursor) -> None:
    """wallabag's hashes of the seed's links, as the model computes them when it writes an
    article (articles.fields.LinkHashField), for the seed's SQL to store with them."""
    from articles.fields import sha1

    numbers = range(1, 100_001)
    links = [f"https://site{i % 700}.example/post/{i}" for i in numbers]  # as the seed's SQL
    cursor.execute("CREATE TEMP TABLE seed_link_hash (n integer PRIMARY KEY, hash text)")
    cursor.execute(
        "INSERT INTO seed_link_hash SELECT * FROM unnest(%s::integer[], %s::text[])",
        [list(numbers), [sha1(link) for link in links]],
    )


def drop_database(original: str) -> None:
    use_database(original)
    if KEEP:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def statements_of(function) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        function()
    return [q["sql"] for q in captured.captured_queries]


def replay(statements: list[str]):
    """The same SQL, sent as is through the same connection, rows fetched, nothing built."""
    raw = connection.connection

    def run():
        with raw.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql.encode())
                if cursor.description:
                    cursor.fetchall()

    return run


def cases(reader) -> list[tuple[str, str, bool, object]]:
    """(name, URL, through htmx, the ORM work of the page's main query)."""
    from articles.access import get_article_with_tags
    from articles.listing import Listing
    from articles.models import Article, Tag

    def listed(view, position=0, sort="newest", tag=None):
        listing = Listing(view=view, sort=sort, tag=tag)
        cursor = listing.cursor(listing._ordered(reader)[position]) if position else ""
        query = f"?sort={sort}&after={cursor}" if cursor else ""
        return query, lambda: listing.page(reader, after=cursor)

    def page(name, path, view, position=0, sort="newest", tag=None, htmx=False):
        query, orm = listed(view, position, sort, tag)
        return (name, path + query, htmx, orm)

    tag = Tag.objects.get(owner=reader, slug="topic-7")
    article = Article.objects.filter(owner=reader, title__contains=" 50000 ").get()

    def read():  # as the reader does it
        found = get_article_with_tags(reader, article.pk)
        Listing(view="unread").neighbours(reader, found)

    tag_url = tag.get_absolute_url()
    return [
        page("Unread, page 1", "/", "unread"),
        page("Unread, at 20,000", "/", "unread", 20_000),
        page("Unread, more (htmx)", "/", "unread", 10_000, htmx=True),
        page("Starred, page 1", "/starred/", "starred"),
        page("Archive, page 1", "/archived/", "archived"),
        page("Archive, at 60,000", "/archived/", "archived", 60_000),
        page("All, page 1", "/all/", "all"),
        page("All, at 95,000", "/all/", "all", 95_000),
        page("All longest, at 50,000", "/all/", "all", 50_000, "longest"),
        page("Tag, page 1", tag_url, "tag", tag=tag),
        page("Tag, at 3,000", tag_url, "tag", 3_000, tag=tag),
        ("Reader (from Unread)", article.get_absolute_url() + "?from=unread", False, read),
    ]


def main() -> None:
    # The test client's host. (Not setup_test_environment(): it instruments every template
    # render, which would bill the page for test machinery.)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    original = create_database()
    try:
        from django.contrib.auth import get_user_model

        reader = get_user_model().objects.get(username="reader")
        client = Client()
        client.force_login(reader)
        rows = []
        for name, url, htmx, orm in cases(reader):
            headers = {"HX-Request": "true"} if htmx else {}

            def request(url=url, headers=headers):
                assert client.get(url, secure=True, headers=headers).status_code == 200, url

            page_sql = statements_of(request)
            query_sql = statements_of(orm)
            rows.append(
                (
                    name,
                    timed(request, RUNS, WARMUP),
                    timed(replay(page_sql), RUNS, WARMUP),
                    timed(orm, RUNS, WARMUP),
                    timed(replay(query_sql), RUNS, WARMUP),
                    len(page_sql),
                )
            )
        report(rows)
    finally:
        drop_database(original)


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop: about 0.15 s on a recent laptop core."""
    started = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - started


def report(rows) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nmachine: sum(range(10**7)) took {machine_speed():.2f} s; load average {load}")
    print(f"{RUNS} runs of each after {WARMUP} warm-up; p50 / p95 in ms")
    print("  page: the whole request (middleware, session, queries, templates)")
    print("  page SQL: every statement the page runs, replayed raw")
    print("  query: the page's main query as the view runs it (rows to cards, tags included)")
    print("  raw: the same statements replayed raw; ratio = query p95 / raw p95\n")
    head = (
        f"{'page':<24} {'page':>13} {'page SQL':>13} {'query':>13} {'raw':>13} {'ratio':>6}"
        f" {'queries':>7}  p95 < {TARGET_MS:.0f} ms"
    )
    print(head)
    print("-" * len(head))

    def both(samples):
        return f"{percentile(samples, 50):5.1f} /{percentile(samples, 95):6.1f}"

    for name, page, page_sql, query, raw, queries in rows:
        ratio = percentile(query, 95) / percentile(raw, 95)
        ok = "ok" if percentile(page, 95) < TARGET_MS else "over"
        print(
            f"{name:<24} {both(page):>13} {both(page_sql):>13} {both(query):>13} "
            f"{both(raw):>13} {ratio:5.1f}x {queries:>7}  {ok}"
        )


if __name__ == "__main__":
    main()
