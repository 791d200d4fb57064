"""/api/v1/searches: saved searches (list, save, delete) and their results (run)."""

from django.db import IntegrityError, transaction
from ninja import Query, Router, Status

from articles.access import get_saved_search_for_user
from articles.api.articles import article_page
from articles.api.errors import ApiError, ErrorOut, form_error
from articles.api.schemas import ArticlePage, PageParams, SavedSearchIn, SavedSearchOut
from articles.models import Article, SavedSearch
from articles.views.search import SavedSearchForm

router = Router(tags=["saved searches"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut}


@router.get("", response={200: list[SavedSearchOut], **ERRORS}, url_name="searches")
def list_searches(request):
    return list(SavedSearch.objects.filter(owner=request.auth))


@router.post("", response={201: SavedSearchOut, **ERRORS})
def save_search(request, payload: SavedSearchIn):
    """Save a search under a name (names are unique per user, whatever their case)."""
    form = SavedSearchForm(data={"name": payload.name, "q": payload.query}, owner=request.auth)
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            saved = SavedSearch.objects.create(
                owner=request.auth, name=data["name"], query=data["q"]
            )
    except IntegrityError:  # the same name saved twice at once
        taken = "You already have a saved search with that name."
        raise ApiError.invalid({"name": [taken]}) from None
    return Status(201, saved)


@router.delete("/{int:pk}", response={204: None, **ERRORS}, url_name="search")
def delete_search(request, pk: int):
    get_saved_search_for_user(request.auth, pk).delete()
    return Status(204, None)


@router.get("/{int:pk}/articles", response={200: ArticlePage, **ERRORS}, url_name="search_run")
def run_search(request, pk: int, params: Query[PageParams]):
    """The saved search's articles, paged as the article list is."""
    saved = get_saved_search_for_user(request.auth, pk)
    return article_page(request.auth, Article.objects.all(), params, saved.query)
