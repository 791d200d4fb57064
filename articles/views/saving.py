"""Saving articles from a link or from pasted HTML, and re-fetching them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
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
            data = form.cleaned_data
            saved = saving.save(request.user, data["url"], data["html"], data["tags"])
        except IngestError as error:
            form.add_ingest_error(error)
        else:
            _tell_what_happened(request, saved)
            return redirect(saved.article)
    context = {
        "form": form,
        "bookmarklet": bookmarklet(request),
        "paste_open": "paste" in request.GET,  # "Paste a page" links open that part
    }
    return render(request, "articles/add.html", context)


def bookmarklet(request) -> str:
    """A bookmark that opens the add form with the current page's link filled in."""
    add_url = request.build_absolute_uri(reverse("add"))
    return f"javascript:location.href='{add_url}?url='+encodeURIComponent(location.href)"


def _tell_what_happened(request, saved: saving.Saved) -> None:
    title = saved.article.title or saved.article.url
    if saved.created:
        if saved.article.status == saved.article.Status.READY:  # pasted HTML; a link is pending
            messages.success(request, f"Saved “{title}”.")
    elif saved.updated:
        messages.success(request, f"Updated your saved copy of “{title}” with the pasted page.")
    else:
        when = day_label(timezone.localtime(saved.article.created_at), timezone.localtime())
        messages.info(request, f"You already saved this article on {when}; here it is.")


@require_POST
def refetch(request, pk: int):
    """Re-fetch a saved article, or retry one that failed, through the worker."""
    article = get_article_for_user(request.user, pk)
    if article.url or article.given_url:
        queue_fetch(article)
    return redirect(article)
