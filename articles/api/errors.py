"""Every error of the API in one shape, whatever raised it:

    {"error": {"code": "not_found", "message": "A sentence for a person.", "fields": {...}}}

`code` is stable (clients branch on it), `message` is written for the user, `fields` (only for
bad input) names each faulty field with its messages. Nothing else ever reaches the client: no
HTML error page, no stack trace, no pydantic dump.
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.views import defaults
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from articles.wallabag.responses import error as wallabag_error

API_PREFIX = "/api/v1/"
WALLABAG_PREFIXES = ("/api/", "/oauth/")  # its API, and its token endpoint

# The codes, by status, when nothing more specific is said.
CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "not_ready",
    410: "gone",
    413: "too_large",
    422: "cannot_process",
    429: "rate_limited",
}


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """Raised anywhere under an endpoint: becomes the error response, with its headers."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = "",
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status, self.message = status, message
        self.code = code or CODES.get(status, "error")
        self.fields, self.headers = fields, headers or {}

    @classmethod
    def invalid(cls, fields: dict[str, list[str]]) -> "ApiError":
        """Bad input: the message repeats the first problem, `fields` lists them all."""
        first_field, messages = next(iter(fields.items()))
        where = "" if first_field == "__all__" else f"{first_field}: "
        return cls(400, f"{where}{messages[0]}", fields=fields)


def error_response(error: ApiError) -> JsonResponse:
    body: dict = {"code": error.code, "message": error.message}
    if error.fields:
        body["fields"] = error.fields
    response = JsonResponse({"error": body}, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


def form_error(form) -> ApiError:
    """A Django form's errors (the site's own validation, reused), as a 400."""
    return ApiError.invalid({name: list(errors) for name, errors in form.errors.items()})


def install(api) -> None:
    """Route every exception an endpoint (or its authentication) raises to one shape."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return error_response(exc)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        return error_response(ApiError.invalid(_pydantic_fields(exc.errors)))

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc: DjangoValidationError):
        return error_response(ApiError.invalid({"__all__": list(exc.messages)}))

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return error_response(ApiError(404, _not_found_message(exc)))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        return error_response(
            ApiError(401, UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # ninja's own: the session's CSRF check (403), a body it cannot parse (400).
        messages = {403: CSRF_FAILED, 400: "The request's body is not valid JSON."}
        return error_response(ApiError(exc.status_code, messages.get(exc.status_code, str(exc))))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc: RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2**20
        return error_response(ApiError(413, f"The request is larger than {limit} MB."))


UNAUTHENTICATED = (
    "Sign in: send a personal access token as “Authorization: Bearer <token>” (create one on "
    "your account page), or use the API from a logged-in browser session."
)
CSRF_FAILED = (
    "This request uses your browser session, so it needs the CSRF token in an X-CSRFToken "
    "header; or send a personal access token instead."
)


def _not_found_message(exc: Http404) -> str:
    # get_object_or_404 says "No Article matches the given query."; say it for people.
    text = str(exc)
    if not text or "matches the given query" in text:
        return "Not found: there is nothing with that id among yours."
    return text


def _pydantic_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        # loc is where: ("query", "limit"), ("body", <argument>, "tags", 3)
        source, *parts = [str(part) for part in error.get("loc", ())] or [""]
        if source == "body":
            parts = parts[1:]  # the endpoint's argument name means nothing to the client
        name = ".".join(parts) or "__all__"
        fields.setdefault(name, []).append(_sentence(error.get("msg", "is not valid")))
    return fields or {"__all__": ["The request is not valid."]}


def _sentence(message: str) -> str:
    message = message.removeprefix("Value error, ")
    return message if message.endswith(".") else f"{message}."


def json_method_not_allowed(view):
    """ninja answers a method an address lacks with a bare 405; say it in the one shape."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            message = f"This address does not take {request.method}; it takes {allowed}."
            return error_response(ApiError(405, message, headers={"Allow": allowed}))
        return response

    return checked


def not_found_view(request: HttpRequest, exception):
    """Django's handler404: JSON under the APIs, ours and wallabag's, each in its own error
    shape (an unknown path, or an address refused before any view by the control-character
    check), the site's page everywhere else."""
    refused = isinstance(exception, Http404) and "control characters" in str(exception)
    refusal = "This address contains control characters, so it names nothing."
    if request.path.startswith(API_PREFIX):
        message = "There is no such address in the API; see /api/v1/docs for the list."
        return error_response(ApiError(404, refusal if refused else message))
    if request.path.startswith(WALLABAG_PREFIXES):
        message = "There is no such address in the wallabag API."
        return wallabag_error(404, "not_found", refusal if refused else message)
    return defaults.page_not_found(request, exception)
