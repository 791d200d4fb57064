"""Who is calling the API: a personal access token, or the site's own logged-in session.

    Authorization: Bearer nrp_…    apps and scripts (tokens made on the account page)
    the session cookie             the site's own pages, with the CSRF token on unsafe methods

Rate limits (articles/throttle.py):
- Every request made with a token counts against API_REQUESTS_PER_TOKEN; past it, 429 with
  Retry-After until the window ends. The site's own session requests are not counted.
- Every request with a token that is not valid (wrong, revoked, of a deactivated user) counts
  against AUTH_FAILURES_PER_IP for the client's address; once over, such requests get 429
  instead of 401 until the window ends. A *valid* token from that address still works: a token
  is 32 random bytes, so refusing good ones would not slow a guesser down at all, and it would
  let one misconfigured client lock out everyone behind the same address (an office, a phone
  network). The same address's wrong passwords on the login form count against the same limit.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from articles import throttle
from articles.api.errors import CSRF_FAILED, ApiError
from articles.api.models import PersonalToken


class TokenAuth(HttpBearer):
    """A personal access token: a bad one is refused here (401, or 429 once the caller's
    address has sent too many), never passed on to the session check."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token.strip():
            return None  # "Bearer" and nothing: no token to check, simply unauthenticated
        found = PersonalToken.authenticate(token.strip())
        if found is None:
            refuse_bad_token(request)
        if throttle.hit(throttle.API_REQUESTS_PER_TOKEN, str(found.pk)):
            raise too_many(
                throttle.API_REQUESTS_PER_TOKEN,
                "This token has made too many requests; wait {wait} and try again.",
            )
        request.token = found
        return found.user


def refuse_bad_token(request: HttpRequest):
    if throttle.hit(throttle.AUTH_FAILURES_PER_IP, throttle.client_ip(request)):
        raise too_many(
            throttle.AUTH_FAILURES_PER_IP,
            "Too many requests with tokens that are not valid came from your address; "
            "wait {wait} and try again.",
        )
    raise ApiError(
        401,
        "This token is not valid: it may have been revoked, or copied incompletely. Create a "
        "new one on your account page.",
        code="invalid_token",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def too_many(limit: throttle.Limit, message: str) -> ApiError:
    seconds = throttle.retry_after(limit)
    wait = f"{seconds} seconds" if seconds < 120 else f"{-(-seconds // 60)} minutes"
    return ApiError(429, message.format(wait=wait), headers={"Retry-After": str(seconds)})


class SessionAuth(APIKeyCookie):
    """The logged-in session (the site's own pages, the docs' "Try it out").

    Unlike ninja's own, a request without a session is simply unauthenticated (401), and the
    CSRF token is checked only once there is a session to protect.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise ApiError(403, CSRF_FAILED, code="csrf_failed")
        return "session"

    def authenticate(self, request: HttpRequest, key):
        return request.user if key else None


AUTH = [TokenAuth(), SessionAuth()]
