"""Real workers for tests: a thread running the worker's loop in this process (browser tests), or
`manage.py worker` as a process of its own on the test database (the queue's promises)."""

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

from articles.jobs.worker import Worker

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def worker_thread(concurrency: int = 4):
    worker = Worker(concurrency)
    thread = threading.Thread(target=worker.run, name="test-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.stop()
        thread.join(15)


def database_url() -> str:
    """The test database, as a URL a child process can use: the configured URL (a server, or
    the embedded one's socket) naming the test database instead."""
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def start_worker_process(test_settings, *, concurrency: int = 4, **env) -> subprocess.Popen:
    """`manage.py worker` on the test database, with the test's fetch and queue settings."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "tests-only",
        "FETCH_ALLOWED_PRIVATE": ",".join(test_settings.FETCH_ALLOWED_PRIVATE),
        "FETCH_ALLOWED_PORTS": ",".join(str(port) for port in test_settings.FETCH_ALLOWED_PORTS),
        "FETCH_TIMEOUT_SECONDS": str(test_settings.FETCH_TIMEOUT_SECONDS),
        "JOB_LEASE_SECONDS": str(test_settings.JOB_LEASE_SECONDS),
        "JOB_RETRY_SECONDS": str(test_settings.JOB_RETRY_SECONDS),
        "FETCH_PER_HOST": str(test_settings.FETCH_PER_HOST),
        "LOG_LEVEL": "WARNING",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--concurrency", str(concurrency)],
        cwd=ROOT,
        env=environment,
    )


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.05)
