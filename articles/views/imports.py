"""Imports: upload a file, watch its progress, cancel it, download its report."""

import csv

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from articles.access import get_import_for_user
from articles.forms import ImportForm
from articles.imports.formats import ImportFileError
from articles.imports.models import Import, ImportedArticle, ImportProblem
from articles.imports.upload import SizeLimit, start_import, too_large_message


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
def imports(request):
    limit = SizeLimit()
    request.upload_handlers.insert(0, limit)
    return _imports(request, limit)


@csrf_protect
def _imports(request, limit: SizeLimit):
    form = ImportForm(request.POST or None, request.FILES or None)
    if limit.too_large:  # the file was not read, so the form has only this to say
        form.errors["file"] = form.error_class([too_large_message()])
    elif request.method == "POST" and form.is_valid():
        try:
            job = start_import(request.user, form.cleaned_data["file"], form.cleaned_data["format"])
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect(job)
    past = Import.objects.filter(owner=request.user)[:10]
    status = 400 if form.errors else 200
    return render(request, "articles/imports.html", {"form": form, "past": past}, status=status)


def progress(request, import_pk: int):
    job = _own_import(request, import_pk)
    context = {"job": job, "fetches": job.fetch_counts()}
    if request.htmx:
        return render(request, "articles/import.html#progress", context)
    return render(request, "articles/import.html", context)


@require_POST
def cancel(request, import_pk: int):
    job = _own_import(request, import_pk)
    if job.cancel():
        messages.success(request, "Import cancelled. The articles it had already added stay.")
    return redirect(job)


def report(request, import_pk: int):
    """Every row that was not imported, and every imported article whose fetch failed."""
    job = _own_import(request, import_pk)

    def rows():
        writer = csv.writer(_Echo())
        yield writer.writerow(["where", "url", "title", "reason"])
        for problem in ImportProblem.objects.filter(job=job).iterator():
            yield writer.writerow([problem.where, problem.url, problem.title, problem.reason])
        failed = ImportedArticle.objects.filter(job=job, article__status="failed").values_list(
            "where", "article__given_url", "article__title", "article__failure_reason"
        )
        for where, url, title, reason in failed.iterator():
            yield writer.writerow([where, url, title, f"The page could not be fetched: {reason}"])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.csv"'
    return response


def _own_import(request, pk: int) -> Import:
    return get_import_for_user(request.user, pk)


class _Echo:
    def write(self, value):
        return value
