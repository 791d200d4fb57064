"""Import an export file in the foreground: `manage.py import_articles FILE --user NAME`.

Runs the same job as the import page, with a progress bar; the fetches it queues are left to
the worker (`manage.py worker`)."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from articles.imports import formats
from articles.imports.formats import ImportFileError, Source
from articles.imports.models import Import
from articles.imports.running import run_import
from articles.transfer_files import expiry, file_path, transfer_storage


class Command(BaseCommand):
    help = "Import an export file (Pocket, Instapaper, wallabag, …) into a user's library."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the username to import for")
        parser.add_argument(
            "--format", default="", choices=["", *(fmt.NAME for fmt in formats.FORMATS)]
        )

    def handle(self, *args, file, user, format, **options):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"There is no user named {user!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {file}.")
        with path.open("rb") as data:
            try:
                source = Source(data, path.name)
                fmt = formats.detect(source, format)
                total = sum(1 for _ in fmt.read(source))
            except ImportFileError as error:
                raise CommandError(str(error)) from None
            data.seek(0)
            name = transfer_storage().save(file_path("imports", owner.pk, path.name), File(data))
        job = Import.objects.create(
            owner=owner, format=fmt.NAME, file=name, file_name=path.name, expires_at=expiry()
        )
        self.stdout.write(f"Importing {total:,} entries of {fmt.LABEL} for {owner}…")
        job = run_import(job.pk, progress=lambda job: self._bar(job, total))
        self._bar(job, total)
        sys.stderr.write("\n")
        self.stdout.write(
            f"{job.get_state_display()}: {job.created:,} added, {job.already_saved:,} already "
            f"saved, {job.skipped:,} skipped."
        )
        if job.error:
            self.stdout.write(job.error)
        pending = job.fetch_counts()["pending"]
        if pending:
            waiting = ngettext("%(n)s article waits", "%(n)s articles wait", pending) % {
                "n": f"{pending:,}"
            }
            self.stdout.write(f"{waiting} for the worker to fetch them.")
        if job.skipped:
            self.stdout.write(f"Skipped rows and why: /import/{job.pk}/ (report as CSV).")

    def _bar(self, job: Import, total: int) -> None:
        done = min(job.rows_read, total) if total else 0
        filled = int(30 * done / total) if total else 30
        sys.stderr.write(
            f"\r[{'#' * filled}{'-' * (30 - filled)}] {done:,}/{total:,} · "
            f"{job.created:,} added · {job.already_saved:,} already saved · {job.skipped:,} skipped"
        )
        sys.stderr.flush()
