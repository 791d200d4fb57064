"""The one place an import hands its pending articles to the fetcher: the job queue, behind
everyone's single saves (bulk priority), taking turns with other users' work."""

from articles.jobs.models import Job
from articles.jobs.queue import queue_fetches as queue_article_fetches
from articles.models import Article


def queue_fetches(articles: list[Article]) -> None:
    """Fetches for the pending articles the batch's transaction has just inserted."""
    queue_article_fetches(articles, priority=Job.Priority.BULK, just_inserted=True)
