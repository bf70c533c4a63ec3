"""The open API: read what the public sees, write activities and stories with an organisation's token.

Reads go through the same visibility rules and query code as the web pages (core.permissions, the
FilterSets, programmes.services, stories.book.attribution); writes go through the same forms and
services as an editor's save or the public story form.

One module per resource (organisations, activities, projects and offerings, programmes, stories, documents, the
network, lines of work), each with its ninja router; common holds what they share. This module makes the API: its
error answers and the routers in order.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.operation import Operation

from api.endpoints import activities, documents, lines, network, organisations, programmes, projects, stories
from api.endpoints.common import Invalid
from api.errors import message


class RimpelAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The ids clients know, from when every operation lived in api/endpoints.py (ninja would add the module).
        return f"api_endpoints_{operation.view_func.__name__}"


api = RimpelAPI(
    title="rimpel API",
    version="1",
    description=(
        "The network's public data: organisations, activities, projects, offerings, programmes with their "
        "figures, published stories, documents and media, themes, the network's identity and its lines of work. "
        "The lines' meetings (agenda, notes, invitees, decisions, follow-ups) are for members only and are not in "
        "the API. Lists are paginated (`page`, `page_size`) and ordered stably. "
        "Responses carry a weak ETag; send it back in `If-None-Match` to get 304 Not Modified. "
        "Write access (activities, stories) needs an organisation's API token, sent as "
        "`Authorization: Bearer <token>`; a coordinator issues it. Texts such as labels follow "
        "`Accept-Language` (Dutch by default). Requests are rate limited (429 with `Retry-After`)."
    ),
    urls_namespace="api",
    docs_url=None,
)


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    errors: dict[str, list[str]] = {}
    for problem in exc.errors:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("query", "body", "path", "payload")]
        errors.setdefault(".".join(location) or "non_field", []).append(message(problem))
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": errors}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    messages = {401: _("A valid API token is needed for this."), 403: _("This token may not do this.")}
    return api.create_response(request, {"detail": messages.get(exc.status_code, exc.message)}, status=exc.status_code)


@api.exception_handler(Invalid)
def invalid_record(request, exc):
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": exc.errors}, status=400)


# The OpenAPI document lists the operations in this order.
for resource in (organisations, activities, projects, programmes, stories, documents, network, lines):
    api.add_router("", resource.router)
