"""Published stories, sending one through a collection link, and the dimensions a story part can be about."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from api import schemas
from api.endpoints.common import ERRORS, PUBLIC, WRITE_ERRORS, Invalid, TokenAuth, absolute_url, paginated, ref
from api.forms import ApiStoryForm, form_errors
from core.models import PublicationStatus
from core.permissions import api_token_may_collect
from impact.models import Dimension
from stories import limits as story_limits
from stories import services as story_services
from stories.book import attribution
from stories.models import CollectionLink, Story, StoryPart
from stories.permissions import visible_stories

router = Router()


def _dimension(dimension: Dimension) -> dict:
    return {
        "id": dimension.pk,
        "ring": dimension.ring.number,
        "name": str(dimension),
        "description": dimension.description,
    }


def _story(request, story: Story) -> dict:
    shown = attribution(story, private=False)
    published = PublicationStatus.PUBLISHED
    return {
        "id": story.pk,
        "respondent": {
            "role": shown.role,
            "sector": shown.sector,
            "name": shown.name,
            "organisation": shown.organisation,
        },
        "quote": story.quote,
        "collected_on": story.collected_on,
        # Only records the public may see are named.
        "programme": ref(story.programme)
        if story.programme and story.programme.publication_status == published
        else None,
        "activity": {"slug": story.activity.slug, "name": story.activity.title}
        if story.activity and story.activity.publication_status == published
        else None,
        "themes": [ref(theme) for theme in story.themes.all()],
        "parts": [
            {"ring": part.ring, "dimension": _dimension(part.dimension), "text": part.text}
            for part in story.parts.all()
        ],
        "url": absolute_url(request, story),
    }


@router.get(
    "/stories/",
    response={200: schemas.page_of(schemas.Story), **ERRORS},
    tags=["stories"],
    summary="List published stories",
    description="Accepted stories whose respondent agreed to publication; the respondent is named by role "
    "unless they agreed to name and organisation.",
)
def stories(request, query: Query[schemas.StoryQuery]):
    selection = visible_stories(Story.objects.all(), PUBLIC)
    selection = selection.select_related("programme", "activity", "organisation")
    selection = selection.prefetch_related(
        "themes", Prefetch("parts", queryset=StoryPart.objects.select_related("dimension__ring"))
    )
    if query.programme:
        selection = selection.filter(programme__slug=query.programme, programme__publication_status="published")
    if query.activity:
        selection = selection.filter(activity__slug=query.activity, activity__publication_status="published")
    if query.theme:
        selection = selection.filter(themes__slug=query.theme)
    return paginated(request, selection.order_by("-collected_on", "-pk"), query, _story)


@router.post(
    "/stories/",
    response={201: schemas.StoryReceipt, **WRITE_ERRORS},
    auth=TokenAuth(),
    tags=["stories"],
    summary="Send a story",
    description="Through a collection link of the token's organisation; the story waits for moderation "
    "as the public story form's stories do.",
)
def create_story(request, payload: schemas.StoryIn):
    link = CollectionLink.objects.select_related("activity", "programme").filter(code=payload.link).first()
    if link is None:
        raise Invalid({"link": [_("There is no collection link with this code.")]})
    if not api_token_may_collect(request.auth, link):
        raise HttpError(403, "")
    if not story_services.link_is_open(link):
        raise Invalid({"link": [_("This collection link is closed.")]})
    # The public form's limits (stories.limits): per address, and per link for checked stories only.
    if not story_limits.address_allows(request, link):
        raise HttpError(429, _("Many stories arrived from here in a short time. Try again later."))
    form = ApiStoryForm.for_link(link, payload.dict())
    if not form.is_valid():
        raise Invalid(form_errors(form))
    if not story_limits.link_allows(link):
        raise HttpError(429, _("Many stories arrived through this link just now. Try again in a few minutes."))
    story = story_services.submit_story(
        link,
        activity=form.cleaned_data["activity"],
        story=form.story(),
        parts=form.parts(),
        token=form.cleaned_data["submission"],
        sender_key=story_limits.sender_key(request),
    )
    return Status(201, {"id": story.pk, "status": story.status})


@router.get(
    "/dimensions/",
    response={200: schemas.page_of(schemas.Dimension), **ERRORS},
    tags=["stories"],
    summary="List the impact model's dimensions",
    description="The dimensions a story part can be about.",
)
def dimensions(request, query: Query[schemas.PageQuery]):
    current = Dimension.objects.filter(retired=False).select_related("ring")
    return paginated(
        request,
        current.order_by("ring__number", "position", "pk"),
        query,
        lambda request, dimension: _dimension(dimension),
    )
