"""`manage.py worker`: run background jobs (fetching saved pages, imports) until stopped."""

import os
import signal

from django.core.management.base import BaseCommand

from articles.jobs.worker import Worker

WORKER_NICENESS = 10


class Command(BaseCommand):
    help = "Run background jobs until stopped (Ctrl-C or SIGTERM let running jobs finish)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency", type=int, help="jobs at once (default: WORKER_CONCURRENCY)"
        )
        parser.add_argument(
            "--until-empty", action="store_true", help="stop when no job is left to run now"
        )

    def handle(self, *args, concurrency=None, until_empty=False, **options):
        # Extraction is CPU work: on a shared machine the site's requests go first.
        os.nice(WORKER_NICENESS)
        worker = Worker(concurrency, until_empty=until_empty)
        signal.signal(signal.SIGTERM, worker.stop)
        signal.signal(signal.SIGINT, worker.stop)
        worker.run()
