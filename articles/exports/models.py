"""An export run in the background: what was asked for, and the file once it is ready."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.transfer_files import transfer_storage


class Export(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Preparing"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    IN_PROGRESS = (State.QUEUED, State.RUNNING)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    # Whose articles: the owner's, or another user's when a site administrator exports them.
    library_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(max_length=10)
    # What to export, as the export's scope reads it back (see articles/exports/scope.py).
    scope = models.JSONField(default=dict)
    description = models.CharField(max_length=300)  # "All 1,204 articles", "Tag “rust”"
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    error = models.TextField(blank=True)
    file = models.FileField(storage=transfer_storage, max_length=300, blank=True)
    size = models.BigIntegerField(default=0)
    article_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_format_display()} export of {self.description}"

    def get_absolute_url(self):
        return reverse("export_download", args=[self.pk])

    def get_format_display(self) -> str:
        from articles.exports.formats import FORMATS

        return FORMATS[self.format].label if self.format in FORMATS else self.format

    def delete_file(self) -> None:
        if self.file:
            self.file.delete(save=False)
        type(self).objects.filter(pk=self.pk).update(
            file="", expires_at=None, state=self.State.EXPIRED
        )
