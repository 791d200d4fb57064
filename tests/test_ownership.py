"""A user sees only their own articles and tags; another user's id is simply not found."""

from django.urls import reverse


def test_a_stranger_gets_404_for_another_users_article(client, stranger, make_article):
    article = make_article()
    client.force_login(stranger)
    missing = client.get(reverse("article", args=[article.pk + 1000]))
    theirs = client.get(reverse("article", args=[article.pk]))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content


def test_the_owner_reads_their_article(owner_client, make_article):
    article = make_article(title="Mine")
    response = owner_client.get(reverse("article", args=[article.pk]))
    assert response.status_code == 200
    assert "Mine" in response.content.decode()


def test_lists_show_only_the_users_own_articles(owner_client, stranger, make_article):
    make_article(title="Owner's article")
    make_article(user=stranger, title="Stranger's article")
    html = owner_client.get(reverse("all")).content.decode()
    assert "Owner&#x27;s article" in html
    assert "Stranger" not in html
