"""Saving articles from a link or from pasted HTML."""

from django.shortcuts import render


def add(request):
    return render(request, "articles/add.html")
