"""The one way views look up a user's objects: someone else's object is simply not found.

A stranger gets the same 404 as for an id that never existed, so ids reveal nothing.
"""

from django.shortcuts import get_object_or_404

from articles.cards import path_for, tag_chips, tag_pairs
from articles.models import Article, Export, Import, SavedSearch, Tag


def get_article_for_user(user, pk, queryset=None) -> Article:
    # `queryset or ...` would evaluate the queryset (every article) just to test its truth.
    queryset = Article.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.for_user(user), pk=pk)


def get_article_with_tags(user, pk: int) -> Article:
    """The user's article with `tag_list`, its tags as chips in name order, in one statement
    (the reader and the actions on a card read one on every request)."""
    article = get_article_for_user(user, pk, Article.objects.annotate(tag_pairs=tag_pairs()))
    article.tag_list = tag_chips(article.tag_pairs, path_for("tag"))
    return article


def get_tag_for_user(user, slug: str) -> Tag:
    return get_object_or_404(Tag.objects.filter(owner=user), slug=slug)


def get_saved_search_for_user(user, pk) -> SavedSearch:
    return get_object_or_404(SavedSearch.objects.filter(owner=user), pk=pk)


def get_import_for_user(user, pk) -> Import:
    return get_object_or_404(Import.objects.filter(owner=user), pk=pk)


def get_export_for_user(user, pk) -> Export:
    return get_object_or_404(Export.objects.filter(owner=user), pk=pk)
