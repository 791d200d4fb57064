"""Preparing a big export in the background: written to a temporary file a chunk at a time,
then stored through the storage API, where its owner can download it until it expires."""

import logging
import tempfile

from django.core.files import File
from django.http import Http404
from django.utils import timezone

from articles.exports import scope as scopes
from articles.exports.formats import FORMATS
from articles.exports.models import Export
from articles.exports.rows import export_rows
from articles.jobs.queue import enqueue, handler
from articles.plurals import articles_count
from articles.transfer_files import delete_expired_files, expiry, file_path, transfer_storage

log = logging.getLogger(__name__)


PREPARE = "prepare_export"


def start(export: Export) -> None:
    enqueue(PREPARE, owner=export.owner, args={"export": export.pk})


def start_export(user, scope: scopes.Scope, fmt, label: str, count: int) -> Export:
    """Prepare an export of the user's articles in the background (the exports page's big
    ones, and every one asked for through the API)."""
    export = Export.objects.create(
        owner=user,
        library_of=user,
        format=fmt.name,
        scope=scope.to_json(),
        description=f"{label} ({articles_count(count)})",
    )
    start(export)
    return export


@handler(PREPARE)
def prepare_export(job) -> str:
    delete_expired_files()
    export = Export.objects.filter(pk=job.args["export"], state=Export.State.QUEUED).first()
    if export is None:
        return "deleted, or already prepared"
    Export.objects.filter(pk=export.pk).update(state=Export.State.RUNNING)
    try:
        name, size, count = _write(export)
    except Http404:
        _fail(export, "What was to be exported no longer exists (a deleted tag or article).")
        return "nothing to export"
    except Exception:
        log.exception("Export %s failed", export.pk)
        _fail(export, "Something went wrong while preparing the file. Please try again.")
        raise
    Export.objects.filter(pk=export.pk).update(
        state=Export.State.READY,
        file=name,
        size=size,
        article_count=count,
        finished_at=timezone.now(),
        expires_at=expiry(),
    )
    return f"{articles_count(count)}, {size:,} bytes"


def _write(export: Export) -> tuple[str, int, int]:
    fmt = FORMATS[export.format]
    scope = scopes.Scope.from_json(export.scope)
    articles = scopes.articles_in(export.library_of, scope)
    counted = _Counter(export_rows(articles))
    with tempfile.TemporaryFile() as out:
        for chunk in fmt.chunks(counted, title=f"newsreader: {export.description}"):
            out.write(chunk)
        size = out.tell()
        out.seek(0)
        filename = f"{scopes.file_stem(export.library_of, scope, timezone.localdate())}"
        path = file_path("exports", export.owner_id, f"{filename}.{fmt.extension}")
        name = transfer_storage().save(path, File(out))
    return name, size, counted.count


def _fail(export: Export, message: str) -> None:
    Export.objects.filter(pk=export.pk).update(
        state=Export.State.FAILED, error=message, finished_at=timezone.now()
    )


class _Counter:
    def __init__(self, items):
        self.items, self.count = items, 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item
