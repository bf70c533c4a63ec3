"""The documents of a record on its page (core.contributions): one provider for every kind of record in
documents.targets, with the links to attach, change and remove for whoever may edit the record."""

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse

from core.contributions import Section
from core.permissions import can_manage_documents
from documents import targets
from documents.models import Document
from documents.permissions import visible_documents
from network.models import Line


def attached_documents(request: HttpRequest, record) -> Section | None:
    documents = targets.of(Document.objects.all(), record)
    if isinstance(record, Line):  # also what is tagged with the line, wherever it is attached
        tagged = visible_documents(Document.objects.filter(lines=record), request.user)
        documents = Document.objects.filter(Q(pk__in=documents.values("pk")) | Q(pk__in=tagged.values("pk")))
    if not request.user.is_authenticated:
        documents = documents.filter(members_only=False)
    documents = documents.prefetch_related("themes")
    may_manage = can_manage_documents(request.user, record)
    if not may_manage and not documents:
        return None
    return Section(
        "documents/_attached.html",
        {
            "documents": documents,
            "may_manage": may_manage,
            "attach_url": reverse("documents:attach", args=[targets.label(record), record.pk]) if may_manage else "",
        },
    )
