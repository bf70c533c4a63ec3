"""The network's lines of work (zichtlijnen and dwarslijnen), as their public pages show them: purpose, themes,
holders by name and organisation, open questions and linked projects. Their meetings are for members only and
stay out of the API."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from api import schemas
from api.endpoints.common import ERRORS, PUBLIC, absolute_url, paginated, ref
from core.permissions import visible
from network.models import Line, Person
from projects.models import Project

router = Router()

MEETINGS_STAY_OUT = (
    "Meetings of a line (agenda, notes, invitees, decisions, follow-ups) are for members only and are not in the API."
)


def _line(request, line: Line) -> dict:
    return {
        "slug": line.slug,
        "name": line.name,
        "kind": line.kind,
        "kind_label": line.get_kind_display(),
        "purpose": line.purpose,
        "themes": [ref(theme) for theme in line.themes.all()],
        # Name and organisation, as the public page shows them; e-mail and phone are for logged-in members.
        "holders": [{"name": person.name, "organisation": ref(person.organisation)} for person in line.holders.all()],
        "questions": [
            {"text": question.text, "state": question.state, "state_label": question.get_state_display()}
            for question in line.questions.all()
        ],
        "projects": [project.code for project in line.projects.all()],
        "retired": line.retired_at is not None,
        "url": absolute_url(request, line),
    }


def _lines():
    # One query per relation, whatever the page size.
    return Line.objects.prefetch_related(
        "themes",
        Prefetch("holders", queryset=Person.objects.select_related("organisation")),
        "questions",
        Prefetch("projects", queryset=visible(Project.objects.all(), PUBLIC, "leads").order_by("code", "pk")),
    )


@router.get(
    "/lines/",
    response={200: schemas.page_of(schemas.Line), **ERRORS},
    tags=["lines"],
    summary="List lines of work",
    description="Sight lines (zichtlijnen) before cross lines (dwarslijnen). " + MEETINGS_STAY_OUT,
)
def lines(request, query: Query[schemas.LineQuery]):
    selection = _lines()
    if not query.retired:
        selection = selection.filter(retired_at__isnull=True)
    if query.kind:
        selection = selection.filter(kind=query.kind)
    return paginated(request, selection.order_by("-kind", "name", "pk"), query, _line)


@router.get(
    "/lines/{slug}/",
    response={200: schemas.Line, **ERRORS},
    tags=["lines"],
    summary="One line of work",
    description="A retired line stays readable here, as its page does. " + MEETINGS_STAY_OUT,
)
def line(request, slug: str):
    return _line(request, get_object_or_404(_lines(), slug=slug))
