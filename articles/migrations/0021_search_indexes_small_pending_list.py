"""The two search GIN indexes take new entries through a small pending list (64 kB) instead of
one at a time (fastupdate off since 0002_search).

With fastupdate off, every article inserted rewrites, in each index, the posting list of each
of its words: an import of 20,000 links spent a third of PostgreSQL's time of its COPY there
(backend CPU 3.3 s -> 2.2 s with the list; 40 COPYs of 500 rows captured from bench/imports.py).
0002's worry was a pending list scanned linearly by every search: capped at 64 kB (eight pages),
it costs nothing measurable (bench/search.py --quick on 100,000 articles: the same p50/p95
with the list full as empty). The write that fills it merges it into the index in one sorted
pass: one save of a whole article in four or five pays 40-140 ms instead of 13-25 ms, the
others about 4 ms (the mean is unchanged). A link saved alone adds only its title's words;
the article's own words come with its fetch, in a worker.
Entries in the list are found by searches like any other: what a search returns is unchanged.

On a big library this changes the indexes' parameters only: no rebuild, no scan, a moment's
lock. Reversing it also flushes the list into the index.
"""

from django.db import migrations

INDEXES = ("article_search_idx", "article_search_head_idx")

FORWARD = "".join(
    f"ALTER INDEX {name} SET (fastupdate = on, gin_pending_list_limit = 64);\n" for name in INDEXES
)
BACKWARD = "".join(
    f"ALTER INDEX {name} SET (fastupdate = off);\n"
    f"ALTER INDEX {name} RESET (gin_pending_list_limit);\n"
    f"SELECT gin_clean_pending_list('{name}'::regclass);\n"
    for name in INDEXES
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_snippet_window_fewer_scans")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
