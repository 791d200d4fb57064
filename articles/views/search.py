"""Full-text search over the user's archive: the results page, its live fragment, saved searches.

One URL serves the page, the results region (htmx from the page's own form) and the live
dropdown under the header box (htmx, target "search-live"). Without JavaScript the header form
simply submits to the page.

Library views can scope the header box with the context variable `search_scope`, a dict with
`value` (sent as ?scope=: a library view with a state, such as "starred", or "tag:<slug>"),
`label` (shown next to the box, e.g. "Starred") and `operator` (the same as query text, kept by
saved searches). search_scope_for(view_name) or search_scope_for(tag=tag) builds it.
"""

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from articles.access import get_saved_search_for_user, get_tag_for_user
from articles.models import Article, SavedSearch
from articles.plurals import articles_count
from articles.search import (
    MAX_PAGES,
    MAX_QUERY_LENGTH,
    PAGE_SIZE,
    SORTS,
    count_matches,
    results_page,
    search_articles,
)
from articles.states import VIEWS, View, view_named
from articles.user_input import TextField

LIVE_RESULTS = 8


def search_scope_for(view_name: str = "", tag=None) -> dict | None:
    """The `search_scope` context value for a library page: its tag, or its view if the view is
    `scoped` (from Unread and All the box searches everything)."""
    if tag is not None:
        name = tag.name.replace('"', "")
        operator = f'tag:"{name}"' if " " in name else f"tag:{name}"
        return {"value": f"tag:{tag.slug}", "label": f"tag “{tag.name}”", "operator": operator}
    view = VIEWS.get(view_name)
    return _view_scope(view) if view and view.scoped else None


def _view_scope(view: View) -> dict:
    return {"value": view.name, "label": view.label, "operator": f"is:{view.condition}"}


class SavedSearchForm(forms.Form):
    name = TextField(max_length=100, strip=True)
    q = TextField(max_length=MAX_QUERY_LENGTH, strip=True)

    def __init__(self, *args, owner=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner, self.instance = owner, instance

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = SavedSearch.objects.filter(owner=self.owner).annotate(lower=Lower("name"))
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.filter(lower=name.lower()).exists():
            raise forms.ValidationError(f"You already have a saved search named “{name}”.")
        return name


class RenameForm(SavedSearchForm):
    q = None


@require_GET
def search(request):
    return _search_page(request, request.GET.get("q", ""))


@require_GET
def saved_search(request, saved_pk: int):
    saved = get_saved_search_for_user(request.user, saved_pk)
    return _search_page(request, saved.query, saved=saved)


def _search_page(request, query: str, saved=None, form=None):
    # Every variable the results and the navigation print is set: a missing one raises (and is
    # caught) at each use, thirty-five times a page for view_name (no library view is current).
    context = {"saved": saved, "save_form": form, "sorts": SORTS}
    context |= {"tags_open": False, "view_name": "", "current_tag": "", "oob": False}
    context["next_url"] = request.get_full_path()  # where the results' actions come back to
    page = _page_number(request.GET.get("page", "1"))
    base, scope = _scope(request)
    search = search_articles(request.user, query, base=base, sort=request.GET.get("sort", ""))
    context |= {
        "search": search,
        "search_query": search.parsed.text,
        "search_scope": scope,
        # A saved search keeps its scope as operators (is:starred, tag:name).
        "query_to_save": " ".join(filter(None, [search.parsed.text, scope and scope["operator"]])),
        "notes": list(search.parsed.notes),
    }
    if request.GET.get("sort") and request.GET["sort"] not in SORTS:
        context["notes"].append("That sort order is unknown; use newest, oldest or relevance.")
    if page is None:
        context |= {"results": [], "page": 1}
        context["notes"].append("The page number must be a whole number from 1 up.")
        return render(request, "articles/search.html", context, status=400)

    live = request.htmx and request.htmx.target == "search-live"
    if search.parsed.is_empty:
        results, has_next = [], False
    elif live:
        results, has_next = results_page(search, 0, LIVE_RESULTS)[0], False
    elif page > MAX_PAGES:
        results, has_next = [], False
        context["notes"].append(
            f"Search shows the first {MAX_PAGES * PAGE_SIZE:,} results; add words or filters "
            "to narrow it down."
        )
    else:
        results, has_next = results_page(search, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        if results:
            last_first_page = len(results) if page == 1 and not has_next else None
            context["count_label"] = _count_label(*count_matches(search, last_first_page))
    context |= {
        "results": results,
        "page": page,
        "first_rank": (page - 1) * PAGE_SIZE + 1,
        "has_next": has_next and page < MAX_PAGES,
        "page_query": _page_query(request, query, saved),
    }
    if live:
        template = "articles/search.html#live"
    elif request.htmx:
        template = "articles/search.html#results"
    else:
        template = "articles/search.html"
    return render(request, template, context)


def _count_label(count: int, exact: bool) -> str:
    """12 articles; past the exact count, about 1,240 articles (three significant digits)."""
    if exact:
        return articles_count(count)
    return f"about {articles_count(int(float(f'{count:.3g}')))}"


def _page_number(value: str) -> int | None:
    try:
        page = int(value)
    except ValueError:
        return None
    return page if page >= 1 else None


def _scope(request):
    """The base queryset and search_scope of ?scope= (a library view the search stays in)."""
    value = request.GET.get("scope", "")
    if value.startswith("tag:"):
        tag = get_tag_for_user(request.user, value.removeprefix("tag:"))
        return Article.objects.filter(tags=tag), search_scope_for(tag=tag)
    view = view_named(value)
    if view and view.condition:  # ?scope=starred, or an older link's ?scope=archive
        return Article.objects.in_state(view.condition), _view_scope(view)
    return None, None


def _page_query(request, query: str, saved) -> str:
    """The query string of this search without its page (saved searches keep their own URL)."""
    params = {key: request.GET[key] for key in ("sort", "scope") if request.GET.get(key)}
    if saved is None:
        params = {"q": query} | params
    return urlencode(params)


@require_POST
def save_search(request):
    form = SavedSearchForm(request.POST, owner=request.user)
    if not form.is_valid():
        return _search_page(request, request.POST.get("q", ""), form=form)
    try:
        with transaction.atomic():
            saved = SavedSearch.objects.create(
                owner=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["q"]
            )
    except IntegrityError:  # the same name saved twice at once
        form.add_error("name", "You already have a saved search with that name.")
        return _search_page(request, form.cleaned_data["q"], form=form)
    messages.success(request, f"Saved the search “{saved.name}”.")
    return redirect("saved_search", saved_pk=saved.pk)


@require_POST
def rename_saved_search(request, saved_pk: int):
    saved = get_saved_search_for_user(request.user, saved_pk)
    form = RenameForm(request.POST, owner=request.user, instance=saved)
    if not form.is_valid():
        return _search_page(request, saved.query, saved=saved, form=form)
    saved.name = form.cleaned_data["name"]
    try:
        with transaction.atomic():
            saved.save(update_fields=["name"])
    except IntegrityError:
        form.add_error("name", "You already have a saved search with that name.")
        return _search_page(request, saved.query, saved=saved, form=form)
    messages.success(request, f"Renamed the saved search to “{saved.name}”.")
    return redirect("saved_search", saved_pk=saved.pk)


@require_POST
def delete_saved_search(request, saved_pk: int):
    saved = get_saved_search_for_user(request.user, saved_pk)
    saved.delete()
    messages.success(request, f"Deleted the saved search “{saved.name}”; its query is still below.")
    return redirect(f"{reverse('search')}?{urlencode({'q': saved.query})}")
