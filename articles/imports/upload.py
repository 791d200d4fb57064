"""Taking an upload: refuse what is too big before storing it, recognise the format at once (so a
wrong file gets its message on the spot), store the file, queue the job."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from articles.imports import formats, tasks
from articles.imports.formats import ImportFileError, Source
from articles.imports.models import Import
from articles.transfer_files import expiry, file_path, transfer_storage


class SizeLimit(FileUploadHandler):
    """Stops reading an upload past IMPORT_MAX_BYTES (the rest of the request is discarded)."""

    too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.IMPORT_MAX_BYTES + 64 * 1024:
            self.too_large = True
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.IMPORT_MAX_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def too_large_message() -> str:
    return f"That file is larger than {settings.IMPORT_MAX_BYTES // 2**20} MB, the limit here."


def start_import(owner, uploaded, format_name: str = "") -> Import:
    """Check and store the file and queue its import; ImportFileError says what is wrong."""
    if uploaded.size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(too_large_message())
    fmt = formats.detect(Source(uploaded, uploaded.name), format_name)
    uploaded.seek(0)
    name = transfer_storage().save(file_path("imports", owner.pk, uploaded.name), uploaded)
    job = Import.objects.create(
        owner=owner, format=fmt.NAME, file=name, file_name=uploaded.name[:255], expires_at=expiry()
    )
    tasks.start(job)
    return job
