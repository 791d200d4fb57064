"""The tags page: every tag with its count; rename, merge and delete."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from articles import undo
from articles.access import get_tag_for_user
from articles.forms import TagNameForm
from articles.models import Tag, unique_tag_slug
from articles.plurals import articles_count
from articles.tagging import article_count, find_tags, merge_tags
from articles.views.feedback import quoted


@require_safe
def tag_index(request):
    return _tags_page(request)


def _tags_page(request, failed=None):
    """`failed` is (tag, action, form) when a rename or merge needs correcting."""
    tags = (
        Tag.objects.filter(owner=request.user)
        .annotate(count=article_count())
        .order_by(Lower("name"), "id")
    )
    context = {"tags": tags, "failed": failed, "view_name": "tags"}
    return render(request, "articles/tags.html", context, status=400 if failed else 200)


@require_POST
def rename_tag(request, slug: str):
    tag = get_tag_for_user(request.user, slug)
    form = TagNameForm(request.POST)
    if not form.is_valid():
        return _tags_page(request, failed=(tag, "rename", form))
    name = form.cleaned_data["name"]
    if find_tags([request.user.pk], [name]).exclude(pk=tag.pk).exists():
        form.add_error("name", f"You already have a tag named {quoted(name)}: merge them instead.")
        return _tags_page(request, failed=(tag, "rename", form))
    old = tag.name
    tag.name = name
    if slugify(name, allow_unicode=True)[:100] != tag.slug:  # links follow the new name
        tag.slug = unique_tag_slug(request.user.pk, name)
    try:
        with transaction.atomic():
            tag.save(update_fields=["name", "slug"])
    except IntegrityError:  # created under that name a moment ago, in another tab
        form.add_error("name", f"You already have a tag named {quoted(name)}: merge them instead.")
        return _tags_page(request, failed=(tag, "rename", form))
    messages.success(request, f"Renamed {quoted(old)} to {quoted(name)}.")
    return redirect("tags")


@require_POST
def merge_tag(request, slug: str):
    tag = get_tag_for_user(request.user, slug)
    form = TagNameForm(request.POST)
    target = None
    if form.is_valid():
        target = find_tags([request.user.pk], [form.cleaned_data["name"]]).first()
        if target is None:
            form.add_error(
                "name", "You have no tag by that name. To give this tag a new name, rename it."
            )
        elif target.pk == tag.pk:
            form.add_error("name", "Choose another tag to merge this one into.")
    if not form.is_valid():
        return _tags_page(request, failed=(tag, "merge", form))
    moved = merge_tags(target, [tag])
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
