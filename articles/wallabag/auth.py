"""Every wallabag API request but a few public ones carries `Authorization: Bearer <token>`.

The views are CSRF-exempt because a bearer token, unlike a cookie, is never sent by a browser on
its own; for the same reason a logged-in site session does not count here. Bad tokens are
counted per address with the site's one rate limiter.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from articles import throttle
from articles.wallabag.models import AccessToken
from articles.wallabag.params import BadRequest, NotFound
from articles.wallabag.responses import error

Handler = Callable[..., HttpResponse]


def endpoint(*, public: bool = False, **handlers: Handler) -> Handler:
    """One URL's view: the handler for each method (`GET=...`, `PATCH=...`), behind the bearer
    token unless `public`; BadRequest and Http404 answered in wallabag's error shape."""

    @csrf_exempt
    @login_not_required
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        handler = handlers.get("GET" if request.method == "HEAD" else request.method or "")
        if handler is None:
            allowed = ", ".join(handlers)
            return error(
                405, "method_not_allowed", f"Use {allowed} here, not {request.method}.",
                Allow=allowed,
            )  # fmt: skip
        if not public and (refused := authenticate(request)) is not None:
            return refused
        try:
            return handler(request, **kwargs)
        except BadRequest as problem:
            return error(400, "invalid_request", str(problem))
        except NotFound as missing:
            return error(404, "not_found", str(missing))
        except Http404:  # someone else's entry or tag looks exactly like a missing one
            return error(404, "not_found", "No such entry or tag here.")

    return view


def authenticate(request: HttpRequest) -> HttpResponse | None:
    """Sets request.user from the access token; or the 401 (or 429) to answer instead."""
    secret = bearer_token(request)
    token = AccessToken.authenticate(secret) if secret else None
    if token is not None:
        request.user = token.user
        return None
    if secret and throttle.hit(throttle.AUTH_FAILURES_PER_IP, throttle.client_ip(request)):
        return too_many(throttle.AUTH_FAILURES_PER_IP)
    description = (
        "The access token is invalid or has expired; ask /oauth/v2/token for a new one."
        if secret
        else "OAuth2 authentication required: send Authorization: Bearer <access token>."
    )
    return error(
        401, "access_denied", description,
        **{"WWW-Authenticate": 'Bearer realm="Service", error="access_denied"'},
    )  # fmt: skip


def bearer_token(request: HttpRequest) -> str:
    """The token from the Authorization header, or from `access_token` in the query (which
    wallabag's OAuth server also reads, and some scripts use)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    return request.GET.get("access_token", "").strip()


def too_many(limit: throttle.Limit) -> HttpResponse:
    wait = throttle.retry_after(limit)
    return error(
        429, "too_many_requests",
        f"Too many failed sign-ins from this address; try again in {wait} seconds.",
        **{"Retry-After": str(wait)},
    )  # fmt: skip
