# ruff: noqa: E501  (a benchmark script: its table rows read best on one line each)
"""Imports and exports at the sizes users bring: a 20,000-row Pocket CSV, a 20,000-entry wallabag
JSON with content, and a JSON export of a 100,000-article library.

Seeds a database of its own (created, then dropped). The upload goes through the real view
(Django's test client); the import job runs here as the worker would run it, with the real task
backend, so queueing 20,000 fetches is part of the time (no worker runs: nothing is fetched).
Baselines, measured in the same run: a naive importer (one save and one lookup per row, as
wallabag's and Linkwarden's do) on 2,000 rows; the sanitiser alone over the wallabag content; and
the naive export (the whole list in memory, then json.dumps) on 10,000 articles.

    .venv/bin/python bench/imports.py        (about five minutes on two cores)
    BENCH_SKIP_EXPORT=1 .venv/bin/python bench/imports.py
        the import rows only: no 100,000-article seed (minutes on a loaded machine), no export rows
"""

import io
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from articles.exports.formats import json_export  # noqa: E402
from articles.exports.rows import export_rows  # noqa: E402
from articles.imports.models import Import  # noqa: E402
from articles.imports.running import run_import  # noqa: E402
from articles.ingest.clean import clean  # noqa: E402
from articles.ingest.urls import normalize_url  # noqa: E402
from articles.models import Article  # noqa: E402
from articles.search import search_articles  # noqa: E402
from articles.tagging import add_tags, tags_for_names  # noqa: E402
from newsreader.warm import prepare_web_process  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "newsreader_bench_imports")  # BENCH_DB: a name of your own
SKIP_EXPORT = os.environ.get("BENCH_SKIP_EXPORT") == "1"
ROWS = 20_000
WORDS = [
    "bridge",
    "river",
    "stone",
    "light",
    "harbour",
    "garden",
    "letter",
    "window",
    "market",
    "winter",
    "signal",
]


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
    with connection.cursor() as cursor:
        if not SKIP_EXPORT:
            cursor.execute((ROOT / "bench" / "library_seed.sql").read_text())
        cursor.execute("VACUUM ANALYZE")
    return original


def pocket_csv() -> bytes:
    rng = random.Random(1)
    lines = ["title,url,time_added,tags,status"]
    for n in range(ROWS):
        tags = "|".join(rng.sample(["tech", "long read", "recipes", "science", "later"], n % 3))
        status = "archive" if n % 4 else "unread"
        title = f'"Saved article number {n}, about {rng.choice(WORDS)}"'
        lines.append(
            f"{title},https://site{n % 500}.example/a/{n}?utm_source=pocket,{1_400_000_000 + n * 600},{tags},{status}"
        )
    return ("\n".join(lines) + "\n").encode()


def wallabag_json() -> bytes:
    rng = random.Random(2)
    entries = []
    for n in range(ROWS):
        paragraphs = "".join(
            f"<p>{' '.join(rng.choices(WORDS, k=60))} <a href='/x/{n}' onclick='x()'>link</a></p>"
            for _ in range(6)
        )
        content = f"<div><h2>Part {n}</h2>{paragraphs}<script>track({n})</script><img src='https://img.example/{n}.jpg'></div>"
        if n == ROWS - 1:
            content += "<p>zanzibarquokka</p>"
        entries.append({
            "id": n, "title": f"Entry {n}", "url": f"https://blog{n % 300}.example/p/{n}",
            "is_archived": n % 3 == 0, "is_starred": n % 17 == 0,
            "created_at": f"2019-0{1 + n % 9}-1{n % 9}T10:00:00+0200", "tags": ["wb", f"t{n % 7}"],
            "content": content, "language": "en", "mimetype": "text/html",
        })  # fmt: skip
    return json.dumps(entries).encode()


def upload_and_import(client, user, data: bytes, name: str) -> tuple[float, float, Import]:
    started = time.perf_counter()
    response = client.post("/import/", {"file": SimpleUploadedFile(name, data)})
    answered = time.perf_counter() - started
    assert response.status_code == 302, response.content[:500]
    job = Import.objects.filter(owner=user).latest("id")
    job = run_import(job.pk)
    return answered, time.perf_counter() - started, job


def naive_import(user, data: bytes, rows: int) -> float:
    """One lookup and one save per row, tags one by one: the importers users complain about."""
    import csv

    started = time.perf_counter()
    reader = csv.DictReader(io.StringIO(data.decode()))
    for n, row in enumerate(reader):
        if n == rows:
            break
        key = normalize_url(row["url"])
        if Article.objects.filter(owner=user, normalized_url=key).exists():
            continue
        article = Article.objects.create(
            owner=user, url=row["url"], normalized_url=key, title=row["title"]
        )
        add_tags([article], tags_for_names(user.pk, [t for t in row["tags"].split("|") if t]))
    return time.perf_counter() - started


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def export_json(queryset) -> tuple[float, float, float, int]:
    """Seconds to the first byte, seconds in all, peak memory growth (MB), bytes."""
    start_rss, peak, size = rss_mb(), 0.0, 0
    started = time.perf_counter()
    first = None
    for n, chunk in enumerate(json_export.chunks(export_rows(queryset))):
        first = first or time.perf_counter() - started
        size += len(chunk)
        if n % 500 == 0:
            peak = max(peak, rss_mb() - start_rss)
    return first, time.perf_counter() - started, max(peak, rss_mb() - start_rss), size


def naive_export(queryset, limit: int) -> tuple[float, float]:
    start_rss = rss_mb()
    started = time.perf_counter()
    rows = list(queryset.order_by("created_at", "id").values()[:limit])
    json.dumps(rows, default=str)
    return time.perf_counter() - started, rss_mb() - start_rss


def main() -> None:
    original = create_database()
    try:
        users = get_user_model().objects
        mover, naive = users.create_user("mover"), users.create_user("naive")
        client = Client()
        client.force_login(mover)
        prepare_web_process()  # as every web process does before its first request (newsreader/wsgi.py)
        pocket, wallabag = pocket_csv(), wallabag_json()
        table = []

        with override_settings(
            ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, IMPORT_MAX_BYTES=500 * 2**20
        ):
            answered, total, job = upload_and_import(client, mover, pocket, "pocket.csv")
            pending = Article.objects.filter(owner=mover, status="pending").count()
            naive_2k = naive_import(naive, pocket, 2000)
            table.append(("Pocket 20,000 rows: upload answers", answered, 1.0, None))
            table.append(
                (f"Pocket: all in the library, pending ({pending:,})", total, 10.0, naive_2k * 10)
            )
            answered, total, again = upload_and_import(client, mover, pocket, "pocket.csv")
            table.append((f"Pocket re-import (added {again.created})", total, 10.0, None))

            clean_started = time.perf_counter()
            for entry in json.loads(wallabag)[:2000]:
                clean(entry["content"], entry["url"])
            clean_2k = time.perf_counter() - clean_started
            answered, total, job = upload_and_import(client, mover, wallabag, "wallabag.json")
            found = search_articles(mover, "zanzibarquokka").articles.count()
            ready = Article.objects.filter(owner=mover, status="ready").count()
            table.append(
                (
                    f"wallabag 20,000: upload answers ({len(wallabag) // 2**20} MB)",
                    answered,
                    1.0,
                    None,
                )
            )
            table.append(
                (
                    f"wallabag: imported, sanitised ({ready:,}), searchable ({found})",
                    total,
                    120.0,
                    clean_2k * 10,
                )
            )
            answered, total, again = upload_and_import(client, mover, wallabag, "wallabag.json")
            table.append((f"wallabag re-import (added {again.created})", total, 10.0, None))

        if SKIP_EXPORT:
            print_table(table)
            print("\nBENCH_SKIP_EXPORT=1: the export rows were not measured.")
            return
        reader = users.get(username="reader")
        library = Article.objects.for_user(reader)
        first, total, memory, size = export_json(library)
        naive_seconds, naive_memory = naive_export(library, 10_000)
        table.append(("Export 100,000 as JSON: first byte", first, 1.0, naive_seconds * 10))
        table.append(
            (f"Export 100,000 as JSON: whole file ({size // 2**20} MB)", total, None, None)
        )
        print_table(table)
        print(f"\nExport memory growth: {memory:.0f} MB (target < 100 MB); the naive export "
              f"grew {naive_memory:.0f} MB for 10,000 articles (about {naive_memory * 10:.0f} MB for 100,000).")  # fmt: skip
    finally:
        use_database(original)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def print_table(rows) -> None:
    print(f"\n{'measure':62} {'seconds':>8} {'target':>7} {'naive':>8} {'ratio':>6}")
    for label, seconds, target, baseline in rows:
        target_text = f"< {target:g}" if target else ""
        base = f"{baseline:8.1f}" if baseline else " " * 8
        ratio = f"{baseline / seconds:5.1f}x" if baseline else ""
        verdict = "" if not target else (" ok" if seconds < target else " MISSED")
        print(f"{label:62} {seconds:8.2f} {target_text:>7} {base} {ratio:>6}{verdict}")
    print(
        "naive: Pocket, one lookup and save per row (2,000 rows, x10); wallabag, the sanitiser "
        "alone (2,000 entries, x10); export, the list in memory then json.dumps (10,000, x10)."
    )


if __name__ == "__main__":
    main()
