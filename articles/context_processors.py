from django.conf import settings


def navigation(request):
    """Values every page's header and navigation need."""
    return {"allow_signup": settings.ALLOW_SIGNUP}
