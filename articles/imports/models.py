"""One import: the uploaded file, where the job has got to, and what it could not import."""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from articles.transfer_files import transfer_storage


class Import(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped: the file could not be read"
        CANCELLED = "cancelled", "Cancelled"

    FINISHED = (State.DONE, State.FAILED, State.CANCELLED)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports"
    )
    format = models.CharField(max_length=20)
    file = models.FileField(storage=transfer_storage, max_length=300, blank=True)
    file_name = models.CharField(max_length=255)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    error = models.TextField(blank=True)  # why the file stopped being read, for the user
    # Entries consumed from the file, committed with the articles they became: a job that was
    # killed starts again after this many, and finds the rest by their URLs anyway.
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    already_saved = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # the job's last batch
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)  # when the upload is deleted

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Import of {self.file_name}"

    def get_absolute_url(self):
        return reverse("import", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED

    def cancel(self) -> bool:
        """Stop the import at its next batch; False if it had already finished. The running job
        locks this row before each batch, so nothing is added once this has committed."""
        cancelled = (
            type(self)
            .objects.filter(pk=self.pk, state__in=[self.State.QUEUED, self.State.RUNNING])
            .update(state=self.State.CANCELLED)
        )
        if cancelled:
            self.state = self.State.CANCELLED
        return bool(cancelled)

    def fetch_counts(self) -> dict[str, int]:
        """The created articles by status: ready (have their text), pending, failed."""
        rows = (
            ImportedArticle.objects.filter(job=self)
            .values("article__status")
            .annotate(n=Count("pk"))
        )
        counts = {"ready": 0, "pending": 0, "failed": 0}
        counts.update({row["article__status"]: row["n"] for row in rows})
        return counts

    def delete_file(self) -> None:
        if self.file:
            self.file.delete(save=False)
        type(self).objects.filter(pk=self.pk).update(file="", expires_at=None)


class ImportedArticle(models.Model):
    """An article this import created, to follow its fetch and to report a failed one."""

    job = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    where = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "article"], name="imported_article_once")
        ]

    def __str__(self):
        return f"{self.where} of import {self.job_id}"


class ImportProblem(models.Model):
    """A row that was not imported, and why (the report the user can download)."""

    job = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="problems")
    where = models.CharField(max_length=100)
    url = models.TextField(blank=True)
    title = models.TextField(blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.where}: {self.reason}"


class ImportedHighlight(models.Model):
    """A highlight or note that came with an imported article (Pocket, Omnivore, wallabag,
    Instapaper's selection). Kept with the article, and in its exports, until newsreader has
    highlights of its own."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="imported_highlights"
    )
    quote = models.TextField(blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["article", "id"]

    def __str__(self):
        return self.quote[:80] or self.note[:80]
