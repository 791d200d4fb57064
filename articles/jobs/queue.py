"""Putting work on the queue (the web process's side; lease.py is the worker's)."""

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import connection
from django.db.models import Max, Min
from django.db.models.functions import Now

from articles.jobs.models import Job
from articles.models import Article

CHANNEL = "newsreader_jobs"  # LISTEN/NOTIFY: wakes idle workers the moment work arrives
FETCH = "fetch"


@dataclass(frozen=True)
class Handler:
    run: Callable[[Job], str | None]  # returns what it did, for a person (Job.outcome)
    on_failure: Callable[[Job, Exception], None] | None  # after the last attempt failed


HANDLERS: dict[str, Handler] = {}


def handler(kind: str, *, on_failure: Callable[[Job, Exception], None] | None = None):
    """Register the function that runs jobs of `kind` (articles/tasks.py and the modules it
    imports; the worker imports that module)."""

    def register(run):
        HANDLERS[kind] = Handler(run, on_failure)
        return run

    return register


def queue_fetch(article, priority: int = Job.Priority.NOW) -> None:
    """Fetch the article's page in the background: a first save, a retry or a re-fetch."""
    queue_fetches([article], priority)


def queue_fetches(
    articles: Iterable, priority: int = Job.Priority.BULK, *, just_inserted: bool = False
) -> int:
    """Queue a fetch for each article; returns how many were queued. An article whose fetch is
    already queued or running keeps that one (moved up to `priority` if it was waiting).

    just_inserted: the caller's transaction inserted these articles (an import's batch), so
    none can have a fetch or have failed: nothing is looked up (two statements of 500 ids a
    batch, about half a second of an import of 20,000 links)."""
    articles = list(articles)
    if not articles:
        return 0
    new = articles if just_inserted else _needing_a_fetch(articles, priority)
    if new:
        _insert_fetches(new, priority)
    wake_workers()
    return len(new)


def _needing_a_fetch(articles: list, priority: int) -> list:
    """The articles with no fetch queued or running. On the way, a waiting fetch of the others
    moves up to `priority`, and a failed article is pending again."""
    active = set(
        Job.objects.active().filter(article__in=articles).values_list("article_id", flat=True)
    )
    if active:
        Job.objects.filter(
            article__in=active, state=Job.State.QUEUED, priority__gt=priority
        ).update(priority=priority)
    # A failed article is pending again: the library and the reader say it is being fetched.
    Article.objects.filter(pk__in=[a.pk for a in articles], status=Article.Status.FAILED).update(
        status=Article.Status.PENDING, failure_reason=""
    )
    return [a for a in articles if a.pk not in active]


def _insert_fetches(articles: list, priority: int) -> None:
    # One statement whatever the number: Job objects and bulk_create cost an import of 20,000
    # links about two seconds of Python for columns that are the same on every row.
    turns = _turns(articles, priority)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Job._meta.db_table} (kind, owner_id, article_id, host, priority, turn,"
            " state, attempts, run_after, worker, last_error, outcome, args, result, created_at)"
            " SELECT %s, owner_id, article_id, host, %s, turn, %s, 0, now(), '', '', '', '{}',"
            " '{}', now() FROM unnest(%s::integer[], %s::bigint[], %s::text[], %s::bigint[])"
            " AS new(owner_id, article_id, host, turn)"
            # A fetch queued by someone else a moment ago is that fetch (the unique constraint).
            " ON CONFLICT DO NOTHING",
            [
                FETCH,
                priority,
                Job.State.QUEUED,
                [article.owner_id for article in articles],
                [article.pk for article in articles],
                [host_key(article.url or article.given_url) for article in articles],
                [next(turns[article.owner_id]) for article in articles],
            ],
        )


def enqueue(
    kind: str, *, owner=None, args: dict | None = None, priority: int = Job.Priority.BULK
) -> Job:
    """Queue any other kind of background work (an import, an export), run by its handler."""
    owner_id = owner.pk if owner is not None else None
    job = Job.objects.create(
        kind=kind,
        owner_id=owner_id,
        args=args or {},
        priority=priority,
        turn=_next_turn(owner_id, priority),
    )
    wake_workers()
    return job


def retry_now(jobs) -> int:
    """Queue failed, cancelled or waiting jobs to run at once with a fresh set of attempts (the
    admin's Retry). A fetch whose article already has another one active is left alone."""
    retried = 0
    for job in jobs.exclude(state=Job.State.RUNNING):
        if (
            job.article_id
            and Job.objects.active().filter(article_id=job.article_id).exclude(pk=job.pk).exists()
        ):
            continue
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.QUEUED, attempts=0, run_after=Now(), lease=None, finished_at=None
        )
        if job.article_id:
            Article.objects.filter(pk=job.article_id, status=Article.Status.FAILED).update(
                status=Article.Status.PENDING, failure_reason=""
            )
        retried += 1
    wake_workers()
    return retried


def cancel(jobs) -> int:
    """Cancel queued or running jobs (a running one's result is dropped when it ends); their
    handlers record it as a failure (a new article says it was cancelled)."""
    from articles.jobs.lease import Cancelled  # lease.py imports this module

    cancelled = 0
    for job in jobs.filter(state__in=Job.ACTIVE):
        if Job.objects.filter(pk=job.pk, state__in=Job.ACTIVE).update(
            state=Job.State.CANCELLED, lease=None, finished_at=Now(), last_error=str(Cancelled())
        ):
            job.last_error = str(Cancelled())
            if (kind := HANDLERS.get(job.kind)) and kind.on_failure:
                kind.on_failure(job, Cancelled())
            cancelled += 1
    return cancelled


def host_key(url: str) -> str:
    """The site a fetch goes to, for politeness: the host name, and the port if not the
    scheme's default."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    host = (parts.hostname or "").rstrip(".")
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{host}:{port}" if port and port != default else host


def wake_workers() -> None:
    """Tell idle workers there is work (sent when the transaction commits)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])


def _turns(articles: list, priority: int) -> dict:
    owners = {a.owner_id for a in articles}
    return {owner: itertools.count(_next_turn(owner, priority)) for owner in owners}


def _next_turn(owner_id: int | None, priority: int) -> int:
    """Fair turns: a user's new job goes after their own queued jobs, but never before the
    turn now at the front of the queue. A user with one link joins the current round, so it
    waits for one job of each other user, not behind another user's thousand."""
    queued = Job.objects.filter(state=Job.State.QUEUED, priority=priority)
    front = queued.aggregate(turn=Min("turn"))["turn"] or 0
    own = queued.filter(owner_id=owner_id).aggregate(turn=Max("turn"))["turn"]
    return front if own is None else max(front, own + 1)
