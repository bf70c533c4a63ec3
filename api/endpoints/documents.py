"""Documents and media: the public ones (the media library as a visitor sees it)."""

from django.urls import reverse
from ninja import Query, Router

from api import schemas
from api.endpoints.common import ERRORS, PUBLIC, absolute_url, filtered, paginated, ref
from documents.filters import DocumentFilter
from documents.models import Document
from documents.permissions import visible_documents

router = Router()


def _document(request, document: Document) -> dict:
    file_url = document.url or request.build_absolute_uri(reverse("documents:download", args=[document.pk]))
    return {
        "id": document.pk,
        "title": document.title,
        "description": document.description,
        "kind": document.kind,
        "kind_label": document.get_kind_display(),
        "year": document.year,
        "language": document.language,
        "themes": [ref(theme) for theme in document.themes.all()],
        "lines": [ref(line) for line in document.lines.all()],
        "is_link": document.is_link,
        "file_url": file_url,
        "content_type": document.content_type,
        "size": document.size,
        "updated_at": document.updated_at,
        "url": absolute_url(request, document),
    }


@router.get(
    "/documents/",
    response={200: schemas.page_of(schemas.Document), **ERRORS},
    tags=["documents"],
    summary="List public documents and media",
)
def documents(request, query: Query[schemas.DocumentQuery]):
    selection = visible_documents(Document.objects.all(), PUBLIC).prefetch_related("themes", "lines")
    selection = filtered(
        DocumentFilter, selection, query.dict(), {"kind": "soort", "theme": "thema", "line": "lijn", "year": "jaar"}
    )
    return paginated(request, selection.order_by("-year", "-created_at", "-pk"), query, _document)
