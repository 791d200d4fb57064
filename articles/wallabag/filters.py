"""GET /api/entries's parameters, as wallabag's EntryRestController reads them, turned into a
queryset of the user's articles in the order asked for."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from articles.counts import count_articles, count_tagged
from articles.models import Article
from articles.states import CONDITIONS, Condition
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
    total: int
    number: int
    size: int
    detail: str


def entries_page(user, params: Params) -> Page:
    states, filters = _states(params), _filters(user, params)
    articles = Article.objects.for_user(user)
    for condition, holds in states:
        in_state = Q(**condition.lookups)
        articles = articles.filter(in_state if holds else ~in_state)
    for found_by in filters:  # one filter() each: two tags are two joins, both required
        articles = articles.filter(found_by)
    total = _total(user, params, states, filters, articles)
    columns = SORTS[params.choice("sort", tuple(SORTS))]
    order = params.choice("order", ("desc", "asc"))
    return Page(
        articles.order_by(*[_ordered(column, order) for column in columns]),
        total=total,
        number=params.integer("page", 1),
        size=params.integer("perPage", 30, maximum=MAX_PER_PAGE),
        detail=params.choice("detail", DETAILS),
    )


def _total(user, params: Params, states, filters: list[Q], articles: QuerySet) -> int:
    """The envelope's exact total, on every page: the kept counts when only states filter
    (what KOReader and the apps ask) or only one tag does, a count of the rows otherwise."""
    if not filters:
        return count_articles(user, *states)
    names = params.tag_names() or []
    if not states and len(filters) == len(names) == 1:
        tags = list(find_tags([user.pk], names)[:2])
        if len(tags) == 1:  # one tag of that name (twins would share articles)
            return count_tagged(tags[0])
    return articles.count()


def _states(params: Params) -> list[tuple[Condition, bool]]:
    """`archive` (wallabag's archive is our "no longer unread": read or archived) and
    `starred`, as conditions that must hold (True) or must not (False)."""
    wanted = []
    if (archive := params.flag("archive")) is not None:
        wanted.append((CONDITIONS["unread"], not archive))
    if (starred := params.flag("starred")) is not None:
        wanted.append((CONDITIONS["starred"], starred))
    return wanted


def _filters(user, params: Params) -> list[Q]:
    """Every other parameter that narrows the list, as conditions on the articles."""
    nothing = Q(pk__in=[])
    filters = []
    if params.flag("public"):  # nothing is shared publicly
        filters.append(nothing)
    if params.flag("annotations"):  # nor annotated
        filters.append(nothing)
    if (not_parsed := params.flag("notParsed")) is not None:
        # wallabag's "not parsed": its page could not be read (ours: failed, or still waiting)
        ready = Q(status=Article.Status.READY)
        filters.append(~ready if not_parsed else ready)
    if since := params.timestamp("since"):
        filters.append(Q(updated_at__gt=since))
    if domain := params.text("domain_name", 255):
        filters.append(_on_host(domain.strip().lower()))
    if (status := params.text("http_status", 3)) is not None:
        filters.append(_with_http_status(status))
    for name in params.tag_names() or []:
        filters.append(Q(tags__in=find_tags([user.pk], [name])))
    return filters


def _ordered(column: str, order: str):
    if order == "asc":
        return F(column).asc()
    # Never-archived articles after the archived ones, as in wallabag (MySQL sorts NULL lowest);
    # other columns keep the plain DESC that their indexes serve.
    return F(column).desc(nulls_last=True) if column == "archived_at" else F(column).desc()


def _on_host(host: str) -> Q:
    condition = Q()
    for scheme in ("https", "http"):
        for end in ("/", ":", "?"):
            condition |= Q(url__startswith=f"{scheme}://{host}{end}")
        condition |= Q(url=f"{scheme}://{host}")
    return condition


def _with_http_status(status: str) -> Q:
    if not status.isdigit():
        raise BadRequest(f"“http_status” must be an HTTP status code, not “{status}”.")
    # Only read pages are kept with a status (200); failures keep their reason, not a code.
    return Q(status=Article.Status.READY) if status == "200" else Q(pk__in=[])
