"""Changes to one article: star, archive, read, tags, delete (with undo), reading progress.

Each action has its own URL and a short view. htmx gets the updated fragment back (the card in
a list, the toolbar in the reader); everyone else is redirected to where they were (PRG).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from articles import undo
from articles.access import get_article_for_user, get_article_with_tags, get_tag_for_user
from articles.cards import Card
from articles.forms import ProgressForm, TagNamesForm
from articles.listing import Listing
from articles.models import Article
from articles.plurals import articles_count
from articles.states import STATES
from articles.tagging import add_tags, remove_tags, tags_for_names
from articles.user_input import param
from articles.views.feedback import go_back, next_path, quoted
from articles.views.library import card_context

# Places outside the library whose part an action re-renders: the reader, a search result.
PLACES = {"reader": "articles/reader.html", "result": "articles/search.html"}


@dataclass
class Undo:
    """A button in the "moved out of this list" notice that reverses the action."""

    url: str
    name: str = ""
    value: str = ""


@require_POST
def star(request, pk: int):
    return _set_state(request, pk, "starred")


@require_POST
def archive(request, pk: int):
    return _set_state(request, pk, "archived")


@require_POST
def read(request, pk: int):
    return _set_state(request, pk, "read")


def _set_state(request, pk, name: str):
    """Turn a state on or off as the form asks (starred=1/0, never a blind toggle: a double
    click or a second tab cannot flip it back), and offer the opposite as Undo."""
    wanted = request.POST.get(name, "1") != "0"
    Article.objects.for_user(request.user).filter(pk=pk).set_state(name, wanted)
    article = _article(request, pk)  # a stranger's or a missing article: 404
    undo_button = Undo(request.path, name, "0" if wanted else "1")
    return _updated(request, article, STATES[name].done[0 if wanted else 1], undo_button)


@require_POST
def add_tags_to_article(request, pk: int):
    article = _article(request, pk)
    form = TagNamesForm(request.POST)
    if not form.is_valid():
        return _tag_error(request, form, article)
    add_tags([article], tags_for_names(request.user.pk, form.cleaned_data["tags"]))
    article = _article(request, pk)  # the fresh tag list
    return _updated(request, article, "Tagged", reader_part="tags")


@require_safe
def tag_editor(request, pk: int):
    """A card's tag editor: fetched by htmx when it opens, or a small page without JavaScript."""
    article = _article(request, pk)
    listing = Listing.from_params(request.GET)
    context = {
        "article": article,
        "base": article.get_absolute_url(),
        "tags": article.tag_list,
        "listing": listing,
        "view_name": listing.view if listing else "",
    }
    if request.htmx:
        context["next_url"] = request.htmx.current_url_abs_path or ""
        context["place"] = "result" if request.GET.get("place") == "result" else ""
        return render(request, "articles/list.html#tagger", context)
    context["next_url"] = request.get_full_path()  # adding or removing comes back here
    return render(request, "articles/tag_editor.html", context)


@require_POST
def remove_tag_from_article(request, pk: int):
    article = _article(request, pk)
    tag = get_tag_for_user(request.user, param(request.POST, "remove"))
    remove_tags([article], [tag])
    article = _article(request, pk)
    undo_tag = Undo(reverse("article_tags", args=[pk]), "tags", tag.name)
    done = f"Untagged {quoted(tag.name)}"
    return _updated(request, article, done, undo_tag, reader_part="tags")


@require_POST
def delete(request, pk: int):
    article = get_article_for_user(request.user, pk, Article.objects.prefetch_related("tags"))
    listing = Listing.from_params(request.POST)
    reading = request.POST.get("place") == "reader"
    # Undo after deleting while reading returns to the article, in the list it was read from.
    back = article.get_absolute_url() + (f"?{listing.query}" if listing else "") if reading else ""
    try:
        token = undo.stash(request, [article], back=back)
    except undo.TooLargeToUndo:
        messages.error(request, "This article is too large to keep a copy for undo.")
        return go_back(request, article.get_absolute_url())
    article.delete()
    done = "Deleted"
    if not request.htmx or reading:
        note = f"{done}: {quoted(article.title or article.url)}."
        messages.success(request, note, extra_tags=f"undo:{token}")
        return go_back(request, listing.url() if listing else reverse("unread"), avoid=pk)
    context = {"article": article, "gone": True, "done": done, "listing": _listing(request)}
    context["undo"] = Undo(reverse("undo_delete"), "token", token)
    return render(request, "articles/list.html#card_update", context)


@require_POST
def undo_delete(request):
    outcome = undo.restore(request, request.POST.get("token", ""))
    restored, failed = outcome.articles, outcome.failed
    if outcome.tag:
        count = articles_count(outcome.tag.articles.count())
        messages.success(request, f"Restored the tag {quoted(outcome.tag.name)} on {count}.")
        return redirect("tags")
    if request.htmx and len(restored) == 1:
        article = _article(request, restored[0].pk)
        return render(request, "articles/list.html#card_update", _card_context(request, article))
    if restored:
        messages.success(request, f"Restored {articles_count(len(restored))}.")
    if failed:
        messages.error(
            request,
            f"{failed} could not be restored: the same link has been saved again since.",
        )
    if not restored and not failed:
        messages.error(request, "There is nothing to undo any more (undo lasts an hour).")
    if restored and outcome.back:
        return redirect(outcome.back)
    return go_back(request, reverse("unread"))


@require_POST
def progress(request, pk: int):
    """How far the reader has scrolled (0–1), sent by app.js; reaching the end marks it read."""
    article = get_article_for_user(request.user, pk, Article.objects.only("pk"))
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Progress must be a number from 0 to 1.", status=400)
    Article.objects.filter(pk=article.pk).record_progress(
        form.cleaned_data["progress"], request.user
    )
    return HttpResponse(status=204)


def _article(request, pk: int) -> Article:
    return get_article_with_tags(request.user, pk)


def _listing(request) -> Listing | None:
    return Listing.from_params(request.POST)


def _card_context(request, article, **extra) -> dict:
    return {
        **card_context(_listing(request), next_path(request)),
        "article": Card.of(article),
        **extra,
    }


def _updated(request, article: Article, done: str, undo_button=None, reader_part="tools_update"):
    """htmx: the updated card or part of the reader; others: back where they were, with a note."""
    if not request.htmx:
        messages.success(request, f"{done}: {quoted(article.title or article.url)}.")
        return go_back(request, article.get_absolute_url())
    place = request.POST.get("place")
    if place in PLACES:  # the reader's tools or tags, or a search result's
        shown = Card.of(article) if place == "result" else article
        context = {"article": shown, "next_url": next_path(request)}
        context["tags_open"] = reader_part == "tags"  # open for the next tag
        return render(request, f"{PLACES[place]}#{reader_part}", context)
    listing = _listing(request)
    gone = listing is not None and not listing.contains(article)
    context = _card_context(request, article, gone=gone, done=done, undo=undo_button)
    context["tagger_open"] = reader_part == "tags"  # keep the tag editor open for the next tag
    return render(request, "articles/list.html#card_update", context)


def _tag_error(request, form, article):
    """Tags that cannot be added: say why and keep what was typed."""
    if not request.htmx:
        context = {"form": form, "article": article, "next_url": next_path(request)}
        return render(request, "articles/fix_tags.html", context, status=400)
    context = _card_context(request, article, tag_form=form, tagger_open=True)
    place = request.POST.get("place")
    if place in PLACES:
        if place == "reader":
            context["article"] = article  # the reader's own tag list, not a card
        context["tags_open"] = True
        template = f"{PLACES[place]}#tags"
    else:
        template = "articles/list.html#card_update"
    # htmx swaps only 2xx answers; the fragment itself carries the error.
    return render(request, template, context)
