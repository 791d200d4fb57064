"""`manage.py worker`: run background jobs (fetching saved pages, imports) until stopped."""

import signal

from django.core.management.base import BaseCommand

from articles.jobs.worker import Worker


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
        worker = Worker(concurrency, until_empty=until_empty)
        signal.signal(signal.SIGTERM, worker.stop)
        signal.signal(signal.SIGINT, worker.stop)
        worker.run()
