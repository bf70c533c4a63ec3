"""The network's weekly digest: what is new and coming, composed from the records.

What everyone gets (activities and open days of the coming weeks, stories and offerings of the past week, the
open questions) is read once per run; per person only the questions are chosen, by the themes of their
organisations and the lines they hold, with no query per person. So a run stays quick for a city-sized network.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from activities.models import Activity, ActivityKind
from core.models import PublicationStatus
from network.models import Line, Organisation, Person
from notifications.models import Preferences
from notifications.services import WEEKLY, absolute, site_path, unsubscribe_url
from offerings.models import Offering
from questions.models import Question, QuestionStatus
from stories.models import PUBLIC, Story

AHEAD = dt.timedelta(days=21)  # activities and open days starting within three weeks
BACK = dt.timedelta(days=7)  # stories and offerings new (or changed) in the past week
QUESTIONS_BACK = dt.timedelta(days=28)  # open questions asked in the past four weeks
LIMIT = 10  # items per section


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    when: dt.datetime | None = None
    detail: str = ""
    theme_ids: frozenset[int] = frozenset()
    owner_id: int | None = None  # the asker of a question: nobody is told about their own


@dataclass
class Shared:
    activities: list[Item] = field(default_factory=list)
    open_days: list[Item] = field(default_factory=list)
    stories: list[Item] = field(default_factory=list)
    offerings: list[Item] = field(default_factory=list)
    questions: list[Item] = field(default_factory=list)


def shared_content(now: dt.datetime) -> Shared:
    published = Q(publication_status=PublicationStatus.PUBLISHED)
    coming = Activity.objects.filter(published, start__gte=now, start__lt=now + AHEAD).prefetch_related("organisers")
    shared = Shared()
    for kind, target in (
        (~Q(kind=ActivityKind.OPEN_DAY), shared.activities),
        (Q(kind=ActivityKind.OPEN_DAY), shared.open_days),
    ):
        for activity in coming.filter(kind).order_by("start", "title")[:LIMIT]:
            organisers = ", ".join(organisation.name for organisation in activity.organisers.all())
            target.append(_item(activity.title, activity.get_absolute_url(), activity.local_start, organisers))
    stories = Story.objects.filter(PUBLIC, updated_at__gte=now - BACK).select_related("activity", "programme")
    shared.stories = [_item(str(story), story.get_absolute_url()) for story in stories.order_by("-updated_at")[:LIMIT]]
    offerings = Offering.objects.filter(published, updated_at__gte=now - BACK).current(timezone.localdate(now))
    shared.offerings = [
        _item(offering.title, offering.get_absolute_url(), detail=offering.provider.name)
        for offering in offerings.select_related("provider").order_by("-updated_at", "title")[:LIMIT]
    ]
    questions = Question.objects.filter(status=QuestionStatus.OPEN, created_at__gte=now - QUESTIONS_BACK)
    shared.questions = [
        Item(
            question.title,
            absolute(question.get_absolute_url()),
            question.created_at,
            theme_ids=frozenset(theme.pk for theme in question.themes.all()),
            owner_id=question.asker_id,
        )
        for question in questions.prefetch_related("themes").order_by("-created_at")
    ]
    return shared


def _item(title: str, path: str, when: dt.datetime | None = None, detail: str = "") -> Item:
    return Item(title, absolute(path), when, detail)


def recipients() -> QuerySet[User]:
    """Active people with an address who did not switch the weekly digest off."""
    switched_off = Preferences.objects.filter(weekly_digest=False).values("user_id")
    return User.objects.filter(is_active=True).exclude(email="").exclude(pk__in=switched_off).order_by("pk")


def themes_by_user(user_ids: list[int]) -> dict[int, set[int]]:
    """Each person's themes: those of the organisations they edit or work at and of the lines they hold."""
    organisations: dict[int, set[int]] = defaultdict(set)
    editors = Organisation.editors.through.objects.filter(user_id__in=user_ids)
    for user_id, organisation_id in editors.values_list("user_id", "organisation_id"):
        organisations[user_id].add(organisation_id)
    user_of_person = {}
    for person_id, user_id, organisation_id in Person.objects.filter(user_id__in=user_ids).values_list(
        "pk", "user_id", "organisation_id"
    ):
        user_of_person[person_id] = user_id
        organisations[user_id].add(organisation_id)

    themes_of_organisation: dict[int, set[int]] = defaultdict(set)
    wanted = set().union(*organisations.values())
    organisation_themes = Organisation.themes.through.objects.filter(organisation_id__in=wanted)
    for organisation_id, theme_id in organisation_themes.values_list("organisation_id", "theme_id"):
        themes_of_organisation[organisation_id].add(theme_id)
    themes: dict[int, set[int]] = defaultdict(set)
    for user_id, organisation_ids in organisations.items():
        for organisation_id in organisation_ids:
            themes[user_id] |= themes_of_organisation[organisation_id]

    holders_of_line: dict[int, set[int]] = defaultdict(set)
    held = Line.holders.through.objects.filter(person_id__in=user_of_person)
    for person_id, line_id in held.values_list("person_id", "line_id"):
        holders_of_line[line_id].add(user_of_person[person_id])
    line_themes = Line.themes.through.objects.filter(line_id__in=holders_of_line)
    for line_id, theme_id in line_themes.values_list("line_id", "theme_id"):
        for user_id in holders_of_line[line_id]:
            themes[user_id].add(theme_id)
    return themes


def weekly_digest(user: User, shared: Shared, theme_ids: set[int]) -> dict[str, Any] | None:
    """The arguments of core.mail.send (or compose) for one person's digest, or None when there is nothing."""
    questions = [item for item in shared.questions if item.owner_id != user.pk]
    on_themes = [item for item in questions if item.theme_ids & theme_ids]
    sections = (shared.activities, shared.open_days, shared.stories, shared.offerings, questions)
    if not any(sections):
        return None
    return {
        "template": "notifications/mail/weekly",
        "to": user.email,
        "context": {
            "activities": shared.activities,
            "open_days": shared.open_days,
            "stories": shared.stories,
            "offerings": shared.offerings,
            "questions": (on_themes or questions)[:LIMIT],
            "questions_on_themes": bool(on_themes),
            "settings_url": absolute(site_path("notifications:settings")),
        },
        "unsubscribe_url": unsubscribe_url(user, WEEKLY),
    }
