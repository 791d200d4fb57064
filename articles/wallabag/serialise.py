"""Entries, tags and lists as wallabag's API writes them (JMS serializer, nulls kept): 0/1
integers for the states, tag objects, dates as `2016-09-08T11:55:58+0200` (no colon), every
field present. Clients parse these strictly: KOReader reads `tags[].label`, wallabag-client
compares `is_archived == 1`, the Android app's Moshi models want every key."""

import math
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import CharField, F, Func, OuterRef, QuerySet
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from articles.fields import sha1
from articles.models import Article, Tag
from articles.wallabag.params import NotFound

DETAILS = ("full", "metadata")
LEFT_OUT_OF_LINKS = ("page", "perPage", "access_token")  # a token never goes into a link


def date(moment: datetime | None) -> str | None:
    """JMS's default format, `Y-m-d\\TH:i:sO`, in the server's time zone: the offset has no
    colon (`+0200`). isoformat() and a cut, three times faster than strftime's %z."""
    if moment is None:
        return None
    text = timezone.localtime(moment).isoformat(timespec="seconds")
    return text[:-3] + text[-2:]


def tag(tag: Tag) -> dict:
    # wallabag prefixes its tag slugs with "t:" so they never collide with its routes.
    return {"id": tag.pk, "label": tag.name, "slug": f"t:{tag.slug}"}


def entries(articles: QuerySet, detail: str = "full") -> QuerySet:
    """The articles with the columns an entry shows and its tags, in one statement."""
    heavy = ("content_text",) if detail == "full" else ("content_text", "content_html")
    return articles.defer(*heavy).annotate(tag_triples=_tag_triples())


def _tag_triples() -> ArraySubquery:
    """An article's tags as [id, name, slug] in name order (as articles.cards.tag_pairs)."""
    tags = Tag.objects.filter(articles=OuterRef("pk")).order_by(Lower("name"), "id")
    triple = Func(
        Cast("id", CharField()),
        F("name"),
        F("slug"),
        template="ARRAY[%(expressions)s]",
        output_field=ArrayField(CharField()),
    )
    return ArraySubquery(tags.values_list(triple))


def entry(article: Article, owner, detail: str = "full") -> dict:
    """An article read through entries(), of `owner` (the user asking: nobody else's are
    ever shown)."""
    url = article.url or article.given_url
    archived_at = article.archived_at or article.read_at
    return {
        # "Archived" in wallabag is "read": whatever took it out of our Unread list.
        "is_archived": 1 if archived_at else 0,
        "is_starred": 1 if article.starred_at else 0,
        "user_name": owner.get_username(),
        "user_email": owner.email,
        "user_id": owner.pk,
        "tags": [
            {"id": int(pk), "label": name, "slug": f"t:{slug}"}
            for pk, name, slug in article.tag_triples
        ],
        "is_public": False,
        "id": article.pk,
        "uid": None,
        "title": article.title or url,
        "url": url,
        "hashed_url": sha1(url),
        "origin_url": None,
        "given_url": article.given_url or url,
        "hashed_given_url": sha1(article.given_url or url),
        "archived_at": date(archived_at),
        "content": article.content_html if detail == "full" else None,
        "created_at": date(article.created_at),
        "updated_at": date(article.updated_at),
        "published_at": date(article.published_at),
        "published_by": [article.byline] if article.byline else None,
        "starred_at": date(article.starred_at),
        "annotations": [],  # newsreader keeps no highlights of its own
        "mimetype": "text/html",
        "language": article.language or None,
        "reading_time": article.reading_minutes,
        "domain_name": urlsplit(url).hostname or None,
        "preview_picture": article.lead_image_url or None,
        "http_status": "200" if article.status == Article.Status.READY else None,
        "headers": None,
        "_links": {"self": {"href": f"/api/entries/{article.pk}"}},
    }


def envelope(
    request, articles: QuerySet, total: int, page: int, per_page: int, detail: str
) -> dict:
    """A page of entries, of `total` (how many `articles` holds), in Pagerfanta's HAL envelope;
    a page past the last is a 404 (KOReader stops there). Page 1 of nothing is an empty page,
    as in wallabag."""
    pages = max(1, math.ceil(total / per_page))
    if page > pages:
        raise NotFound(f"There is no page {page}: the last page is {pages}.")
    # The page's ids first, then their entries: the tags' subquery runs for the 30 rows shown,
    # not for every row an OFFSET skips or a sort reads.
    ids = articles.values("pk")[(page - 1) * per_page : page * per_page]
    rows = entries(articles.filter(pk__in=ids), detail)
    return {
        "page": page,
        "limit": per_page,
        "pages": pages,
        "total": total,
        "_links": links(request, page, per_page, pages),
        "_embedded": {"items": [entry(article, request.user, detail) for article in rows]},
    }


def links(request, page: int, per_page: int, pages: int) -> dict:
    """self, first, last, next and previous, each carrying the request's filters back
    (clients such as Readeck's importer follow `next`)."""

    def href(number: int) -> dict:
        query = {k: v for k, v in request.GET.items() if k not in LEFT_OUT_OF_LINKS}
        query |= {"page": number, "perPage": per_page}
        return {"href": request.build_absolute_uri(f"{request.path}?{urlencode(query)}")}

    found = {"self": href(page), "first": href(1), "last": href(pages)}
    if page < pages:
        found["next"] = href(page + 1)
    if page > 1:
        found["previous"] = href(page - 1)
    return found
