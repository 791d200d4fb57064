"""Full-text search over the user's archive."""

from django.shortcuts import render


def search(request):
    return render(request, "articles/search.html", {"search_query": request.GET.get("q", "")})
