from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models.functions import Lower

from articles.cards import TagChip, path_for, tag_chips
from articles.counts import counts_by_view, timestamps_on
from articles.forms import FONT_SIZES, LINE_HEIGHTS, LINE_WIDTHS, PreferencesForm, nearest_step
from articles.models import ReadingPreferences, SavedSearch, Tag
from articles.states import STATES, VIEWS, View

NAV_TAGS = 30  # tags listed in the navigation; "All tags…" leads to the rest
COMPLETION_TAGS = 1000  # names offered while typing a tag; the tags page lists all

_PREFERENCE_FIELDS = ReadingPreferences._meta.concrete_fields
_PREFERENCES = [field.attname for field in _PREFERENCE_FIELDS]

# What a signed-in page shows of its user, in one statement: the reading settings (a row, or
# NULLs before any are saved), the counts of articles per combination of states (articles/
# counts.py, a column per state), the navigation's tags and the saved searches. As four ORM
# queries this was about 2.5 ms of Python a page; as one, 0.2 ms and one round trip.
_PAGE_FRAME_SQL = f"""
SELECT {", ".join(f"p.{field.column}" for field in _PREFERENCE_FIELDS)},
  (SELECT json_agg(json_build_array({", ".join(STATES)}, articles))
     FROM articles_statecount WHERE owner_id = u.id),
  (SELECT json_agg(json_build_array(name, slug) ORDER BY lower(name), id)
     FROM (SELECT id, name, slug FROM articles_tag WHERE owner_id = u.id
           ORDER BY lower(name), id LIMIT {NAV_TAGS}) AS first_tags),
  (SELECT json_agg(json_build_array(id, name) ORDER BY name)
     FROM articles_savedsearch WHERE owner_id = u.id)
FROM (SELECT %s::bigint AS id) AS u
LEFT JOIN articles_readingpreferences AS p ON p.user_id = u.id
"""


def navigation(request):
    """Values every page's header and navigation need, each read only if a template uses it."""
    context = {
        "allow_signup": settings.ALLOW_SIGNUP,
        "password_reset_by_email": settings.PASSWORD_RESET_BY_EMAIL,
    }
    nav = Navigation(request.user) if request.user.is_authenticated else None
    if nav:
        context["nav"] = nav
    context["look"] = Look(nav)
    return context


class Navigation:
    """The user's navigation (counts, tags, saved searches) and reading settings, read by one
    statement the first time a template asks for any of them."""

    views: list[View] = list(VIEWS.values())  # the navigation's and the shortcuts' links

    def __init__(self, user):
        self.user = user

    @cached_property
    def _frame(self) -> tuple[tuple, list, list, list]:
        """(the reading settings' columns, the state counts, the tags, the saved searches)"""
        with connection.cursor() as cursor:
            cursor.execute(_PAGE_FRAME_SQL, [self.user.pk])
            row = cursor.fetchone()
        cells, tags, searches = (column or [] for column in row[len(_PREFERENCES) :])
        return row[: len(_PREFERENCES)], cells, tags, searches

    @cached_property
    def preferences(self) -> ReadingPreferences:
        values = self._frame[0]
        if values[_PREFERENCES.index("id")] is None:  # none saved yet
            return ReadingPreferences()
        return ReadingPreferences.from_db(connection.alias, _PREFERENCES, values)

    @cached_property
    def counts(self) -> dict[str, int]:
        return counts_by_view({timestamps_on(*flags): n for *flags, n in self._frame[1]})

    @property
    def counted_views(self) -> list[tuple[View, int]]:
        return [(view, self.counts[view.name]) for view in self.views]

    @cached_property
    def tags(self) -> list[TagChip]:
        return tag_chips(self._frame[2], path_for("tag"))

    @cached_property
    def tag_names(self) -> list[str]:
        """The completion list of tag fields: asked for when one is first used (views/tags.py
        tag_names), not read with every page's frame."""
        names = Tag.objects.filter(owner=self.user).order_by(Lower("name"), "id")
        return list(names.values_list("name", flat=True)[:COMPLETION_TAGS])

    @cached_property
    def saved_searches(self) -> list[SavedSearch]:
        return [SavedSearch(id=pk, name=name, owner_id=self.user.pk) for pk, name in self._frame[3]]


class Look:
    """The user's reading settings as the data attributes <html> carries (see app.css); the
    defaults for visitors who are not signed in."""

    def __init__(self, nav: Navigation | None):
        self.nav = nav

    @cached_property
    def preferences(self) -> ReadingPreferences:
        return self.nav.preferences if self.nav else ReadingPreferences()

    @cached_property
    def form(self) -> PreferencesForm:
        """The settings form, for the reader's Display panel."""
        return PreferencesForm(instance=self.preferences)

    @cached_property
    def attributes(self) -> dict[str, str]:
        p = self.preferences
        return {
            "theme": p.theme,
            "font": p.font,
            "size": str(nearest_step(FONT_SIZES, p.font_size)),
            "width": str(nearest_step(LINE_WIDTHS, p.line_width)),
            "leading": f"{nearest_step(LINE_HEIGHTS, p.line_height) * 100:.0f}",
        }
