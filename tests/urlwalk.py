"""Every URL of the site, with arguments filled in, for tests that must cover all of them."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass
class Route:
    name: str
    path: str


def site_routes(samples: dict[str, object]) -> list[Route]:
    """Named routes outside the admin and the API; `samples` maps keyword names (pk, slug...)
    to values."""
    routes = []
    for name, pattern in _named_patterns(get_resolver()):
        kwargs = {key: samples[key] for key in pattern.pattern.converters}
        routes.append(Route(name, reverse(name, kwargs=kwargs)))
    return routes


def _named_patterns(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            # The admin is Django's; the API answers in JSON with its own rules, walked from
            # its OpenAPI document (tests/api/test_api_auth.py).
            if entry.namespace in ("admin", "api_v1"):
                continue
            yield from _named_patterns(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry
