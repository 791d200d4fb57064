"""/oauth/v2/token: an API client trades a person's name and password (or a refresh token) for
an access token and a refresh token, answered as wallabag's OAuth server (FOSOAuthServerBundle)
answers, errors included. KOReader posts JSON, the Android app a form, wallabag-client a GET."""

from django.contrib.auth import authenticate as check_password
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from articles import throttle
from articles.wallabag.auth import too_many
from articles.wallabag.models import AccessToken, ApiClient, RefreshToken
from articles.wallabag.params import BadRequest, Params
from articles.wallabag.responses import error, json_response

NO_STORE = {"Cache-Control": "no-store, private", "Pragma": "no-cache"}


class Refused(Exception):
    def __init__(self, code: str, description: str):
        super().__init__(description)
        self.code = code


@csrf_exempt
@login_not_required
def token(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return error(
            405, "invalid_request", "Ask for a token with POST (or GET).", Allow="GET, POST"
        )
    address = throttle.client_ip(request)
    if throttle.exceeded(throttle.AUTH_FAILURES_PER_IP, address):
        return too_many(throttle.AUTH_FAILURES_PER_IP)
    try:
        params = Params(request)
        grant = GRANTS.get(params.text("grant_type") or "")
        if grant is None:
            return error(
                400, "unsupported_grant_type", "Invalid grant_type parameter or parameter missing",
                **NO_STORE,
            )  # fmt: skip
        return _tokens(grant(request, params, _client(params)))
    except BadRequest as problem:
        return error(400, "invalid_request", str(problem), **NO_STORE)
    except Refused as refused:
        if throttle.hit(throttle.AUTH_FAILURES_PER_IP, address):
            return too_many(throttle.AUTH_FAILURES_PER_IP)
        return error(400, refused.code, str(refused), **NO_STORE)


def _client(params: Params) -> ApiClient:
    client_id, secret = params.text("client_id", 200), params.text("client_secret", 200)
    client = ApiClient.for_credentials(client_id, secret) if client_id and secret else None
    if client is None:
        raise Refused("invalid_client", "The client credentials are invalid")
    return client


def _password_grant(request, params: Params, client: ApiClient) -> ApiClient:
    username, password = params.text("username", 150), params.text("password", 4096)
    if not username or password is None:
        raise BadRequest('Missing parameters. "username" and "password" required')
    key = username.casefold()
    if throttle.exceeded(throttle.LOGIN_FAILURES_PER_USER, key):
        raise Refused("invalid_grant", "Too many wrong passwords for this name; wait a while.")
    user = check_password(request, username=username, password=password)
    if user is None:
        throttle.hit(throttle.LOGIN_FAILURES_PER_USER, key)
        raise Refused("invalid_grant", "Invalid username and password combination")
    throttle.reset(throttle.LOGIN_FAILURES_PER_USER, key)
    if user.pk != client.user_id:
        raise Refused(
            "invalid_grant",
            "This API client belongs to another account; create one on your own account page.",
        )
    return client


def _refresh_grant(request, params: Params, client: ApiClient) -> ApiClient:
    secret = params.text("refresh_token", 200)
    if not secret:
        raise BadRequest('No "refresh_token" parameter found')
    refresh = RefreshToken.authenticate(secret)
    if refresh is None or refresh.client_id != client.pk:
        raise Refused("invalid_grant", "Invalid refresh token")
    refresh.delete()  # used once: the response carries its successor
    return client


GRANTS = {"password": _password_grant, "refresh_token": _refresh_grant}


def _tokens(client: ApiClient) -> HttpResponse:
    access, access_secret = AccessToken.issue_for(client)
    _, refresh_secret = RefreshToken.issue_for(client)
    body = {
        "access_token": access_secret,
        "expires_in": int(AccessToken.LIFETIME.total_seconds()),
        "refresh_token": refresh_secret,
        "scope": None,
        "token_type": "bearer",
    }
    return json_response(body, **NO_STORE)
