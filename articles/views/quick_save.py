"""Saving from elsewhere in one step: the bookmarklet's small window, and the phone's share menu
(the web app's share target).

A GET only shows what will be saved, in a form with the CSRF token; saving is always that
form's POST, on our origin. The bookmarklet's window submits the form by itself (static/js)
when its key proves the user's own bookmarklet opened it, after asking the page it was opened
from for the page as the browser shows it (paywalls, logins). SECURITY.md, "Saving from other
pages", says why this cannot be used to save things behind the user's back.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_http_methods

from articles.forms import AddArticleForm
from articles.ingest.errors import IngestError
from articles.views import saving

# Apps sharing a page often put its link in the text ("Read this: https://…"), not in url.
_LINK_IN_TEXT = re.compile(r"https?://\S+", re.I)


@require_http_methods(["GET", "HEAD", "POST"])
def quick_save(request):
    popup = request.GET.get("popup") == "1" or request.POST.get("popup") == "1"
    if request.method == "POST":
        form = AddArticleForm(request.POST)
        if form.is_valid():
            try:
                saved = saving.save(request.user, form.cleaned_data)
            except IngestError as error:
                form.add_ingest_error(error)
            else:
                return _saved(request, saved, popup)
    else:
        form = AddArticleForm(initial={"url": _shared_link(request.GET)})
    # Filled in already: focusing it would only open a phone's keyboard over the Save button.
    form.fields["url"].widget.attrs.pop("autofocus", None)
    link = form["url"].value() or ""
    context = {
        "form": form,
        "popup": popup,
        "title": request.GET.get("title", "")[:500] if request.method == "GET" else "",
        # The window saves by itself only for the user's own bookmarklet, and takes the page's
        # HTML only from a window of the page's own origin.
        "auto": request.method == "GET" and popup and _key_matches(request),
        "page_origin": _origin(link),
        "no_link": request.method == "GET" and not link and bool(request.GET.get("text")),
        "max_bytes": settings.FETCH_MAX_BYTES,
    }
    response = render(
        request, "articles/quick_save.html", context, status=400 if form.errors else 200
    )
    return _keep_opener(response) if popup else response


def _saved(request, saved, popup: bool):
    if not popup:  # shared from a phone: open the article there
        saving.tell_what_happened(request, saved)
        return redirect(saved.article)
    heading, detail = _outcome(saved)
    context = {
        "article": saved.article,
        "title": saved.article.title or request.POST.get("title", "")[:500] or saved.article.url,
        "heading": heading,
        "detail": detail,
    }
    return _keep_opener(render(request, "articles/quick_saved.html", context))


def _outcome(saved) -> tuple[str, str]:
    """What the window says after saving: a heading, and a line under it."""
    if saved.created:
        if saved.article.status == saved.article.Status.READY:
            return "Saved", "The page, as your browser showed it."
        return "Saved", "newsreader is fetching the page."
    if saved.updated:
        return "Saved again", "Your copy now has the page as your browser shows it."
    return "Already saved", f"You saved this article on {saving.saved_on(saved)}."


def _shared_link(params) -> str:
    link = params.get("url", "").strip()
    if link:
        return link
    found = _LINK_IN_TEXT.search(params.get("text", ""))
    return found[0].rstrip(").,;!?'\"”»") if found else ""


def _key_matches(request) -> bool:
    return constant_time_compare(request.GET.get("k", ""), saving.bookmarklet_key(request.user))


def _origin(link: str) -> str:
    try:
        parts = urlsplit(link)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


def _keep_opener(response):
    """The site sends Cross-Origin-Opener-Policy: same-origin, which would cut this window off
    from the page that opened it; here the two must talk (postMessage, both sides checked)."""
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response
