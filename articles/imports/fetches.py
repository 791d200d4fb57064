"""The one place an import hands its pending articles to the fetcher: the job queue, behind
everyone's single saves (bulk priority), taking turns with other users' work."""

from articles.jobs.models import Job
from articles.jobs.queue import queue_fetches as queue_article_fetches
from articles.models import Article


def queue_fetches(article_ids: list[int]) -> None:
    articles = Article.objects.filter(pk__in=article_ids).only("id", "owner_id", "url", "given_url")
    queue_article_fetches(articles, priority=Job.Priority.BULK)
