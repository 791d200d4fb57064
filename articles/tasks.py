"""Background work, run by `manage.py db_worker`. Tasks take ids and tolerate a deleted row."""

from django.tasks import task

from articles.ingest.saving import refetch
from articles.models import Article


@task
def refetch_article(article_id: int) -> str:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "deleted before it could be re-fetched"
    outcome = refetch(article)
    return "replaced" if outcome.replaced else f"kept the saved version: {outcome.reason}"
