"""Where uploaded import files and finished exports live: Django's storage API (a local folder by
default, any S3-compatible store by setting), never a path on one web process's disk, so web and
worker machines can share them. They are never served by URL: a view checks the owner and
streams them. They expire: see delete_expired_files().
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone


def transfer_storage():
    return storages["transfers"]


def file_path(kind: str, owner_id: int, filename: str) -> str:
    # A random folder: the name reveals nothing, and two uploads of "pocket.zip" never meet.
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)[-80:] or "file"
    return f"{kind}/{owner_id}/{secrets.token_urlsafe(12)}/{safe}"


def expiry():
    return timezone.now() + timedelta(hours=settings.TRANSFER_FILES_KEEP_HOURS)


def delete_expired_files() -> int:
    """Delete finished exports and leftover uploads past their time; returns how many."""
    from articles.exports.models import Export
    from articles.imports.models import Import

    count = 0
    now = timezone.now()
    for model in (Export, Import):
        for job in model.objects.filter(expires_at__lt=now).exclude(file=""):
            job.delete_file()
            count += 1
    return count
