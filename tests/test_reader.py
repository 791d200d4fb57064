"""The reading page: header, content container, previous/next, and reading settings."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import ReadingPreferences

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_reader_shows_the_header_and_the_article(owner_client, make_article, make_tag):
    article = make_article(
        title="On reading",
        site_name="Essays",
        byline="A. Writer",
        url="https://essays.example/on-reading",
        published_at=timezone.now() - timedelta(days=3),
        word_count=2000,
        reading_minutes=9,
        content_html="<h2>First</h2><p>The body.</p>",
    )
    article.tags.add(make_tag("craft"))
    html = owner_client.get(article.get_absolute_url()).content.decode()
    for expected in (
        "<h1 id=\"reader-title\">On reading</h1>", "Essays", "A. Writer", "9 min read",
        'href="https://essays.example/on-reading" rel="noopener noreferrer"', "craft",
        '<div class="article-body prose" hx-disable><h2>First</h2><p>The body.</p></div>',
        'data-shortcut="star"', 'data-shortcut="archive"',
    ):  # fmt: skip
        assert expected in html, expected


def test_a_javascript_link_is_never_a_link(owner_client, make_article):
    article = make_article(url="javascript:alert(1)", lead_image_url="data:image/png;base64,AA")
    html = owner_client.get(article.get_absolute_url()).content.decode()
    assert "javascript:alert" not in html and "data:image" not in html


def test_failed_and_fetching_articles_say_so(owner_client, make_article):
    failed = make_article(status="failed", failure_reason="The server took too long.")
    pending = make_article(status="pending")
    assert (
        "The server took too long." in owner_client.get(failed.get_absolute_url()).content.decode()
    )
    unexplained = make_article(status="failed", failure_reason="")
    html = owner_client.get(unexplained.get_absolute_url()).content.decode()
    assert "could not be saved.</strong> The page could not be read." in html
    # Pending with no fetch queued (a job cancelled by the administrator): it can be retried.
    html = owner_client.get(pending.get_absolute_url()).content.decode()
    assert "Not fetched yet" in html and "Try again" in html


@pytest.fixture
def row(make_article, make_tag):
    """Five articles saved a minute apart, oldest first; the odd ones carry a tag."""
    now, tag = timezone.now(), make_tag("Odd")
    articles = []
    for n in range(5):
        article = make_article(title=f"Number {n}", created_at=now + timedelta(minutes=n))
        article.word_count = [300, 100, 500, 200, 400][n]
        article.save()
        if n % 2:
            article.tags.add(tag)
        articles.append(article)
    return articles


def neighbours(client, article, query):
    context = client.get(f"{article.get_absolute_url()}?{query}").context
    return (
        context["previous"].title if context["previous"] else None,
        context["next"].title if context["next"] else None,
    )


@pytest.mark.parametrize(
    ("query", "index", "expected"),
    [
        ("from=all", 2, ("Number 3", "Number 1")),
        ("from=all&sort=oldest", 2, ("Number 1", "Number 3")),
        ("from=all&sort=longest", 0, ("Number 4", "Number 3")),
        ("from=all&sort=shortest", 0, ("Number 3", "Number 4")),
        ("from=all", 4, (None, "Number 3")),
        ("from=all", 0, ("Number 1", None)),
        ("from=tag&tag=odd", 1, ("Number 3", None)),
    ],
)
def test_previous_and_next_follow_the_list_the_reader_came_from(
    owner_client, row, query, index, expected
):
    assert neighbours(owner_client, row[index], query) == expected


def test_the_way_back_names_the_tag(owner_client, row):
    html = owner_client.get(f"{row[1].get_absolute_url()}?from=tag&tag=odd").content.decode()
    assert 'href="/tags/odd/" data-back>' in html and "Odd" in html


def test_someone_elses_tag_in_the_link_shows_nothing_of_it(owner_client, stranger, row, make_tag):
    make_tag("Secret plans", user=stranger)
    response = owner_client.get(f"{row[1].get_absolute_url()}?from=tag&tag=secret-plans")
    assert response.status_code == 200
    assert response.context["listing"] is None and response.context["next"] is None
    assert "Secret plans" not in response.content.decode()


def test_without_a_list_there_is_no_previous_or_next(owner_client, row):
    html = owner_client.get(row[2].get_absolute_url()).content.decode()
    assert 'rel="next"' not in html and 'rel="prev"' not in html


def test_neighbours_links_keep_the_list(owner_client, row):
    html = owner_client.get(f"{row[2].get_absolute_url()}?from=all&sort=oldest").content.decode()
    assert f'href="{row[3].get_absolute_url()}?from=all&amp;sort=oldest" rel="next"' in html


def test_a_strangers_article_is_not_found_even_with_a_list(client, stranger, row):
    client.force_login(stranger)
    assert client.get(f"{row[0].get_absolute_url()}?from=all").status_code == 404


def test_the_reader_costs_a_fixed_number_of_queries(owner_client, row):
    with CaptureQueriesContext(connection) as queries:
        owner_client.get(f"{row[2].get_absolute_url()}?from=unread")
    # session, user, article (its tags within), its fetch if one is queued, neighbours, the
    # page's frame (reading settings, counts, tags)
    assert len(queries) == 6


# ---------- Reading settings ----------


def test_settings_default_until_saved(owner_client):
    html = owner_client.get(reverse("preferences")).content.decode()
    assert 'data-theme="system" data-font="serif" data-size="19" data-width="68"' in html
    assert not ReadingPreferences.objects.exists()


def test_saved_settings_are_carried_on_every_page(owner_client, owner):
    response = owner_client.post(
        reverse("preferences"),
        {"font": "sans", "font_size": "22", "line_width": "56", "line_height": "1.90",
         "theme": "dark", "archive_when_finished": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    prefs = ReadingPreferences.objects.get(user=owner)
    assert (prefs.font, prefs.font_size, prefs.theme) == ("sans", 22, "dark")
    assert prefs.archive_when_finished
    html = owner_client.get(reverse("unread")).content.decode()
    assert (
        'data-theme="dark" data-font="sans" data-size="22" data-width="56" data-leading="190"'
    ) in html


def test_settings_through_htmx_answer_no_content(owner_client):
    data = {"font": "serif", "font_size": "17", "line_width": "68", "line_height": "1.60",
            "theme": "sepia"}  # fmt: skip
    assert owner_client.post(reverse("preferences"), data, **HTMX).status_code == 204


@pytest.mark.parametrize(
    ("field", "value"), [("font_size", "1000"), ("theme", "neon"), ("line_height", "x")]
)
def test_bad_settings_are_refused_and_nothing_changes(owner_client, owner, field, value):
    data = {"font": "serif", "font_size": "19", "line_width": "68", "line_height": "1.60",
            "theme": "light", field: value}  # fmt: skip
    response = owner_client.post(reverse("preferences"), data)
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    prefs = ReadingPreferences.objects.get(user=owner)
    assert prefs.theme == "system" and prefs.font_size == 19


def test_sizes_set_elsewhere_show_as_the_nearest_step(owner_client, owner):
    ReadingPreferences.objects.create(user=owner, font_size=21, line_height=1.55)
    html = owner_client.get(reverse("preferences")).content.decode()
    assert 'data-size="22"' in html or 'data-size="20"' in html
    assert 'data-leading="150"' in html or 'data-leading="160"' in html


def test_the_reader_offers_the_display_settings(owner_client, owner, make_article):
    ReadingPreferences.objects.create(user=owner, theme="sepia", font_size=22)
    html = owner_client.get(make_article().get_absolute_url()).content.decode()
    assert re.search(r'value="sepia"[^>]*checked', html)
    assert '<option value="22" selected>' in html


@pytest.mark.parametrize(
    "data",
    [
        None,  # as saved
        {"font": "comic", "font_size": "99", "line_height": "1.6", "theme": "", "line_width": "x"},
    ],
)
def test_the_settings_form_writes_the_inputs_django_s_widgets_would(rf, owner, data):
    """The template writes the inputs itself (articles/forms.py, PreferencesForm): what
    Django's widgets render, chosen values and errors' attributes included, is in the page."""
    from django.template.loader import render_to_string

    from articles.forms import PreferencesForm

    saved = ReadingPreferences(user=owner, font="sans", font_size=21, theme="dark")
    saved.archive_when_finished = True
    form = PreferencesForm(data, instance=saved)
    form.is_bound and form.is_valid()
    request = rf.get("/articles/1/")
    request.user = owner
    html = render_to_string("articles/preferences.html#form", {"form": form}, request=request)
    widgets = [str(form[name]) for name in ("font_size", "line_width", "line_height")]
    widgets += [str(form["archive_when_finished"])]
    widgets += [str(radio.tag()) for name in ("font", "theme") for radio in form[name]]
    for widget in widgets:
        assert widget in html
    assert html.count(" checked") == (0 if data else 3)  # sans, dark, archive
    assert html.count(" selected") == (0 if data else 3)
    assert html.count('aria-invalid="true"') == (9 if data else 0)  # 2 + 4 radios, 3 menus


def test_the_reader_reads_the_fetch_before_the_article(owner_client, make_article):
    """A fetch that ends between the two reads must show its result, not an article pending
    with nothing fetching it (seen once in seventy saves under load)."""
    article = make_article(status="pending")
    with CaptureQueriesContext(connection) as queries:
        owner_client.get(article.get_absolute_url())
    statements = [query["sql"] for query in queries.captured_queries]
    job_at = next(i for i, sql in enumerate(statements) if '"articles_job"' in sql)
    article_at = next(i for i, sql in enumerate(statements) if '"articles_article"' in sql)
    assert job_at < article_at
