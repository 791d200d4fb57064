"""The articles of an export in saved order, oldest first, a chunk at a time (keyset paging),
with their tag names and imported highlights: memory stays flat at any library size, and
re-importing the file creates the articles in the same order."""

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q

from articles.imports.models import ImportedHighlight
from articles.models import Article

CHUNK = 500


def export_rows(articles, chunk: int = CHUNK) -> Iterator[Article]:
    """Each article with `tag_names` (sorted) and `highlights` set."""
    articles = articles.defer("content_text").order_by("created_at", "id")
    after = None
    while True:
        page = (
            articles
            if after is None
            else articles.filter(
                Q(created_at__gt=after[0]) | Q(created_at=after[0], id__gt=after[1])
            )
        )
        batch = list(page[:chunk])
        if not batch:
            return
        _attach(batch)
        yield from batch
        after = (batch[-1].created_at, batch[-1].id)


def _attach(batch: list[Article]) -> None:
    ids = [a.pk for a in batch]
    tags = defaultdict(list)
    for article_id, name in (
        Article.tags.through.objects.filter(article_id__in=ids)
        .order_by("tag__name")
        .values_list("article_id", "tag__name")
    ):
        tags[article_id].append(name)
    highlights = defaultdict(list)
    for highlight in ImportedHighlight.objects.filter(article_id__in=ids).order_by("id"):
        highlights[highlight.article_id].append(highlight)
    for article in batch:
        article.tag_names = tags[article.pk]
        article.highlights = highlights[article.pk]
