"""Reading the wallabag clients' parameters: from the query string, a form body or a JSON body
(each client picks one), with a 400 that says what is wrong instead of a guess or a 500."""

import json
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict

from articles.imports.formats.files import from_any_date
from articles.tagging import parse_tag_names
from articles.user_input import CONTROL, normalise

_TRUE = ("1", "true")
_FALSE = ("0", "false", "")


class BadRequest(Exception):
    """A parameter a client sent cannot be used; the message says which and why."""


class NotFound(Http404):
    """Nothing there, with a message written for the client (a page past the last one)."""


class Params:
    """A request's parameters: the body's (form or JSON) over the query string's."""

    def __init__(self, request):
        self.query = request.GET
        self.values: dict[str, Any] = {key: request.GET.get(key) for key in request.GET}
        self.values.update(_body(request))

    def __contains__(self, name: str) -> bool:
        return self.values.get(name) is not None

    def text(self, name: str, max_length: int | None = None, multiline: bool = False) -> str | None:
        """A text parameter, NFC-normalised; None when absent. Numbers are taken as text."""
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise BadRequest(f"“{name}” must be text.")
        value = normalise(str(value))
        if "\x00" in value or (not multiline and CONTROL.search(value)):
            raise BadRequest(f"“{name}” contains an invisible control character.")
        if max_length is not None and len(value) > max_length:
            raise BadRequest(f"“{name}” can be at most {max_length} characters.")
        return value

    def required(self, name: str, max_length: int | None = None) -> str:
        value = self.text(name, max_length)
        if not value or not value.strip():
            raise BadRequest(f"The parameter “{name}” is required.")
        return value.strip()

    def flag(self, name: str) -> bool | None:
        """A 0/1 parameter (clients also send true/false); None when absent."""
        value = self.values.get(name)
        if value is None:
            return None
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise BadRequest(f"“{name}” must be 0 or 1, not “{str(value)[:40]}”.")

    def integer(self, name: str, default: int, minimum: int = 1, maximum: int = 2**31 - 1) -> int:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        text = str(value).strip()
        if isinstance(value, bool) or not text.lstrip("-").isdigit() or len(text) > 12:
            raise BadRequest(f"“{name}” must be a whole number, not “{text[:40]}”.")
        number = int(text)
        if number < minimum:
            raise BadRequest(f"“{name}” must be at least {minimum}.")
        return min(number, maximum)

    def choice(self, name: str, choices: tuple[str, ...]) -> str:
        """One of `choices`, the first being the default."""
        value = self.values.get(name)
        if value is None or value == "":
            return choices[0]
        if value not in choices:
            listed = ", ".join(choices)
            raise BadRequest(f"“{name}” must be one of {listed}, not “{str(value)[:40]}”.")
        return value

    def tag_names(self, name: str = "tags") -> list[str] | None:
        """Tag names from a comma-separated string (or a JSON list); None when absent."""
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, list):
            value = ",".join(str(item) for item in value if isinstance(item, str | int))
        elif not isinstance(value, str | int):
            raise BadRequest(f"“{name}” must be a comma-separated list of tags.")
        try:
            return parse_tag_names(str(value))
        except ValidationError as error:
            raise BadRequest(error.messages[0]) from None

    def date(self, name: str) -> datetime | None:
        """A Unix timestamp or an ISO 8601 date; None when absent or empty."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            moment = from_any_date(value)
        except (ValueError, OverflowError, OSError):
            moment = None
        if moment is None:
            raise BadRequest(f"“{name}” must be a Unix timestamp or an ISO 8601 date.")
        return moment

    def timestamp(self, name: str) -> datetime | None:
        """A Unix timestamp (wallabag's `since`); None when absent."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        text = str(value).strip()
        if not text.isdigit() or len(text) > 12:
            raise BadRequest(f"“{name}” must be a Unix timestamp (seconds), not “{text[:40]}”.")
        return from_any_date(text)

    def many(self, name: str) -> list[str]:
        """A repeated query parameter, as PHP clients send it (`urls[]=a&urls[]=b`)."""
        return [normalise(v) for v in self.query.getlist(f"{name}[]") + self.query.getlist(name)]


def _body(request) -> dict[str, Any]:
    """The body's parameters: JSON (KOReader) or form-encoded (the Android app), for any
    method; Django itself reads form bodies of POST requests only."""
    if request.method == "GET" or not request.body:
        return {}
    content_type = request.content_type or ""
    if "json" in content_type or request.body.lstrip()[:1] in (b"{", b"["):
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("The body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise BadRequest("The JSON body must be an object of parameters.")
        return data
    if content_type.startswith("multipart/"):
        return {key: request.POST.get(key) for key in request.POST}
    try:
        form = QueryDict(request.body, encoding=request.encoding)
    except UnicodeDecodeError:
        raise BadRequest("The form body is not valid UTF-8.") from None
    return {key: (values[0] if len(values) == 1 else values) for key, values in form.lists()}
