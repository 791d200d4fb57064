"""GET /api/entries's parameters, as wallabag's EntryRestController reads them, turned into a
queryset of the user's articles in the order asked for."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from articles.models import Article, state_q
from articles.tagging import find_tags
from articles.wallabag.params import BadRequest, Params
from articles.wallabag.serialise import DETAILS

# wallabag sorts "created" by id (wallabag#8418); imports keep the saved date here, so ours
# sorts by it, the order the library shows.
SORTS = {
    "created": ("created_at", "id"),
    "updated": ("updated_at", "id"),
    "archived": ("archived_at", "id"),
}
MAX_PER_PAGE = 1000  # wallabag sets none; a page of a thousand full articles is already tens of MB


@dataclass(frozen=True)
class Page:
    articles: QuerySet
    number: int
    size: int
    detail: str


def entries_page(user, params: Params) -> Page:
    articles = Article.objects.for_user(user)
    archive, starred = params.flag("archive"), params.flag("starred")
    if archive is not None:
        articles = articles.filter(~state_q("unread") if archive else state_q("unread"))
    if starred is not None:
        articles = articles.filter(starred_at__isnull=not starred)
    if params.flag("public"):  # nothing is shared publicly
        articles = articles.none()
    if params.flag("annotations"):  # nor annotated
        articles = articles.none()
    articles = _not_parsed(articles, params.flag("notParsed"))
    if since := params.timestamp("since"):
        articles = articles.filter(updated_at__gt=since)
    if domain := params.text("domain_name", 255):
        articles = articles.filter(_on_host(domain.strip().lower()))
    if (status := params.text("http_status", 3)) is not None:
        articles = _with_http_status(articles, status)
    for name in params.tag_names() or []:
        articles = articles.filter(tags__in=find_tags([user.pk], [name]))
    columns = SORTS[params.choice("sort", tuple(SORTS))]
    order = params.choice("order", ("desc", "asc"))
    return Page(
        articles.order_by(*[_ordered(column, order) for column in columns]),
        number=params.integer("page", 1),
        size=params.integer("perPage", 30, maximum=MAX_PER_PAGE),
        detail=params.choice("detail", DETAILS),
    )


def _ordered(column: str, order: str):
    if order == "asc":
        return F(column).asc()
    # Never-archived articles after the archived ones, as in wallabag (MySQL sorts NULL lowest);
    # other columns keep the plain DESC that their indexes serve.
    return F(column).desc(nulls_last=True) if column == "archived_at" else F(column).desc()


def _not_parsed(articles: QuerySet, not_parsed: bool | None) -> QuerySet:
    """wallabag's "not parsed": its page could not be read (ours: failed, or still waiting)."""
    if not_parsed is None:
        return articles
    if not_parsed:
        return articles.exclude(status=Article.Status.READY)
    return articles.filter(status=Article.Status.READY)


def _on_host(host: str) -> Q:
    condition = Q()
    for scheme in ("https", "http"):
        for end in ("/", ":", "?"):
            condition |= Q(url__startswith=f"{scheme}://{host}{end}")
        condition |= Q(url=f"{scheme}://{host}")
    return condition


def _with_http_status(articles: QuerySet, status: str) -> QuerySet:
    if not status.isdigit():
        raise BadRequest(f"“http_status” must be an HTTP status code, not “{status}”.")
    # Only read pages are kept with a status (200); failures keep their reason, not a code.
    return articles.filter(status=Article.Status.READY) if status == "200" else articles.none()
