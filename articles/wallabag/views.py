"""The wallabag API v2's endpoints, one function per URL and method (urls.py wires them)."""

from dataclasses import replace

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from articles.access import get_article_for_user
from articles.exports.formats import FORMATS
from articles.exports.formats.markdown import document
from articles.exports.rows import export_rows
from articles.ingest import saving
from articles.ingest.errors import IngestError, NoArticleFound
from articles.jobs.queue import queue_fetch
from articles.models import Article, Tag
from articles.search import search_articles
from articles.tagging import find_tags, remove_tags, tags_with_counts
from articles.wallabag import changes, lookup, serialise
from articles.wallabag.filters import MAX_PER_PAGE, entries_page
from articles.wallabag.params import BadRequest, NotFound, Params
from articles.wallabag.responses import json_response

# The wallabag release whose API this is; clients check it (wallabag-client needs >= 2.1.1).
WALLABAG_VERSION = "2.6.10"


def version(request):
    return json_response(WALLABAG_VERSION)


def info(request):
    return json_response(
        {"appname": "wallabag", "version": WALLABAG_VERSION, "allowed_registration": False}
    )


def user(request):
    person = request.user
    return json_response(
        {
            "id": person.pk,
            "username": person.get_username(),
            "email": person.email,
            "name": person.get_full_name() or None,
            "created_at": serialise.date(person.date_joined),
            "updated_at": serialise.date(person.last_login or person.date_joined),
        }
    )


# Entries


def list_entries(request):
    page = entries_page(request.user, Params(request))
    return json_response(
        serialise.envelope(request, page.articles, page.total, page.number, page.size, page.detail)
    )


def create_entry(request):
    """Save a link (or the page's HTML sent as `content`); a link already saved is updated,
    never duplicated, and either way the answer is 200 (KOReader counts nothing else)."""
    params = Params(request)
    url = params.required("url", 2048)
    wanted = changes.Changes.read(params)
    saved = _save(request.user, url, wanted.content, wanted.tags or [])
    changes.apply(saved.article, _without_content(wanted), replace_tags=False)
    return _entry_response(request.user, saved.article.pk)


def _save(owner, url: str, content: str | None, tags: list[str]) -> saving.Saved:
    try:
        if content and content.strip():
            try:
                return saving.save_from_html(owner, content, url, tags)
            except NoArticleFound:
                pass  # the sent page holds no article: fetch the link, as without content
        return saving.save_from_url(owner, url, tags)
    except IngestError as problem:
        raise BadRequest(str(problem)) from None


def _without_content(wanted: changes.Changes) -> changes.Changes:
    return replace(wanted, content=None, tags=None)


def get_entry(request, pk: int):
    detail = Params(request).choice("detail", serialise.DETAILS)
    return _entry_response(request.user, pk, detail)


def patch_entry(request, pk: int):
    article = get_article_for_user(request.user, pk)
    changes.apply(article, changes.Changes.read(Params(request)), replace_tags=True)
    return _entry_response(request.user, pk)


def delete_entry(request, pk: int):
    expect = Params(request).choice("expect", ("entry", "id"))
    article = _entry(request.user, pk)
    body = serialise.entry(article, request.user) if expect == "entry" else {"id": article.pk}
    article.delete()
    return json_response(body)


def reload_entry(request, pk: int):
    """Fetch the page again, through the worker; the entry as it is now (wallabag answers an
    empty 304 when there is nothing to reload)."""
    article = get_article_for_user(request.user, pk)
    if not (article.url or article.given_url):
        return HttpResponse(status=304)
    queue_fetch(article)
    return _entry_response(request.user, pk)


def entry_exists(request):
    """`url`/`hashed_url` → {"exists": …}; `urls[]`/`hashed_urls[]` → {link: …}; the value
    is true/false, or the entry's id/null with `return_id=1`."""
    params = Params(request)
    with_id = bool(params.flag("return_id"))
    single = params.text("url", 2048) or params.text("hashed_url", 40)
    urls, hashes = params.many("urls"), params.many("hashed_urls")
    if not (single or urls or hashes):
        raise BadRequest("An url, hashed_url, urls[] or hashed_urls[] should be provided.")
    if len(urls) + len(hashes) > lookup.MAX_URLS:
        raise BadRequest(f"Ask about at most {lookup.MAX_URLS} links at once.")

    def answer(pk: int | None):
        return pk if with_id else pk is not None

    if single:
        if "url" in params:
            pk = lookup.ids_by_url(request.user, [single]).get(single)
        else:
            pk = lookup.ids_by_hash(request.user, [single]).get(single)
        return json_response({"exists": answer(pk)})
    found = lookup.ids_by_url(request.user, urls) | lookup.ids_by_hash(request.user, hashes)
    return json_response({link: answer(found.get(link)) for link in [*urls, *hashes]})


def export_entry(request, pk: int, fmt: str):
    """The entry as a file; EPUB is what KOReader downloads to read."""
    article = get_article_for_user(request.user, pk)
    rows = export_rows(Article.objects.filter(pk=article.pk))
    response: HttpResponse | StreamingHttpResponse
    if fmt in FORMATS:  # epub, json, csv: the library's own export formats
        response = StreamingHttpResponse(
            FORMATS[fmt].chunks(rows), content_type=FORMATS[fmt].content_type
        )
    elif fmt == "md":
        response = HttpResponse(document(next(rows)), content_type="text/markdown; charset=utf-8")
    else:
        response = HttpResponse(_plain_text(article), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(article)}.{fmt}"'
    return response


def _plain_text(article: Article) -> str:
    return f"{article.title}\n{article.url or article.given_url}\n\n{article.content_text}\n"


def _file_stem(article: Article) -> str:
    return slugify(article.title)[:80] or f"article-{article.pk}"


def search(request):
    params = Params(request)
    term = params.text("term", 1000) or ""
    page, size = params.integer("page", 1), params.integer("perPage", 30, maximum=MAX_PER_PAGE)
    found = search_articles(request.user, term).articles
    return json_response(serialise.envelope(request, found, found.count(), page, size, "full"))


# Tags


def entry_tags(request, pk: int):
    article = _entry(request.user, pk)
    return json_response(serialise.entry(article, request.user)["tags"])


def add_entry_tags(request, pk: int):
    article = get_article_for_user(request.user, pk)
    wanted = changes.Changes(tags=Params(request).tag_names() or [])
    changes.apply(article, wanted, replace_tags=False)
    return _entry_response(request.user, pk)


def remove_entry_tag(request, pk: int, tag_pk: int):
    article = get_article_for_user(request.user, pk)
    tag = get_object_or_404(Tag.objects.filter(owner=request.user), pk=tag_pk)
    remove_tags([article], [tag])
    return _entry_response(request.user, pk)


def list_tags(request):
    tags = tags_with_counts(request.user)
    return json_response([serialise.tag(t) | {"nbEntries": t.count} for t in tags])


def delete_tag(request, tag_pk: int):
    tag = get_object_or_404(Tag.objects.filter(owner=request.user), pk=tag_pk)
    body = serialise.tag(tag)
    tag.delete()  # its articles stay saved
    return json_response(body)


def delete_tag_by_label(request):
    label = Params(request).required("tag", 300)
    tag = find_tags([request.user.pk], [label]).first()
    if tag is None:
        raise NotFound(f"You have no tag “{label}”.")
    return delete_tag(request, tag.pk)


def delete_tags_by_label(request):
    labels = Params(request).tag_names() or []
    tags = list(find_tags([request.user.pk], labels)) if labels else []
    if not tags:
        raise NotFound("You have none of these tags.")
    body = [serialise.tag(t) for t in tags]
    Tag.objects.filter(pk__in=[t.pk for t in tags]).delete()  # their articles stay saved
    return json_response(body)


# Annotations: newsreader keeps no highlights of its own yet.


def annotations(request, pk: int):
    get_article_for_user(request.user, pk)
    return json_response({"total": 0, "rows": []})


def add_annotation(request, pk: int):
    get_article_for_user(request.user, pk)
    raise BadRequest("newsreader does not keep annotations yet; this one was not saved.")


# Helpers


def _entry(owner, pk: int) -> Article:
    return get_article_for_user(owner, pk, serialise.entries(Article.objects.all()))


def _entry_response(owner, pk: int, detail: str = "full") -> HttpResponse:
    article = get_article_for_user(owner, pk, serialise.entries(Article.objects.all(), detail))
    return json_response(serialise.entry(article, owner, detail))
