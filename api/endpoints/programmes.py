"""Programmes with their first-degree figures, as on a programme's page."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from api import schemas
from api.endpoints.common import ERRORS, PUBLIC, absolute_url, paginated, ref
from core.permissions import visible
from programmes import services as programme_services
from programmes.models import Programme

router = Router()


def _programme(request, programme: Programme) -> dict:
    return {
        "slug": programme.slug,
        "name": programme.name,
        "short_name": programme.short_name,
        "description": programme.description,
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "organisations": [ref(organisation) for organisation in programme.organisations.all()],
        "url": absolute_url(request, programme),
    }


def _figures(rollup, with_partners: bool) -> dict:
    return {
        "activities": rollup.activities,
        "activities_with_figures": rollup.with_figures,
        "participants": rollup.participants,
        "first_timers": rollup.first_timers,
        "first_timer_share": rollup.first_timer_share,
        "partners": rollup.partners if with_partners else None,
    }


def _programmes():
    return visible(Programme.objects.all(), PUBLIC, "organisations").prefetch_related("organisations")


@router.get(
    "/programmes/",
    response={200: schemas.page_of(schemas.Programme), **ERRORS},
    tags=["programmes"],
    summary="List programmes",
)
def programmes(request, query: Query[schemas.PageQuery]):
    return paginated(request, _programmes().order_by("-period_start", "name", "pk"), query, _programme)


@router.get(
    "/programmes/{slug}/",
    response={200: schemas.ProgrammeDetail, **ERRORS},
    tags=["programmes"],
    summary="One programme with its first-degree figures",
    description="Figures are computed from the programme's published activities, as on its page.",
)
def programme(request, slug: str):
    found = get_object_or_404(_programmes(), slug=slug)
    return {
        **_programme(request, found),
        "figures": _figures(programme_services.rollup(found), with_partners=True),
        "lines": [
            {
                "code": line.code,
                "title": line.title,
                "kind": line.get_kind_display(),
                "figures": _figures(programme_services.rollup(found, line, with_partners=False), with_partners=False),
            }
            for line in found.lines.all()
        ],
        "reported_figures": [
            {
                "label": figure.label,
                "value": figure.value,
                "qualifier": figure.get_qualifier_display(),
                "unit": figure.unit,
                "year": figure.year,
                "source": figure.source,
            }
            for figure in found.reported_figures.all()
        ],
    }
