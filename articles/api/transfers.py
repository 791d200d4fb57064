"""/api/v1/imports and /api/v1/exports: start one, follow it, download a prepared export.

Both run on the job queue, as on the site: an import starts from an upload and reads the file in
the background; an export is always prepared in the background (a client polls its status,
then downloads the file while it is kept).
"""

from functools import wraps

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Router, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from articles.access import get_export_for_user, get_import_for_user
from articles.api.errors import ApiError, ErrorOut
from articles.api.schemas import ExportIn, ExportOut, ImportDetail, ImportOut
from articles.exports import scope as scopes
from articles.exports import tasks as export_tasks
from articles.exports.formats import FORMATS
from articles.exports.models import Export
from articles.imports import formats as import_formats
from articles.imports.formats import ImportFileError
from articles.imports.models import Import
from articles.imports.upload import SizeLimit, start_import, too_large_message

imports = Router(tags=["imports"])
exports = Router(tags=["exports"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut}
RECENT = 20


def _size_limited(run):
    """Stop reading an upload past IMPORT_MAX_BYTES (before anything reads the body)."""

    @wraps(run)
    def limited(request, *args, **kwargs):
        request.upload_limit = SizeLimit()
        request.upload_handlers.insert(0, request.upload_limit)
        return run(request, *args, **kwargs)

    return limited


IMPORT_FORMATS = [fmt.NAME for fmt in import_formats.FORMATS]


@imports.post(
    "",
    response={202: ImportDetail, **ERRORS, 413: ErrorOut},
    url_name="imports",
    description="Upload the export file of another app (multipart/form-data, field `file`). "
    f"`format` is recognised from the file when not given: {', '.join(IMPORT_FORMATS)}.",
)
@decorate_view(_size_limited)
def upload_import(request, file: File[UploadedFile] = None, format: Form[str] = ""):
    if request.upload_limit.too_large:
        raise ApiError(413, too_large_message())
    if file is None:
        raise ApiError.invalid({"file": ["Attach the file to import, as the field “file”."]})
    if format and format not in IMPORT_FORMATS:
        known = ", ".join(IMPORT_FORMATS)
        raise ApiError.invalid({"format": [f"Unknown format; use one of {known}, or none."]})
    try:
        job = start_import(request.auth, file, format)
    except ImportFileError as error:
        raise ApiError.invalid({"file": [str(error)]}) from None
    return Status(202, import_out(job))


@imports.get("", response={200: list[ImportOut], **ERRORS})
def recent_imports(request):
    return list(Import.objects.filter(owner=request.auth)[:RECENT])


@imports.get("/{int:pk}", response={200: ImportDetail, **ERRORS}, url_name="import")
def import_status(request, pk: int):
    """Where the import has got to, and how the fetches of the articles it added are going."""
    return import_out(get_import_for_user(request.auth, pk))


@imports.post(
    "/{int:pk}/cancel",
    response={200: ImportDetail, **ERRORS, 409: ErrorOut},
    url_name="import_cancel",
)
def cancel_import(request, pk: int):
    """Stop a queued or running import; the articles it has already added stay."""
    job = get_import_for_user(request.auth, pk)
    if not job.cancel():
        raise ApiError(409, f"This import has already ended ({job.get_state_display().lower()}).")
    return import_out(job)


def import_out(job: Import) -> Import:
    job.fetches = job.fetch_counts()
    return job


@exports.post("", response={202: ExportOut, **ERRORS}, url_name="exports")
def start_export(request, payload: ExportIn):
    """Prepare an export in the background; poll its status, then download it."""
    scope = _scope(payload)
    articles = scopes.articles_in(request.auth, scope)  # someone else's tag or article: 404
    fmt = FORMATS[payload.format]
    label = scopes.describe(request.auth, scope)
    export = export_tasks.start_export(request.auth, scope, fmt, label, articles.count())
    return Status(202, export_out(export))


def _scope(payload: ExportIn) -> scopes.Scope:
    needs = {
        "tag": ("tag", payload.tag, "Name the tag to export, by its slug."),
        "search": ("query", payload.query.strip(), "Give the search to export."),
        "selection": ("ids", payload.ids, "List the ids of the articles to export."),
        "article": ("ids", payload.ids[:1], "Give the id of the article to export."),
    }
    if payload.scope in needs:
        field, value, message = needs[payload.scope]
        if not value:
            raise ApiError.invalid({field: [message]})
    ids = payload.ids[:1] if payload.scope == "article" else payload.ids
    return scopes.Scope(payload.scope, tag=payload.tag, query=payload.query, ids=ids)


@exports.get("", response={200: list[ExportOut], **ERRORS})
def recent_exports(request):
    return [export_out(e) for e in Export.objects.filter(owner=request.auth)[:RECENT]]


@exports.get("/{int:pk}", response={200: ExportOut, **ERRORS}, url_name="export")
def export_status(request, pk: int):
    return export_out(get_export_for_user(request.auth, pk))


@exports.get(
    "/{int:pk}/download",
    response={200: None, **ERRORS, 409: ErrorOut, 410: ErrorOut},
    url_name="export_download",
)
def download_export(request, pk: int):
    """The prepared file (409 while it is being prepared, 410 once it has expired)."""
    export = get_export_for_user(request.auth, pk)
    if export.state in Export.IN_PROGRESS:
        raise ApiError(409, "This export is still being prepared; try again in a moment.")
    if not _downloadable(export):
        raise ApiError(410, "This export has expired or failed; start a new one.")
    name = export.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=FORMATS[export.format].content_type,
    )


def _downloadable(export: Export) -> bool:
    return (
        export.state == Export.State.READY
        and bool(export.file)
        and export.expires_at is not None
        and export.expires_at > timezone.now()
    )


def export_out(export: Export) -> Export:
    export.download_url = (
        reverse("api_v1:export_download", args=[export.pk]) if _downloadable(export) else None
    )
    return export
