"""The OPDS 1.2 catalogue for e-readers (KOReader, Foliate, Moon+ Reader...): a navigation feed
at /opds/, an acquisition feed per library view, tag and saved search, and each article's EPUB.

E-readers sign in with HTTP Basic auth: the username and the feed token as the password.
"""

from xml.sax.saxutils import escape

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles.access import get_article_for_user
from articles.exports.formats import FORMATS
from articles.exports.rows import export_rows
from articles.feeds import sources
from articles.feeds.access import basic_auth
from articles.feeds.atom import Entry, Feed, Link, render
from articles.feeds.entries import Site, epub_entry, with_tags
from articles.models import SavedSearch, Tag
from articles.states import VIEWS
from articles.views.feeds import private_xml

CATALOG = "application/atom+xml;profile=opds-catalog"
NAVIGATION = f"{CATALOG};kind=navigation"
ACQUISITION = f"{CATALOG};kind=acquisition"
NAMESPACES = {"opds": "http://opds-spec.org/2010/catalog"}
PAGE_SIZE = 50
MAX_PAGE = 200  # 10,000 articles deep: further back, search on the site


@basic_auth
def root(request, user):
    entries = [
        _subsection(request, VIEWS[name].label, f"opds_{name}", ACQUISITION, what)
        for name, what in (
            ("unread", "Articles you have not read yet, newest first."),
            ("starred", "Articles you starred."),
            ("archived", "Articles you archived."),
        )
    ]
    entries.append(_subsection(request, "Tags", "opds_tags", NAVIGATION, "Articles by tag."))
    entries.append(
        _subsection(request, "Saved searches", "opds_searches", NAVIGATION, "Your saved searches.")
    )
    return _catalogue(request, user, "newsreader", "opds_root", NAVIGATION, entries)


@basic_auth
def tags(request, user):
    entries = [
        _subsection(
            request, tag.name, "opds_tag", ACQUISITION, f"Articles tagged “{tag.name}”.", [tag.slug]
        )
        for tag in Tag.objects.filter(owner=user).only("name", "slug")
    ]
    return _catalogue(request, user, "Tags", "opds_tags", NAVIGATION, entries)


@basic_auth
def searches(request, user):
    entries = [
        _subsection(request, saved.name, "opds_search", ACQUISITION, saved.query, [saved.pk])
        for saved in SavedSearch.objects.filter(owner=user)
    ]
    return _catalogue(request, user, "Saved searches", "opds_searches", NAVIGATION, entries)


@basic_auth
def view_articles(request, user, view_name: str):
    return _acquisition(request, user, sources.view_source(user, view_name))


@basic_auth
def tag_articles(request, user, slug: str):
    return _acquisition(request, user, sources.tag_source(user, slug))


@basic_auth
def search_articles(request, user, saved_pk: int):
    return _acquisition(request, user, sources.search_source(user, saved_pk))


@basic_auth
def find(request, user):
    """Search from the e-reader (KOReader's catalogue search), the search page's language."""
    text = request.GET.get("q", "").strip()
    if not text:
        return _catalogue(request, user, "Search", "opds_find", ACQUISITION, [])
    return _acquisition(request, user, sources.query_source(user, text))


@basic_auth
def search_description(request, user):
    """OpenSearch: where the e-reader sends what the user types."""
    template = request.build_absolute_uri(reverse("opds_find")) + "?q={searchTerms}"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
        "  <ShortName>newsreader</ShortName>\n"
        "  <Description>Search your saved articles</Description>\n"
        f'  <Url type="{ACQUISITION}" template="{escape(template)}"/>\n'
        "</OpenSearchDescription>\n"
    )
    return private_xml(request, body.encode(), "application/opensearchdescription+xml")


@basic_auth
def epub(request, user, pk: int):
    """One article as an EPUB, as the export writes it."""
    article = get_article_for_user(user, pk)
    fmt = FORMATS["epub"]
    response = StreamingHttpResponse(
        fmt.chunks(export_rows(user.articles.filter(pk=article.pk))), content_type=fmt.content_type
    )
    stem = slugify(article.title)[:80] or f"article-{article.pk}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.epub"'
    response["Cache-Control"] = "private"
    return response


def _acquisition(request, user, source: sources.Source):
    page = _page_number(request)
    start = (page - 1) * PAGE_SIZE
    # The page's ids first (an index scan past the offset), then only those rows with their tags:
    # the rows skipped would otherwise each have their tags looked up too.
    ids = list(source.articles.values_list("id", flat=True)[start : start + PAGE_SIZE + 1])
    more, ids = len(ids) > PAGE_SIZE and page < MAX_PAGE, ids[:PAGE_SIZE]
    found = with_tags(source.articles.filter(pk__in=ids)).defer("content_html")
    articles = list(found)  # in the source's order, newest first
    here = request.build_absolute_uri(request.path)
    links = []
    if page > 1:
        links.append(Link(_page_url(here, page - 1), rel="previous", type=ACQUISITION))
    if more:
        links.append(Link(_page_url(here, page + 1), rel="next", type=ACQUISITION))
    site = Site.of(request)
    entries = [epub_entry(article, site) for article in articles]
    updated = max((a.updated_at for a in articles), default=None)
    feed = _feed(request, user, source.title, ACQUISITION, entries, links, updated)
    feed.id = f"{feed.id}/{source.kind}/{source.key}"
    return private_xml(request, render(feed), f"{ACQUISITION}; charset=utf-8", updated)


def _page_number(request) -> int:
    """?page=N, from 1 to MAX_PAGE; anything else is the first page."""
    value = request.GET.get("page", "")
    number = int(value) if value.isdigit() and len(value) < 6 else 1
    return min(max(number, 1), MAX_PAGE)


def _page_url(here: str, page: int) -> str:
    return here if page == 1 else f"{here}?page={page}"


def _catalogue(request, user, title, url_name, kind, entries):
    feed = _feed(request, user, title, kind, entries)
    feed.id = f"{feed.id}/{url_name}"
    return private_xml(request, render(feed), f"{kind}; charset=utf-8")


def _feed(request, user, title, kind, entries, links=(), updated=None) -> Feed:
    start = request.build_absolute_uri(reverse("opds_root"))
    own = [Link(request.build_absolute_uri(), rel="self", type=kind)]
    own.append(Link(start, rel="start", type=NAVIGATION, title="newsreader"))
    if request.build_absolute_uri(request.path) != start:
        own.append(Link(start, rel="up", type=NAVIGATION))
    search = request.build_absolute_uri(reverse("opds_search_description"))
    own.append(Link(search, rel="search", type="application/opensearchdescription+xml"))
    return Feed(
        id=f"tag:{request.get_host()},2026:opds/{user.pk}",
        title=title,
        updated=updated or timezone.now(),
        author=user.get_username(),
        links=[*own, *links],
        entries=entries,
        namespaces=NAMESPACES,
    )


def _subsection(request, title, url_name, kind, description, args=()) -> Entry:
    url = request.build_absolute_uri(reverse(url_name, args=args))
    return Entry(
        id=url,
        title=title,
        updated=timezone.now(),
        links=[Link(url, rel="subsection", type=kind)],
        content_text=description,
    )
