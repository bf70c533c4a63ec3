"""The network's weekly digest: what is new and coming, composed from the records.

What everyone gets (activities and open days of the coming weeks, stories and offerings of the past week, the
open questions) is read once per run; per person only the questions are chosen, by the themes of their
organisations and the lines they hold, and the news of the organisations and programmes they follow, with no query
per person: the follows of all recipients and the news of everything followed are read once. So a run stays quick
for a city-sized network.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from activities.models import Activity, ActivityKind
from core.models import PublicationStatus
from network.models import Line, Organisation, Person
from notifications.models import Follow, Preferences
from notifications.services import WEEKLY, absolute, site_path, unsubscribe_url
from offerings.models import Offering
from programmes.models import Action, Programme
from projects.models import Project
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


# --- From what you follow: news of followed organisations and programmes ------------------------------------------


@dataclass(frozen=True)
class Followed:
    """The organisations and programmes one person follows."""

    organisations: frozenset[int] = frozenset()
    programmes: frozenset[int] = frozenset()


def follows_by_user(user_ids: list[int]) -> dict[int, Followed]:
    """What each of these people follows that has news of its own (organisations, programmes), in one query."""
    organisations: dict[int, set[int]] = defaultdict(set)
    programmes: dict[int, set[int]] = defaultdict(set)
    follows = Follow.objects.filter(user_id__in=user_ids).filter(
        Q(organisation__isnull=False) | Q(programme__isnull=False)
    )
    for user_id, organisation_id, programme_id in follows.values_list("user_id", "organisation_id", "programme_id"):
        if organisation_id:
            organisations[user_id].add(organisation_id)
        if programme_id:
            programmes[user_id].add(programme_id)
    return {
        user_id: Followed(frozenset(organisations[user_id]), frozenset(programmes[user_id]))
        for user_id in organisations.keys() | programmes.keys()
    }


@dataclass(frozen=True)
class News:
    """A published record new or changed this week, with the organisations and programmes it belongs to."""

    kind: Promise
    title: str
    url: str
    updated_at: dt.datetime
    organisation_ids: frozenset[int]
    programme_ids: frozenset[int]


@dataclass
class FollowedNews:
    news: list[News] = field(default_factory=list)
    names: dict[tuple[str, int], str] = field(default_factory=dict)  # ("organisation"|"programme", pk) → name
    by_organisation: dict[int, list[News]] = field(default_factory=lambda: defaultdict(list))
    by_programme: dict[int, list[News]] = field(default_factory=lambda: defaultdict(list))


def _links(pairs: Any) -> dict[int, set[int]]:
    linked: dict[int, set[int]] = defaultdict(set)
    for record_id, other_id in pairs:
        linked[record_id].add(other_id)
    return linked


def followed_news(now: dt.datetime, follows: dict[int, Followed]) -> FollowedNews:
    """The week's published activities, projects, stories and offerings of every followed organisation and
    programme, read once for all recipients (a fixed number of queries)."""
    found = FollowedNews()
    organisation_ids = set().union(*(followed.organisations for followed in follows.values()))
    programme_ids = set().union(*(followed.programmes for followed in follows.values()))
    if not organisation_ids and not programme_ids:
        return found
    since, published = now - BACK, Q(publication_status=PublicationStatus.PUBLISHED)
    of_programmes = Q(programme_actions__line__programme__in=programme_ids)

    activities = list(
        Activity.objects.filter(published, updated_at__gte=since)
        .filter(Q(organisers__in=organisation_ids) | of_programmes)
        .distinct()
    )
    ids = [activity.pk for activity in activities]
    organisers = _links(
        Activity.organisers.through.objects.filter(
            activity_id__in=ids, organisation_id__in=organisation_ids
        ).values_list("activity_id", "organisation_id")
    )
    activity_programmes = _links(
        Action.activities.through.objects.filter(
            activity_id__in=ids, action__line__programme__in=programme_ids
        ).values_list("activity_id", "action__line__programme_id")
    )
    for activity in activities:
        found.news.append(
            News(
                _("Activity"),
                activity.title,
                absolute(activity.get_absolute_url()),
                activity.updated_at,
                frozenset(organisers[activity.pk]),
                frozenset(activity_programmes[activity.pk]),
            )
        )

    projects = list(
        Project.objects.filter(published, updated_at__gte=since)
        .filter(Q(leads__in=organisation_ids) | Q(partners__in=organisation_ids) | of_programmes)
        .distinct()
    )
    ids = [project.pk for project in projects]
    project_organisations = _links(
        [
            *Project.leads.through.objects.filter(project_id__in=ids, organisation_id__in=organisation_ids).values_list(
                "project_id", "organisation_id"
            ),
            *Project.partners.through.objects.filter(
                project_id__in=ids, organisation_id__in=organisation_ids
            ).values_list("project_id", "organisation_id"),
        ]
    )
    project_programmes = _links(
        Action.projects.through.objects.filter(
            project_id__in=ids, action__line__programme__in=programme_ids
        ).values_list("project_id", "action__line__programme_id")
    )
    for project in projects:
        found.news.append(
            News(
                _("Project"),
                str(project),
                absolute(project.get_absolute_url()),
                project.updated_at,
                frozenset(project_organisations[project.pk]),
                frozenset(project_programmes[project.pk]),
            )
        )

    stories = Story.objects.filter(PUBLIC, updated_at__gte=since).filter(
        Q(organisation__in=organisation_ids) | Q(programme__in=programme_ids)
    )
    for story in stories.select_related("activity", "programme"):
        found.news.append(
            News(
                _("Story"),
                str(story),
                absolute(story.get_absolute_url()),
                story.updated_at,
                frozenset(organisation_ids & {story.organisation_id}),
                frozenset(programme_ids & {story.programme_id}),
            )
        )

    offerings = Offering.objects.filter(published, updated_at__gte=since, provider__in=organisation_ids)
    for offering in offerings.current(timezone.localdate(now)):
        found.news.append(
            News(
                _("Offering"),
                offering.title,
                absolute(offering.get_absolute_url()),
                offering.updated_at,
                frozenset({offering.provider_id}),
                frozenset(),
            )
        )

    for news in found.news:
        for organisation_id in news.organisation_ids:
            found.by_organisation[organisation_id].append(news)
        for programme_id in news.programme_ids:
            found.by_programme[programme_id].append(news)
    for pk, name in Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name"):
        found.names["organisation", pk] = name
    for pk, name in Programme.objects.filter(pk__in=programme_ids).values_list("pk", "name"):
        found.names["programme", pk] = name
    return found


def from_what_you_follow(followed: Followed, news: FollowedNews) -> list[Item]:
    """One person's news of what they follow, newest first, each with whose news it is."""
    mine: dict[str, News] = {}
    for organisation_id in followed.organisations:
        mine.update((item.url, item) for item in news.by_organisation.get(organisation_id, ()))
    for programme_id in followed.programmes:
        mine.update((item.url, item) for item in news.by_programme.get(programme_id, ()))
    items = []
    for item in sorted(mine.values(), key=lambda item: (item.updated_at, item.url), reverse=True)[:LIMIT]:
        whose = sorted(
            [news.names["organisation", pk] for pk in item.organisation_ids & followed.organisations]
            + [news.names["programme", pk] for pk in item.programme_ids & followed.programmes]
        )
        items.append(Item(item.title, item.url, detail=f"{item.kind}: {', '.join(whose)}"))
    return items


def weekly_digest(
    user: User, shared: Shared, theme_ids: set[int], followed: list[Item] | None = None
) -> dict[str, Any] | None:
    """The arguments of core.mail.send (or compose) for one person's digest, or None when there is nothing.
    followed: the news of what the person follows (from_what_you_follow)."""
    followed = followed or []
    questions = [item for item in shared.questions if item.owner_id != user.pk]
    on_themes = [item for item in questions if item.theme_ids & theme_ids]
    sections = (shared.activities, shared.open_days, shared.stories, shared.offerings, questions, followed)
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
            "followed": followed,
            "questions": (on_themes or questions)[:LIMIT],
            "questions_on_themes": bool(on_themes),
            "settings_url": absolute(site_path("notifications:settings")),
        },
        "unsubscribe_url": unsubscribe_url(user, WEEKLY),
    }
