"""How many articles each user has in each combination of reading states, and each tag holds,
kept exact by the database itself.

Counting a user's articles reads one index entry per article: at 100,000 articles about ten
milliseconds, most of the SQL of a wallabag page, whose envelope states an exact `total` and
`pages` on every page. So triggers on the articles table (migration state_counts) keep a count
per user and combination of states on (starred, archived, read: eight at most). They fire once
per statement, with the statement's rows in transition tables, so every door that writes articles
(saves, the worker's fetches, imports of thousands in one INSERT, bulk and admin actions, raw
SQL) keeps the counts right at the cost of one small aggregate per statement; a statement that
changes no state (a fetch, reading progress) writes nothing here and locks nothing. The tags'
counts (for every list of tags with their counts) are kept the same way, by triggers on the
table linking articles and tags (migration tag_counts).

The navigation's counts on every page are read from here (at most eight rows, within the page
frame's statement, articles/context_processors.py) instead of a count per view (an index-only
scan per view, ten thousand entries each when they stopped at "10k+").
"""

from django.conf import settings
from django.db import models

from articles.states import CONDITIONS, STATES, VIEWS, Condition


class StateCount(models.Model):
    """`articles` of `owner`'s articles have exactly these states on (and the others off)."""

    pk = models.CompositePrimaryKey("owner", "starred", "archived", "read")
    owner = models.ForeignKey(  # the primary key's index serves it
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    starred = models.BooleanField()
    archived = models.BooleanField()
    read = models.BooleanField()
    articles = models.IntegerField()

    def __str__(self):
        on = [name for name in STATES if getattr(self, name)] or ["no state"]
        return f"{self.articles} articles of user {self.owner_id} with {', '.join(on)}"

    def states_on(self) -> frozenset[str]:
        """The timestamps these articles have set, as CONDITIONS name them."""
        return timestamps_on(*(getattr(self, name) for name in STATES))


class TagCount(models.Model):
    """How many articles carry `tag`."""

    tag = models.OneToOneField(
        "articles.Tag", on_delete=models.CASCADE, primary_key=True, related_name="counted"
    )
    articles = models.IntegerField()

    def __str__(self):
        return f"{self.articles} articles tagged {self.tag_id}"


def state_counts(user) -> dict[frozenset[str], int]:
    """{the state timestamps set: how many of the user's articles have exactly those}."""
    return {cell.states_on(): cell.articles for cell in StateCount.objects.filter(owner=user)}


def count_articles(user, *wanted: tuple[Condition, bool]) -> int:
    """How many of the user's articles meet each condition paired with True and none paired
    with False: `count_articles(user, (CONDITIONS["unread"], True))`; with no pair, them all."""
    return _meeting(state_counts(user), wanted)


def _meeting(cells: dict[frozenset[str], int], wanted) -> int:
    """How many articles of these counts (state_counts) meet every (condition, holds) pair."""
    return sum(n for on, n in cells.items() if all(c.met_by(on) == holds for c, holds in wanted))


def count_tagged(tag) -> int:
    """How many articles carry `tag` (a tag is only ever on its owner's articles)."""
    return TagCount.objects.filter(tag=tag).values_list("articles", flat=True).first() or 0


def timestamps_on(*flags: bool) -> frozenset[str]:
    """The timestamps set by a row of StateCount's flags (in the order of STATES)."""
    return frozenset(
        state.timestamp for state, on in zip(STATES.values(), flags, strict=True) if on
    )


def counts_by_view(cells: dict[frozenset[str], int]) -> dict[str, int]:
    """How many articles each library view lists, exactly ({view name: count}), from the
    counts per combination of states (state_counts): the navigation's counts on every page."""
    return {
        view.name: _meeting(cells, [(CONDITIONS[view.condition], True)] if view.condition else [])
        for view in VIEWS.values()
    }
