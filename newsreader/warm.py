"""Work a web process does once, before its first request rather than during it."""

from django.urls import get_resolver


def load_views() -> None:
    """Import every view and build the URL map. Django does both on the first request: that
    request (an upload, say) then waits about a second on a loaded machine, while the views
    import readability and lxml."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (imports the URLconf and every view module)
    resolver.reverse_dict  # noqa: B018  (the map that reverse() and redirect() read)
