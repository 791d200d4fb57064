"""/api/v1/articles: list (a library view, a tag, a search; keyset pages), save, read, change,
delete. Each reuses what the site does: the states table, the library's order and cursors, the
search package, the add form and the saving pipeline, the ownership helper."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Query, Router, Status

from articles.access import get_article_for_user, get_tag_for_user
from articles.api.errors import ApiError, ErrorOut, form_error
from articles.api.schemas import (
    ArticleChange,
    ArticleDetail,
    ArticleFilters,
    ArticleIn,
    ArticlePage,
    PageParams,
)
from articles.cards import tag_pairs
from articles.forms import AddArticleForm, TagNamesField
from articles.ingest import saving
from articles.ingest.errors import IngestError, InvalidURL, TooLarge
from articles.listing import DEFAULT_SORT, BadCursor, Listing
from articles.models import Article
from articles.search import search_articles
from articles.states import STATES, VIEWS
from articles.tagging import add_tags, remove_tags, tags_for_names

router = Router(tags=["articles"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut}

ITEM_FIELDS = (
    "id", "url", "title", "byline", "site_name", "excerpt", "language", "published_at",
    "lead_image_url", "word_count", "reading_minutes", "is_teaser", "status", "failure_reason",
    "starred_at", "archived_at", "read_at", "reading_progress", "created_at", "updated_at",
)  # fmt: skip
DETAIL_FIELDS = (*ITEM_FIELDS, "given_url", "content_html")


@router.get("", response={200: ArticlePage, **ERRORS}, url_name="articles")
def list_articles(request, filters: Query[ArticleFilters]):
    """The user's articles: a library view or a tag, narrowed by a search if `q` is given,
    newest first unless `sort` says otherwise, `limit` at a time."""
    rows = Article.objects.for_user(request.auth).in_state(VIEWS[filters.view].condition)
    if filters.tag:
        rows = rows.filter(tags=get_tag_for_user(request.auth, filters.tag))
    return article_page(request.auth, rows, filters, filters.q or "")


def article_page(user, rows, params: PageParams, query: str = "") -> dict:
    """One page of `rows` (narrowed by the search `query`), and the cursor of the next."""
    rows, sort, notes = rows.filter(owner=user), params.sort, []
    if query:
        search = search_articles(user, query, base=rows, sort=sort or "")
        notes = list(search.parsed.notes)
        sort = search.parsed.sort or sort or search.sort
        if sort == "relevance" and search.ranked:
            return _ranked_page(search, params, notes)
        rows = search.matches
    if sort == "relevance":
        notes.append("Relevance needs words to search for; the newest come first instead.")
        sort = DEFAULT_SORT
    listing = Listing(sort=sort or DEFAULT_SORT)
    try:
        rows = listing.after(rows, params.cursor) if params.cursor else listing.in_order(rows)
    except BadCursor:
        raise _bad_cursor() from None
    found = list(with_tags(rows.only(*ITEM_FIELDS))[: params.limit + 1])
    more, found = len(found) > params.limit, found[: params.limit]
    return {
        "items": [item(a) for a in found],
        "next_cursor": listing.cursor(found[-1]) if more else None,
        "notes": notes,
    }


def _ranked_page(search, params: PageParams, notes: list[str]) -> dict:
    """Relevance ranks a bounded set of the best candidates (articles.search.ranking), so its
    pages are plain offsets into that ranking: cursor "r30" is the 31st result on."""
    offset = 0
    if params.cursor:
        if not (params.cursor[:1] == "r" and params.cursor[1:].isdigit()):
            raise _bad_cursor()
        offset = int(params.cursor[1:5])
    ids = list(search.articles.values_list("id", flat=True)[offset : offset + params.limit + 1])
    more, ids = len(ids) > params.limit, ids[: params.limit]
    found = {a.pk: a for a in with_tags(Article.objects.filter(pk__in=ids).only(*ITEM_FIELDS))}
    return {
        "items": [item(found[pk]) for pk in ids if pk in found],
        "next_cursor": f"r{offset + params.limit}" if more else None,
        "notes": notes,
    }


def _bad_cursor() -> ApiError:
    return ApiError.invalid(
        {"cursor": ["This is not a cursor this list gave; start again without one."]}
    )


@router.post("", response={200: ArticleDetail, 201: ArticleDetail, **ERRORS, 413: ErrorOut})
def create_article(request, payload: ArticleIn):
    """Save a link (the article is returned at once, pending, while the worker fetches it) or a
    page's HTML (saved at once). A link already saved returns that article with 200."""
    tags = ", ".join(_tag_names(payload.tags))
    form = AddArticleForm(data={"url": payload.url, "html": payload.html, "tags": tags})
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    try:
        saved = saving.save(request.auth, data["url"], data["html"], data["tags"])
    except InvalidURL as error:
        raise ApiError.invalid({"url": [str(error)]}) from None
    except TooLarge as error:
        raise ApiError(413, str(error)) from None
    except IngestError as error:
        raise ApiError(422, str(error), code="cannot_save") from None
    return Status(201 if saved.created else 200, _detail(request.auth, saved.article.pk))


@router.get("/{int:pk}", response={200: ArticleDetail, **ERRORS}, url_name="article")
def read_article(request, pk: int):
    """One article with its content. A link whose page turned out to be an article saved
    before redirects (301) to that one."""
    try:
        return _detail(request.auth, pk)
    except Http404:
        if merged := saving.article_merged_into(request.auth, pk):
            return HttpResponsePermanentRedirect(reverse("api_v1:article", args=[merged.pk]))
        raise


@router.patch("/{int:pk}", response={200: ArticleDetail, **ERRORS})
def change_article(request, pk: int, payload: ArticleChange):
    """Star, archive, mark read (true or false, never a toggle), record progress, set tags."""
    article = get_article_for_user(request.auth, pk, Article.objects.only("pk", "owner"))
    rows = Article.objects.filter(pk=article.pk)
    if payload.progress is not None:
        rows.record_progress(payload.progress, request.auth)
    for name in STATES:
        wanted = getattr(payload, name)
        if wanted is not None:
            rows.set_state(name, wanted)
    if payload.tags is not None:
        _set_tags(request.auth, article, _tag_names(payload.tags))
    return _detail(request.auth, pk)


@router.delete("/{int:pk}", response={204: None, **ERRORS})
def delete_article(request, pk: int):
    get_article_for_user(request.auth, pk, Article.objects.only("pk")).delete()
    return Status(204, None)


def with_tags(articles):
    """Each article's tags as [name, slug] pairs, in the same statement: no query per row."""
    return articles.annotate(tag_pairs=tag_pairs())


def item(article) -> dict:
    values = {name: getattr(article, name) for name in ITEM_FIELDS}
    values |= {name: values[STATES[name].timestamp] is not None for name in STATES}
    values["tags"] = [{"name": name, "slug": slug} for name, slug in article.tag_pairs]
    return values


def _detail(user, pk: int) -> dict:
    article = get_article_for_user(user, pk, with_tags(Article.objects.only(*DETAIL_FIELDS)))
    return item(article) | {"given_url": article.given_url, "content_html": article.content_html}


def _tag_names(names: list[str]) -> list[str]:
    """Tag names checked as the site checks what is typed (control characters, length, how
    many); a comma would make two tags of one."""
    if any("," in name for name in names):
        raise ApiError.invalid({"tags": ["A tag name cannot contain a comma."]})
    try:
        return TagNamesField().clean(", ".join(names))
    except ValidationError as error:
        raise ApiError.invalid({"tags": list(error.messages)}) from None


def _set_tags(user, article: Article, names: list[str]) -> None:
    wanted = tags_for_names(user.pk, names)
    current = list(article.tags.all())
    remove_tags([article], [t for t in current if t.pk not in {w.pk for w in wanted}])
    add_tags([article], wanted)
