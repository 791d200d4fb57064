"""The feed token at the door: in the URL of a feed, or as the password of HTTP Basic auth.

A wrong or revoked token in a feed URL is a 404, like a page that never existed. An e-reader
gets 401 with a challenge, so it asks for the password; its wrong answers are counted per
address (articles.throttle) and too many are refused for a while with 429.
"""

import base64
import binascii
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from articles import throttle
from articles.feeds.models import FeedToken

REALM = 'Basic realm="newsreader", charset="UTF-8"'
HOW_TO_SIGN_IN = (
    "Sign in with your newsreader username and, as the password, your feed token "
    "(Account, then Feeds and e-readers).\n"
)


def feed_user(secret: str):
    """The user whose feed token this is; anything else is not found."""
    token = FeedToken.authenticate(secret)
    if token is None:
        raise Http404("No such feed.")
    return token.user


def token_in_url(view):
    """A feed view: `token` from the URL becomes the user, passed before the other arguments."""

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapped(request, token: str, *args, **kwargs):
        return view(request, feed_user(token), *args, **kwargs)

    return wrapped


def basic_auth(view):
    """An e-reader's view: HTTP Basic auth by username and feed token; the user is passed to
    the view before its other arguments."""

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        address = throttle.client_ip(request)
        if throttle.exceeded(throttle.AUTH_FAILURES_PER_IP, address):
            return _too_many()
        credentials = _credentials(request)
        user = _user(*credentials) if credentials else None
        if user is None:
            if credentials:  # a missing header is the first step of a login, not a failure
                throttle.hit(throttle.AUTH_FAILURES_PER_IP, address)
            return _challenge()
        return view(request, user, *args, **kwargs)

    return wrapped


def _credentials(request) -> tuple[str, str] | None:
    scheme, _, encoded = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")  # sent, but not readable: a failure
    username, _, password = decoded.partition(":")
    return username, password


def _user(username: str, password: str):
    token = FeedToken.authenticate(password.strip())
    if token is None or token.user.get_username() != username:
        return None
    return token.user


def _challenge() -> HttpResponse:
    response = HttpResponse(HOW_TO_SIGN_IN, status=401, content_type="text/plain; charset=utf-8")
    response["WWW-Authenticate"] = REALM
    return response


def _too_many() -> HttpResponse:
    response = HttpResponse(
        "Too many wrong passwords from your address; try again later.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(throttle.retry_after(throttle.AUTH_FAILURES_PER_IP))
    return response
