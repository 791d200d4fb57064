"""Background work: a job table in PostgreSQL and the worker that runs it (`manage.py worker`).

To fetch an article's page in the background (a new save, a retry, a re-fetch):

    from articles.jobs.queue import queue_fetch, queue_fetches
    queue_fetch(article)                                  # someone is waiting: goes first
    queue_fetches(articles, priority=Job.Priority.BULK)   # an import: one statement for all

Other work (an import, an export) registers a handler and is queued by name:

    @handler("import_file")                               # in articles/tasks.py
    def import_file(job): ...; return "Imported 1,204 links"
    enqueue("import_file", owner=user, args={"upload": 7})

Call these inside the transaction that writes the rows the job reads: the job exists exactly
when they do, and the worker is woken when the transaction commits. Handlers take ids from
`job.article_id` or `job.args`, re-read the rows, and tolerate them being gone.

What the queue promises (README, "Background work"):
- A job runs once at a time, on one worker, under a lease the worker renews; a killed
  worker's job is queued again within JOB_LEASE_SECONDS * 4/3 (40 s by default).
- Failures that may pass (timeouts, 429, 5xx, dropped connections) are retried up to
  JOB_MAX_ATTEMPTS times with growing pauses, and never sooner than a Retry-After asks;
  the others fail at once, with a message written for the user.
- At most FETCH_PER_HOST fetches run at once per site, across all workers, and each worker
  runs at most WORKER_CONCURRENCY jobs, a quarter of them kept for saves someone waits for.
- Within a priority, users take turns: one user's thousand links do not delay another's one.
"""
