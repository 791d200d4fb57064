"""The library: lists of the user's articles."""

from django.shortcuts import render

from articles.models import Article

VIEWS = {
    "home": ("Unread", Article.objects.unread),
    "starred": ("Starred", Article.objects.starred),
    "archive": ("Archive", Article.objects.archived),
    "all": ("All articles", Article.objects.all),
}


def article_list(request, view_name: str):
    heading, queryset = VIEWS[view_name]
    articles = queryset().for_user(request.user).order_by("-created_at", "-id")[:50]
    return render(
        request,
        "articles/list.html",
        {"articles": articles, "heading": heading, "view_name": view_name},
    )
