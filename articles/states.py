"""Reading states and library views, defined once.

Everything that names a state or a view reads this table: the model's partial indexes and
queryset methods, the library's lists and their navigation counts, the search's `is:` operator
and scopes, the actions, bulk actions and admin actions, the navigation and its keyboard
shortcuts (and the API and feeds to come). It is plain Python, so the search's query language
can read it without Django.

An article's reading state is three timestamps, each set while the state is on:

    starred_at   STATES["starred"]    kept close
    archived_at  STATES["archived"]   out of the way, never lost
    read_at      STATES["read"]       finished (its reading progress goes to 100 % with it)

"Unread" is not a state of its own: it is neither read nor archived (CONDITIONS["unread"]).
Every change of state goes through ArticleQuerySet.set_state() and its shorthands
(`Article.objects.filter(...).archive()`), which also move updated_at.
"""

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Condition:
    """Which state timestamps an article has set, and which it has not."""

    set: tuple[str, ...] = ()
    unset: tuple[str, ...] = ()

    @property
    def lookups(self) -> dict[str, bool]:
        """As ORM keyword arguments: `Article.objects.filter(**condition.lookups)`."""
        return {f"{name}__isnull": False for name in self.set} | {
            f"{name}__isnull": True for name in self.unset
        }

    def holds(self, article) -> bool:
        """Whether an article in memory (already changed) meets the condition."""
        named = (*self.set, *self.unset)
        return self.met_by({name for name in named if getattr(article, name) is not None})

    def met_by(self, timestamps_set: AbstractSet[str]) -> bool:
        """Whether articles with these timestamps set (and the others not) meet it."""
        return set(self.set) <= timestamps_set and not set(self.unset) & timestamps_set


@dataclass(frozen=True)
class State:
    """A state an article is in or not, turned on and off by the user."""

    name: str  # in forms (starred=1), is:, the admin's filters
    timestamp: str  # the column set while the state is on
    verbs: tuple[str, str]  # turning it on, and off: "Star {}" (the admin's actions)
    done: tuple[str, str]  # what the notice says after turning it on, and off
    also: dict[str, tuple[object, object]] = field(default_factory=dict)  # column: (on, off)

    @property
    def condition(self) -> Condition:
        return Condition(set=(self.timestamp,))


STATES = {
    state.name: state
    for state in (
        State("starred", "starred_at", ("Star {}", "Unstar {}"), ("Starred", "Unstarred")),
        State(
            "archived", "archived_at", ("Archive {}", "Unarchive {}"), ("Archived", "Unarchived")
        ),
        State(
            "read",
            "read_at",
            ("Mark {} as read", "Mark {} as unread"),
            ("Marked as read", "Marked as unread"),
            also={"reading_progress": (1.0, 0.0)},
        ),
    )
}

# What `is:` searches for, and what the library views filter on.
CONDITIONS = {
    "unread": Condition(unset=("archived_at", "read_at")),
    **{name: state.condition for name, state in STATES.items()},
}


@dataclass(frozen=True)
class View:
    """A list of the library, reached from the navigation."""

    name: str  # the URL's name, ?from= and ?scope= values, the navigation counts' keys
    label: str  # in the navigation
    heading: str  # of its page
    path: str  # its URL, under the site's root
    condition: str = ""  # a key of CONDITIONS; "" lists every article
    key: str = ""  # "g" then this key goes there
    scoped: bool = False  # the header's search box searches inside it
    formerly: tuple[str, ...] = ()  # names older links still use (?from=home)


VIEWS = {
    view.name: view
    for view in (
        View("unread", "Unread", "Unread", "", "unread", key="u", formerly=("home",)),
        View("starred", "Starred", "Starred", "starred/", "starred", key="s", scoped=True),
        View(
            "archived",
            "Archive",
            "Archive",
            "archived/",
            "archived",
            key="a",
            scoped=True,
            formerly=("archive",),
        ),
        View("all", "All", "All articles", "all/"),
    )
}
DEFAULT_VIEW = "unread"

_FORMER_NAMES = {old: view.name for view in VIEWS.values() for old in view.formerly}


def view_named(name: str) -> View | None:
    """The view of this name, or of the name it had before (links saved long ago)."""
    return VIEWS.get(_FORMER_NAMES.get(name, name))
