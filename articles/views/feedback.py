"""How actions answer a plain form post: back to the page the user was on (Post/Redirect/Get)."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from articles.user_input import CONTROL


def next_path(request, default: str = "") -> str:
    """The form's `next` if it is a path on this site, else `default`.

    The one place `next` is read (SECURITY.md, “Redirects”): `javascript:…`,
    `https://evil.example`, `//evil.example` and `/\\evil.example` are refused by Django's own
    check, and anything but a plain path (no scheme, no host, no control character) goes to
    `default`.
    """
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe or not target.startswith("/") or target.startswith("//") or CONTROL.search(target):
        return default
    return target


def go_back(request, default: str, avoid: int | None = None):
    """Redirect to the form's `next` if it is a page of this site, else to `default`.

    `avoid` is the id of an article that no longer exists, whose reading page is no place to go.
    """
    target = next_path(request, default)
    if avoid is not None and target.split("?")[0] == reverse("article", args=[avoid]):
        target = default
    return redirect(target)


def quoted(text: str, limit: int = 80) -> str:
    """User text inside a message, shortened: “A long title…”."""
    text = text.strip()
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"
