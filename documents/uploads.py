"""Refusing a file that is too large while it arrives: the rest of it is read from the connection and thrown away,
never kept in memory or on disk, and the form still gets its other fields (so it keeps what was typed)."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class SizeLimit(FileUploadHandler):
    """Put first in request.upload_handlers; `refused` lists the fields whose file was dropped."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = settings.DOCUMENTS_MAX_UPLOAD_BYTES
        self.received = 0
        self.refused: list[str] = []

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused.append(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


def limit_uploads(request: HttpRequest) -> SizeLimit:
    """Before the request's body is read (the view must be csrf_exempt and check CSRF itself, after this)."""
    handler = SizeLimit(request)
    request.upload_handlers.insert(0, handler)  # type: ignore[union-attr]  # a list until the body is read
    return handler
