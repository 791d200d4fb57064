"""The one place an import hands its pending articles to the fetcher.

Today each becomes a `refetch_article` job (articles/tasks.py), which fills in a pending
article. When the background-fetching queue (issue 10) lands, this function calls its API
instead; nothing else in the import changes.
"""

from articles.tasks import refetch_article


def queue_fetches(article_ids: list[int]) -> None:
    for article_id in article_ids:
        refetch_article.enqueue(article_id)
