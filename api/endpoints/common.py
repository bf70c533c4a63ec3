"""What the API's resources share: error responses, the token check, the public reader, an invalid request,
and the helpers that link, name, filter and paginate records."""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from ninja.security import HttpBearer

from api import schemas
from core import invalidation
from core.permissions import can_use_api_token

# What is kept per version of a topic lags at most this long should a process die between a commit and the
# topic's renewal (core.invalidation).
KEPT_SECONDS = 600

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


def per_version(topic: str, label: str, queryset: QuerySet, compute: Callable[[], Any]) -> Any:
    """What compute() reads from the queryset, kept per version of a topic that holds every table the query reads
    (core.invalidation renews it with each write to them). The key is the query itself, so each filter, period,
    day, page and token has its own entry. Kept in the "pages" cache: in each process's memory or in Redis, so a
    miss costs no database write."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter no record can meet (an empty list of choices): Django sends no query
        return compute()
    digest = hashlib.sha256(f"{label}|{sql}|{params!r}".encode()).hexdigest()
    return caches["pages"].get_or_set(f"api:{invalidation.current(topic)}:{digest}", compute, KEPT_SECONDS)


def paginated(
    request,
    queryset,
    query: schemas.PageQuery,
    serialise,
    *,
    in_full: tuple[str, Callable[[list[int]], Iterable]] | None = None,
) -> dict:
    """One page of the records with the total count and links to the pages before and after.

    With `in_full` (topic, load): counting a large filtered selection and finding a page in it cost more than
    the page itself, so the count and the page's ids are kept per version of the topic (`per_version`), which
    must hold every table the selection reads; load(ids) then reads those few records, in the selection's order,
    with what the serialiser needs (related records, annotations)."""
    if in_full:
        topic, load = in_full
        queryset = queryset.values_list("pk", flat=True)
    paginator = Paginator(queryset, query.page_size)
    if in_full:
        paginator.count = per_version(topic, "count", queryset, queryset.count)  # Paginator's cached property
    if query.page > paginator.num_pages:
        raise Http404
    page = paginator.page(query.page)
    records: Iterable = page.object_list
    if in_full:
        first = (page.number - 1) * query.page_size
        ids = queryset[first : first + query.page_size]
        records = load(per_version(topic, "ids", ids, lambda: list(ids)))

    def link(number):
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialise(request, record) for record in records],
    }
