"""Writing documents: storing the file through Django's storage API (the file system, or what production names as
the default storage), attaching, changing and removing."""

import uuid
from collections.abc import Iterable

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model

from accounts.models import User
from documents import targets
from documents.models import Document
from documents.sniffing import Recognised


def save_document(
    document: Document,
    *,
    target: Model | None = None,
    upload: File | None = None,
    recognised: Recognised | None = None,
    themes: Iterable = (),
    lines: Iterable = (),
    uploader: User | None = None,
) -> Document:
    """Save a new or changed document. A new one is attached to target (None: the network as a whole). An upload
    must come with what sniffing recognised; it replaces the stored file, which is removed after the commit."""
    if document.pk is None:
        document.target_kind = targets.label(target) if target is not None else ""
        document.target_id = target.pk if target is not None else None
        document.uploaded_by = uploader
    old_name = document.file.name if document.file else ""
    new_name = ""
    try:
        with transaction.atomic():
            if upload is not None and recognised is not None:
                content = ContentFile(recognised.image) if recognised.image is not None else upload
                # A name of our own: the uploader's file name may say more than it should, or be a path.
                document.file.save(f"{uuid.uuid4().hex}{recognised.extension}", content, save=False)
                new_name = document.file.name
                document.content_type = recognised.content_type
                document.extension = recognised.extension
                document.size = document.file.size
                document.url = ""
            elif document.url:
                _forget_file(document)
            document.full_clean(exclude=["file"])
            document.save()
            document.themes.set(themes)
            document.lines.set(lines)
    except Exception:
        if new_name:  # stored, but the record that would name it was not saved
            default_storage.delete(new_name)
        raise
    if old_name and old_name != document.file.name:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    return document


def _forget_file(document: Document) -> None:
    document.file = ""
    document.content_type = ""
    document.extension = ""
    document.size = 0


def delete_document(document: Document) -> None:
    name = document.file.name if document.file else ""
    document.delete()
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def delete_documents_of(record: Model) -> None:
    """A record's documents go with it (called where the record is deleted)."""
    for document in targets.of(Document.objects.all(), record):
        delete_document(document)
