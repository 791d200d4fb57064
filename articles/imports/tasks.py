"""The import as a background task, and the recovery of one whose worker died."""

from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.imports.models import Import

# A running import writes a heartbeat after every batch (a few seconds at most); this much
# silence means its worker is gone.
STALLED_AFTER = timedelta(minutes=2)


@task
def import_file(import_id: int) -> str:
    from articles.imports.running import run_import  # the job imports the tasks' neighbours

    job = run_import(import_id)
    return job.get_state_display() if job else "deleted before it ran"


def start(job: Import) -> None:
    transaction.on_commit(lambda: import_file.enqueue(job.pk))


def resume_if_stalled(job: Import) -> bool:
    """Queue the import again if its worker was killed; it goes on after its last batch."""
    cutoff = timezone.now() - STALLED_AFTER
    resumed = Import.objects.filter(
        pk=job.pk, state=Import.State.RUNNING, heartbeat_at__lt=cutoff
    ).update(heartbeat_at=timezone.now())
    if resumed:
        start(job)
    return bool(resumed)
