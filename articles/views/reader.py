"""The reading page."""

from django.shortcuts import render

from articles.access import get_article_for_user


def article(request, pk: int):
    article = get_article_for_user(request.user, pk)
    return render(request, "articles/reader.html", {"article": article})
