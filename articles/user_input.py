"""Where text from users enters newsreader (SECURITY.md, “Limits and user input”).

- Addresses: the middleware below refuses a control character in the path or in a query
  parameter with a 404 (such a link names nothing), before any view reads it. The search box's
  text (`q`) is the exception: it is what someone typed, so its control characters become spaces.
- Posted forms: every text field is a `TextField`, which refuses control characters with a form
  error and NFC-normalises what was typed.
- Posted parameters that name something (a tag to remove, a list to return to) are read with
  `param()`: a control character names nothing, so it is not found.

NUL above all: PostgreSQL refuses it in text, so it must never reach a query. Text is
NFC-normalised so that "Café" typed on a Mac (e + combining accent) and on Windows (é) is one tag,
one saved-search name, one search.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict

# C0 controls, DEL and C1 controls.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same, but for the tab, line feed and carriage return a textarea may hold.
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Query parameters that carry typed text rather than a name: the site's and the admin's search.
FREE_TEXT_PARAMETERS = ("q",)


def normalise(text: str) -> str:
    """One spelling for text that looks the same (NFC: "e" + combining accent becomes "é")."""
    return unicodedata.normalize("NFC", text)


def free_text(text: str) -> str:
    """Typed text that names nothing (a search): control characters become spaces."""
    return normalise(CONTROL.sub(" ", text))


def param(params: QueryDict, name: str, default: str = "") -> str:
    """A parameter that names something (a tag's slug, a view, a token): NFC-normalised, and
    Http404 if it holds a control character, since nothing is named like that."""
    value = params.get(name, default)
    if CONTROL.search(value):
        raise Http404(f"Nothing is named like the {name!r} of this request.")
    return normalise(value)


class TextField(forms.CharField):
    """The base of every text field in newsreader's forms."""

    default_error_messages = {
        "control_characters": "This contains an invisible control character; please type it again.",
    }

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value) if isinstance(value, str) else value

    def validate(self, value):
        super().validate(value)
        pattern = CONTROL_IN_TEXT if self.multiline else CONTROL
        if isinstance(value, str) and pattern.search(value):
            raise ValidationError(
                self.error_messages["control_characters"], code="control_characters"
            )


class ControlCharactersMiddleware:
    """Checks every address once, before any view (or the admin) reads it: a control character
    in the path or a parameter is a 404; the search text loses them; everything is NFC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL.search(request.path):
            raise Http404("This address contains control characters.")
        # Anything but printable ASCII arrives %-encoded: most addresses need no second look.
        if "%" in request.META.get("QUERY_STRING", ""):
            request.GET = _checked(request.GET)
        return self.get_response(request)


def _checked(params: QueryDict) -> QueryDict:
    checked = QueryDict(mutable=True)
    for key in params:
        values = params.getlist(key)
        if key in FREE_TEXT_PARAMETERS:
            values = [free_text(value) for value in values]
        elif CONTROL.search(key) or any(CONTROL.search(value) for value in values):
            raise Http404("This address contains control characters.")
        else:
            values = [normalise(value) for value in values]
        checked.setlist(normalise(key), values)
    checked._mutable = False
    return checked
