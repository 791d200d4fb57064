"""The one way views look up a user's objects: someone else's object is simply not found.

A stranger gets the same 404 as for an id that never existed, so ids reveal nothing.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import IntegerField
from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.cards import path_for, tag_chips, tag_pairs
from articles.models import Article, SavedSearch, Tag
from articles.statements import Prepared, Slot


def get_article_for_user(user, pk, queryset=None) -> Article:
    # `queryset or ...` would evaluate the queryset (every article) just to test its truth.
    queryset = Article.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.for_user(user), pk=pk)


_COLUMNS = [field.attname for field in Article._meta.concrete_fields]
_ARTICLE_WITH_TAGS = Prepared(
    lambda: (
        Article.objects.for_user(Slot("user", IntegerField()))
        .filter(pk=Slot("pk", IntegerField()))
        .annotate(tag_pairs=tag_pairs())
        .values_list(*_COLUMNS, "tag_pairs")
    )
)


def get_article_with_tags(user, pk: int) -> Article:
    """The user's article with `tag_list`, its tags as chips in name order, in one statement
    (the reader and the actions on a card read one on every request)."""
    rows = _ARTICLE_WITH_TAGS.rows(user=user.pk, pk=pk)
    if not rows:
        raise Http404("No article matches the given query.")
    article = Article.from_db(DEFAULT_DB_ALIAS, _COLUMNS, rows[0][:-1])
    article.tag_pairs = rows[0][-1]
    article.tag_list = tag_chips(article.tag_pairs, path_for("tag"))
    return article


def get_tag_for_user(user, slug: str) -> Tag:
    return get_object_or_404(Tag.objects.filter(owner=user), slug=slug)


def get_saved_search_for_user(user, pk) -> SavedSearch:
    return get_object_or_404(SavedSearch.objects.filter(owner=user), pk=pk)
