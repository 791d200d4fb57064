"""The worker's side of the job table: claim a job under a lease, keep the lease while it runs,
store its result only while still holding it, retry or fail it, and take back the jobs of
workers that died.

Claims are serialised by one transaction-level advisory lock (a claim takes about a
millisecond), so the count of running fetches per host that a claim reads cannot change under
it: the per-host cap holds exactly across any number of workers. `FOR UPDATE SKIP LOCKED` and
the state check make a row claimable once; the lease token fences everything after that.
"""

import contextlib
import logging
import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Greatest, Now

from articles.ingest.errors import IngestError
from articles.jobs.models import Job
from articles.jobs.queue import HANDLERS, wake_workers

log = logging.getLogger(__name__)

CLAIM_LOCK = 0x6E657773  # any constant bigint: the advisory lock every claim takes
MAX_RETRY_DELAY = 6 * 3600.0  # a Retry-After longer than this is not waited for in full


class LeaseLost(Exception):
    """The job is no longer ours: our lease ran out and another worker took it over, or an
    administrator cancelled it. Whatever we were about to store is dropped."""


class WorkerLost(Exception):
    """A worker died (killed, out of memory, machine gone) while it held the job."""

    transient = True

    def __init__(self):
        super().__init__(
            "newsreader's background worker stopped while working on this; it will try again."
        )


class Cancelled(Exception):
    transient = False

    def __init__(self):
        super().__init__("Cancelled by an administrator.")


def claim(worker: str, *, bulk: bool = True) -> Job | None:
    """Take the next job that may run now: the highest priority, then the earliest turn, among
    jobs whose host has a free slot. `bulk=False` takes only jobs someone is waiting for."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CLAIM_LOCK])
        full_hosts = (
            Job.objects.filter(state=Job.State.RUNNING)
            .exclude(host="")
            .values("host")
            .annotate(running=Count("id"))
            .filter(running__gte=settings.FETCH_PER_HOST)
            .values("host")
        )
        ready = Job.objects.filter(state=Job.State.QUEUED, run_after__lte=Now()).exclude(
            host__in=full_hosts
        )
        if not bulk:
            ready = ready.filter(priority=Job.Priority.NOW)
        job = ready.order_by("priority", "turn", "id").select_for_update(skip_locked=True).first()
        if job is None:
            return None
        job.lease, job.worker, job.state = uuid.uuid4(), worker, Job.State.RUNNING
        job.attempts += 1
        Job.objects.filter(pk=job.pk).update(
            state=job.state,
            attempts=job.attempts,
            worker=worker,
            lease=job.lease,
            lease_expires_at=_seconds_from_now(settings.JOB_LEASE_SECONDS),
            started_at=Now(),
        )
        return job


def renew(worker: str, job_ids: list[int]) -> int:
    """The heartbeat: extend the leases of the jobs this worker is running."""
    if not job_ids:
        return 0
    return Job.objects.filter(pk__in=job_ids, worker=worker, state=Job.State.RUNNING).update(
        lease_expires_at=_seconds_from_now(settings.JOB_LEASE_SECONDS)
    )


@contextlib.contextmanager
def finishing(job: Job):
    """One transaction that stores the job's result and marks it done, or raises LeaseLost
    (and stores nothing) if the job is no longer ours."""
    with transaction.atomic():
        _hold(job)
        yield
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.DONE,
            outcome=job.outcome,
            result=job.result,
            finished_at=Now(),
            lease=None,
            lease_expires_at=None,
        )
        job.state = Job.State.DONE
        wake_workers()  # its host has a free slot


def fail(job: Job, error: Exception) -> None:
    """After an attempt failed: queue the job again later if that may help, else mark it
    failed and let its handler record the failure (on the article, for a fetch)."""
    delay = retry_delay(job, error)
    message = describe(error)
    with transaction.atomic():
        _hold(job)
        jobs = Job.objects.filter(pk=job.pk)
        if delay is None:
            jobs.update(state=Job.State.FAILED, last_error=message, finished_at=Now(), lease=None)
            job.state, job.last_error = Job.State.FAILED, message
            _record_failure(job, error)
        else:
            jobs.update(
                state=Job.State.QUEUED,
                last_error=message,
                run_after=_seconds_from_now(delay),
                lease=None,
                lease_expires_at=None,
            )
            job.state, job.last_error = Job.State.QUEUED, message
            if job.host and getattr(error, "retry_after", None):
                _pause_host(job.host, delay)
        wake_workers()


def release(job: Job) -> None:
    """Give a job back untried (the worker is shutting down): the attempt does not count."""
    with contextlib.suppress(LeaseLost), transaction.atomic():
        _hold(job)
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.QUEUED,
            attempts=F("attempts") - 1,
            run_after=Now(),
            lease=None,
            lease_expires_at=None,
        )
        wake_workers()


def recover_stalled() -> int:
    """Queue again (or fail, after the last attempt) the jobs whose worker stopped renewing its
    lease. Any worker does this for all: a job is back in the queue at most JOB_LEASE_SECONDS
    after its worker's last heartbeat, plus the sweep interval."""
    recovered = 0
    stalled = Job.objects.filter(state=Job.State.RUNNING, lease_expires_at__lt=Now())
    for job in stalled:
        try:
            fail(job, WorkerLost())
        except LeaseLost:
            continue  # another worker took it back first
        log.warning("Job %s was held by %s, which stopped; %s.", job.pk, job.worker, job.state)
        recovered += 1
    return recovered


def retry_delay(job: Job, error: Exception) -> float | None:
    """Seconds until the next attempt, or None when retrying cannot help or attempts are used
    up. Pauses grow fourfold (30 s, 2 min, 8 min, 32 min by default), with some jitter so that
    jobs failing together do not come back together; a longer Retry-After wins."""
    if not getattr(error, "transient", True) or job.attempts >= settings.JOB_MAX_ATTEMPTS:
        return None
    if isinstance(error, WorkerLost):
        return 0.0
    backoff = settings.JOB_RETRY_SECONDS * 4 ** (job.attempts - 1) * random.uniform(0.8, 1.2)
    asked = getattr(error, "retry_after", None) or 0.0
    return min(max(backoff, asked), MAX_RETRY_DELAY)


def describe(error: Exception) -> str:
    """The failure as a person should read it; anything unexpected is logged in full."""
    if isinstance(error, IngestError | WorkerLost | Cancelled):
        return str(error)
    log.error("A background job failed unexpectedly", exc_info=error)
    return "Something went wrong inside newsreader; the administrator can find it in the logs."


def _record_failure(job: Job, error: Exception) -> None:
    handler = HANDLERS.get(job.kind)
    if handler is None or handler.on_failure is None:
        return
    try:
        with transaction.atomic():
            handler.on_failure(job, error)
    except Exception:
        # The job is failed either way; a broken failure handler must not keep it running.
        log.exception("Recording the failure of job %s failed", job.pk)


def _hold(job: Job) -> None:
    held = Job.objects.select_for_update().filter(
        pk=job.pk, state=Job.State.RUNNING, lease=job.lease
    )
    if not held.exists():
        raise LeaseLost(f"Job {job.pk} is no longer held by {job.worker}.")


def _pause_host(host: str, delay: float) -> None:
    """The site asked us to wait (Retry-After): every fetch queued for it waits as long."""
    Job.objects.filter(host=host, state=Job.State.QUEUED).update(
        run_after=Greatest(F("run_after"), _seconds_from_now(delay))
    )


def _seconds_from_now(seconds: float):
    return ExpressionWrapper(
        Now() + Value(timedelta(seconds=seconds)), output_field=DateTimeField()
    )
