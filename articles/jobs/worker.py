"""The worker process (`manage.py worker`): runs queued jobs, WORKER_CONCURRENCY at a time.

The main thread claims jobs, renews the leases of those it runs (the heartbeat) and takes
back the jobs of dead workers; each job runs in a thread of its own with its own database
connection. A LISTEN connection wakes the main thread the moment work is queued or a slot
frees; without it the worker still looks every POLL_SECONDS.
"""

import contextlib
import logging
import os
import secrets
import socket
import threading
import time

import psycopg
from django.conf import settings
from django.db import DatabaseError, InterfaceError, close_old_connections, connection

from articles.jobs import lease
from articles.jobs.models import Job
from articles.jobs.queue import CHANNEL, HANDLERS

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0


class UnknownKind(Exception):
    transient = False


def run_job(job: Job) -> None:
    """Run one claimed job to its end: done, queued again for a retry, or failed."""
    try:
        handler = HANDLERS.get(job.kind)
        if handler is None:
            raise UnknownKind(f"No handler for jobs of kind {job.kind!r}.")
        outcome = handler.run(job)
        if job.state == Job.State.RUNNING:  # the handler did not store a result itself
            job.outcome = outcome or job.outcome
            with lease.finishing(job):
                pass
    except lease.LeaseLost as lost:
        log.warning("%s; its result was dropped.", lost)
    except Exception as error:
        try:
            lease.fail(job, error)
        except lease.LeaseLost as lost:
            log.warning("%s; its failure was not recorded.", lost)


def run_until_empty(name: str = "inline") -> int:
    """Run every job that may run now, one by one in this thread (tests; a one-off catch-up)."""
    import articles.tasks  # noqa: F401 - registers the handlers

    done = 0
    while job := lease.claim(name):
        run_job(job)
        done += 1
    return done


class Worker:
    def __init__(self, concurrency: int | None = None, *, until_empty: bool = False):
        # The nonce: a restarted container has the same host name and often the same pid.
        self.name = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.concurrency = concurrency or settings.WORKER_CONCURRENCY
        # A quarter of the slots (at least one) wait for saves someone is looking at: bulk work
        # on slow sites can never hold all of them.
        self.bulk_slots = max(self.concurrency - max(self.concurrency // 4, 1), 1)
        self.until_empty = until_empty
        self.running: dict[int, Job] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()

    def stop(self, *args) -> None:
        self._stopping.set()
        self._wake.set()

    def run(self) -> None:
        import articles.tasks  # noqa: F401 - registers the handlers

        log.info("Worker %s started: %s jobs at once.", self.name, self.concurrency)
        listener = threading.Thread(target=self._listen, name="listen", daemon=True)
        listener.start()
        next_sweep = 0.0
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                if time.monotonic() >= next_sweep:
                    self._sweep()
                    next_sweep = time.monotonic() + settings.JOB_LEASE_SECONDS / 3
                claimed = self._fill()
            except (DatabaseError, InterfaceError):
                log.exception("The database is unavailable; trying again in 5 s.")
                connection.close()
                self._stopping.wait(5)
                continue
            if self.until_empty and not claimed and not self.running:
                break
            self._wake.wait(POLL_SECONDS)
        self._shut_down()
        listener.join(POLL_SECONDS * 2)
        connection.close()

    def _sweep(self) -> None:
        close_old_connections()
        lease.renew(self.name, list(self.running))
        lease.recover_stalled()

    def _fill(self) -> int:
        claimed = 0
        while len(self.running) < self.concurrency:
            job = lease.claim(self.name, bulk=self._bulk_running() < self.bulk_slots)
            if job is None:
                break
            with self._lock:
                self.running[job.pk] = job
            threading.Thread(
                target=self._run, args=(job,), name=f"job-{job.pk}", daemon=True
            ).start()
            claimed += 1
        return claimed

    def _bulk_running(self) -> int:
        with self._lock:
            return sum(job.priority != Job.Priority.NOW for job in self.running.values())

    def _run(self, job: Job) -> None:
        try:
            run_job(job)
        except Exception:
            # run_job records every failure it can; this is the database failing under it.
            # The lease is no longer renewed, so the job comes back after it runs out.
            log.exception("Job %s could not be recorded", job.pk)
        finally:
            with self._lock:
                self.running.pop(job.pk, None)
            connection.close()
            self._wake.set()

    def _listen(self) -> None:
        params = connection.get_connection_params()
        while not self._stopping.is_set():
            try:
                with psycopg.connect(**params, autocommit=True) as listening:
                    listening.execute(f"LISTEN {CHANNEL}")
                    while not self._stopping.is_set():
                        for _ in listening.notifies(timeout=POLL_SECONDS, stop_after=1):
                            self._wake.set()
            except psycopg.Error:
                log.warning("Lost the LISTEN connection; polling until it is back.")
                self._stopping.wait(5)

    def _shut_down(self) -> None:
        """Let running jobs finish for a few seconds, then give the rest back to the queue."""
        deadline = time.monotonic() + settings.WORKER_SHUTDOWN_SECONDS
        while self.running and time.monotonic() < deadline:
            with contextlib.suppress(DatabaseError, InterfaceError):
                lease.renew(self.name, list(self.running))
            time.sleep(0.1)
        with self._lock:
            unfinished = list(self.running.values())
        for job in unfinished:
            lease.release(job)
        log.info(
            "Worker %s stopped; %s unfinished jobs returned to the queue.",
            self.name,
            len(unfinished),
        )
