"""The queue's promises, kept by real `manage.py worker` processes on the test database: a
killed worker's job is done once by another, two workers never run one job twice, a site error
is retried until it passes, and sites that never answer hold up nobody else's save."""

import os
import signal
import threading
import time

import pytest

from articles.ingest import saving
from articles.jobs.models import Job
from articles.jobs.queue import queue_fetches
from articles.models import Article
from tests.pages import article_html
from tests.webserver import WebServer, page, silence
from tests.workers import start_worker_process, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue_settings(settings, web):
    settings.JOB_LEASE_SECONDS = 2
    settings.JOB_RETRY_SECONDS = 1
    settings.FETCH_TIMEOUT_SECONDS = 5
    return settings


@pytest.fixture
def workers(queue_settings):
    started = []

    def start(**options):
        process = start_worker_process(queue_settings, **options)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(15)
        except Exception:
            process.kill()
            raise


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("reader")


def status_of(article) -> str:
    return Article.objects.get(pk=article.pk).status


def test_a_job_whose_worker_is_killed_is_done_once_by_another(web, workers, user):
    hold = threading.Event()
    calls = []

    def first_hangs(handler):
        calls.append(time.monotonic())
        if len(calls) == 1:
            hold.wait(10)  # the first worker is killed while it waits here
        page(article_html("Survivor", paragraphs=12))(handler)

    web.routes["/story"] = first_hangs
    first = workers()
    article = saving.save_from_url(user, web.url("/story")).article
    wait_for(lambda: len(calls) == 1, 15, "the first worker fetching")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(5)
    killed_at = time.monotonic()
    workers()
    # The lease (2 s) runs out, the next sweep (every 2/3 s) queues the job, the worker runs it.
    wait_for(lambda: status_of(article) == Article.Status.READY, 15, "the article fetched")
    recovered_in = calls[1] - killed_at
    # The bound, plus a new worker's start-up (Django and its imports: seconds on a busy
    # machine); without recovery the job would never be done and wait_for would give up.
    assert recovered_in < 2 * 4 / 3 + 5
    hold.set()
    job = Job.objects.get()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)
    assert "worker stopped" in job.last_error
    assert Article.objects.filter(owner=user).count() == 1
    assert Article.objects.get().title == "Survivor"
    assert len(calls) == 2


def test_two_workers_run_each_of_200_jobs_exactly_once(web, workers, user, queue_settings):
    for n in range(200):
        web.routes[f"/story/{n}"] = page(article_html(f"Story {n}", paragraphs=6))
    articles = Article.objects.bulk_create(
        Article(
            owner=user,
            url=web.url(f"/story/{n}"),
            given_url=web.url(f"/story/{n}"),
            normalized_url=web.url(f"/story/{n}"),
            status=Article.Status.PENDING,
        )
        for n in range(200)
    )
    queue_fetches(articles)
    workers(FETCH_PER_HOST="8")
    workers(FETCH_PER_HOST="8")
    done = Job.objects.filter(state=Job.State.DONE)
    wait_for(lambda: done.count() == 200, 60, "200 jobs done")
    assert sorted(web.requests) == sorted(f"/story/{n}" for n in range(200))
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}
    assert Job.objects.values("worker").distinct().count() == 2  # both took a share
    assert Article.objects.filter(status=Article.Status.READY).count() == 200


def test_a_site_error_is_retried_and_the_save_succeeds(web, workers, user):
    answers = iter([page("<h1>Down for a moment</h1>", status=503)])

    def flaky(handler):
        next(answers, page(article_html("Back up", paragraphs=12)))(handler)

    web.routes["/story"] = flaky
    workers()
    article = saving.save_from_url(user, web.url("/story")).article
    wait_for(lambda: status_of(article) == Article.Status.READY, 15, "the retried save")
    job = Job.objects.get()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)
    assert "503" in job.last_error
    assert web.requests == ["/story", "/story"]


def test_sites_that_never_answer_do_not_hold_up_another_users_save(
    web, workers, user, django_user_model
):
    hung = [WebServer() for _ in range(3)]
    try:
        for server in hung:
            server.routes["/never"] = silence()
        ports = [server.port for server in hung]
        from django.conf import settings

        settings.FETCH_ALLOWED_PORTS = [*settings.FETCH_ALLOWED_PORTS, *ports]
        # An import of 30 links to three dead sites, and two saves to one of them.
        imported = Article.objects.bulk_create(
            Article(
                owner=user,
                url=server.url(f"/never?{n}"),
                given_url=server.url(f"/never?{n}"),
                normalized_url=server.url(f"/never?{n}"),
                status=Article.Status.PENDING,
            )
            for n in range(10)
            for server in hung
        )
        queue_fetches(imported)
        for n in range(2):
            saving.save_from_url(user, hung[0].url(f"/never/{n}"))
        workers()
        wait_for(lambda: Job.objects.filter(state=Job.State.RUNNING).count() >= 3, 10, "dead sites")
        web.routes["/story"] = page(article_html("Another user's save", paragraphs=12))
        someone = django_user_model.objects.create_user("someone")
        started = time.monotonic()
        article = saving.save_from_url(someone, web.url("/story")).article
        wait_for(lambda: status_of(article) == Article.Status.READY, 3, "the other user's save")
        assert time.monotonic() - started < 3
    finally:
        for server in hung:
            server.close()
