"""What the worker runs (`manage.py worker`), by job kind. Queue work through articles.jobs.queue;
a handler takes its ids from the job, re-reads the rows and tolerates their being gone."""

from articles.ingest.saving import fetch_for_job, record_failed_fetch
from articles.jobs.queue import FETCH, handler

handler(FETCH, on_failure=record_failed_fetch)(fetch_for_job)

# Imports and exports register their handlers where they live.
import articles.exports.tasks  # noqa: E402, F401
import articles.imports.tasks  # noqa: E402, F401
