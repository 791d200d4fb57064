from functools import cached_property

from django.conf import settings
from django.db.models.functions import Lower

from articles.cards import TagChip, path_for, tag_chips
from articles.counts import view_counts
from articles.forms import FONT_SIZES, LINE_HEIGHTS, LINE_WIDTHS, PreferencesForm, nearest_step
from articles.models import ReadingPreferences, SavedSearch, Tag
from articles.states import VIEWS, View

NAV_TAGS = 30  # tags listed in the navigation; "All tags…" leads to the rest
COMPLETION_TAGS = 1000  # names offered while typing a tag; the tags page lists all


def _users_tags(user):
    return Tag.objects.filter(owner=user).order_by(Lower("name"), "id")


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
    views: list[View] = list(VIEWS.values())  # the navigation's and the shortcuts' links

    def __init__(self, user):
        self.user = user

    @cached_property
    def counts(self) -> dict[str, int]:
        return view_counts(self.user)

    @property
    def counted_views(self) -> list[tuple[View, int]]:
        return [(view, self.counts[view.name]) for view in self.views]

    @cached_property
    def _tag_pairs(self) -> list[tuple[str, str]]:
        """The user's first tags, [name, slug]: one statement for the navigation's list and the
        completion list, which most pages both show."""
        return list(_users_tags(self.user).values_list("name", "slug")[:COMPLETION_TAGS])

    @cached_property
    def tags(self) -> list[TagChip]:
        return tag_chips(self._tag_pairs[:NAV_TAGS], path_for("tag"))

    @cached_property
    def tag_names(self) -> list[str]:
        """The completion list, for pages with tag fields."""
        return [name for name, _ in self._tag_pairs]

    @cached_property
    def saved_searches(self) -> list[SavedSearch]:
        return list(SavedSearch.objects.filter(owner=self.user).only("id", "name"))


class Look:
    """The user's reading settings as the data attributes <html> carries (see app.css)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def preferences(self) -> ReadingPreferences:
        if not self.user.is_authenticated:
            return ReadingPreferences()
        return ReadingPreferences.objects.filter(user=self.user).first() or ReadingPreferences()

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
