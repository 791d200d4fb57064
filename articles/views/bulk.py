"""Actions on several selected articles at once: archive, mark read, tag, untag, re-fetch,
delete.

The list's checkboxes belong to one form whose buttons each post to their own URL
(`formaction`), so this works the same with and without JavaScript. Ids that are not the
user's are simply not found, like everywhere else.
"""

import re

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import undo
from articles.forms import TagNamesForm
from articles.jobs.models import Job
from articles.jobs.queue import queue_fetches
from articles.listing import PAGE_SIZE
from articles.models import Article
from articles.plurals import articles_count
from articles.tagging import add_tags, find_tags, remove_tags, tags_for_names
from articles.views.feedback import go_back, next_path

MAX_SELECTED = PAGE_SIZE * 5  # a page at a time, with room for "more articles" pages
_ID = re.compile(r"^[0-9]{1,18}$")


@require_POST
def bulk_archive(request):
    selected = _selected(request)
    _rows(selected).archive()
    return _done(request, selected, "Archived {}.")


@require_POST
def bulk_read(request):
    selected = _selected(request)
    _rows(selected).mark_read()
    return _done(request, selected, "Marked {} as read.")


@require_POST
def bulk_tag(request):
    selected, form = _selected(request), TagNamesForm(request.POST)
    if not form.is_valid():
        return _tag_error(request, form)
    add_tags(selected, tags_for_names(request.user.pk, form.cleaned_data["tags"]))
    return _done(request, selected, "Tagged {}.")


@require_POST
def bulk_untag(request):
    selected, form = _selected(request), TagNamesForm(request.POST)
    if not form.is_valid():
        return _tag_error(request, form)
    tags = list(find_tags([request.user.pk], form.cleaned_data["tags"]))
    if not tags:
        form.add_error("tags", "You have no tag by that name.")
        return _tag_error(request, form)
    remove_tags(selected, tags)
    return _done(request, selected, "Removed the tag from {}.")


@require_POST
def bulk_refetch(request):
    """Fetch the selected pages again (failed ones are retried), through the worker."""
    selected = _selected(request)
    articles = (
        _rows(selected).exclude(url="", given_url="").only("pk", "owner_id", "url", "given_url")
    )
    queue_fetches(articles, priority=Job.Priority.BULK)
    return _done(
        request, selected, "Fetching {} again; saved versions stay unless the new one is whole."
    )


@require_POST
def bulk_delete(request):
    selected = list(_rows(_selected(request)).prefetch_related("tags"))
    if not selected:
        return _done(request, selected, "")
    try:
        token = undo.stash(request, selected)
    except undo.TooLargeToUndo:
        messages.error(
            request, "These articles are too large to delete at once with undo; select fewer."
        )
        return go_back(request, reverse("unread"))
    _rows(selected).delete()
    messages.success(
        request, f"Deleted {articles_count(len(selected))}.", extra_tags=f"undo:{token}"
    )
    return go_back(request, reverse("unread"))


def _selected(request) -> list[Article]:
    """The user's articles among the ticked ids (only their ids are read)."""
    ids = [pk for pk in request.POST.getlist("ids")[:MAX_SELECTED] if _ID.match(pk)]
    return list(Article.objects.for_user(request.user).filter(pk__in=ids).only("pk"))


def _rows(selected: list[Article]):
    return Article.objects.filter(pk__in=[a.pk for a in selected])


def _done(request, selected, note: str):
    if not selected:
        messages.error(request, "Select one or more articles first.")
    else:
        messages.success(request, note.format(articles_count(len(selected))))
    return go_back(request, reverse("unread"))


def _tag_error(request, form):
    ids = [pk for pk in request.POST.getlist("ids")[:MAX_SELECTED] if _ID.match(pk)]
    context = {"form": form, "ids": ids, "next_url": next_path(request)}
    return render(request, "articles/fix_tags.html", context, status=400)
