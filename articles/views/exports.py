"""Exports: the page to choose one, direct downloads of small ones, background jobs for big ones,
and the owner-only download of a prepared file."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.access import get_export_for_user
from articles.exports import scope as scopes
from articles.exports import tasks
from articles.exports.formats import FORMATS
from articles.exports.models import Export
from articles.exports.rows import export_rows
from articles.plurals import articles_count


def exports(request):
    """Choose what and how to export (GET, scope from the query), and the prepared files."""
    scope = scopes.Scope.from_request(request.GET)
    context = {
        "formats": FORMATS.values(),
        "scope": scope,
        "scope_label": scopes.describe(request.user, scope),
        "count": scopes.articles_in(request.user, scope).count(),
        "exports": (recent := _recent(request.user)),
        "preparing": any(
            job.state in (Export.State.QUEUED, Export.State.RUNNING) for job in recent
        ),
        "keep_hours": settings.TRANSFER_FILES_KEEP_HOURS,
    }
    if request.htmx and request.GET.get("list"):
        return render(request, "articles/exports.html#prepared", context)
    return render(request, "articles/exports.html", context)


@require_POST
def export(request):
    scope = scopes.Scope.from_request(request.POST)
    fmt = FORMATS.get(request.POST.get("format", ""))
    if fmt is None:
        raise Http404("No such format.")
    articles = scopes.articles_in(request.user, scope)
    count = articles.count()
    label = scopes.describe(request.user, scope)
    stem = scopes.file_stem(request.user, scope, timezone.localdate())
    if count <= settings.EXPORT_DIRECT_MAX_ARTICLES:
        title = label if scope.kind != "article" else ""
        response = StreamingHttpResponse(
            fmt.chunks(export_rows(articles), title=f"newsreader: {title}" if title else ""),
            content_type=fmt.content_type,
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt.extension}"'
        return response
    tasks.start_export(request.user, scope, fmt, label, count)
    messages.success(
        request,
        f"Preparing {fmt.label} of {articles_count(count)}. It will be ready to download here.",
    )
    return redirect("exports")


def download(request, export_pk: int):
    job = get_export_for_user(request.user, export_pk)
    if job.state != Export.State.READY or not job.file or job.expires_at < timezone.now():
        messages.error(request, "That export has expired or is not ready; prepare a new one.")
        return redirect("exports")
    name = job.file.name.rsplit("/", 1)[-1]
    fmt = FORMATS[job.format]
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=name, content_type=fmt.content_type
    )


def _recent(user):
    return list(Export.objects.filter(owner=user).select_related("library_of")[:20])
