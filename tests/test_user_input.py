"""Text from users enters in one place (articles/user_input.py): SECURITY.md, “Limits and
user input”. Control characters in an address are “not found”, in a form a form error; names
are NFC-normalised, so what looks like one tag is one tag."""

import unicodedata

import pytest
from django.urls import reverse

from articles.models import SavedSearch, Tag
from tests.test_url_safety import PAGES

NUL = "\x00"
PRECOMPOSED = unicodedata.normalize("NFC", "Café")
COMBINING = unicodedata.normalize("NFD", "Café")

# Every parameter name a view, a form or the admin reads, sent with a NUL in it.
PARAMETERS = [
    "q", "scope", "sort", "page", "from", "tag", "after", "before", "url", "next", "remove",
    "token", "place", "ids", "tags", "name", "html", "progress", "starred", "archived", "read",
    "font", "theme", "owner", "site", "into", "action", "_selected_action", "username",
    "password", "o", "p", "e",
]  # fmt: skip


def test_a_nul_anywhere_in_an_address_or_a_form_never_fails(owner_client, routes):
    for route in routes:
        if route.name == "logout":
            continue  # the rest runs logged in
        for name in PARAMETERS:
            if route.name in PAGES:
                response = owner_client.get(route.path, {name: f"a{NUL}b"})
                assert response.status_code < 500, f"GET {route.path}?{name}=NUL"
            response = owner_client.post(route.path, {name: f"a{NUL}b"})
            assert response.status_code < 500, f"POST {route.path} {name}=NUL"


def test_a_nul_in_every_path_parameter_is_not_found(owner_client, make_article):
    article = make_article()
    for path in (
        "/tags/%00/",
        "/tags/a%00b/rename/",
        "/tags/%00/merge/",
        "/tags/%00/delete/",
        f"/articles/{article.pk}%00/",
        "/search/saved/%00/",
    ):
        assert owner_client.get(path).status_code == 404, path
        assert owner_client.post(path, {"name": "x"}).status_code == 404, path


@pytest.mark.parametrize(
    "params",
    [
        {"from": "tag", "tag": NUL},
        {"from": NUL},
        {"sort": f"newest{NUL}"},
        {"scope": f"tag:{NUL}"},
        {"after": NUL},
    ],
)
def test_a_nul_in_a_query_parameter_is_not_found(owner_client, make_article, params):
    article = make_article()
    for path in (reverse("article", args=[article.pk]), reverse("search"), reverse("unread")):
        assert owner_client.get(path, {"q": "x", **params}).status_code == 404, path


def test_a_nul_in_a_posted_name_is_not_found(owner_client, make_article, make_tag):
    article = make_article()
    article.tags.add(make_tag("reading"))
    untag = reverse("article_untag", args=[article.pk])
    assert owner_client.post(untag, {"remove": NUL}).status_code == 404
    assert article.tags.count() == 1


def test_the_search_box_removes_control_characters(owner_client, make_article):
    make_article(title="Kettle")
    response = owner_client.get(reverse("search"), {"q": f"{NUL}kettle\x07"})
    assert response.status_code == 200
    assert "<mark>Kettle</mark>" in response.content.decode()


@pytest.mark.parametrize("name", [f"a{NUL}b", "bell\x07", "line\nbreak"])
def test_a_control_character_in_a_name_is_a_form_error(owner_client, make_tag, name):
    tag = make_tag("reading")
    response = owner_client.post(reverse("tag_rename", args=[tag.slug]), {"name": name})
    assert response.status_code == 400
    assert "invisible control character" in response.content.decode()
    tag.refresh_from_db()
    assert tag.name == "reading"


def test_a_nul_in_a_saved_search_name_is_a_form_error(owner_client):
    response = owner_client.post(reverse("save_search"), {"name": f"a{NUL}", "q": "tea"})
    assert "invisible control character" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_nul_in_the_admin_filters_is_not_found_and_its_search_ignores_it(admin_client):
    changelist = reverse("admin:articles_article_changelist")
    for params in ({"owner": NUL}, {"tag": f"a{NUL}"}, {"site": NUL}, {"o": NUL}):
        assert admin_client.get(changelist, params).status_code == 404, params
    assert admin_client.get(changelist, {"q": f"a{NUL}"}).status_code == 200


def test_a_nul_in_an_admin_merge_name_is_refused(admin_client, make_tag):
    first, second = make_tag("one"), make_tag("two")
    response = admin_client.post(
        reverse("admin:articles_tag_changelist"),
        {"action": "merge", "_selected_action": [first.pk, second.pk], "into": f"x{NUL}y"},
        follow=True,
    )
    assert response.status_code == 200
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["one", "two"]


# -- Unicode normalisation -----------------------------------------------------------------


def test_both_spellings_of_a_tag_are_one_tag(owner_client, make_article):
    article = make_article()
    for name in (PRECOMPOSED, COMBINING):
        owner_client.post(reverse("article_tags", args=[article.pk]), {"tags": name})
    assert [t.name for t in Tag.objects.all()] == [PRECOMPOSED]
    assert article.tags.count() == 1


def test_a_combining_spelling_finds_the_tag_when_renaming_and_merging(owner_client, make_tag):
    cafe, other = make_tag(PRECOMPOSED), make_tag("coffee")
    response = owner_client.post(reverse("tag_rename", args=[other.slug]), {"name": COMBINING})
    assert "merge them instead" in response.content.decode()
    owner_client.post(reverse("tag_merge", args=[other.slug]), {"name": COMBINING})
    assert list(Tag.objects.values_list("name", flat=True)) == [cafe.name]


def test_tags_from_any_door_are_stored_composed(owner):
    tag = Tag.objects.create(owner=owner, name=COMBINING)
    assert tag.name == PRECOMPOSED


def test_saved_search_names_and_queries_are_composed(owner_client):
    owner_client.post(reverse("save_search"), {"name": COMBINING, "q": COMBINING})
    saved = SavedSearch.objects.get()
    assert (saved.name, saved.query) == (PRECOMPOSED, PRECOMPOSED)
    response = owner_client.post(reverse("save_search"), {"name": PRECOMPOSED, "q": "x"})
    assert "already have a saved search" in response.content.decode()


def test_the_search_text_is_composed(owner_client, make_article):
    make_article(title=f"{PRECOMPOSED} culture")
    response = owner_client.get(reverse("search"), {"q": COMBINING})
    assert f"<mark>{PRECOMPOSED}</mark>" in response.content.decode()
