from functools import cached_property

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import IntegerField
from django.db.models.functions import Lower

from articles.cards import TagChip, path_for, tag_chips
from articles.forms import FONT_SIZES, LINE_HEIGHTS, LINE_WIDTHS, PreferencesForm, nearest_step
from articles.listing import view_counts
from articles.models import ReadingPreferences, SavedSearch, Tag
from articles.statements import Prepared, Slot

NAV_TAGS = 30  # tags listed in the navigation; "All tags…" leads to the rest
COMPLETION_TAGS = 1000  # names offered while typing a tag; the tags page lists all


def _users_tags():
    return Tag.objects.filter(owner=Slot("user", IntegerField())).order_by(Lower("name"), "id")


_NAV_TAGS = Prepared(lambda: _users_tags().values_list("name", "slug")[:NAV_TAGS])
_TAG_NAMES = Prepared(lambda: _users_tags().values_list("name")[:COMPLETION_TAGS])
_SAVED_SEARCHES = Prepared(
    lambda: SavedSearch.objects.filter(owner=Slot("user", IntegerField())).values_list("id", "name")
)
_PREFERENCE_COLUMNS = [field.attname for field in ReadingPreferences._meta.concrete_fields]
_PREFERENCES = Prepared(
    lambda: ReadingPreferences.objects.filter(user=Slot("user", IntegerField())).values_list(
        *_PREFERENCE_COLUMNS
    )
)


def navigation(request):
    """Values every page's header and navigation need, each read only if a template uses it."""
    context = {
        "allow_signup": settings.ALLOW_SIGNUP,
        "password_reset_by_email": settings.PASSWORD_RESET_BY_EMAIL,
        "look": Look(request.user),
    }
    if request.user.is_authenticated:
        context["nav"] = Navigation(request.user)
    return context


class Navigation:
    def __init__(self, user):
        self.user = user

    @cached_property
    def counts(self) -> dict[str, int]:
        return view_counts(self.user)

    @cached_property
    def tags(self) -> list[TagChip]:
        return tag_chips(_NAV_TAGS.rows(user=self.user.pk), path_for("tag"))

    @cached_property
    def tag_names(self) -> list[str]:
        """The completion list: read only by pages with tag fields, as it is long."""
        return [name for (name,) in _TAG_NAMES.rows(user=self.user.pk)]

    @cached_property
    def saved_searches(self) -> list[SavedSearch]:
        rows = _SAVED_SEARCHES.rows(user=self.user.pk)
        return [SavedSearch(id=pk, name=name) for pk, name in rows]


class Look:
    """The user's reading settings as the data attributes <html> carries (see app.css)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def preferences(self) -> ReadingPreferences:
        if self.user.is_authenticated:
            for row in _PREFERENCES.rows(user=self.user.pk):  # one at most
                return ReadingPreferences.from_db(DEFAULT_DB_ALIAS, _PREFERENCE_COLUMNS, row)
        return ReadingPreferences()

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
