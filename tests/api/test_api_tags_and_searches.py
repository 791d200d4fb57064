"""/api/v1/tags and /api/v1/searches: the tags page's and the saved searches' operations."""

import pytest

from articles.models import Article, SavedSearch, Tag
from tests.api.client import error_of


def test_tags_are_listed_in_name_order_with_counts(api, tagged, make_tag, stranger):
    make_tag("empty")
    make_tag("theirs", user=stranger)
    assert api.get("/api/v1/tags").json() == [
        {"name": "django", "slug": "django", "count": 2},
        {"name": "empty", "slug": "empty", "count": 0},
        {"name": "Python", "slug": "python", "count": 2},
    ]


def test_renaming_a_tag_gives_its_new_slug(api, tagged):
    python, *_ = tagged
    response = api.patch("/api/v1/tags/python", {"name": "Py 3"})
    assert response.json() == {"name": "Py 3", "slug": "py-3", "count": 2}
    assert api.get("/api/v1/articles", {"tag": "py-3"}).json()["items"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("DJANGO", "You already have a tag named “DJANGO”: merge them instead."),
        ("a, b", "A tag name cannot contain a comma."),
        ("   ", "Give the tag a name."),
        ("x" * 101, "at most 100 characters"),
        ("bad\x00name", "control character"),
    ],
)
def test_a_bad_rename_is_a_400_that_says_why(api, tagged, name, message):
    error = error_of(api.patch("/api/v1/tags/python", {"name": name}), 400)
    assert message in " ".join(error["fields"]["name"])
    assert Tag.objects.get(slug="python").name == "Python"


def test_merging_moves_every_article(api, tagged):
    python, django, articles = tagged
    response = api.post("/api/v1/tags/django/merge", {"into": "python"})
    assert response.json() == {"tag": {"name": "Python", "slug": "python", "count": 3}, "moved": 2}
    assert not Tag.objects.filter(pk=django.pk).exists()


@pytest.mark.parametrize(
    ("into", "message"),
    [("nope", "You have no tag by that name."), ("Django", "Choose another tag")],
)
def test_a_bad_merge_is_a_400(api, tagged, into, message):
    error = error_of(api.post("/api/v1/tags/django/merge", {"into": into}), 400)
    assert message in error["fields"]["into"][0]


def test_deleting_a_tag_keeps_its_articles(api, tagged):
    response = api.delete("/api/v1/tags/django")
    assert response.status_code == 204
    assert not Tag.objects.filter(slug="django").exists() and Article.objects.count() == 3


def test_someone_elses_tag_is_not_found(api, make_tag, stranger):
    make_tag("secret", user=stranger)
    for response in [
        api.patch("/api/v1/tags/secret", {"name": "mine now"}),
        api.post("/api/v1/tags/secret/merge", {"into": "x"}),
        api.delete("/api/v1/tags/secret"),
    ]:
        assert error_of(response, 404)["code"] == "not_found"
    assert Tag.objects.filter(name="secret").exists()


def test_a_tag_cannot_be_merged_into_someone_elses(api, make_tag, stranger):
    make_tag("mine")
    make_tag("theirs", user=stranger)
    error_of(api.post("/api/v1/tags/mine/merge", {"into": "theirs"}), 400)


# Saved searches


def test_a_search_is_saved_listed_run_and_deleted(api, make_article):
    make_article(title="Bridges of the north")
    make_article(title="Rivers of the south")
    response = api.post("/api/v1/searches", {"name": "North", "query": "north"})
    assert response.status_code == 201
    saved = response.json()
    assert saved["name"] == "North" and saved["query"] == "north"
    assert [s["name"] for s in api.get("/api/v1/searches").json()] == ["North"]
    run = api.get(f"/api/v1/searches/{saved['id']}/articles").json()
    assert [i["title"] for i in run["items"]] == ["Bridges of the north"]
    assert api.delete(f"/api/v1/searches/{saved['id']}").status_code == 204
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "Taken", "query": "x"}, "name", "You already have a saved search named"),
        ({"name": "taken", "query": "x"}, "name", "You already have a saved search named"),
        ({"name": "", "query": "x"}, "name", "required"),
        ({"name": "New", "query": ""}, "q", "required"),
        ({"name": "N\x00", "query": "x"}, "name", "control character"),
        ({"name": "x" * 101, "query": "x"}, "name", "at most 100 characters"),
        ({"name": "New", "query": "x" * 501}, "query", "at most 500 characters"),
        ({"name": "New"}, "query", "required"),
    ],
)
def test_a_bad_saved_search_is_a_400(api, owner, payload, field, message):
    SavedSearch.objects.create(owner=owner, name="Taken", query="y")
    error = error_of(api.post("/api/v1/searches", payload), 400)
    assert message in " ".join(error["fields"][field])
    assert SavedSearch.objects.count() == 1


def test_someone_elses_saved_search_is_not_found(api, stranger):
    theirs = SavedSearch.objects.create(owner=stranger, name="Theirs", query="x")
    error_of(api.get(f"/api/v1/searches/{theirs.pk}/articles"), 404)
    error_of(api.delete(f"/api/v1/searches/{theirs.pk}"), 404)
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


def test_running_a_saved_search_pages_like_the_list(api, owner, make_article):
    for n in range(5):
        make_article(title=f"Bridge {n}")
    saved = SavedSearch.objects.create(owner=owner, name="Bridges", query="bridge sort:oldest")
    first = api.get(f"/api/v1/searches/{saved.pk}/articles", {"limit": 3}).json()
    assert [i["title"] for i in first["items"]] == ["Bridge 0", "Bridge 1", "Bridge 2"]
    rest = api.get(
        f"/api/v1/searches/{saved.pk}/articles", {"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    assert [i["title"] for i in rest["items"]] == ["Bridge 3", "Bridge 4"]
    assert rest["next_cursor"] is None
