"""The organisations: the network's directory."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from api import schemas
from api.endpoints.common import ERRORS, absolute_url, filtered, paginated, ref
from network.filters import OrganisationFilter
from network.models import ADDRESS_AND_CODES, Organisation

router = Router()


def _organisation(request, organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "sector": organisation.sector,
        "sector_label": organisation.get_sector_display(),
        "parent": ref(organisation.parent) if organisation.parent else None,
        "aliases": [alias.alias for alias in organisation.aliases.all()],
        "website": organisation.website,
        "description": organisation.description,
        "themes": [ref(theme) for theme in organisation.themes.all()],
        "url": absolute_url(request, organisation),
        **{name: getattr(organisation, name) for name in ADDRESS_AND_CODES},
        "concept": organisation.concept,
    }


def _organisations():
    return Organisation.objects.select_related("parent").prefetch_related("aliases", "themes")


@router.get(
    "/organisations/",
    response={200: schemas.page_of(schemas.Organisation), **ERRORS},
    tags=["organisations"],
    summary="List organisations",
)
def organisations(request, query: Query[schemas.OrganisationQuery]):
    selection = filtered(
        OrganisationFilter, _organisations(), query.dict(), {"sector": "sector", "theme": "thema", "place": "plaats"}
    )
    return paginated(request, selection.order_by("name", "pk"), query, _organisation)


@router.get(
    "/organisations/{slug}/",
    response={200: schemas.Organisation, **ERRORS},
    tags=["organisations"],
    summary="One organisation",
)
def organisation(request, slug: str):
    return _organisation(request, get_object_or_404(_organisations(), slug=slug))
