"""What the reader says about an article's fetch while the worker has it, and how soon the page
asks again (it polls with htmx; without JavaScript a reload shows the same)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import time_format

from articles.jobs.models import Job


@dataclass(frozen=True)
class FetchProgress:
    headline: str
    detail: str = ""
    poll_ms: int = 1000  # when the page looks again


def active_fetch(user, article_id: int) -> Job | None:
    """The user's queued or running fetch of this article, if any."""
    return Job.objects.for_user(user).for_article(article_id).active().first()


def fetch_progress(article, job: Job) -> FetchProgress:
    now = timezone.now()
    again = "Fetching the page again…" if article.status == "ready" else "Fetching…"
    if job.state == Job.State.RUNNING:
        return FetchProgress(again, poll_ms=_soon(now - job.created_at))
    if job.run_after > now and job.attempts:
        when = time_format(timezone.localtime(job.run_after), "TIME_FORMAT")
        wait = (job.run_after - now).total_seconds()
        return FetchProgress(
            f"Trying again at {when}",
            f"{job.last_error} (attempt {job.attempts + 1} of {settings.JOB_MAX_ATTEMPTS})",
            poll_ms=int(min(max(wait, 1), 10) * 1000),
        )
    if job.attempts:
        detail = job.last_error
    elif job.priority == Job.Priority.BULK:
        detail = "Waiting for its turn among the links being saved."
    else:
        detail = ""
    return FetchProgress(again, detail, poll_ms=_soon(now - job.created_at))


def _soon(age) -> int:
    """Look often at first (most pages arrive within a second or two), then less."""
    seconds = age.total_seconds()
    return 300 if seconds < 5 else 1000 if seconds < 30 else 3000
