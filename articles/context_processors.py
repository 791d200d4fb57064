from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import SavedSearch


def navigation(request):
    """Values every page's header and navigation need."""
    context = {"allow_signup": settings.ALLOW_SIGNUP}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Lazy: the query runs only when a template shows the navigation, and only once.
        context["saved_searches"] = SimpleLazyObject(
            lambda: list(SavedSearch.objects.filter(owner=user).only("id", "name"))
        )
    return context
