"""The query language: text in, a ParsedQuery out, and never an exception."""

import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from articles.search.language import MAX_QUERY_LENGTH, MAX_TERMS, Term, parse_query


def test_words_are_searched_and_the_last_one_as_a_prefix():
    parsed = parse_query("climate polic")
    assert parsed.words == ["climate"]
    assert parsed.prefix == "polic"


def test_a_trailing_space_means_the_last_word_is_finished():
    parsed = parse_query("climate policy ")
    assert parsed.words == ["climate", "policy"]
    assert parsed.prefix == ""


def test_short_or_non_word_endings_are_not_prefixes():
    assert parse_query("tea ab").prefix == ""
    assert parse_query("see john@x.com").prefix == ""
    assert parse_query("see john@x.com").words == ["see", "john@x.com"]


def test_quoted_text_is_a_phrase_and_an_unclosed_quote_runs_to_the_end():
    assert parse_query('"climate change" now ').phrases == ["climate change"]
    assert parse_query('"new   york').phrases == ["new york"]


def test_a_minus_excludes_words_and_phrases():
    parsed = parse_query('tea -coffee -"green tea" ')
    assert parsed.words == ["tea"]
    assert parsed.excluded == [Term("coffee"), Term("green tea", phrase=True)]


def test_a_lone_minus_is_just_a_character():
    assert parse_query("a - b ").words == ["a", "-", "b"]


def test_or_joins_its_neighbours():
    parsed = parse_query('tea OR "hot chocolate" OR coffee cake ')
    assert parsed.any_of == [
        (Term("tea"), Term("hot chocolate", phrase=True), Term("coffee")),
    ]
    assert parsed.words == ["cake"]


def test_lowercase_or_and_dangling_or_are_not_operators():
    assert parse_query("this or that ").words == ["this", "or", "that"]
    parsed = parse_query("OR tea OR ")
    assert parsed.words == ["tea"] and parsed.any_of == []


def test_operators():
    parsed = parse_query(
        'tag:Science tag:"machine learning" -tag:work is:unread -is:starred site:www.Example.com '
        'author:"Jane Doe" lang:fr -lang:de sort:Oldest words '
    )
    assert parsed.tags == ["Science", "machine learning"]
    assert parsed.excluded_tags == ["work"]
    assert parsed.states == ["unread"]
    assert parsed.excluded_states == ["starred"]
    assert parsed.sites == ["example.com"]
    assert parsed.authors == ["Jane Doe"]
    assert parsed.langs == ["fr"] and parsed.excluded_langs == ["de"]
    assert parsed.sort == "oldest"
    assert parsed.words == ["words"]
    assert parsed.notes == []


def test_operator_names_ignore_case():
    assert parse_query("TAG:x IS:read").tags == ["x"]
    assert parse_query("TAG:x IS:read").states == ["read"]


def test_unknown_operators_are_searched_as_words():
    parsed = parse_query("http://google Something::Namespaced foo:bar ")
    assert parsed.words == ["http://google", "Something::Namespaced", "foo:bar"]
    assert parsed.notes == []


def test_bad_operator_values_are_ignored_with_a_note():
    parsed = parse_query("is:lost sort:random saved:yesterday tag: x")
    assert parsed.states == [] and parsed.sort == "" and parsed.saved_from is None
    assert len(parsed.notes) == 4
    assert "is: takes unread, starred, archived or read" in parsed.notes[0]
    assert parsed.words == ["x"]  # too short to be a prefix: a word


def test_saved_dates():
    assert parse_query("saved:>2026-01-31").saved_from == date(2026, 2, 1)
    assert parse_query("saved:>=2026-01-31").saved_from == date(2026, 1, 31)
    assert parse_query("saved:<2026-01").saved_until == date(2026, 1, 1)
    assert parse_query("saved:<=2026-01").saved_until == date(2026, 2, 1)
    on_a_day = parse_query("saved:2025-12-31")
    assert (on_a_day.saved_from, on_a_day.saved_until) == (date(2025, 12, 31), date(2026, 1, 1))
    a_year = parse_query("saved:2025")
    assert (a_year.saved_from, a_year.saved_until) == (date(2025, 1, 1), date(2026, 1, 1))


def test_impossible_dates_are_ignored_with_a_note():
    for text in ("saved:>2026-02-30", "saved:2026-13", "saved:<0000-01-01"):
        parsed = parse_query(text)
        assert parsed.saved_from is None and parsed.saved_until is None, text
        assert parsed.notes, text


def test_several_date_bounds_narrow_each_other():
    parsed = parse_query("saved:>2025-01-01 saved:>2025-06-01 saved:<2026 saved:<2025-09")
    assert (parsed.saved_from, parsed.saved_until) == (date(2025, 6, 2), date(2025, 9, 1))


def test_a_long_query_is_shortened_with_a_note():
    parsed = parse_query("word " * 10_000)
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    assert any("shortened" in note for note in parsed.notes)
    assert len(parsed.words) == MAX_TERMS


def test_control_characters_and_nul_are_removed():
    parsed = parse_query("tea\x00cake\x07 ")
    assert parsed.words == ["tea", "cake"]


def test_an_empty_query_is_empty():
    assert parse_query("").is_empty
    assert parse_query("   ").is_empty
    assert not parse_query("is:starred").is_empty


OPERATOR_SOUP = st.lists(
    st.sampled_from(
        ["tag:", "-tag:", "is:", "site:", "author:", "lang:", "saved:>", "saved:<", "sort:",
         "OR", "-", '"', "'", ":*", "&", "|", "!", "(", ")", "\\", "x", "é", " ", "\x00", "2026-"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@given(st.one_of(st.text(max_size=300), OPERATOR_SOUP))
def test_any_text_parses(text):
    parsed = parse_query(text)
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    assert "\x00" not in parsed.text


def test_a_filter_from_another_tool_is_named_and_left_out():
    parsed = parse_query("harbour published:2024 ")
    assert parsed.words == ["harbour"]
    assert parsed.notes == [
        "Unknown filter published:, did you mean saved:? “published:2024” was left out."
    ]


def test_a_mistyped_filter_gets_a_suggestion():
    parsed = parse_query("sitr:example.com")
    assert parsed.words == [] and parsed.prefix == ""
    assert "did you mean site:?" in parsed.notes[0]


def test_words_with_a_colon_that_are_no_filter_stay_words():
    assert parse_query("re: budget ").words == ["re:", "budget"]
    assert parse_query("http://example.com ").words == ["http://example.com"]
    assert parse_query("re: budget ").notes == []


def test_the_query_language_is_plain_python_without_django():
    # The API and feeds parse queries with it too; it reads the states table and nothing else.
    code = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('language', 'articles/search/language.py')\n"
        "spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True, env={"PYTHONPATH": "."})
