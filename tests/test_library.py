"""The library lists: views, sorting, keyset pages, navigation counts, and what a page costs."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.listing import PAGE_SIZE, Listing
from articles.models import Article, ReadingPreferences, SavedSearch

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def shelf(make_article, make_tag):
    """One article in each state, saved a minute apart (newest last)."""
    now = timezone.now()
    science = make_tag("Science")
    articles = {
        "unread": make_article(title="Unread one", word_count=900),
        "starred": make_article(title="Starred one", starred_at=now, word_count=300),
        "archived": make_article(title="Archived one", archived_at=now, read_at=now),
        "read": make_article(title="Read one", read_at=now, word_count=5000),
    }
    for minutes, article in enumerate(articles.values()):
        article.created_at = now - timedelta(minutes=10 - minutes)
        article.save()
    articles["unread"].tags.add(science)
    return articles


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"].articles]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("unread", ["Starred one", "Unread one"]),
        ("starred", ["Starred one"]),
        ("archived", ["Archived one"]),
        ("all", ["Read one", "Archived one", "Starred one", "Unread one"]),
    ],
)
def test_each_view_lists_its_articles_newest_first(owner_client, shelf, view, expected):
    assert titles(owner_client.get(reverse(view))) == expected


def test_a_tag_lists_its_articles_whatever_their_state(owner_client, shelf):
    response = owner_client.get(reverse("tag", args=["science"]))
    assert titles(response) == ["Unread one"]
    assert response.context["search_scope"]["value"] == "tag:science"


@pytest.mark.parametrize("view, scope", [("unread", None), ("all", None), ("starred", "starred")])
def test_the_header_box_searches_inside_starred_archive_and_tags(owner_client, shelf, view, scope):
    response = owner_client.get(reverse(view))
    found = response.context["search_scope"]
    assert (found and found["value"]) == scope
    if scope:
        assert f'name="scope" value="{scope}"' in response.content.decode()


def test_a_tag_known_only_by_its_slug_lists_the_same_articles_and_only_the_owners(
    owner, stranger, shelf, make_article, make_tag
):
    theirs = make_article(user=stranger, title="Theirs")
    theirs.tags.add(make_tag("Science", user=stranger))
    by_tag = Listing(view="tag", tag=owner.tags.get(slug="science")).page(owner)
    by_slug = Listing(view="tag", tag_slug="science").page(owner)
    assert (
        [a.title for a in by_slug.articles] == [a.title for a in by_tag.articles] == ["Unread one"]
    )
    assert [chip.slug for chip in by_slug.articles[0].tags] == ["science"]


def test_another_users_tag_is_not_found(client, stranger, shelf):
    client.force_login(stranger)
    assert client.get(reverse("tag", args=["science"])).status_code == 404


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("oldest", ["Unread one", "Starred one", "Archived one", "Read one"]),
        ("longest", ["Read one", "Unread one", "Starred one", "Archived one"]),
        ("shortest", ["Archived one", "Starred one", "Unread one", "Read one"]),
        ("bogus", ["Read one", "Archived one", "Starred one", "Unread one"]),
    ],
)
def test_the_list_sorts(owner_client, shelf, sort, expected):
    assert titles(owner_client.get(reverse("all"), {"sort": sort})) == expected


@pytest.mark.parametrize("sort", ["newest", "oldest", "longest", "shortest"])
def test_keyset_pages_walk_every_article_once_and_back(owner, make_article, sort):
    start = timezone.now()
    for n in range(PAGE_SIZE * 2 + 5):
        # Equal dates and lengths in runs, so the id must break the ties.
        make_article(created_at=start - timedelta(seconds=n // 3), word_count=(n * 7) % 5)
    listing = Listing(view="all", sort=sort)
    pages = [listing.page(owner)]
    while pages[-1].next_cursor:
        pages.append(listing.page(owner, after=pages[-1].next_cursor))
    seen = [a.pk for page in pages for a in page.articles]
    expected = [a.pk for a in listing._ordered(owner)]
    assert seen == expected and len(pages) == 3
    back = listing.page(owner, before=pages[2].prev_cursor)
    assert [a.pk for a in back.articles] == [a.pk for a in pages[1].articles]


def test_pages_link_to_each_other_without_javascript(owner_client, make_article):
    for _ in range(PAGE_SIZE + 3):
        make_article()
    first = owner_client.get(reverse("all"))
    assert len(first.context["page"].articles) == PAGE_SIZE
    second = owner_client.get(reverse("all") + first.context["next_page_url"])
    assert len(second.context["page"].articles) == 3
    assert 'rel="prev"' in second.content.decode()


def test_more_articles_through_htmx_is_only_the_next_rows(owner_client, make_article):
    for _ in range(PAGE_SIZE + 2):
        make_article()
    first = owner_client.get(reverse("all"))
    more = owner_client.get(reverse("all") + first.context["next_page_url"], **HTMX)
    html = more.content.decode()
    assert "<html" not in html and html.count("data-card") == 2
    assert 'rel="prev"' not in html


@pytest.mark.parametrize("cursor", ["abc", "1-", "99999999999999999999-1", "-5-3", "1-2-3"])
def test_a_broken_page_link_shows_the_first_page_and_says_so(owner_client, shelf, cursor):
    response = owner_client.get(reverse("all"), {"after": cursor})
    assert response.status_code == 200
    assert len(titles(response)) == 4
    assert "That page link was not valid" in response.content.decode()


def test_a_page_past_the_end_says_there_is_nothing_more(owner_client, shelf):
    response = owner_client.get(reverse("all"), {"after": "1-1"})
    assert response.status_code == 200
    assert "Nothing more here" in response.content.decode()


def test_navigation_counts_each_view(owner_client, owner, shelf, make_article, stranger):
    make_article(user=stranger)
    counts = owner_client.get(reverse("unread")).context["nav"].counts
    assert counts == {"unread": 2, "starred": 1, "archived": 1, "all": 4}
    # The raw SQL counts what each view lists.
    assert counts == {view: Listing(view=view).articles(owner).count() for view in counts}


def test_navigation_counts_are_exact_past_thousands(owner_client, owner):
    # Kept by the database (articles/counts.py), so no count stops at a cap, and one statement
    # reads them all.
    Article.objects.bulk_create(
        Article(owner=owner, title=f"A{n}", url=f"https://example.com/{n}", status="ready")
        for n in range(1_234)
    )
    archived = Article.objects.filter(owner=owner).values_list("pk", flat=True)[:34]
    Article.objects.filter(pk__in=list(archived)).archive()
    with CaptureQueriesContext(connection) as queries:
        html = owner_client.get(reverse("unread")).content.decode()
    assert 'Unread <span class="count">1,200</span>' in html
    assert 'Archive <span class="count">34</span>' in html
    assert 'All <span class="count">1,234</span>' in html
    assert sum("articles_statecount" in q["sql"] for q in queries.captured_queries) == 1


def test_the_navigation_shows_the_users_own_tags_and_searches_in_name_order(
    owner_client, owner, stranger, make_article, make_tag
):
    # Read with the reading settings and the counts in one statement (context_processors.py).
    make_article()
    for name in ("beta", "Alpha", "gamma"):
        make_tag(name)
    make_tag("Aardvark", user=stranger)
    for name in ("Zebra", "Apple"):
        SavedSearch.objects.create(owner=owner, name=name, query=name.lower())
    SavedSearch.objects.create(owner=stranger, name="Secret", query="secret")
    ReadingPreferences.objects.create(user=owner, theme="dark", line_height="1.90")
    html = owner_client.get(reverse("unread")).content.decode()
    nav = html[html.index('<nav class="side-nav"') : html.index("</nav>")]
    assert re.findall(r'<li><a href="/tags/[^"]+/">([^<]+)</a></li>', nav) == [
        "Alpha",
        "beta",
        "gamma",
    ]
    assert re.findall(r'<li><a href="/search/saved/\d+/" >([^<]+)</a></li>', nav) == [
        "Apple",
        "Zebra",
    ]
    assert "Aardvark" not in html and "Secret" not in html
    assert 'data-theme="dark"' in html and 'data-leading="190"' in html


def test_cards_show_what_a_reader_needs(owner_client, make_article, make_tag):
    article = make_article(
        title="A fine essay",
        site_name="The Site",
        byline="Jane Writer",
        excerpt="What it is about.",
        word_count=2300,
        reading_minutes=10,
        reading_progress=0.4,
        lead_image_url="https://img.example/lead.jpg",
    )
    article.tags.add(make_tag("essays"))
    html = owner_client.get(reverse("unread")).content.decode()
    for expected in (
        "A fine essay", "The Site", "Jane Writer", "What it is about.", "10 min", "essays",
        'value="40"', 'src="https://img.example/lead.jpg"', 'width="96" height="96"',
        f"{article.get_absolute_url()}?from=unread",
    ):  # fmt: skip
        assert expected in html, expected


def test_cards_show_failed_and_fetching_articles(owner_client, make_article):
    make_article(status="failed", failure_reason="The site refused the request.")
    make_article(status="failed", failure_reason="")
    make_article(status="pending", title="")
    html = owner_client.get(reverse("unread")).content.decode()
    assert "Not saved." in html and "The site refused the request." in html
    assert "Not saved.</strong> The page could not be read." in html  # no reason given
    assert "Fetching the article" in html


def poller(html: str) -> str:
    """The poll URL of the page's pending cards, as the browser would request it."""
    match = re.search(r'<div hidden id="pending-\d+"[^>]* hx-get="([^"]+)"', html)
    return unescape(match.group(1)) if match else ""


def test_fetching_cards_are_polled_together_and_come_back_when_fetched(
    owner_client, make_article, stranger
):
    first, second = make_article(status="pending"), make_article(status="pending")
    archived = make_article(status="pending")
    theirs = make_article(user=stranger, status="ready", title="Not yours")
    make_article(title="Already here")
    url = poller(owner_client.get(reverse("unread")).content.decode())
    assert f"ids={first.pk}" in url and f"ids={second.pk}" in url and "from=unread" in url
    Article.objects.filter(pk=archived.pk).set_state("archived", True)  # gone from Unread
    Article.objects.filter(pk=archived.pk).update(status="ready")

    nothing_yet = owner_client.get(url + f"&ids={theirs.pk}", **HTMX).content.decode()
    again = poller(nothing_yet)
    assert "<article" not in nothing_yet and "round=2" in again
    assert f"ids={theirs.pk}" not in again and f"ids={archived.pk}" not in again
    assert f"ids={first.pk}" in again and f"ids={second.pk}" in again
    Article.objects.filter(pk=first.pk).update(status="ready", title="Fetched at last")
    html = owner_client.get(poller(nothing_yet), **HTMX).content.decode()
    assert html.count("<article") == 1 and 'hx-swap-oob="true"' in html
    assert "Fetched at last" in html and "Not yours" not in html
    assert f"ids={first.pk}" not in poller(html) and f"ids={second.pk}" in poller(html)

    Article.objects.filter(pk=second.pk).update(status="failed", failure_reason="Gone for good.")
    html = owner_client.get(poller(html), **HTMX).content.decode()
    assert "Gone for good." in html and poller(html) == ""  # no card waits: polling stops
    # The poller is named after the top card of the page.
    assert f'<div hidden id="pending-{archived.pk}" hx-swap-oob="true"></div>' in html


def test_a_page_with_nothing_to_fetch_does_not_poll(owner_client, make_article):
    make_article()
    assert poller(owner_client.get(reverse("unread")).content.decode()) == ""


def test_hostile_text_stays_inert_in_the_list(owner_client, make_article, make_tag):
    article = make_article(
        title='"><script>alert(1)</script>', lead_image_url="javascript:alert(1)"
    )
    article.tags.add(make_tag('" autofocus onfocus=alert(1) x="'))
    html = owner_client.get(reverse("unread")).content.decode()
    assert "<script>alert(1)" not in html
    assert 'onfocus=alert(1) x=""' not in html
    assert "javascript:alert" not in html


def test_card_text_is_escaped_exactly_once(owner_client, make_article, make_tag):
    """Cards escape their text in Python, once (articles/cards.py): never raw, never twice."""
    shown = {  # field: (value, as the card shows it)
        "title": ("Fish & <chips>", "Fish &amp; &lt;chips&gt;"),
        "site_name": ("R&D <weekly>", "R&amp;D &lt;weekly&gt;"),
        "byline": ("Tom & Jerry", "Tom &amp; Jerry"),
        "excerpt": ("1 < 2 & 3 > 2", "1 &lt; 2 &amp; 3 &gt; 2"),
        "lead_image_url": ("https://img.example/a.jpg?x=1&y=2", "a.jpg?x=1&amp;y=2"),
    }
    article = make_article(**{field: value for field, (value, _) in shown.items()})
    article.tags.add(make_tag("Q&A <live>"))
    for url in (reverse("unread"), article.get_absolute_url()):
        html = owner_client.get(url).content.decode()
        assert "Q&amp;A &lt;live&gt;" in html and "&amp;amp;" not in html
    html = owner_client.get(reverse("unread")).content.decode()
    assert all(escaped in html for _, escaped in shown.values())


@pytest.mark.parametrize(
    ("view", "message"),
    [
        ("unread", "Your library is empty"),
        ("all", "Your library is empty"),
        ("starred", "No starred articles"),
        ("archived", "The archive is empty"),
    ],
)
def test_empty_views_say_what_belongs_there(owner_client, view, message):
    assert message in owner_client.get(reverse(view)).content.decode()


def test_a_new_account_learns_every_way_to_save(owner_client):
    html = owner_client.get(reverse("unread")).content.decode()
    for way in ("Paste a link", "Paste the page", "Use the bookmarklet", "Import from another app"):
        assert way in html
    assert f'href="{reverse("imports")}"' in html
    assert f'href="{reverse("add")}?paste#paste"' in html
    assert "javascript:(function(){" in html  # the bookmarklet (tests/test_quick_save.py)


def test_unread_emptied_by_reading_says_all_caught_up(owner_client, make_article):
    make_article(read_at=timezone.now())
    html = owner_client.get(reverse("unread")).content.decode()
    assert "You’re all caught up" in html
    assert "Your library is empty" not in html


def test_the_paste_link_opens_the_paste_section(owner_client):
    html = owner_client.get(reverse("add") + "?paste").content.decode()
    assert '<details class="paste" id="paste" open>' in html
    html = owner_client.get(reverse("add")).content.decode()
    assert '<details class="paste" id="paste">' in html


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["unread", "starred", "archived", "all", "tag"])
def test_a_list_page_costs_the_same_queries_at_any_size(owner_client, make_article, make_tag, view):
    tags = [make_tag(f"topic {n}") for n in range(3)]
    url = reverse("tag", args=[tags[0].slug]) if view == "tag" else reverse(view)

    def add(count):
        now = timezone.now()
        for n in range(count):
            article = make_article(
                starred_at=now,
                archived_at=now if view == "archived" else None,
                status=("ready", "failed", "pending")[n % 3],  # each state shows other fields
                failure_reason="The site refused.",
                lead_image_url="https://img.example/a.jpg",
                reading_progress=0.3,
            )
            article.tags.add(*tags[: 1 + n % 3])

    add(2)
    small = _queries_for(owner_client, url)
    add(PAGE_SIZE + 10)
    large = _queries_for(owner_client, url)
    deep = _queries_for(owner_client, url + owner_client.get(url).context["next_page_url"])
    # session, user, page (its tags within), the page's frame: reading settings, navigation
    # counts, the navigation's tags and saved searches in one (+ the tag)
    assert small == large == deep == (5 if view == "tag" else 4)


def test_every_form_on_a_card_posts_to_a_named_action(owner_client, make_article, make_tag):
    import re

    from django.urls import resolve

    article = make_article()
    article.tags.add(make_tag("one"))
    html = owner_client.get(reverse("unread")).content.decode()
    editor = reverse("article_tag_editor", args=[article.pk])
    assert f'hx-get="{editor}?from=unread"' in html
    html += owner_client.get(editor, {"from": "unread"}, HTTP_HX_REQUEST="true").content.decode()
    targets = set(re.findall(r'(?:formaction|hx-post|action)="([^"?]+)', html))
    names = {resolve(url).url_name for url in targets}
    assert names >= {
        "article_star", "article_archive", "article_read", "article_delete", "article_tags",
        "article_untag", "bulk_tag", "bulk_untag", "bulk_archive", "bulk_read", "bulk_delete",
    }  # fmt: skip


def test_the_tag_editor_without_javascript_is_a_small_page(owner_client, make_article, make_tag):
    article = make_article()
    article.tags.add(make_tag("kept"))
    url = reverse("article_tag_editor", args=[article.pk])
    html = owner_client.get(url, {"from": "starred"}).content.decode()
    assert "kept" in html and 'name="tags"' in html
    assert f'name="next" value="{url}?from=starred"' in html  # adding comes back here
    assert f'href="{reverse("starred")}">Done' in html


def test_a_stranger_cannot_open_the_tag_editor(client, stranger, make_article):
    article = make_article()
    client.force_login(stranger)
    url = reverse("article_tag_editor", args=[article.pk])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404


def test_no_template_comment_leaks_into_pages(owner_client, make_article):
    article = make_article()
    for url in (
        reverse("unread"),
        article.get_absolute_url(),
        reverse("tags"),
        reverse("preferences"),
    ):
        html = owner_client.get(url).content.decode()
        assert "{#" not in html and "{%" not in html, url


@pytest.mark.parametrize("slug", ["plain", "café-au-lait", "a_b~c", "日本語", "x!y"])
def test_card_links_are_the_links_reverse_makes(slug):
    from articles.cards import path_for

    assert path_for("tag")(slug) == reverse("tag", args=[slug])
    assert path_for("article")(1234) == reverse("article", args=[1234])


def test_a_card_says_when_it_was_saved_with_the_year_only_when_it_is_not_this_one(
    owner_client, make_article
):
    now = timezone.localtime()
    recent = make_article(created_at=now)
    old = make_article(created_at=now - timedelta(days=800))
    html = owner_client.get(reverse("all")).content.decode()
    for article, label in ((recent, "%-d %b"), (old, "%-d %b %Y")):
        saved = timezone.localtime(article.created_at)
        assert f'<time datetime="{saved.isoformat()}">{saved.strftime(label)}</time>' in html
