"""Search in the database: languages, accents, the query language, ranking, and the vectors the
database keeps up to date."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import filters, parse_query, results_page, search_articles
from articles.search.tsquery import SEARCH_LANGUAGES
from articles.tagging import add_tags, remove_tags, tags_for_names

pytestmark = pytest.mark.django_db


def titles(user, query, **kwargs):
    return [a.title for a in search_articles(user, query, **kwargs).articles]


def found(user, query, **kwargs):
    return set(titles(user, query, **kwargs))


@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        ("en", "The children were running across the fields.", "run field "),
        ("fr", "Les enfants couraient dans les jardins publics.", "jardin public "),
        ("fr-CA", "Nous avons mangé des pommes délicieuses.", "pomme délicieux "),
        ("de", "Die Kinder spielten in den Gärten der Häuser.", "Garten Haus Kind "),
        ("es", "Los niños estaban corriendo por las calles.", "calle niño "),
        ("ru", "Дети бегали по зелёным полям.", "поле зелёный "),
    ],
)
def test_words_match_their_other_forms_in_the_articles_language(
    owner, make_article, language, text, query
):
    make_article(title="Match", content_text=text, language=language)
    make_article(title="Other", content_text="Nothing to see here.", language=language)
    assert titles(owner, query) == ["Match"]


def test_an_unknown_language_is_searched_without_stemming(owner, make_article):
    make_article(title="Match", content_text="Kirjoitin koodia eilen", language="xx")
    assert titles(owner, "koodia ") == ["Match"]
    assert titles(owner, "kirjoitin koodia ") == ["Match"]


def test_a_stop_word_of_another_language_does_not_drop_a_word(owner, make_article):
    # "die" is a German stop word; stemmed as German, "die hard" would be just "hard".
    make_article(title="Only hard", content_text="This was hard work.", language="en")
    make_article(title="Both", content_text="Die hard is a film.", language="en")
    assert titles(owner, "die hard ") == ["Both"]


def test_accents_are_ignored_both_ways(owner, make_article):
    make_article(title="Le café", content_text="Un café crème à Genève.", language="fr")
    make_article(title="Plain cafe", content_text="A cafe in Geneva.", language="en")
    assert found(owner, "cafe ") == {"Le café", "Plain cafe"}
    assert found(owner, "café ") == {"Le café", "Plain cafe"}
    assert found(owner, "geneve ") == {"Le café"}


def test_the_last_word_matches_as_a_prefix_while_typing(owner, make_article):
    make_article(title="Kubernetes in production", content_text="Clusters.")
    assert titles(owner, "kuber") == ["Kubernetes in production"]
    assert titles(owner, "kuber ") == []  # finished word: no prefix


def test_a_phrase_needs_the_words_side_by_side(owner, make_article):
    make_article(title="Phrase", content_text="Climate change is accelerating.")
    make_article(title="Apart", content_text="The climate will change everything.")
    assert titles(owner, '"climate change"') == ["Phrase"]
    assert found(owner, "climate change ") == {"Phrase", "Apart"}


def test_excluded_words_and_phrases(owner, make_article):
    make_article(title="Tea", content_text="Green tea and biscuits.")
    make_article(title="Tea and coffee", content_text="Green tea, then coffee.")
    assert titles(owner, "tea -coffee") == ["Tea"]
    assert titles(owner, 'tea -"green tea"') == []
    assert titles(owner, "-coffee") == ["Tea"]


def test_or(owner, make_article):
    make_article(title="Tea", content_text="Tea time.")
    make_article(title="Coffee", content_text="Coffee time.")
    make_article(title="Juice", content_text="Juice time.")
    assert found(owner, "tea OR coffee ") == {"Tea", "Coffee"}
    assert found(owner, 'time tea OR "coffee time" ') == {"Tea", "Coffee"}


def test_title_byline_site_and_tags_are_searched(owner, make_article, make_tag):
    make_article(title="Gardening basics", content_text="Soil.")
    make_article(title="By her", byline="Octavia Butler", content_text="Text.")
    make_article(title="From there", site_name="Quanta Magazine", content_text="Text.")
    tagged = make_article(title="Tagged", content_text="Text.")
    add_tags([tagged], [make_tag("Photography")])
    assert titles(owner, "gardening ") == ["Gardening basics"]
    assert titles(owner, "octavia ") == ["By her"]
    assert titles(owner, "quanta ") == ["From there"]
    assert titles(owner, "photography ") == ["Tagged"]


def test_several_tags_must_all_be_there(owner, make_article, make_tag):
    science, space = make_tag("Science"), make_tag("Space")
    both, one = make_article(title="Both"), make_article(title="One")
    add_tags([both], [science, space])
    add_tags([one], [science])
    assert titles(owner, "tag:science tag:SPACE") == ["Both"]
    assert titles(owner, "tag:science -tag:space") == ["One"]
    assert titles(owner, "tag:nonexistent") == []


@pytest.mark.parametrize("articles_in_tag", [2, 3])  # at and past the "small tag" limit
def test_small_and_large_tags_find_the_same_articles(
    owner, make_article, make_tag, monkeypatch, articles_in_tag
):
    # A small tag is searched article by article, a large one through the word index.
    monkeypatch.setattr(filters, "NARROW_TAG", 2)
    tag = make_tag("reading")
    tagged = [make_article(title=f"Tagged {n}", content_text="A quiet garden.") for n in range(3)]
    add_tags(tagged[:articles_in_tag], [tag])
    make_article(title="Untagged", content_text="A quiet garden.")
    parsed = parse_query("tag:reading garden ")
    assert filters._apply_tags(Article.objects.all(), parsed, owner)[1] == articles_in_tag
    assert filters.is_narrow(articles_in_tag) is (articles_in_tag <= 2)
    expected = {f"Tagged {n}" for n in range(articles_in_tag)}
    assert found(owner, "tag:reading garden ") == expected
    assert found(owner, "tag:reading garden", sort="relevance") == expected


@pytest.mark.parametrize("window", [4, 100])  # the tag's newest hold too few of some matches, all
@pytest.mark.parametrize("narrow_tag", [3, 100])  # a large tag, a small one
def test_within_a_tag_the_newest_matches_are_ranked_however_many_its_newest_articles_hold(
    owner, make_article, make_tag, monkeypatch, window, narrow_tag
):
    # Relevance reads a tag's newest articles one by one for its recent matches (a large tag's
    # newest few first, then the index): either way, the newest matches are the candidates.
    monkeypatch.setattr(filters, "NARROW_TAG", narrow_tag)
    monkeypatch.setattr("articles.search.ranking.TAG_WINDOW", window)
    monkeypatch.setattr("articles.search.ranking.RECENT_CANDIDATES", 2)
    tag, now = make_tag("reading"), timezone.now()
    texts = ["Otters swim.", "Rivers.", "Otters again.", "Rivers.", "Otters.", "Otters, old."]
    tagged = [
        make_article(title=f"Tagged {n}", content_text=text, created_at=now - timedelta(days=n))
        for n, text in enumerate(texts)
    ]
    add_tags(tagged, [tag])
    make_article(title="Untagged", content_text="Otters now.", created_at=now + timedelta(days=1))
    with connection.cursor() as cursor:  # the window is read first where the planner expects
        cursor.execute("ANALYZE articles_article")  # enough matches in it: statistics, then
    assert found(owner, "tag:reading otters ") == {"Tagged 0", "Tagged 2"}
    assert found(owner, "tag:reading otters -again ") == {"Tagged 0", "Tagged 4"}


@pytest.mark.parametrize("narrow_tag", [1, 100])  # a large tag, a small one
def test_within_a_tag_an_old_title_match_is_ranked_past_recent_mentions(
    owner, make_article, make_tag, monkeypatch, narrow_tag
):
    monkeypatch.setattr(filters, "NARROW_TAG", narrow_tag)
    monkeypatch.setattr("articles.search.ranking.RECENT_CANDIDATES", 1)
    tag, now = make_tag("reading"), timezone.now()
    recent = [
        make_article(title=f"Digest {n}", content_text="Otters.", created_at=now - timedelta(n))
        for n in range(3)
    ]
    old = make_article(title="Otters", content_text="Rivers.", created_at=now - timedelta(99))
    untagged = make_article(title="Otters too", content_text="Rivers.", created_at=now)
    add_tags([*recent, old], [tag])
    assert untagged.title not in found(owner, "tag:reading otters ")
    assert found(owner, "tag:reading otters ") == {"Digest 0", "Otters"}


def test_tag_names_with_spaces(owner, make_article, make_tag):
    tagged = make_article(title="Tagged")
    add_tags([tagged], [make_tag("Machine Learning")])
    assert titles(owner, 'tag:"machine learning"') == ["Tagged"]


def test_another_users_tag_of_the_same_name_does_not_count(owner, stranger, make_article, make_tag):
    mine = make_article(title="Mine")
    make_tag("science")
    add_tags([mine], [make_tag("science", user=stranger)])  # a corrupt pairing, on purpose
    assert titles(owner, "tag:science") == []


def test_states(owner, make_article):
    now = timezone.now()
    make_article(title="Unread")
    make_article(title="Read", read_at=now)
    make_article(title="Starred", starred_at=now)
    make_article(title="Archived", archived_at=now)
    assert found(owner, "is:unread") == {"Unread", "Starred"}
    assert found(owner, "is:read") == {"Read"}
    assert found(owner, "is:starred") == {"Starred"}
    assert found(owner, "is:archived") == {"Archived"}
    assert found(owner, "-is:archived -is:read") == {"Unread", "Starred"}


def test_site_includes_subdomains_and_nothing_else(owner, make_article):
    make_article(title="Root", url="https://example.com/a")
    make_article(title="Sub", url="https://blog.example.com/b")
    make_article(title="Www", url="http://WWW.Example.COM:8080/c")
    make_article(title="Lookalike", url="https://notexample.com/d")
    make_article(title="Suffix", url="https://example.com.evil.net/e")
    assert found(owner, "site:example.com") == {"Root", "Sub", "Www"}
    assert found(owner, "site:www.example.com") == {"Root", "Sub", "Www"}
    assert found(owner, "site:blog.example.com") == {"Sub"}
    assert found(owner, "-site:example.com") == {"Lookalike", "Suffix"}


def test_site_name_without_a_dot(owner, make_article):
    make_article(title="Named", site_name="Quanta", url="https://quantamagazine.org/x")
    assert titles(owner, "site:quanta") == ["Named"]


def test_author_and_language(owner, make_article):
    make_article(title="Hers", byline="Zoë Ångström", language="sv")
    make_article(title="Canadian", byline="Someone", language="fr-CA")
    assert titles(owner, "author:zoe") == ["Hers"]
    assert titles(owner, 'author:"zoë ång"') == ["Hers"]
    assert titles(owner, "lang:fr") == ["Canadian"]
    assert titles(owner, "lang:FR-ca") == ["Canadian"]
    assert titles(owner, "-lang:fr") == ["Hers"]


def test_saved_dates_in_the_users_time_zone(owner, make_article, settings):
    settings.TIME_ZONE = "America/New_York"
    timezone.activate("America/New_York")
    try:
        tz = timezone.get_current_timezone()
        make_article(
            title="Late on the 31st", created_at=timezone.datetime(2026, 1, 31, 23, 30, tzinfo=tz)
        )
        make_article(title="February", created_at=timezone.datetime(2026, 2, 1, 0, 30, tzinfo=tz))
        assert titles(owner, "saved:>2026-01-31") == ["February"]
        assert titles(owner, "saved:<2026-02") == ["Late on the 31st"]
        assert found(owner, "saved:2026") == {"Late on the 31st", "February"}
    finally:
        timezone.deactivate()


def test_sort_orders(owner, make_article):
    now = timezone.now()
    make_article(title="Old", content_text="tea", created_at=now - timedelta(days=9))
    make_article(title="New", content_text="tea", created_at=now)
    assert titles(owner, "tea sort:oldest") == ["Old", "New"]
    assert titles(owner, "tea sort:newest") == ["New", "Old"]
    assert titles(owner, "tea", sort="oldest") == ["Old", "New"]
    assert titles(owner, "tea sort:newest", sort="oldest") == ["New", "Old"]
    assert titles(owner, "is:unread") == ["New", "Old"]  # no words: newest first


def test_only_the_users_own_articles_are_found(owner, stranger, make_article):
    make_article(title="Mine", content_text="shared word")
    make_article(user=stranger, title="Theirs", content_text="shared word")
    assert titles(owner, "shared ") == ["Mine"]
    others = Article.objects.filter(owner=stranger)
    assert titles(owner, "shared ", base=others) == []  # a base is re-filtered to the owner


def test_search_inside_a_library_view(owner, make_article):
    make_article(title="Starred tea", content_text="tea", starred_at=timezone.now())
    make_article(title="Plain tea", content_text="tea")
    assert titles(owner, "tea ", base=Article.objects.in_state("starred")) == ["Starred tea"]


def test_a_title_match_and_a_recent_dense_article_beat_an_old_passing_mention(owner, make_article):
    now = timezone.now()
    filler = "Other matters entirely. " * 60
    make_article(
        title="Notes",
        content_text=filler + "By the way, volcanoes.",
        created_at=now - timedelta(days=900),
    )
    make_article(
        title="Volcanoes of Iceland", content_text=filler, created_at=now - timedelta(days=400)
    )
    make_article(
        title="Field trip",
        content_text="Volcanoes erupt. The volcano field. Volcanic ash from volcanoes. " + filler,
        created_at=now - timedelta(days=2),
    )
    ranking = titles(owner, "volcanoes ")
    assert ranking[-1] == "Notes"
    assert set(ranking[:2]) == {"Volcanoes of Iceland", "Field trip"}


def test_an_old_title_match_reaches_the_first_page_past_many_recent_mentions(
    owner, make_article, settings
):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            owner=owner,
            title=f"Weekly digest {n}",
            url=f"https://example.com/{n}",
            normalized_url=f"https://example.com/{n}",
            content_text="Among other things, a word on tardigrades. " + "Filler text. " * 30,
            created_at=now - timedelta(hours=n),
        )
        for n in range(250)
    )
    make_article(
        title="Tardigrades survive in space",
        content_text="Water bears.",
        created_at=now - timedelta(days=3000),
    )
    first_page = titles(owner, "tardigrades ")[:20]
    assert first_page[0] == "Tardigrades survive in space"


@pytest.mark.parametrize("window", [3, 6, 1000])  # the newest hold enough titles, too few, none
def test_title_matches_are_the_newest_ones_however_many_the_newest_articles_hold(
    owner, make_article, monkeypatch, window
):
    # Relevance looks for title matches among the newest articles first; with too few there,
    # among all of them: either way the newest title matches are ranked.
    monkeypatch.setattr("articles.search.ranking.TITLE_CANDIDATES", 2)
    monkeypatch.setattr("articles.search.ranking.RECENT_CANDIDATES", 1)
    monkeypatch.setattr("articles.search.ranking.TITLE_WINDOW", window)
    now = timezone.now()
    for n, title in enumerate(["Other", "Otters at noon", "Other", "Otters again", "Otters"]):
        make_article(title=title, content_text="Otters.", created_at=now - timedelta(days=n))
    make_article(title="Otters of old", content_text="Rivers.", created_at=now - timedelta(days=99))
    make_article(title="Recent", content_text="Otters swim.", created_at=now + timedelta(hours=1))
    assert found(owner, "otters ") == {"Recent", "Otters at noon", "Otters again"}
    # The "Recent" hour after only counts as one of the recent matches.
    make_article(title="Otters now", content_text="Rivers.", created_at=now + timedelta(hours=2))
    assert found(owner, "otters ") == {"Otters now", "Otters at noon"}


def test_a_phrase_found_only_in_old_articles_is_still_found(owner, make_article, monkeypatch):
    # Relevance looks for phrases among the most recent articles; past them it falls back to
    # every match, newest first.
    monkeypatch.setattr("articles.search.ranking.PHRASE_WINDOW", 3)
    now = timezone.now()
    make_article(
        title="Old", content_text="The red kite flew.", created_at=now - timedelta(days=99)
    )
    for n in range(4):
        make_article(title=f"New {n}", content_text="A kite, and something red.", created_at=now)
    search = search_articles(owner, '"red kite"')
    assert search.ranked and list(search.articles) == []
    results, more = results_page(search, 0, 20)
    assert [r.title_html for r in results] == ["Old"] and not more


def test_recency_breaks_ties(owner, make_article):
    now = timezone.now()
    make_article(title="Older", content_text="same words here", created_at=now - timedelta(days=30))
    make_article(title="Newer", content_text="same words here", created_at=now)
    assert titles(owner, "words ") == ["Newer", "Older"]


def test_every_language_has_its_configuration():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'newsreader%%'")
        configurations = {name for (name,) in cursor.fetchall()}
    assert configurations == {f"newsreader_{lang}" for lang in SEARCH_LANGUAGES}


def search_vector(article) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM articles_article WHERE id = %s", [article.pk]
        )
        return cursor.fetchone()[0]


def test_the_vector_follows_title_and_text_changes(owner, make_article):
    article = make_article(title="Original heading", content_text="First body.")
    assert titles(owner, "original ") == ["Original heading"]
    article.title, article.content_text = "Renamed heading", "Second body."
    article.save()
    assert titles(owner, "original ") == []
    assert titles(owner, "renamed ") == ["Renamed heading"]
    assert titles(owner, "second ") == ["Renamed heading"]
    Article.objects.filter(pk=article.pk).update(byline="Grace Hopper")
    assert titles(owner, "hopper ") == ["Renamed heading"]


def test_the_vector_follows_tag_changes_and_renames(owner, make_article, make_tag):
    article = make_article(title="Tagged", content_text="The body stays searchable.")
    [tag] = tags_for_names(owner.pk, ["Astronomy"])
    add_tags([article], [tag])
    assert titles(owner, "astronomy ") == ["Tagged"]
    tag.name = "Cosmology"
    tag.save()
    assert titles(owner, "astronomy ") == []
    assert titles(owner, "cosmology ") == ["Tagged"]
    remove_tags([article], [tag])
    assert titles(owner, "cosmology ") == []
    assert titles(owner, "searchable ") == ["Tagged"]
    before = search_vector(article)
    add_tags([article], [tag])
    remove_tags([article], [tag])
    assert search_vector(article) == before  # splicing heads does not drift the body


def test_the_vector_is_not_rebuilt_when_nothing_searchable_changes(owner, make_article):
    article = make_article(title="Stable", content_text="Body.")
    with connection.cursor() as cursor:
        # Tamper with the stored vector: a save that changes no searchable field keeps it.
        cursor.execute(
            "UPDATE articles_article SET search_vector = to_tsvector('simple', 'tampered') "
            "WHERE id = %s",
            [article.pk],
        )
    article.starred_at = timezone.now()
    article.save()
    assert search_vector(article) == "'tampered':1"


def test_a_huge_text_is_indexed_without_error(owner, make_article):
    words = " ".join(f"w{n}x" for n in range(300_000))  # 2.4 MB, far beyond tsvector's 1 MB
    make_article(title="Huge", content_text=words)
    assert titles(owner, "w12x ") == ["Huge"]


def snippet_window(text: str, lexemes: list[str], lead: int, size: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT newsreader_snippet_window(%s, %s, %s, %s)", [text, lexemes, lead, size]
        )
        return cursor.fetchone()[0]


def window_in_characters(text: str, match: int, lead: int, size: int) -> str:
    """The window the snippet function cuts around a match at `match` (a character index)."""
    start = max(match - lead, 0)
    piece = text[start : start + size + 1]
    more, piece = len(piece) > size, piece[:size]
    if start > 0:
        piece = "… " + re.sub(r"^\S*\s+", "", piece)
    if more:
        piece = re.sub(r"^\S*\s+", "", piece[::-1])[::-1] + " …"
    return piece


@pytest.mark.parametrize("letter", ["a", "é", "ж", "字", "😀"])  # one to four bytes in UTF-8
@pytest.mark.parametrize("before", [0, 5, 24, 25, 26, 60])
def test_a_snippet_window_counts_characters_not_bytes(letter, before):
    words = [f"{letter * 3}{n}" for n in range(before)]
    text = " ".join([*words, "harbour", *(f"{n}{letter * 2}" for n in range(200))])
    match = text.index("harbour")
    for lead, size in ((100, 500), (10, 40), (0, 25)):
        expected = window_in_characters(text, match, lead, size)
        assert snippet_window(text, ["harbour"], lead, size) == expected


def test_a_snippet_window_skips_a_match_inside_a_word_after_any_letter():
    text = "Théharbour et ßharbour puis harbour gelé, enfin."
    expected = window_in_characters(text, text.rindex("harbour"), 6, 30)
    assert snippet_window(text, ["harbour"], 6, 30) == expected == "… puis harbour gelé, enfin."


def test_a_snippet_window_is_the_same_whatever_the_sessions_client_encoding():
    """psql, reports and dumps may talk to the server in another encoding than Django's."""
    text = "жжж ж port of call, and more words after it"
    expected = window_in_characters(text, text.index("port"), 2, 20)
    with connection.cursor() as cursor:
        cursor.execute("SET client_encoding = 'WIN1251'")  # Cyrillic, not UTF-8
        try:
            assert snippet_window(text, ["port"], 2, 20) == expected
        finally:
            cursor.execute("RESET client_encoding")
