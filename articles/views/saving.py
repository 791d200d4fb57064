"""Saving articles from a link or from pasted HTML, and re-fetching them."""

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_POST

from articles.access import get_article_for_user
from articles.cards import day_label
from articles.forms import AddArticleForm
from articles.ingest import saving
from articles.ingest.errors import IngestError
from articles.jobs.queue import queue_fetch


def add(request):
    # GET only fills the form (a link from a bookmarklet): saving always needs a POST.
    form = AddArticleForm(request.POST or None, initial={"url": request.GET.get("url", "")})
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(request.user, form.cleaned_data)
        except IngestError as error:
            form.add_ingest_error(error)
        else:
            tell_what_happened(request, saved)
            return redirect(saved.article)
    context = {
        "form": form,
        "bookmarklet": bookmarklet(request),
        "paste_open": "paste" in request.GET,  # "Paste a page" links open that part
    }
    return render(request, "articles/add.html", context)


# The bookmarklet opens the quick-save window (articles/views/quick_save.py) on newsreader's
# origin, with the page's link and a key that lets it save without asking; that window asks
# the page for its HTML through postMessage, checking who answers, and answers only its opener.
BOOKMARKLET = (
    "javascript:(function(){var o=%(origin)s,s=%(save)s,u=encodeURIComponent(location.href),"
    "w=window.open(s+'?popup=1&k='+%(key)s+'&url='+u+'&title='+encodeURIComponent(document.title),"
    "'newsreader','width=460,height=520');"
    "if(!w){location.href=s+'?url='+u;return}"
    "addEventListener('message',function h(e){"
    "if(e.source!==w||e.origin!==o||e.data!=='newsreader:page?')return;"
    "removeEventListener('message',h);"
    "w.postMessage({newsreader:'page',url:location.href,html:document.documentElement.outerHTML},o)"
    "})})()"
)


def bookmarklet(request) -> str:
    """A bookmark that saves the page it is clicked on, in one click."""
    save_url = request.build_absolute_uri(reverse("quick_save"))
    origin = request.build_absolute_uri("/").rstrip("/")
    values = {"origin": origin, "save": save_url, "key": bookmarklet_key(request.user)}
    return BOOKMARKLET % {name: json.dumps(value) for name, value in values.items()}


def bookmarklet_key(user) -> str:
    """Proof that the quick-save window was opened by this user's own bookmarklet, so it may
    save without a click. Changing the password changes it (SECURITY.md, "Saving from other
    pages")."""
    return salted_hmac(
        "newsreader.bookmarklet", f"{user.pk}:{user.password}", algorithm="sha256"
    ).hexdigest()[:32]


def save(user, data) -> saving.Saved:
    """What the add form (or the quick-save window) was given, saved as the API saves it."""
    return saving.save(user, data["url"], data["html"], data["tags"])


def tell_what_happened(request, saved: saving.Saved) -> None:
    title = saved.article.title or saved.article.url
    if saved.created:
        if saved.article.status == saved.article.Status.READY:  # pasted HTML; a link is pending
            messages.success(request, f"Saved “{title}”.")
    elif saved.updated:
        messages.success(request, f"Updated your saved copy of “{title}” with the pasted page.")
    else:
        messages.info(request, f"You already saved this article on {saved_on(saved)}; here it is.")


def saved_on(saved: saving.Saved) -> str:
    return day_label(timezone.localtime(saved.article.created_at), timezone.localtime())


@require_POST
def refetch(request, pk: int):
    """Re-fetch a saved article, or retry one that failed, through the worker."""
    article = get_article_for_user(request.user, pk)
    if article.url or article.given_url:
        queue_fetch(article)
    return redirect(article)
