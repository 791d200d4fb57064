"""The job queue's rules, one claim at a time: order, fairness, the per-host cap, leases,
retries and the admin's Jobs page. tests/test_jobs_workers.py runs real worker processes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.ingest.errors import FetchFailed, HTTPStatusError, NoSuchSite, NotAWebPage
from articles.ingest.fetch import parse_retry_after
from articles.jobs import lease
from articles.jobs.models import Job
from articles.jobs.queue import queue_fetch, queue_fetches
from articles.jobs.worker import run_until_empty
from articles.models import Article
from tests.pages import article_html
from tests.webserver import page


@pytest.fixture
def pending(make_article):
    def make(user=None, host="example.com", **fields):
        n = Article.objects.count() + 1
        url = f"https://{host}/story/{n}"
        return make_article(user, url=url, given_url=url, status=Article.Status.PENDING, **fields)

    return make


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user("other")


def claimed_articles(count: int, **options) -> list[int | None]:
    jobs = [lease.claim("test", **options) for _ in range(count)]
    return [job.article_id if job else None for job in jobs]


def test_a_save_someone_waits_for_goes_before_bulk_work(pending, owner, other):
    imported = [pending(owner, host=f"site{n}.example") for n in range(5)]
    queue_fetches(imported, priority=Job.Priority.BULK)
    single = pending(other, host="news.example")
    queue_fetch(single)
    assert claimed_articles(1) == [single.pk]


def test_users_take_turns_so_one_import_does_not_delay_another_users_links(pending, owner, other):
    mine = [pending(owner, host=f"site{n}.example") for n in range(100)]
    queue_fetches(mine)
    theirs = [pending(other, host=f"other{n}.example") for n in range(2)]
    queue_fetches(theirs)
    first_four = claimed_articles(4)
    assert set(first_four) == {mine[0].pk, mine[1].pk, theirs[0].pk, theirs[1].pk}


def test_at_most_two_fetches_run_at_once_per_site_across_workers(pending, owner, settings):
    settings.FETCH_PER_HOST = 2
    busy = [pending(owner, host="busy.example") for _ in range(5)]
    queue_fetches(busy)
    elsewhere = pending(owner, host="quiet.example")
    queue_fetches([elsewhere])
    assert claimed_articles(4) == [busy[0].pk, busy[1].pk, elsewhere.pk, None]
    assert Job.objects.filter(host="busy.example", state=Job.State.RUNNING).count() == 2


def test_a_busy_site_does_not_hold_up_a_save_to_it_for_long(pending, owner, other):
    queue_fetches([pending(owner, host="busy.example") for _ in range(50)])
    running = [lease.claim("test") for _ in range(2)]
    single = pending(other, host="busy.example")
    queue_fetch(single)
    assert lease.claim("test") is None  # the site's two slots are taken...
    lease.fail(running[0], NotAWebPage("This link is a PDF document, not a web page."))
    assert claimed_articles(1) == [single.pk]  # ...and the first one free is the waiting save's


def test_slots_kept_for_saves_take_no_bulk_work(pending, owner, other):
    queue_fetches([pending(owner, host="a.example")])
    assert lease.claim("test", bulk=False) is None
    single = pending(other, host="b.example")
    queue_fetch(single)
    assert claimed_articles(1, bulk=False) == [single.pk]


def test_an_article_is_queued_once_however_often_it_is_asked_for(pending, owner):
    article = pending(owner)
    queue_fetches([article], priority=Job.Priority.BULK)
    queue_fetch(article)
    queue_fetch(article)
    job = Job.objects.get()
    assert job.priority == Job.Priority.NOW  # asked for by someone waiting: moved up


def test_a_job_whose_lease_ran_out_is_taken_back_and_its_old_worker_cannot_store(
    owner, web, settings
):
    web.routes["/story"] = page(article_html("Fetched once"))
    article = Article.objects.create(
        owner=owner, url=web.url("/story"), given_url=web.url("/story"), status="pending"
    )
    queue_fetch(article)
    dead = lease.claim("dead-worker")
    Job.objects.filter(pk=dead.pk).update(lease_expires_at=timezone.now())
    assert lease.recover_stalled() == 1
    job = Job.objects.get()
    assert (job.state, job.attempts) == (Job.State.QUEUED, 1)
    assert "worker stopped" in job.last_error
    assert run_until_empty() == 1
    with pytest.raises(lease.LeaseLost), lease.finishing(dead):
        Article.objects.filter(pk=article.pk).update(title="Written by a dead worker")
    article.refresh_from_db()
    assert article.title == "Fetched once"
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)


def test_a_job_that_keeps_killing_its_worker_fails_after_the_last_attempt(pending, owner, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    article = pending(owner)
    queue_fetch(article)
    for _ in range(2):
        job = lease.claim("doomed")
        Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())
        lease.recover_stalled()
    job.refresh_from_db()
    article.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert article.status == Article.Status.FAILED
    assert "worker stopped" in article.failure_reason


def test_a_worker_shutting_down_gives_its_job_back_untried(pending, owner):
    queue_fetch(pending(owner))
    job = lease.claim("leaving")
    lease.release(job)
    job = Job.objects.get()
    assert (job.state, job.attempts, job.lease) == (Job.State.QUEUED, 0, None)


@pytest.mark.parametrize(
    "error, retried",
    [
        (FetchFailed("newsreader could not connect to example.com: the site may be down."), True),
        (NoSuchSite("newsreader could not find the site gone.example."), False),
        (HTTPStatusError("The site answered 503: it had an error.", 503), True),
        (HTTPStatusError("The site answered 429: too many requests.", 429), True),
        (HTTPStatusError("The site answered 404: the page does not exist.", 404), False),
        (NotAWebPage("This link is a PDF document, not a web page."), False),
        (RuntimeError("a bug"), True),
    ],
)
def test_only_failures_that_may_pass_are_retried(error, retried, settings):
    job = Job(attempts=1)
    assert (lease.retry_delay(job, error) is not None) == retried


def test_pauses_grow_and_stop_after_the_last_attempt(settings):
    settings.JOB_RETRY_SECONDS, settings.JOB_MAX_ATTEMPTS = 30, 5
    error = FetchFailed("down")
    delays = [lease.retry_delay(Job(attempts=n), error) for n in range(1, 6)]
    for delay, expected in zip(delays[:4], [30, 120, 480, 1920], strict=True):
        assert 0.8 * expected <= delay <= 1.2 * expected
    assert delays[4] is None


def test_a_longer_retry_after_wins_and_is_capped():
    asked = HTTPStatusError("The site answered 429.", 429, retry_after=900)
    assert lease.retry_delay(Job(attempts=1), asked) == 900
    forever = HTTPStatusError("The site answered 503.", 503, retry_after=10**7)
    assert lease.retry_delay(Job(attempts=1), forever) == lease.MAX_RETRY_DELAY


def test_retry_after_is_read_as_seconds_or_as_a_date():
    assert parse_retry_after("120") == 120
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert 290 < parse_retry_after(later.strftime("%a, %d %b %Y %H:%M:%S GMT")) <= 300
    assert parse_retry_after("soon") is None


def test_an_article_deleted_while_queued_is_not_fetched(pending, owner, web):
    article = pending(owner)
    queue_fetch(article)
    article.delete()
    run_until_empty()
    job = Job.objects.get()
    assert job.state == Job.State.DONE and "deleted" in job.outcome


def test_the_admin_lists_jobs_and_retries_a_failed_one(admin_client, pending, owner):
    article = pending(owner)
    queue_fetch(article)
    job = lease.claim("test")
    lease.fail(job, NotAWebPage("This link is a PDF document, not a web page."))
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    changelist = admin_client.get(reverse("admin:articles_job_changelist") + "?state=failed")
    assert "PDF document" in changelist.content.decode() and "owner" in changelist.content.decode()
    admin_client.post(
        reverse("admin:articles_job_changelist"),
        {"action": "retry_action", "_selected_action": [job.pk]},
    )
    job.refresh_from_db()
    article.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.QUEUED, 0)
    assert article.status == Article.Status.PENDING


def test_the_admin_cancels_a_stuck_job_and_the_article_says_so(admin_client, pending, owner):
    article = pending(owner)
    queue_fetch(article)
    running = lease.claim("stuck")
    admin_client.post(
        reverse("admin:articles_job_changelist"),
        {"action": "cancel_action", "_selected_action": [running.pk]},
    )
    assert Job.objects.get().state == Job.State.CANCELLED
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.failure_reason == "Cancelled by an administrator."
    with pytest.raises(lease.LeaseLost), lease.finishing(running):
        pass  # the worker that still runs it stores nothing
