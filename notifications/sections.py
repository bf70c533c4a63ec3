"""What notifications adds to pages of lower apps (core.contributions): the follow button on the pages of a line, an
organisation, a programme, a question and an activity, for people who are logged in."""

from django.db import models
from django.http import HttpRequest

from core.contributions import Section
from core.permissions import can_follow
from notifications import services

# The page slots that show the button (each page's template names its slot).
SLOTS = (
    "line_detail.follow",
    "organisation_detail.follow",
    "programme_detail.follow",
    "question_detail.follow",
    "activity_detail.follow",
)


def follow_button(request: HttpRequest, target: models.Model) -> Section | None:
    if not can_follow(request.user):
        return None
    return Section(
        "notifications/_follow.html",
        {
            "target": target,
            "target_kind": services.target_field(target),
            "following": services.is_following(request.user, target),  # type: ignore[arg-type]  # logged in
        },
    )
