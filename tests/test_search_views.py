"""The search page, its htmx fragments, hostile input, and saved searches."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.template.base import Variable, VariableDoesNotExist
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import SavedSearch
from articles.search import MAX_QUERY_LENGTH, PAGE_SIZE, parse_query
from articles.tagging import add_tags
from articles.user_input import free_text

pytestmark = pytest.mark.django_db


def search_url(**params) -> str:
    return f"{reverse('search')}?{urlencode(params)}"


def test_results_show_a_highlighted_title_site_date_and_snippet(owner_client, make_article):
    make_article(
        title="Volcanoes of Iceland",
        site_name="Field Notes",
        language="en",
        content_text="Long before. " * 200 + "The volcanoes erupted at dawn. " + "After. " * 200,
    )
    html = owner_client.get(search_url(q="volcano ")).content.decode()
    assert "<mark>Volcanoes</mark> of Iceland" in html
    assert "<mark>volcanoes</mark> erupted at dawn" in html  # found deep inside the text
    assert "Field Notes" in html
    assert f"Saved {timezone.localtime().strftime('%-d %b')}</span>" in html


def test_results_say_which_articles_are_not_saved_or_still_fetching(owner_client, make_article):
    make_article(title="Lapsed domain story", status="failed", failure_reason="No such site.")
    make_article(title="Unread domain story", status="failed", failure_reason="")
    make_article(title="Slow domain story", status="pending")
    make_article(title="Plain domain story")
    html = owner_client.get(search_url(q="domain")).content.decode()
    assert html.count("Not saved:</strong> No such site.") == 1
    assert html.count("Not saved:</strong> The page could not be read.") == 1
    assert html.count("Fetching the article…") == 1


def test_results_name_the_year_of_articles_saved_in_another_year(owner_client, make_article):
    saved = timezone.localtime() - timedelta(days=400)
    make_article(title="Old volcano", created_at=saved)
    html = owner_client.get(search_url(q="volcano ")).content.decode()
    assert f"Saved {saved.strftime('%-d %b %Y')}</span>" in html


def test_article_text_and_titles_are_escaped_around_highlights(owner_client, make_article):
    make_article(
        title='"><script>alert(1)</script> tea',
        content_text="<img src=x onerror=alert(1)> tea & <b>biscuits</b>",
    )
    html = owner_client.get(search_url(q="tea ")).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html and "<b>biscuits" not in html
    assert "<mark>tea</mark> &amp;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>tea</mark>" in html


def test_private_use_markers_in_the_text_cannot_unbalance_the_markup(owner_client, make_article):
    make_article(title="Tea \ue000 time", content_text="Tea \ue001 and \ue000 more tea.")
    html = owner_client.get(search_url(q="tea ")).content.decode()
    assert html.count("<mark>") == html.count("</mark>")


def test_the_query_is_kept_in_the_url_and_the_box(owner_client, make_article):
    make_article(title="Bookmarkable")
    response = owner_client.get(search_url(q='bookmarkable "x y" -z'))
    assert 'value="bookmarkable &quot;x y&quot; -z"' in response.content.decode()
    html = owner_client.get(search_url(q="bookmarkable")).content.decode()
    assert 'value="bookmarkable"' in html and "<mark>Bookmarkable</mark>" in html


def test_the_header_box_works_without_javascript_and_asks_for_live_results(owner_client):
    html = owner_client.get(reverse("unread")).content.decode()
    assert f'action="{reverse("search")}" method="get"' in html
    assert 'hx-get="/search/"' in html and 'hx-target="#search-live"' in html


def test_live_results_are_a_small_fragment(owner_client, make_article):
    for n in range(12):
        make_article(title=f"Lighthouse {n}")
    response = owner_client.get(
        search_url(q="lighthou"), headers={"HX-Request": "true", "HX-Target": "search-live"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "search-live__item" in html
    assert html.count("search-live__item") == 8
    assert "All results for “lighthou”" in html


def test_live_results_say_when_nothing_matches(owner_client):
    response = owner_client.get(
        search_url(q="zzzz "), headers={"HX-Request": "true", "HX-Target": "search-live"}
    )
    assert "No results for “zzzz”" in response.content.decode()


def test_the_page_form_gets_the_results_region(owner_client, make_article):
    make_article(title="Harbour")
    response = owner_client.get(
        search_url(q="harbour "), headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="search-results"')
    assert "<mark>Harbour</mark>" in html


def test_pages_of_results(owner_client, make_article):
    for n in range(PAGE_SIZE + 5):
        make_article(title=f"Pebble {n}")
    first = owner_client.get(search_url(q="pebble ", sort="newest")).content.decode()
    assert first.count('class="result"') == PAGE_SIZE
    assert "page=2" in first
    second = owner_client.get(search_url(q="pebble ", sort="newest", page=2)).content.decode()
    assert second.count('class="result"') == 5
    assert "Previous page" in second and "Next page" not in second


def test_filters_alone_list_articles_newest_first(owner_client, make_article):
    make_article(title="Starred one", starred_at=timezone.now())
    make_article(title="Not starred")
    html = owner_client.get(search_url(q="is:starred")).content.decode()
    assert "Starred one" in html and "Not starred" not in html


def test_search_inside_a_library_view(owner_client, make_article, make_tag):
    make_article(title="Starred kettle", starred_at=timezone.now())
    make_article(title="Plain kettle")
    html = owner_client.get(search_url(q="kettle ", scope="starred")).content.decode()
    assert "Starred <mark>kettle</mark>" in html and "Plain" not in html
    assert 'name="scope" value="starred"' in html
    tag = make_tag("Kitchen")
    add_tags([make_article(title="Tagged kettle")], [tag])
    html = owner_client.get(search_url(q="kettle ", scope=f"tag:{tag.slug}")).content.decode()
    assert "Tagged <mark>kettle</mark>" in html and "Plain" not in html


def test_a_scope_on_another_users_tag_is_not_found(owner_client, stranger, make_tag):
    tag = make_tag("private", user=stranger)
    response = owner_client.get(search_url(q="x", scope=f"tag:{tag.slug}"))
    assert response.status_code == 404


def test_an_unknown_scope_searches_everything(owner_client, make_article):
    make_article(title="Anywhere kettle")
    html = owner_client.get(search_url(q="kettle ", scope="bogus")).content.decode()
    assert "Anywhere <mark>kettle</mark>" in html


@pytest.mark.parametrize(
    "query",
    [
        "foo &", "!", "(", "a:*", "'\":*", "|:*", "http://google", "Something::Namespaced",
        "John Doe <john@x.com>", "%00", "\x00", "tag:\"", 'author:"', "saved:>", "-", "OR",
        "<script>alert(1)</script>", "' OR 1=1 --", "\\", "::", "&&&", "!!(", "é:*", "@@",
    ],
)  # fmt: skip
def test_hostile_queries_never_fail(owner_client, make_article, query):
    make_article(title="Something namespaced by John Doe", content_text="foo google john@x.com")
    response = owner_client.get(search_url(q=query))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    live = owner_client.get(
        search_url(q=query), headers={"HX-Request": "true", "HX-Target": "search-live"}
    )
    assert live.status_code == 200


def test_a_50_kb_query_is_shortened_with_a_message(owner_client):
    response = owner_client.get(search_url(q="tea " * 12_800))
    assert response.status_code == 200
    assert "shortened to its first 500 characters" in response.content.decode()


def test_the_search_boxes_stop_at_the_length_search_reads(owner_client):
    """The browser enforces the limit (the server shortens anything longer, with a note), so a
    full box always fits the request line (deploy/gunicorn.conf.py; tests/test_deployment_run.py
    sends one through gunicorn)."""
    html = owner_client.get(reverse("search")).content.decode()
    html += owner_client.get(reverse("unread")).content.decode()
    assert 'name="q" type="search"' in html
    assert html.count(f'maxlength="{MAX_QUERY_LENGTH}"') == 2


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1.5", ""])
def test_a_bad_page_number_is_a_clean_400(owner_client, page):
    response = owner_client.get(search_url(q="tea", page=page))
    assert response.status_code == 400
    assert "The page number must be a whole number" in response.content.decode()


def test_a_page_far_beyond_the_results(owner_client, make_article):
    make_article(title="Tea")
    for sort in ("relevance", "newest"):
        response = owner_client.get(search_url(q="tea ", page=999999, sort=sort))
        assert response.status_code == 200
        assert "Search shows the first 1,000 results" in response.content.decode()
    response = owner_client.get(search_url(q="tea ", page=3))
    assert "Those were the most relevant matches" in response.content.decode()
    response = owner_client.get(search_url(q="tea ", page=3, sort="newest"))
    assert "There are no more results." in response.content.decode()


def test_a_bogus_sort_is_ignored_with_a_note(owner_client, make_article):
    make_article(title="Tea")
    response = owner_client.get(search_url(q="tea ", sort="'; DROP TABLE x"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "That sort order is unknown" in html and "<mark>Tea</mark>" in html


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.one_of(
        st.text(max_size=120),
        st.lists(
            st.sampled_from(
                ["tag:", "-tag:", "is:", "site:", "author:", "lang:", "saved:>", "saved:<",
                 "sort:", "OR", "-", '"', "'", ":*", "&", "|", "!", "(", ")", "<", ">", "\\",
                 "tea", "é", " ", "\x00", "2026-", "%", "_", "*"]
            ),
            max_size=25,
        ).map("".join),
    )
)  # fmt: skip
def test_any_query_answers_200_and_reflects_it_escaped(owner_client, make_article, query):
    make_article(title="Tea <b>time</b>", content_text="tea & biscuits")
    response = owner_client.get(search_url(q=query))
    assert response.status_code == 200
    html = response.content.decode()
    shown = parse_query(free_text(query)).text  # as the address reaches the view
    if shown:
        assert f'value="{escape(shown)}"' in html
    assert "<b>time</b>" not in html


def test_the_query_count_does_not_grow_with_results(owner_client, make_article):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert owner_client.get(search_url(q="meadow ")).status_code == 200
        return len(ctx.captured_queries)

    make_article(title="Meadow 0")
    one_page = count_queries()  # its own count: fewer statements
    for n in range(1, PAGE_SIZE + 1):
        make_article(title=f"Meadow {n}")
    two_pages = count_queries()
    for n in range(PAGE_SIZE + 1, 3 * PAGE_SIZE):
        make_article(title=f"Meadow {n}")
    assert count_queries() == two_pages >= one_page


# ---------------------------------------------------------------------------------------------
# Saved searches


def test_save_a_search_and_find_it_in_the_navigation(owner_client, owner, make_article):
    make_article(title="Tea")
    response = owner_client.post(reverse("save_search"), {"name": "My tea", "q": "tea"})
    saved = SavedSearch.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("saved_search", args=[saved.pk])
    assert saved.query == "tea"
    html = owner_client.get(response["Location"]).content.decode()
    assert "<mark>Tea</mark>" in html
    assert f'href="{reverse("saved_search", args=[saved.pk])}" aria-current="page"' in html
    assert "My tea" in owner_client.get(reverse("unread")).content.decode()


def test_saving_inside_a_library_view_keeps_the_scope(owner_client):
    html = owner_client.get(search_url(q="kettle", scope="starred")).content.decode()
    assert 'name="q" value="kettle is:starred"' in html


def test_a_saved_search_needs_a_unique_name(owner_client, owner):
    SavedSearch.objects.create(owner=owner, name="Tea", query="tea")
    response = owner_client.post(reverse("save_search"), {"name": " tea ", "q": "green tea"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "You already have a saved search named “tea”." in html
    assert 'value="green tea"' in html  # nothing typed is lost
    response = owner_client.post(reverse("save_search"), {"name": "", "q": "tea"})
    assert "This field is required." in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_rename_and_delete_a_saved_search(owner_client, owner):
    saved = SavedSearch.objects.create(owner=owner, name="Tea", query="tea")
    SavedSearch.objects.create(owner=owner, name="Coffee", query="coffee")
    response = owner_client.post(
        reverse("rename_saved_search", args=[saved.pk]), {"name": "Coffee"}
    )
    assert "You already have a saved search named “Coffee”." in response.content.decode()
    response = owner_client.post(reverse("rename_saved_search", args=[saved.pk]), {"name": "Teas"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Teas"
    response = owner_client.post(reverse("delete_saved_search", args=[saved.pk]))
    assert response.status_code == 302
    assert response["Location"] == search_url(q="tea")
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_another_users_saved_search_is_not_found(client, owner, stranger):
    saved = SavedSearch.objects.create(owner=owner, name="Mine", query="tea")
    client.force_login(stranger)
    missing = saved.pk + 1000
    for name, method in [
        ("saved_search", client.get),
        ("rename_saved_search", client.post),
        ("delete_saved_search", client.post),
    ]:
        theirs = method(reverse(name, args=[saved.pk]), {"name": "x"})
        absent = method(reverse(name, args=[missing]), {"name": "x"})
        assert theirs.status_code == absent.status_code == 404, name
        assert theirs.content == absent.content
    saved.refresh_from_db()
    assert saved.name == "Mine"


def test_the_results_page_says_how_many_articles_match(owner_client, make_article):
    make_article(title="Only harbour", language="en")
    html = owner_client.get(search_url(q="harbour ")).content.decode()
    assert '<p class="search-results__count">1 article</p>' in html
    make_article(title="Second harbour", language="en")
    html = owner_client.get(search_url(q="harbour ")).content.decode()
    assert '<p class="search-results__count">2 articles</p>' in html


def test_a_first_page_that_is_the_last_is_its_own_count(owner_client, make_article):
    for n in range(3):
        make_article(title=f"Harbour {n}", language="en", content_text="On the quay.")

    def count(query):
        with CaptureQueriesContext(connection) as ctx:
            html = owner_client.get(search_url(q=query)).content.decode()
        asked = any(q["sql"].startswith("EXPLAIN") for q in ctx.captured_queries)
        return html.split('<p class="search-results__count">')[1].split("</p>")[0], asked

    assert count("harbour ") == ("3 articles", False)
    assert count("harbour sort:newest") == ("3 articles", False)
    # Relevance looks for a phrase among the newest articles only: the page is not all.
    assert count('"the quay"') == ("3 articles", True)


def test_past_the_exact_count_the_page_says_about(owner_client, make_article, monkeypatch):
    monkeypatch.setattr("articles.views.search.PAGE_SIZE", 2)  # more than a page of matches
    monkeypatch.setattr("articles.search.results.COUNT_EXACT_UP_TO", 2)
    monkeypatch.setattr("articles.search.results.ESTIMATE_TRUSTED_FROM", 10**9)
    for n in range(4):
        make_article(title=f"Harbour {n}", language="en")
    html = owner_client.get(search_url(q="harbour ")).content.decode()
    count = html.split('<p class="search-results__count">')[1].split("</p>")[0]
    assert count.startswith("About ") and count.endswith(" articles")
    assert int(count.split()[1].replace(",", "")) >= 3  # never fewer than were counted


@pytest.mark.parametrize("matching", [2, 3])  # up to the exact count, past it
def test_a_large_tags_matches_are_counted_as_any_others(
    owner_client, make_article, make_tag, monkeypatch, matching
):
    # Within a large tag the matches past the exact count are found one by one, not through
    # the index: the count says the same.
    monkeypatch.setattr("articles.views.search.PAGE_SIZE", 1)  # more than a page of matches
    monkeypatch.setattr("articles.search.results.COUNT_EXACT_UP_TO", 2)
    monkeypatch.setattr("articles.search.results.ESTIMATE_TRUSTED_FROM", 10**9)
    monkeypatch.setattr("articles.search.filters.NARROW_TAG", 1)
    monkeypatch.setattr("articles.search.results.TAG_COUNT_WINDOW", 100)
    tag = make_tag("reading")
    articles = [make_article(title=f"Harbour {n}", language="en") for n in range(matching)]
    articles += [make_article(title=f"Quay {n}", language="en") for n in range(3)]
    add_tags(articles, [tag])
    make_article(title="Harbour untagged", language="en")
    with CaptureQueriesContext(connection) as ctx:
        html = owner_client.get(search_url(q="tag:reading harbour")).content.decode()
    assert any(" w.v @@ " in q["sql"] and "count(*)" in q["sql"] for q in ctx.captured_queries)
    count = html.split('<p class="search-results__count">')[1].split("</p>")[0]
    if matching <= 2:
        assert count == f"{matching} articles"
    else:
        assert count.startswith("About ") and int(count.split()[1].replace(",", "")) >= 3


def test_a_large_number_of_matches_is_the_planners_estimate(
    owner_client, make_article, monkeypatch
):
    monkeypatch.setattr("articles.views.search.PAGE_SIZE", 1)  # more than a page of matches
    monkeypatch.setattr("articles.search.results.ESTIMATE_TRUSTED_FROM", 0)
    make_article(title="Harbour", language="en")
    make_article(title="Harbour again", language="en")
    html = owner_client.get(search_url(q="harbour ")).content.decode()
    assert '<p class="search-results__count">About ' in html


def test_results_name_the_site_as_the_library_does(owner_client, make_article):
    make_article(title="Harbour", url="https://www.example.com/h", site_name="", language="en")
    html = owner_client.get(search_url(q="harbour ")).content.decode()
    assert "<span>example.com</span>" in html and "www.example.com" not in html


def test_snippets_start_and_end_on_whole_words(owner_client, make_article):
    text = "Prelude words go here. " * 20 + "The harbours froze. " + "Coda words go here. " * 40
    make_article(title="Ice", content_text=text, language="en")
    html = owner_client.get(search_url(q="harbour ")).content.decode()
    snippet = html.split('<p class="result__snippet">')[1].split("</p>")[0]
    assert "<mark>harbours</mark>" in snippet
    words = snippet.replace("<mark>", "").replace("</mark>", "").strip("… ").split()
    assert set(words) <= set(text.split())


def test_a_stem_spelt_otherwise_in_the_text_still_centres_the_snippet(owner_client, make_article):
    text = "Unrelated opening words. " * 40 + "A new policy was announced. " + "Later. " * 40
    make_article(title="News", content_text=text, language="en")
    html = owner_client.get(search_url(q="policies ")).content.decode()
    assert "<mark>policy</mark> was announced" in html


def snippet_of(client, query: str) -> str:
    html = client.get(search_url(q=query)).content.decode()
    return html.split('<p class="result__snippet">')[1].split("</p>")[0]


def test_an_accented_word_centres_the_snippet(owner_client, make_article):
    text = "Des mots sans rapport. " * 40 + "Un café à Genève ce matin. " + "Ensuite. " * 40
    make_article(title="Lettre", content_text=text, language="fr")
    assert "<mark>Genève</mark> ce matin" in snippet_of(owner_client, "geneve ")


def test_a_word_inside_other_words_first_centres_the_snippet_where_it_starts_one(
    owner_client, make_article
):
    # "harbour" appears inside "Shharbour" long before the word itself.
    text = "Shharbour opening words. " * 40 + "The harbour froze. " + "Coda words. " * 40
    make_article(title="Ice", content_text=text, language="en")
    snippet = snippet_of(owner_client, "harbour ")
    assert "<mark>harbour</mark> froze" in snippet and "Shharbour" not in snippet


def test_the_snippet_of_a_text_longer_than_what_is_searched_for_it_says_more_follows(
    owner_client, make_article
):
    text = "Opening words here. " * 100 + "The harbour froze. " + "Coda words here. " * 3500
    make_article(title="Ice", content_text=text, language="en")
    snippet = snippet_of(owner_client, "harbour ")
    assert "<mark>harbour</mark> froze" in snippet and snippet.endswith(" …")


def test_a_result_is_starred_without_javascript_and_the_page_comes_back(owner_client, make_article):
    article = make_article(title="Harbour", language="en")
    page = search_url(q="harbour ")
    html = owner_client.get(page).content.decode()
    assert f'action="{article.get_absolute_url()}star/"' in html
    response = owner_client.post(
        reverse("article_star", args=[article.pk]), {"starred": "1", "next": page}, follow=True
    )
    assert response.redirect_chain[-1][0] == page
    article.refresh_from_db()
    assert article.is_starred


def test_every_results_actions_say_where_they_come_back_to(owner_client, make_article):
    for title in ("Harbour one", "Harbour two"):
        make_article(title=title, language="en")
    page = search_url(q="harbour ")
    html = owner_client.get(page).content.decode()
    forms = html.split('<form class="toolbar"')[1:]
    assert len(forms) == 2
    for form in forms:
        form = form.split("</form>")[0]
        assert 'name="csrfmiddlewaretoken"' in form
        assert '<input type="hidden" name="place" value="result">' in form
        assert f'<input type="hidden" name="next" value="{escape(page)}">' in form


def test_a_page_of_results_prints_no_missing_variable(
    owner_client, owner, make_article, monkeypatch
):
    # Each missing variable raises and catches an exception, in the navigation once per link.
    for title in ("Harbour one", "Harbour two"):
        make_article(title=title, language="en")
    missing = []
    resolve = Variable._resolve_lookup

    def resolving(variable, context):
        try:
            return resolve(variable, context)
        except VariableDoesNotExist:
            missing.append(variable.var)
            raise

    monkeypatch.setattr(Variable, "_resolve_lookup", resolving)
    html = owner_client.get(search_url(q="harbour ")).content.decode()
    assert html.count('<li class="result">') == 2
    saved = SavedSearch.objects.create(owner=owner, name="Harbours", query="harbour")
    html = owner_client.get(reverse("saved_search", args=[saved.pk])).content.decode()
    assert html.count('<li class="result">') == 2
    assert missing == []


def test_a_result_is_starred_in_place_with_htmx(owner_client, make_article):
    article = make_article(title="Harbour", language="en")
    response = owner_client.post(
        reverse("article_star", args=[article.pk]),
        {"starred": "1", "place": "result"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert f'id="result-tools-{article.pk}"' in html and 'aria-pressed="true"' in html
    assert '<input type="hidden" name="place" value="result">' in html
