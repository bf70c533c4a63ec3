"""What waits for a person on *Mijn werk*: drafts of every kind with what was sent back, stories to moderate,
sign-ups to approve and pending invitations; and the background work they asked for (core.tasks: reports, imports,
exports). Each list costs a fixed number of queries, however many records wait."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from activities.models import Activity
from core import tasks
from core.models import BackgroundJob, PublicationStatus
from core.permissions import editable_organisations, is_coordinator
from meetings.models import FollowUp
from meetings.services import open_follow_ups_of
from network.models import Invitation, Organisation
from network.services import pending_signups
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from stories.models import Story, StoryStatus

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # only in the stubs: what gettext_lazy returns

LIMIT = 10  # records per list; the rest is counted


@dataclass(frozen=True)
class DraftKind:
    label: "_StrPromise"
    model: type[Model]
    organisations: str  # the relation to the organisations that edit it
    names: Callable[[Any], list[str]]  # those organisations' names, from the prefetched relation


KINDS = (
    DraftKind(_("Activities"), Activity, "organisers", lambda r: [o.name for o in r.organisers.all()]),
    DraftKind(_("Projects"), Project, "leads", lambda r: [o.name for o in r.leads.all()]),
    DraftKind(_("Offerings"), Offering, "provider", lambda r: [r.provider.name]),
    DraftKind(_("Programmes"), Programme, "organisations", lambda r: [o.name for o in r.organisations.all()]),
)


@dataclass(frozen=True)
class Draft:
    record: Any
    organisations: list[str]
    updated_at: datetime


@dataclass(frozen=True)
class DraftList:
    label: "_StrPromise"
    drafts: list[Draft]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.drafts)


@dataclass(frozen=True)
class PendingInvitations:
    organisation_name: str
    organisation_slug: str
    count: int


@dataclass
class WorkQueue:
    drafts: list[DraftList] = field(default_factory=list)
    sent_back: list[Any] = field(default_factory=list)  # drafts sent back to the editor, newest first
    new_stories: int | None = None  # coordinators only
    signups: int | None = None  # coordinators only: confirmed sign-ups waiting for approval
    invitations: list[PendingInvitations] = field(default_factory=list)
    # Reports, imports and exports the person asked for, waiting, running or finished in the last days: not work
    # that waits for them, so not counted in is_empty.
    jobs: list[BackgroundJob] = field(default_factory=list)

    @property
    def draft_count(self) -> int:
        return sum(kind.total for kind in self.drafts)

    @property
    def invitation_count(self) -> int:
        return sum(pending.count for pending in self.invitations)

    @property
    def is_empty(self) -> bool:
        return not (self.draft_count or self.sent_back or self.new_stories or self.signups or self.invitations)


def work_queue(user: User) -> WorkQueue:
    """A coordinator's queue holds every organisation's drafts and the stories to moderate; an editor's the drafts
    of their organisations and what was sent back to them; a member has none."""
    coordinator = is_coordinator(user)
    organisations = editable_organisations(user)
    jobs = list(tasks.jobs_of(user)[:LIMIT])
    if not coordinator and not organisations.exists():
        return WorkQueue(jobs=jobs)
    queue = WorkQueue(
        drafts=[_drafts(kind, None if coordinator else organisations) for kind in KINDS],
        invitations=_pending_invitations(None if coordinator else organisations),
        jobs=jobs,
    )
    if coordinator:
        queue.new_stories = Story.objects.filter(status=StoryStatus.NEW).count()
        queue.signups = pending_signups().count()
    else:
        queue.sent_back = _sent_back(organisations)
    return queue


def _draft_records(kind: DraftKind, organisations: QuerySet[Organisation] | None) -> QuerySet:
    drafts = kind.model._default_manager.filter(publication_status=PublicationStatus.DRAFT)
    if organisations is not None:
        drafts = drafts.filter(**{f"{kind.organisations}__in": organisations}).distinct()
    return drafts


def _drafts(kind: DraftKind, organisations: QuerySet[Organisation] | None) -> DraftList:
    drafts = _draft_records(kind, organisations)
    if kind.model is Offering:
        listed = drafts.select_related(kind.organisations)
    else:
        listed = drafts.prefetch_related(kind.organisations)
    records = listed.order_by("-updated_at", "pk")[:LIMIT]
    return DraftList(
        kind.label,
        [Draft(record, kind.names(record), record.updated_at) for record in records],
        drafts.count(),
    )


def _sent_back(organisations: QuerySet[Organisation]) -> list[Any]:
    records: list[Any] = []
    for kind in KINDS:
        records += (
            _draft_records(kind, organisations).filter(sent_back_at__isnull=False).order_by("-sent_back_at")[:LIMIT]
        )
    return sorted(records, key=lambda record: record.sent_back_at, reverse=True)[:LIMIT]


def _pending_invitations(organisations: QuerySet[Organisation] | None) -> list[PendingInvitations]:
    pending = Invitation.objects.pending()
    if organisations is not None:
        pending = pending.filter(organisation__in=organisations)
    rows = (
        pending.values("organisation__name", "organisation__slug")
        .annotate(count=Count("pk"))
        .order_by("organisation__name")
    )
    return [PendingInvitations(row["organisation__name"], row["organisation__slug"], row["count"]) for row in rows]


@dataclass(frozen=True)
class OpenFollowUp:
    follow_up: FollowUp
    overdue: bool


def follow_ups(user: User) -> list[OpenFollowUp]:
    """What the person agreed to do at the meetings of a line, soonest due first: for every member, not only
    editors (a line's holders and invitees need not edit an organisation)."""
    today = timezone.localdate()
    return [OpenFollowUp(follow_up, follow_up.is_overdue(today)) for follow_up in open_follow_ups_of(user)[:50]]
