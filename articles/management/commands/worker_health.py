"""The worker's health check: the database answers, and the worker takes the jobs that wait.

A worker that died or hangs leaves jobs waiting while none starts. The container's health
check (`deploy/entrypoint.sh healthcheck worker`) runs this; a long queue that is being worked
through (an import) is healthy.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from articles.jobs.models import Job

STUCK_AFTER = timedelta(minutes=5)


class Command(BaseCommand):
    help = "Exit with an error if the database does not answer or waiting jobs are not taken."

    def handle(self, *args, **options):
        since = timezone.now() - STUCK_AFTER
        waiting = Job.objects.filter(state=Job.State.QUEUED, run_after__lt=since)
        try:
            taken = Job.objects.filter(started_at__gte=since).exists()
            stuck = not taken and waiting.exists()
        except DatabaseError as error:
            raise CommandError(f"The database does not answer: {error}") from None
        if stuck:
            raise CommandError("Jobs have waited over 5 minutes and the worker takes none.")
        self.stdout.write("ok")
