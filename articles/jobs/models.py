"""The job table: one row per piece of background work, from queued to done (or failed).

A row is claimed under a lease (`lease`, `lease_expires_at`) that the worker renews while the
job runs; a lease that runs out means the worker died, and the job is queued again. `lease` is a
fencing token: a worker may store a job's result only while the row still carries its token.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def active(self):
        return self.filter(state__in=Job.ACTIVE)

    def for_article(self, article_id: int):
        return self.filter(article_id=article_id).order_by("-id")


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Priority(models.IntegerChoices):
        NOW = 0, "Someone is waiting"  # a save or a re-fetch the user just asked for
        BULK = 1, "Bulk"  # imports, re-fetching many articles

    ACTIVE = (State.QUEUED, State.RUNNING)

    kind = models.CharField(max_length=50)  # the handler's name in articles/tasks.py
    # The foreign keys have no index of their own: job_owner_idx and job_article_idx serve them
    # (an import writes 20,000 jobs; each index is written for every one).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        db_index=False,
    )
    # No database constraint: the job outlives an article deleted (or merged into another)
    # while it waited, and says so; `article_id` then names the article that was.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    args = models.JSONField(default=dict, blank=True)
    # Fetches to one site share a host ("example.com", "example.com:8080"): at most
    # settings.FETCH_PER_HOST of them run at once. Empty for work that fetches nothing.
    host = models.CharField(max_length=300, blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.NOW)
    # Order within a priority: each user's jobs take turns with everyone else's (see queue.py).
    turn = models.BigIntegerField(default=0)

    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    run_after = models.DateTimeField(default=timezone.now)
    worker = models.CharField(max_length=200, blank=True)  # host:pid:nonce of the last claim
    lease = models.UUIDField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)  # written for a person
    outcome = models.TextField(blank=True)  # what the job did, for a person
    result = models.JSONField(default=dict, blank=True)  # what the job did, for the code

    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The claim walks queued jobs in this order.
            models.Index(
                fields=["priority", "turn", "id"],
                name="job_claim_idx",
                condition=Q(state="queued"),
            ),
            # A user's place in the queue (their last turn) when they add jobs.
            models.Index(
                fields=["owner", "priority", "turn"],
                name="job_owner_turn_idx",
                condition=Q(state="queued"),
            ),
            models.Index(
                fields=["host"], name="job_running_host_idx", condition=Q(state="running")
            ),
            models.Index(fields=["article"], name="job_article_idx"),
            models.Index(fields=["owner", "-id"], name="job_owner_idx"),
        ]
        constraints = [
            # One fetch at a time per article: a second request joins the queued one.
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state__in=["queued", "running"]),
                name="job_one_active_per_article",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_kind_display(self) -> str:
        return self.kind.replace("_", " ").capitalize()

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE
