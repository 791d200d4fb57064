"""newsreader's own API at /api/v1/, its OpenAPI document (/api/v1/openapi.json) and browsable
docs (/api/v1/docs), both generated from the endpoints' type hints by django-ninja."""

import pydantic_core
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI, Swagger
from ninja.renderers import BaseRenderer

from articles import throttle
from articles.api import articles, errors, searches, tags, transfers
from articles.api.auth import AUTH

_PER_TOKEN = throttle.API_REQUESTS_PER_TOKEN

DESCRIPTION = f"""
Everything in your library, for apps and scripts.

**Signing in.** Create a personal access token on your account page and send it with every
request: `Authorization: Bearer nrp_…`. (From a logged-in browser, the session works too; unsafe
methods then need the `X-CSRFToken` header.)

**Errors** always have one shape, `{{"error": {{"code": "…", "message": "…"}}}}`, plus `fields`
(each faulty field and its messages) for bad input. `code` is stable: `invalid` (400),
`unauthenticated` and `invalid_token` (401), `csrf_failed` (403), `not_found` (404; also for
anything that is not yours), `method_not_allowed` (405), `not_ready` (409), `gone` (410),
`too_large` (413), `cannot_save` (422: the page cannot be saved, the message says why),
`rate_limited` (429, with `Retry-After`).

**Pages.** Lists return `next_cursor`; pass it back as `cursor` until it is null.

**Limits.** Each token may make {_PER_TOKEN.count:,} requests in {_PER_TOKEN.seconds} seconds.
Requests with tokens that are not valid are counted per address; too many get 429 until the
window ends (valid tokens keep working).
"""


# The site's policy, and Swagger UI's own stylesheet may draw its icons from data: URIs (the page
# shows no user content, so this opens nothing).
DOCS_CSP = {**settings.SECURE_CSP, "img-src": [*settings.SECURE_CSP["img-src"], "data:"]}


class JSONRenderer(BaseRenderer):
    """pydantic's own serialiser, in Rust: a page of articles holds 130 dates, which Python's
    json module would hand one by one to an encoder written in Python."""

    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return pydantic_core.to_json(data)


class NewsreaderAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__  # list_articles, not articles_api_articles_list_…


api = NewsreaderAPI(
    title="newsreader API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=AUTH,
    # No validator badge: Swagger UI would load it from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    docs_decorator=csp_override(DOCS_CSP),
    renderer=JSONRenderer(),
)
errors.install(api)
api.add_router("/articles", articles.router)
api.add_router("/tags", tags.router)
api.add_router("/searches", searches.router)
api.add_router("/imports", transfers.imports)
api.add_router("/exports", transfers.exports)


def _own_authentication(patterns):
    """Every endpoint authenticates itself (a token, or the session), answering 401 in JSON:
    the site's redirect to the login page is for people. The docs and the OpenAPI document
    hold no user data (they describe the API of an open-source program)."""
    for pattern in patterns:
        pattern.callback = login_not_required(errors.json_method_not_allowed(pattern.callback))
    return patterns


app_name = api.urls_namespace  # ninja's docs page finds the OpenAPI document by this name
urlpatterns = _own_authentication(api.urls[0])
