"""A seeded benchmark database kept between runs (BENCH_KEEP) follows the schema it is run with.

Seeding takes a quarter of an hour, so the benches reuse their database; without this, a run after
a new migration measured the old schema, or failed on a missing column.
"""

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_kept_database() -> None:
    """Apply the migrations the kept database lacks, then refresh the planner's statistics (a
    migration that rewrites rows leaves them stale, and the plans measured would not be ours)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return
    print(f"Migrating the kept database ({len(plan)} to apply; rewriting every row is slow)…")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
