"""The tags page: every tag with its count; rename, merge and delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from articles import tagging, undo
from articles.access import get_tag_for_user
from articles.forms import TagNameForm
from articles.plurals import articles_count
from articles.views.feedback import quoted


@require_safe
def tag_index(request):
    return _tags_page(request)


@require_safe
def tag_names(request):
    """The names offered while typing a tag, asked for by a page's tag field when first used
    (static/js/app.js): a library of a thousand tags does not send them with every page."""
    return render(request, "articles/list.html#tag_names")


def _tags_page(request, failed=None):
    """`failed` is (tag, action, form) when a rename or merge needs correcting."""
    tags = tagging.tags_with_counts(request.user)
    context = {"tags": tags, "failed": failed, "view_name": "tags"}
    return render(request, "articles/tags.html", context, status=400 if failed else 200)


@require_POST
def rename_tag(request, slug: str):
    tag = get_tag_for_user(request.user, slug)
    form = TagNameForm(request.POST)
    if not form.is_valid():
        return _tags_page(request, failed=(tag, "rename", form))
    old, name = tag.name, form.cleaned_data["name"]
    try:
        tagging.rename_tag(tag, name)
    except ValidationError as error:
        form.add_error("name", error)
        return _tags_page(request, failed=(tag, "rename", form))
    messages.success(request, f"Renamed {quoted(old)} to {quoted(name)}.")
    return redirect("tags")


@require_POST
def merge_tag(request, slug: str):
    tag = get_tag_for_user(request.user, slug)
    form = TagNameForm(request.POST)
    if form.is_valid():
        try:
            target, moved = tagging.merge_into_named(tag, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
    if not form.is_valid():
        return _tags_page(request, failed=(tag, "merge", form))
    messages.success(
        request, f"Merged {quoted(tag.name)} into {quoted(target.name)} ({articles_count(moved)})."
    )
    return redirect("tags")


@require_POST
def delete_tag(request, slug: str):
    tag = get_tag_for_user(request.user, slug)
    count = tag.articles.count()
    token = undo.stash_tag(request, tag)
    tag.delete()
    still = ngettext(
        "its %(n)s article is still saved", "its %(n)s articles are still saved", count
    )
    note = f"Deleted the tag {quoted(tag.name)}; {still % {'n': f'{count:,}'}}."
    messages.success(request, note, extra_tags=f"undo:{token}")
    return redirect("tags")
