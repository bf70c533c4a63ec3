"""What the API's resources share: error responses, the token check, the public reader, an invalid request,
and the helpers that link, name, filter and paginate records."""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from ninja.security import HttpBearer

from api import schemas
from core.permissions import can_use_api_token

ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error, 429: schemas.Error}
WRITE_ERRORS = {**ERRORS, 403: schemas.Error}
PUBLIC = AnonymousUser()  # reads show what the public sees; a token adds only its own draft activities


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; api.http.api_view has already found and checked the token."""

    def authenticate(self, request, token):
        return request.api_token if can_use_api_token(getattr(request, "api_token", None)) else None


class Invalid(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors


def absolute_url(request, record) -> str:
    return request.build_absolute_uri(record.get_absolute_url())


def ref(record) -> dict:
    return {"slug": record.slug, "name": getattr(record, "name", None) or str(record)}


def filtered(filterset_class, queryset, values: dict, names: dict[str, str]):
    """The queryset through a page's FilterSet, with the API's parameter names mapped onto the page's."""
    data = QueryDict(mutable=True)
    for api_name, page_name in names.items():
        value = values.get(api_name)
        if value is not None:
            data[page_name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        back = {page_name: api_name for api_name, page_name in names.items()}
        raise Invalid(
            {
                back.get(name, name): [str(message) for message in messages]
                for name, messages in filterset.errors.items()
            }
        )
    return filterset.qs


def paginated(request, queryset, query: schemas.PageQuery, serialise) -> dict:
    paginator = Paginator(queryset, query.page_size)
    if query.page > paginator.num_pages:
        raise Http404
    page = paginator.page(query.page)

    def link(number):
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialise(request, record) for record in page.object_list],
    }
