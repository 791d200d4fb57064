"""Search at 100,000 articles: the search view against raw SQL and the naive icontains way.

    .venv/bin/python bench/search.py            # seeds once (a few minutes), then measures
    .venv/bin/python bench/search.py --reseed   # drop the benchmark database and seed again

Runs against the server of DATABASE_URL (the embedded PostgreSQL by default) in its own database,
newsreader_bench_search, which it creates and keeps between runs; the development database is
never touched. Seeding: one user with 100,000 articles (lengths around 1,200 words, eight
languages, 2,000 tags) and four other users with 5,000 each. Text comes from the most frequent
words of each language (jusText's frequency-ordered lists) followed by a long tail of made-up
words, drawn with a Zipf distribution, plus a few collocations ("united states") so that common
words, rare words and phrases behave as in real text. Articles go in through COPY, in two
processes, with the search triggers doing exactly what they do in production; the GIN indexes are
built afterwards (their build time is the index rebuild time reported).
"""

import argparse
import itertools
import math
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from measuring import percentile, timed  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

BENCH_DB = os.environ.get("BENCH_DB", "newsreader_bench_search")  # BENCH_DB: a copy
OWNER_ARTICLES = 100_000
NOISE_USERS, NOISE_ARTICLES = 4, 5_000
TAGS = 2_000
SEED = 20261128

LANGUAGES = {  # share of articles, jusText list, syllables of the made-up tail
    "en": (
        0.55,
        "English",
        "ba be bi bo ca co da de di fa fe fo ga go ha he ho ja ka ke la le "
        "li lo ma me mi mo na ne no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi "
        "wa we wi ber con der ent ion ter str pro per ing ble",
    ),
    "fr": (
        0.12,
        "French",
        "ba bé ca cé da dé fa fé ga gé la lé ma mé na né pa pé ra ré sa sé "
        "ta té va vé çon ère ien ou eau oi an en on in ette ment ais eur",
    ),
    "de": (
        0.10,
        "German",
        "ba be da de fa fe ga ge ha he ka ke la le ma me na ne ra re sa se "
        "ta te ü ö ä sch ung ei au ie ben ter sten lich heit keit",
    ),
    "es": (
        0.08,
        "Spanish",
        "ba be ca ce da de fa fe ga ge la le ma me na ne ña ño pa pe ra re "
        "sa se ta te ción ía ío ar er ir os as ez ado ida",
    ),
    "ru": (
        0.05,
        "Russian",
        "ба бе ва ве да де жа за зе ка ке ла ле ма ме на не па пе ра ре са "
        "се та те ча ше ый ий ов ев ость ние ка ки ко ру",
    ),
    "it": (
        0.04,
        "Italian",
        "ba be ca ce da de fa fe ga ge la le ma me na ne pa pe ra re sa se "
        "ta te zio ne gli zza tto lla ssi ero",
    ),
    "pt": (
        0.03,
        "Portuguese",
        "ba be ca ce da de fa fe ga ge la le ma me na ne pa pe ra re sa "
        "se ta te ção ões ão inho ada eira nte",
    ),
    "nl": (
        0.03,
        "Dutch",
        "ba be da de fa fe ga ge ha he ka ke la le ma me na ne ra re sa se "
        "ta te ij oe aa ee uu ing heid lijk sch",
    ),
}
TAIL = 300_000  # made-up words after the real ones: rare words appear in a handful of articles
COLLOCATIONS = [
    "united states",
    "new york",
    "world war",
    "high school",
    "prime minister",
    "climate change",
    "machine learning",
    "public health",
    "city council",
    "national park",
    "supreme court",
    "real estate",
    "open source",
    "interest rates",
    "human rights",
]


# ---------------------------------------------------------------------------------------------
# Django and the benchmark database


def setup_django():
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BENCH_DB
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    django.setup()


def admin_conninfo(dbname: str) -> str:
    from django.conf import settings
    from psycopg.conninfo import make_conninfo

    db = settings.DATABASES["default"]
    options = {k: v for k, v in db.get("OPTIONS", {}).items() if k in ("host", "port", "sslmode")}
    params = {"dbname": dbname, "user": db["USER"], "password": db["PASSWORD"] or None}
    params |= {"host": db["HOST"] or None, "port": db["PORT"] or None} | options
    return make_conninfo(**{k: v for k, v in params.items() if v})


def database_state(reseed: bool) -> str:
    """'ready', or 'empty' after (re)creating the benchmark database."""
    import psycopg

    with psycopg.connect(admin_conninfo("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and not reseed:
            try:
                with psycopg.connect(admin_conninfo(BENCH_DB)) as bench:
                    done = bench.execute("SELECT seeded FROM bench_state").fetchone()
                if done and done[0]:
                    return "ready"
            except psycopg.Error:
                pass
        if exists:
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return "empty"


# ---------------------------------------------------------------------------------------------
# Text


def vocabulary(lang: str) -> list[str]:
    _, listname, syllables = LANGUAGES[lang]
    head, seen = [], set()
    for word in _stoplist(listname):
        w = word.strip().lower()
        if w.isalpha() and w not in seen:
            seen.add(w)
            head.append(w)
    syl = syllables.split()
    tail = []
    for rank in range(TAIL):
        n = 2 if rank < 3_000 else 3 if rank < 60_000 else 4
        x = (rank * 1_000_003 + 7) % (len(syl) ** n)
        word = "".join(syl[(x // len(syl) ** i) % len(syl)] for i in range(n))
        if word not in seen:
            seen.add(word)
            tail.append(word)
    return head + tail


def _stoplist(name: str) -> list[str]:
    # jusText's lists are ordered by frequency (most frequent first); read the file directly
    # because get_stoplist() returns an unordered set.
    import justext

    path = Path(justext.__file__).parent / "stoplists" / f"{name}.txt"
    return path.read_text(encoding="utf-8").split()


class TextMaker:
    """Zipf-distributed text in one language (built once per process: the tail is large)."""

    _made: dict[str, "TextMaker"] = {}

    @classmethod
    def get(cls, lang: str, rng: random.Random) -> "TextMaker":
        maker = cls._made.get(lang) or cls._made.setdefault(lang, cls(lang))
        maker.rng = rng
        return maker

    def __init__(self, lang: str):
        self.lang = lang
        self.words = vocabulary(lang)
        weights = [1.0 / (rank + 2.7) for rank in range(len(self.words))]
        self.cum = list(itertools.accumulate(weights))
        # Titles avoid the 30 most frequent (function) words.
        self.title_cum = list(
            itertools.accumulate(0.0 if r < 30 else w for r, w in enumerate(weights))
        )

    def text(self, n_words: int) -> str:
        rng, words = self.rng, self.rng.choices(self.words, cum_weights=self.cum, k=n_words)
        sentences, i = [], 0
        while i < n_words:
            length = rng.randint(8, 24)
            sentence = words[i : i + length]
            if self.lang == "en" and rng.random() < 0.05:
                sentence[0:2] = rng.choice(COLLOCATIONS).split()
            sentences.append(" ".join(sentence).capitalize() + ".")
            i += length
        paragraphs = [" ".join(sentences[j : j + 5]) for j in range(0, len(sentences), 5)]
        return "\n\n".join(paragraphs)

    def title(self) -> str:
        n = self.rng.randint(4, 10)
        return " ".join(self.rng.choices(self.words, cum_weights=self.title_cum, k=n)).capitalize()


def tag_names(rng: random.Random) -> list[str]:
    words = vocabulary("en")[50:6000]
    names, seen = [], set()
    while len(names) < TAGS:
        name = (
            rng.choice(words) if rng.random() < 0.5 else f"{rng.choice(words)}-{rng.choice(words)}"
        )
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


# ---------------------------------------------------------------------------------------------
# Seeding


def seed():
    """Users, tags and 120,000 articles; returns the seconds it took."""
    import psycopg
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    conninfo = admin_conninfo(BENCH_DB)
    rng = random.Random(SEED)
    with psycopg.connect(conninfo) as conn:
        users = []
        for name in ["reader", *(f"noise{i}" for i in range(NOISE_USERS))]:
            users.append(
                conn.execute(
                    "INSERT INTO auth_user (password, is_superuser, username, first_name, "
                    "last_name, email, is_staff, is_active, date_joined) VALUES "
                    "('!', false, %s, '', '', '', false, true, now()) RETURNING id",
                    [name],
                ).fetchone()[0]
            )
        tag_ids = {}
        names = tag_names(rng)
        for user in users:
            with conn.cursor().copy(
                "COPY articles_tag (owner_id, name, slug, created_at) FROM STDIN"
            ) as copy:
                for name in names if user == users[0] else names[:200]:
                    copy.write_row((user, name, name, datetime.now(UTC)))
            tag_ids[user] = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM articles_tag WHERE owner_id = %s ORDER BY id", [user]
                )
            ]
        conn.execute(
            "CREATE TABLE bench_state (seeded boolean, seed_seconds float, index_seconds float)"
        )
        conn.execute("INSERT INTO bench_state VALUES (false, 0, 0)")
        # Built after the data, as a bulk load would; their build time is measured separately.
        conn.execute("DROP INDEX article_search_idx, article_search_head_idx")
        conn.execute("ALTER TABLE articles_article_tags DISABLE TRIGGER USER")
        conn.commit()

    jobs, next_id = [], 1
    for n, user in enumerate(users):
        total = OWNER_ARTICLES if n == 0 else NOISE_ARTICLES
        chunk = 10_000
        for start in range(0, total, chunk):
            count = min(chunk, total - start)
            jobs.append((conninfo, user, tag_ids[user], next_id, count, SEED + next_id))
            next_id += count
    with ProcessPoolExecutor(max_workers=2) as pool:
        done = 0
        for count in pool.map(_seed_chunk, jobs):
            done += count
            print(f"\r  seeded {done:,} articles…", end="", flush=True)
    print()

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("ALTER TABLE articles_article_tags ENABLE TRIGGER USER")
        fill_tag_counts(conn)
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), max(id)) "
            "FROM articles_article"
        )
        index_seconds = build_search_indexes(conn)
        conn.execute("VACUUM ANALYZE")
        seconds = time.perf_counter() - started
        conn.execute(
            "UPDATE bench_state SET seeded = true, seed_seconds = %s, index_seconds = %s",
            [seconds, index_seconds],
        )
    return seconds


def _seed_chunk(job):
    import psycopg

    conninfo, user, tags, first_id, count, seed_value = job
    rng = random.Random(seed_value)
    langs = list(LANGUAGES)
    shares = [LANGUAGES[lang][0] for lang in langs]
    tag_weights = list(itertools.accumulate(1.0 / (i + 5) for i in range(len(tags))))
    epoch = datetime(2021, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 11, 1, tzinfo=UTC) - epoch).total_seconds()
    sites = [f"{w}{i}" for i, w in enumerate(vocabulary("en")[100:400])]
    authors = [
        f"{a.capitalize()} {b.capitalize()}"
        for a, b in itertools.pairwise(vocabulary("en")[500:1100])
    ]
    with psycopg.connect(conninfo) as conn:
        with conn.cursor().copy(
            "COPY articles_article_tags (article_id, tag_id) FROM STDIN"
        ) as copy:
            for article_id in range(first_id, first_id + count):
                n_tags = min(int(rng.expovariate(1 / 2.5)), 8)
                for tag in set(rng.choices(tags, cum_weights=tag_weights[: len(tags)], k=n_tags)):
                    copy.write_row((article_id, tag))
        columns = (
            "id, owner_id, given_url, url, normalized_url, title, byline, site_name, excerpt, "
            "language, lead_image_url, content_html, content_text, word_count, reading_minutes, "
            "status, failure_reason, reading_progress, created_at, updated_at, starred_at, "
            "archived_at, read_at, is_teaser"
        )
        with conn.cursor().copy(f"COPY articles_article ({columns}) FROM STDIN") as copy:
            for article_id in range(first_id, first_id + count):
                lang = rng.choices(langs, weights=shares)[0]
                maker = TextMaker.get(lang, rng)
                n_words = int(min(max(rng.lognormvariate(math.log(1050), 0.5), 150), 12_000))
                text = maker.text(n_words)
                title = maker.title()
                site = rng.choice(sites)
                url = f"https://{rng.choice(['www.', 'blog.', 'news.', ''])}{site}.com/{article_id}"
                # Saved over five years, in order, as a library grows.
                created = epoch + timedelta(
                    seconds=span * (article_id - first_id + rng.random()) / count
                )
                read = created + timedelta(days=1) if rng.random() < 0.5 else None
                archived = created + timedelta(days=2) if rng.random() < 0.4 else None
                starred = created if rng.random() < 0.08 else None
                copy.write_row(
                    (
                        article_id, user, url, url, url, title, rng.choice(authors),
                        site.capitalize(), text[:200], lang, "",
                        "<p>" + text[:500] + "</p>", text, n_words, max(1, n_words // 230),
                        "ready", "", 1.0 if read else 0.0, created, created, starred, archived,
                        read, False,
                    )
                )  # fmt: skip
        conn.commit()
    return count


def fill_tag_counts(conn) -> None:
    """What the links' triggers (off while seeding) keep: how many articles each tag holds. The
    search reads it to choose how to search within a tag, the navigation shows it."""
    conn.execute(
        "INSERT INTO articles_tagcount (tag_id, articles) "
        "SELECT tag_id, count(*) FROM articles_article_tags GROUP BY tag_id"
    )


def build_search_indexes(conn) -> float:
    """(Re)build the search GIN indexes; returns the seconds it took."""
    started = time.perf_counter()
    conn.execute("SET maintenance_work_mem = '256MB'")
    conn.execute("DROP INDEX IF EXISTS article_search_idx, article_search_head_idx")
    conn.execute(
        "CREATE INDEX article_search_idx ON articles_article USING gin (search_vector) "
        "WITH (fastupdate = on, gin_pending_list_limit = 64)"  # as migration 0021 leaves it
    )
    conn.execute(
        "CREATE INDEX article_search_head_idx ON articles_article USING gin (search_head) "
        "WITH (fastupdate = on, gin_pending_list_limit = 64)"
    )
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# Measuring

RUNS = 15  # timed runs per query, after one warm-up
BASELINE_QUERIES = 2  # per type, run once each: the naive baselines take seconds


def queries(conn) -> dict[str, list[str]]:
    """Queries per type, picked from the seeded data so that each type means what it says."""
    en = vocabulary("en")
    tags = [r[0] for r in conn.execute(
        "SELECT t.name FROM articles_tag t JOIN auth_user u ON u.id = t.owner_id "
        "WHERE u.username = 'reader' ORDER BY t.id LIMIT 600"
    )]  # fmt: skip
    return {
        "common word": ["people", "world", "city", "government", "history"],
        "two common words": ["world history", "city government", "people music"],
        "rare word": [en[n] for n in (200_000, 230_000, 260_000, 280_000, 295_000)],
        "phrase": ['"united states"', '"new york"', '"world war"', '"climate change"',
                   '"high school"'],
        "prefix (typing)": ["peop", "gover", "hist", "con", "wor"],
        "tag + word": [f"tag:{tags[0]} people", f"tag:{tags[10]} world", f"tag:{tags[100]} city",
                       f"tag:{tags[500]} history"],
    }  # fmt: skip


def measure(naive: bool):
    import psycopg
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Q
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from articles.models import Article
    from articles.search import PAGE_SIZE, results_page, search_articles
    from articles.views.search import search as search_view

    user = get_user_model().objects.get(username="reader")
    factory = RequestFactory()

    def view(query: str):
        request = factory.get(reverse("search"), {"q": query})
        request.user = user
        request.htmx = False
        response = search_view(request)
        assert response.status_code == 200, response.status_code
        return response

    def search(query: str):
        """The search alone, as the view runs it: parse, plan, the first page with snippets."""
        return results_page(search_articles(user, query), 0, PAGE_SIZE)

    def statements(function, text: str) -> list[str]:
        function(text)
        with CaptureQueriesContext(connection) as captured:
            function(text)
        return [q["sql"] for q in captured.captured_queries]

    def replayed(sqls: list[str]):
        return lambda: [raw.execute(sql).fetchall() for sql in sqls]

    rows = []
    # Like Django's connection, the replay plans every statement it sends: psycopg would
    # otherwise prepare a statement sent five times and skip its planning from then on, which
    # the app (a new text each search) cannot.
    replay = psycopg.connect(admin_conninfo(BENCH_DB), autocommit=True, prepare_threshold=None)
    with replay as raw:
        for kind, texts in queries(raw).items():
            view_ms, raw_ms, search_ms, search_raw_ms = [], [], [], []
            naive_ms, icontains_ms, matches = [], [], []
            for n, text in enumerate(texts):
                view_ms += timed(lambda t=text: view(t), RUNS)
                raw_ms += timed(replayed(statements(view, text)), RUNS)
                search_ms += timed(lambda t=text: search(t), RUNS)
                search_raw_ms += timed(replayed(statements(search, text)), RUNS)
                matches.append(search_articles(user, text).matches.count())
                if naive and n < BASELINE_QUERIES:
                    naive_ms += timed(lambda t=text: naive_rank(raw, user, t), 1, 0)
                    icontains_ms += timed(lambda t=text: icontains(Article, Q, user, t), 1, 0)
            rows.append(
                (kind, texts, view_ms, raw_ms, search_ms, search_raw_ms, naive_ms, icontains_ms,
                 matches)
            )  # fmt: skip
    return rows


def naive_rank(raw, user, text: str):
    """The obvious implementation: rank every match with ts_rank_cd, snippets for the page."""
    from articles.search import parse_query
    from articles.search.tsquery import build_text_query

    query = build_text_query(parse_query(text), user).match
    return raw.execute(
        "SELECT id, ts_headline(newsreader_search_config(language), content_text, %s::tsquery) "
        "FROM (SELECT id, language, content_text FROM articles_article "
        "      WHERE owner_id = %s AND search_vector @@ %s::tsquery "
        "      ORDER BY ts_rank_cd(search_vector, %s::tsquery) DESC LIMIT 20) page",
        [query, user.pk, query, query],
    ).fetchall()


def icontains(Article, Q, user, text: str):
    """wallabag's and linkding's way: LIKE over title and text, newest first, with a count."""
    words, tags = [], []
    for part in text.replace('"', "").split():
        (tags if part.startswith("tag:") else words).append(part.removeprefix("tag:"))
    articles = Article.objects.filter(owner=user)
    for tag in tags:
        articles = articles.filter(tags__name=tag)
    phrase = " ".join(words)
    articles = articles.filter(Q(title__icontains=phrase) | Q(content_text__icontains=phrase))
    list(articles.order_by("-created_at").values_list("id", "title")[:20])
    return articles.count()


def report(rows, naive: bool, index_seconds: float, seed_seconds: float):
    import psycopg

    with psycopg.connect(admin_conninfo(BENCH_DB)) as conn:
        sizes = conn.execute(
            "SELECT pg_relation_size('article_search_idx'), "
            "pg_relation_size('article_search_head_idx'), "
            "pg_total_relation_size('articles_article'), "
            "count(*) FILTER (WHERE u.username = 'reader'), "
            "count(*), current_setting('server_version') "
            "FROM articles_article a JOIN auth_user u ON u.id = a.owner_id"
        ).fetchone()
    full, head, table, mine, total, version = sizes
    print()
    print(f"Search at {mine:,} articles for one user ({total:,} in all), PostgreSQL {version}.")
    print(
        f"Each query type: {RUNS} timed runs of each query after a warm-up. view = the search view "
        "through RequestFactory\n(the full page: 20 results with highlighted titles and "
        "snippets, navigation, counts); SQL = the statements that\nview ran, replayed without "
        "Django; search = the search alone (parse, plan, first page with snippets), and\nraw = "
        "its statements replayed; naive = "
        "ts_rank_cd over every match and ts_headline on whole texts; icontains = LIKE\nover "
        f"title and text, newest first, with a count for the paginator (wallabag, linkding); the "
        f"baselines run\nonce for the first {BASELINE_QUERIES} queries of each type."
    )
    from articles.search import ranking, results

    print(
        f"Design: relevance ranks {ranking.RECENT_CANDIDATES} recent matches "
        f"({ranking.RECENT_PHRASE_CANDIDATES} phrase matches among the "
        f"{ranking.PHRASE_WINDOW:,} newest articles) plus\n{ranking.TITLE_CANDIDATES} title "
        "matches found through a small head vector and its own index (among the "
        f"{ranking.TITLE_WINDOW:,} newest articles\nfirst); snippets are cut by ts_headline "
        f"from {results.SNIPPET_WINDOW} characters around the first match, for the page shown "
        "only.\nThe count above the results is the first page's when it is the only one, else "
        f"the planner's estimate past {results.ESTIMATE_TRUSTED_FROM:,} rows, else counted up to "
        f"{results.COUNT_EXACT_UP_TO}."
    )
    header = (
        f"{'query type':<17} {'view':>11} {'SQL':>11} {'ratio':>6}  {'search':>11} {'raw':>11}"
        f" {'ratio':>6}"
    )
    if naive:
        header += f" {'naive p50':>10} {'icontains p50':>14} {'icontains/view':>15}"
    print()
    print("p50 / p95 in ms; ratio = p95 / p95")
    print(header)
    print("-" * len(header))

    def both(samples):
        return f"{percentile(samples, 50):4.1f} /{percentile(samples, 95):5.1f}"

    def ratio(slow, fast):
        return f"{percentile(slow, 95) / percentile(fast, 95):5.2f}x"

    for kind, _, view_ms, raw_ms, search_ms, search_raw_ms, naive_ms, icontains_ms, _ in rows:
        line = f"{kind:<17} {both(view_ms):>11} {both(raw_ms):>11} {ratio(view_ms, raw_ms):>6}"
        line += (
            f"  {both(search_ms):>11} {both(search_raw_ms):>11} {ratio(search_ms, search_raw_ms)}"
        )
        if naive:
            n50, i50 = percentile(naive_ms, 50), percentile(icontains_ms, 50)
            line += f" {n50:>8.0f}ms {i50:>12.0f}ms {i50 / percentile(view_ms, 50):>14.0f}x"
        print(line)
    print()
    for kind, texts, *_, matches in rows:
        print(
            f"  {kind}: " + ", ".join(f"{t} ({m:,})" for t, m in zip(texts, matches, strict=True))
        )
    print("  (matching articles in parentheses)")
    print()
    print(
        f"Index: search_vector GIN {full / 2**20:,.0f} MB, search_head GIN {head / 2**20:,.0f} MB "
        f"(table with TOAST {table / 2**20:,.0f} MB); rebuilding both took {index_seconds:.1f} s."
    )
    if seed_seconds:
        print(f"Seeding took {seed_seconds:.0f} s.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reseed", action="store_true", help="drop the benchmark data and seed again"
    )
    parser.add_argument(
        "--quick", action="store_true", help="skip the slow baselines (naive ranking, icontains)"
    )
    parser.add_argument(
        "--rebuild-index", action="store_true", help="time a rebuild of the search indexes again"
    )
    args = parser.parse_args()
    setup_django()
    seed_seconds = 0.0
    if database_state(args.reseed) == "empty":
        print(f"Seeding {BENCH_DB} (once; reused by later runs)…")
        seed_seconds = seed()
        print(f"  seeded in {seed_seconds:.0f} s")
    else:
        from kept_database import migrate_kept_database

        migrate_kept_database()
    import psycopg

    with psycopg.connect(admin_conninfo(BENCH_DB), autocommit=True) as conn:
        # Databases seeded before fill_tag_counts() have no tag counts.
        if not conn.execute("SELECT EXISTS (SELECT FROM articles_tagcount)").fetchone()[0]:
            fill_tag_counts(conn)
        if args.rebuild_index:
            print("Rebuilding the search indexes…")
            conn.execute("UPDATE bench_state SET index_seconds = %s", [build_search_indexes(conn)])
            conn.execute("ANALYZE articles_article")
        seed_seconds, index_seconds = conn.execute(
            "SELECT seed_seconds, index_seconds FROM bench_state"
        ).fetchone()
    from newsreader.warm import prepare_web_process

    prepare_web_process()  # as a web process starts (newsreader/wsgi.py)
    rows = measure(naive=not args.quick)
    report(rows, not args.quick, index_seconds, seed_seconds)


if __name__ == "__main__":
    main()
