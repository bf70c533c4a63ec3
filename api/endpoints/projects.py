"""Projects and current offerings."""

from django.utils import timezone
from ninja import Query, Router

from api import schemas
from api.endpoints.common import ERRORS, PUBLIC, absolute_url, filtered, paginated, ref
from core.models import CodeList
from core.permissions import visible
from offerings.filters import OfferingFilter
from offerings.models import Offering
from projects.filters import ProjectFilter
from projects.models import Project

router = Router()


def _project(request, project: Project) -> dict:
    return {
        "slug": project.slug,
        "code": project.code,
        "title": project.title,
        "cluster": project.cluster,
        "cluster_label": project.get_cluster_display(),
        "status": project.status,
        "status_label": project.get_status_display(),
        "description": project.description,
        "leads": [ref(organisation) for organisation in project.leads.all()],
        "partners": [ref(organisation) for organisation in project.partners.all()],
        "themes": [ref(theme) for theme in project.themes.all()],
        "updated_at": project.updated_at,
        "url": absolute_url(request, project),
    }


@router.get(
    "/projects/", response={200: schemas.page_of(schemas.Project), **ERRORS}, tags=["projects"], summary="List projects"
)
def projects(request, query: Query[schemas.ProjectQuery]):
    selection = visible(Project.objects.all(), PUBLIC, "leads").prefetch_related("leads", "partners", "themes")
    selection = filtered(
        ProjectFilter, selection, query.dict(), {"organisation": "organisatie", "theme": "thema", "status": "status"}
    )
    if query.cluster:
        selection = selection.filter(cluster=query.cluster)
    return paginated(request, selection.order_by("cluster", "code", "pk"), query, _project)


def _offering(request, offering: Offering) -> dict:
    return {
        "slug": offering.slug,
        "title": offering.title,
        "kind": offering.kind,
        "kind_label": offering.get_kind_display(),
        "description": offering.description,
        "provider": ref(offering.provider),
        "audiences": CodeList.unpack(offering.audiences),
        "grade_from": offering.grade_from,
        "grade_to": offering.grade_to,
        "themes": [ref(theme) for theme in offering.themes.all()],
        "is_free": offering.is_free,
        "price": offering.price,
        "price_note": offering.price_note,
        "duration": offering.duration,
        "place": offering.place,
        "at_school": offering.at_school,
        "languages": CodeList.unpack(offering.languages),
        "contact": offering.contact,
        "booking": offering.booking,
        "expires_on": offering.expires_on,
        "updated_at": offering.updated_at,
        "url": absolute_url(request, offering),
    }


@router.get(
    "/offerings/",
    response={200: schemas.page_of(schemas.Offering), **ERRORS},
    tags=["offerings"],
    summary="List current offerings",
)
def offerings(request, query: Query[schemas.OfferingQuery]):
    current = Offering.objects.current(timezone.localdate())
    selection = visible(current, PUBLIC, "provider").select_related("provider").prefetch_related("themes")
    selection = filtered(
        OfferingFilter,
        selection,
        query.dict(),
        {
            "audience": "doelgroep",
            "group": "groep",
            "theme": "thema",
            "kind": "soort",
            "free": "gratis",
            "at_school": "op_school",
            "language": "taal",
            "provider": "aanbieder",
        },
    )
    return paginated(request, selection.order_by("title", "pk"), query, _offering)
