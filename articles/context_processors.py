from functools import cached_property

from django.conf import settings
from django.db.models.functions import Lower

from articles.forms import FONT_SIZES, LINE_HEIGHTS, LINE_WIDTHS, PreferencesForm, nearest_step
from articles.listing import view_counts
from articles.models import ReadingPreferences, SavedSearch, Tag

NAV_TAGS = 30  # tags listed in the navigation; "All tags…" leads to the rest
COMPLETION_TAGS = 1000  # names offered while typing a tag; the tags page lists all


def navigation(request):
    """Values every page's header and navigation need, each read only if a template uses it."""
    context = {"allow_signup": settings.ALLOW_SIGNUP, "look": Look(request.user)}
    if request.user.is_authenticated:
        context["nav"] = Navigation(request.user)
    return context


class Navigation:
    def __init__(self, user):
        self.user = user

    @cached_property
    def counts(self) -> dict[str, int]:
        return view_counts(self.user)

    def _tags(self):
        return Tag.objects.filter(owner=self.user).order_by(Lower("name"), "id")

    @cached_property
    def tags(self) -> list[Tag]:
        return list(self._tags().only("name", "slug")[:NAV_TAGS])

    @cached_property
    def tag_names(self) -> list[str]:
        """The completion list: read only by pages with tag fields, as it is long."""
        return list(self._tags().values_list("name", flat=True)[:COMPLETION_TAGS])

    @cached_property
    def saved_searches(self) -> list[SavedSearch]:
        return list(SavedSearch.objects.filter(owner=self.user).only("id", "name"))


class Look:
    """The user's reading settings as the data attributes <html> carries (see app.css)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def preferences(self) -> ReadingPreferences:
        found = None
        if self.user.is_authenticated:
            found = ReadingPreferences.objects.filter(user=self.user).first()
        return found or ReadingPreferences()

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
