"""The import as a background job (articles/jobs). A worker killed mid-import loses its lease;
the queue runs the job again, and run_import goes on after the last committed batch."""

from articles.imports.models import Import
from articles.jobs.queue import enqueue, handler

IMPORT = "import_file"


@handler(IMPORT)
def import_file(job) -> str:
    from articles.imports.running import run_import  # the job imports the tasks' neighbours

    imported = run_import(job.args["import"])
    return imported.get_state_display() if imported else "deleted before it ran"


def start(imported: Import) -> None:
    enqueue(IMPORT, owner=imported.owner, args={"import": imported.pk})
