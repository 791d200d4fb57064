"""The tags page: counts, rename, merge and delete, each refusing bad input clearly."""

import pytest
from django.urls import reverse

from articles.models import Article, Tag


def test_the_page_lists_every_tag_with_its_count(owner_client, tagged, make_tag, stranger):
    make_tag("empty")
    make_tag("theirs", user=stranger)
    response = owner_client.get(reverse("tags"))
    rows = [(t.name, t.count) for t in response.context["tags"]]
    assert rows == [("django", 2), ("empty", 0), ("Python", 2)]
    assert "theirs" not in response.content.decode()


def test_renaming_a_tag_follows_with_its_link(owner_client, tagged):
    python, *_ = tagged
    response = owner_client.post(reverse("tag_rename", args=[python.slug]), {"name": "Py 3"})
    assert response.status_code == 302
    python.refresh_from_db()
    assert (python.name, python.slug) == ("Py 3", "py-3")
    assert python.articles.count() == 2


def test_changing_only_the_case_keeps_the_link(owner_client, tagged):
    _, django, _ = tagged
    owner_client.post(reverse("tag_rename", args=[django.slug]), {"name": "Django"})
    django.refresh_from_db()
    assert (django.name, django.slug) == ("Django", "django")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("DJANGO", "You already have a tag named “DJANGO”: merge them instead."),
        ("a, b", "A tag name cannot contain a comma."),
        ("   ", "Give the tag a name."),
        ("x" * 101, "A tag can be at most 100 characters"),
    ],
)
def test_a_bad_rename_says_why_and_keeps_the_text(owner_client, tagged, name, message):
    python, *_ = tagged
    response = owner_client.post(reverse("tag_rename", args=[python.slug]), {"name": name})
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert f'value="{name}"' in html or not name.strip()
    python.refresh_from_db()
    assert python.name == "Python"


def test_merging_moves_every_article_and_loses_none(owner_client, tagged):
    python, django, articles = tagged
    response = owner_client.post(reverse("tag_merge", args=[django.slug]), {"name": "python"})
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=django.pk).exists()
    assert set(python.articles.all()) == set(articles)
    messages = owner_client.get(reverse("tags")).content.decode()
    assert "Merged “django” into “Python” (2 articles)." in messages


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nope", "You have no tag by that name."),
        ("Django", "Choose another tag to merge this one into."),
    ],
)
def test_a_bad_merge_says_why(owner_client, tagged, name, message):
    _, django, _ = tagged
    response = owner_client.post(reverse("tag_merge", args=[django.slug]), {"name": name})
    assert response.status_code == 400 and message in response.content.decode()
    assert Tag.objects.filter(pk=django.pk).exists()


def test_deleting_a_tag_keeps_its_articles(owner_client, tagged):
    python, _, articles = tagged
    response = owner_client.post(reverse("tag_delete", args=[python.slug]), follow=True)
    assert "its 2 articles are still saved" in response.content.decode()
    assert not Tag.objects.filter(pk=python.pk).exists()
    assert Article.objects.filter(pk__in=[a.pk for a in articles]).count() == 3


def test_deleting_a_tag_says_one_article_in_the_singular(owner_client, make_article, make_tag):
    tag = make_tag("lonely")
    make_article().tags.add(tag)
    response = owner_client.post(reverse("tag_delete", args=[tag.slug]), follow=True)
    assert "its 1 article is still saved." in response.content.decode()


def test_a_deleted_tag_comes_back_on_its_articles_with_undo(owner_client, tagged, make_article):
    python, _, articles = tagged
    tagged_ids = set(python.articles.values_list("pk", flat=True))
    html = owner_client.post(reverse("tag_delete", args=[python.slug]), follow=True).content
    token = html.decode().split('name="token" value="')[1].split('"')[0]
    response = owner_client.post(reverse("undo_delete"), {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tags")
    assert "Restored the tag “Python” on 2 articles." in response.content.decode()
    tag = Tag.objects.get(name="Python")
    assert tag.slug == python.slug  # its links work again
    assert set(tag.articles.values_list("pk", flat=True)) == tagged_ids
    again = owner_client.post(reverse("undo_delete"), {"token": token}, follow=True)
    assert "nothing to undo" in again.content.decode()


@pytest.mark.parametrize("name", ["tag_rename", "tag_merge", "tag_delete"])
def test_a_stranger_cannot_touch_someone_elses_tag(client, stranger, tagged, name):
    python, *_ = tagged
    Tag.objects.create(owner=stranger, name="Mine")
    client.force_login(stranger)
    response = client.post(reverse(name, args=[python.slug]), {"name": "Mine"})
    assert response.status_code == 404
    python.refresh_from_db()
    assert python.name == "Python" and python.articles.count() == 2


def test_unicode_tags_have_working_pages(owner_client, make_article, make_tag):
    tag = make_tag("Économie")
    make_article().tags.add(tag)
    assert tag.slug == "économie"
    assert owner_client.get(tag.get_absolute_url()).status_code == 200


def test_hostile_tag_names_stay_text(owner_client, make_tag):
    make_tag('" autofocus onfocus=alert(1) x="')
    html = owner_client.get(reverse("tags")).content.decode()
    assert 'onfocus=alert(1) x=""' not in html
    assert "&quot; autofocus onfocus=alert(1) x=&quot;" in html


# ---------- Completion: the names offered while typing a tag ----------


def test_completion_offers_the_owners_tag_names_escaped(owner_client, make_tag, stranger):
    make_tag("zebra"), make_tag("<b>bold</b>"), make_tag("Apple")
    make_tag("theirs", user=stranger)
    html = owner_client.get(reverse("tag_names")).content.decode()
    assert html == (
        '<option value="&lt;b&gt;bold&lt;/b&gt;"></option>'
        '<option value="Apple"></option><option value="zebra"></option>'
    )


def test_completion_stops_at_its_cap(owner_client, owner, monkeypatch):
    monkeypatch.setattr("articles.context_processors.COMPLETION_TAGS", 3)
    Tag.objects.bulk_create(Tag(owner=owner, name=f"t{n}", slug=f"t{n}") for n in range(5))
    html = owner_client.get(reverse("tag_names")).content.decode()
    assert html.count("<option") == 3


def test_pages_ask_for_the_names_instead_of_carrying_them(owner_client, tagged):
    """A library of a thousand tags would send them with every page of cards."""
    html = owner_client.get(reverse("all")).content.decode()
    url = reverse("tag_names")
    assert f'<datalist id="tag-names" data-names-url="{url}"></datalist>' in html


def test_completion_needs_a_signed_in_user(client, db):
    response = client.get(reverse("tag_names"))
    assert response.status_code == 302 and "/login/" in response["Location"]
