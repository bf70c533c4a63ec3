"""The network itself: its themes (retired ones marked) and its identity (ambition, strategy, roles …)."""

from django.http import Http404
from ninja import Query, Router

from api import schemas
from api.endpoints.common import ERRORS, paginated
from network.identity import RICH_TEXTS
from network.models import NetworkProfile, Theme

router = Router()


def _theme(theme: Theme) -> dict:
    return {"slug": theme.slug, "name": theme.name, "name_en": theme.name_en, "retired": theme.retired_at is not None}


@router.get(
    "/themes/",
    response={200: schemas.page_of(schemas.Theme), **ERRORS},
    tags=["network"],
    summary="List themes",
)
def themes(request, query: Query[schemas.PageQuery]):
    return paginated(request, Theme.objects.order_by("name", "pk"), query, lambda request, theme: _theme(theme))


@router.get("/network/", response={200: schemas.NetworkIdentity, **ERRORS}, tags=["network"], summary="The network")
def network(request):
    profile = NetworkProfile.objects.prefetch_related("roles").order_by("pk").first()
    if profile is None:
        raise Http404
    texts = ("name", "short_name", "tagline", "tagline_en", "slogan", "slogan_en", "values", "values_en")
    return {
        **{name: getattr(profile, name) for name in texts},
        **{name: getattr(profile, name) for text in RICH_TEXTS for name in (text, f"{text}_en")},
        "roles": [
            {"key": role.key, "name": role.name, "name_en": role.name_en, "text": role.text, "text_en": role.text_en}
            for role in profile.roles.all()
        ],
        "url": request.build_absolute_uri(profile.get_absolute_url()),
    }
