"""Sign-up for activities: the organiser opens it (places, deadline, questions, for whom), people register or join
the waiting list, cancel by the link in their mail (or the organiser cancels them), and the first one waiting moves
up. The list becomes the activity's attendance list through the attendance pipeline (saving.save_list), so
first-timers are counted as for any list.

Every write that changes who has a place locks the activity's setup row first, so two people registering for the
last place at once never both get it. Each confirmation is a queued mail (core.mail) carrying the activity's
.ics; a cancel link is a single-use token of which only the hash is kept, valid until the activity starts.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from activities.models import Activity
from activities.services import to_ical
from attendance.models import (
    Attendance,
    AttendanceList,
    Registration,
    RegistrationSetup,
    RegistrationStatus,
)
from attendance.reading import Row
from attendance.services.saving import save_list
from core import mail
from core.pseudonyms import key_for, normalise_email

MAIL = "attendance/mail/registration"
MAIL_CANCELLED = "attendance/mail/registration_cancelled"
MAX_QUESTIONS = 5

Outcome = Literal["registered", "waiting", "moved_up", "already_registered", "already_waiting"]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the organiser's setup ---------------------------------------------------------------------------------------


def setup_of(activity: Activity) -> RegistrationSetup | None:
    return RegistrationSetup.objects.filter(activity=activity).first()


@transaction.atomic
def save_setup(
    activity: Activity,
    *,
    capacity: int | None,
    deadline: dt.datetime | None,
    audience: str,
    questions: list[str],
    base_url: str,
) -> RegistrationSetup:
    """Open sign-up, or change its terms. More places let the first people waiting move up at once."""
    setup, _created = RegistrationSetup.objects.select_for_update().get_or_create(
        activity=activity, defaults={"audience": audience}
    )
    setup.capacity, setup.deadline, setup.audience = capacity, deadline, audience
    setup.question_text = "\n".join([" ".join(text.split()) for text in questions if text.strip()][:MAX_QUESTIONS])
    setup.is_open = True
    setup.save()
    _fill_places(setup, base_url)
    return setup


def set_open(setup: RegistrationSetup, is_open: bool) -> None:
    """Close sign-up (those registered keep their place) or open it again."""
    setup.is_open = is_open
    setup.save(update_fields=["is_open", "updated_at"])


def accepts(setup: RegistrationSetup | None, now: dt.datetime | None = None) -> bool:
    """Whether people can sign up now: open, before the deadline and before the activity starts."""
    now = now or timezone.now()
    if setup is None or not setup.is_open or now >= setup.activity.start:
        return False
    return setup.deadline is None or now < setup.deadline


@dataclass(frozen=True)
class Counts:
    registered: int
    waiting: int
    cancelled: int
    came: int
    came_first_time: int
    capacity: int | None

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered, 0)


def counts(activity: Activity, setup: RegistrationSetup | None = None) -> Counts:
    """The list in numbers: registered → came → first time (the attendance list's flag for those who came)."""
    setup = setup if setup is not None else setup_of(activity)
    by_status = dict(
        Registration.objects.filter(activity=activity).values_list("status").annotate(count=Count("pk")).order_by()
    )
    came_keys = Registration.objects.filter(activity=activity, came=True).exclude(participant_key="")
    return Counts(
        registered=by_status.get(RegistrationStatus.REGISTERED, 0),
        waiting=by_status.get(RegistrationStatus.WAITING, 0),
        cancelled=by_status.get(RegistrationStatus.CANCELLED, 0),
        came=Registration.objects.filter(activity=activity, came=True).count(),
        came_first_time=Attendance.objects.filter(
            activity=activity, first_time=True, participant__key__in=came_keys.values("participant_key")
        ).count(),
        capacity=setup.capacity if setup else None,
    )


# --- registering and cancelling ----------------------------------------------------------------------------------


def own_registration(activity: Activity, user: User | AnonymousUser) -> Registration | None:
    """The logged-in person's current registration (or place on the waiting list) for the activity."""
    if not user.is_authenticated:
        return None
    active = Registration.objects.filter(activity=activity).exclude(status=RegistrationStatus.CANCELLED)
    if user.email:
        return active.filter(Q(user=user) | Q(email=normalise_email(user.email))).first()
    return active.filter(user=user).first()


@transaction.atomic
def register(
    activity: Activity,
    *,
    name: str,
    email: str,
    answers: list[str],
    consent: bool,
    user: User | None,
    base_url: str,
    language: str | None = None,
) -> Outcome:
    """Sign someone up: a place while there is one, else the waiting list; a mail tells which.

    An address already on the list is not added twice: it gets a mail with its state and a new cancel link, so
    the page that answers reads the same for every address.
    """
    setup = RegistrationSetup.objects.select_for_update().select_related("activity").get(activity=activity)
    email = normalise_email(email)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    registration = Registration.objects.filter(activity=activity, email=email).first()
    outcome: Outcome
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        registered = registration.status == RegistrationStatus.REGISTERED
        outcome = "already_registered" if registered else "already_waiting"
    else:
        registration = registration or Registration(activity=activity, email=email)
        registration.status = RegistrationStatus.REGISTERED if _has_place(setup) else RegistrationStatus.WAITING
        registration.name, registration.answers, registration.consent = name.strip(), answers, consent
        registration.user = user if user is not None and user.is_authenticated else None
        registration.queued_at, registration.cancelled_at, registration.moved_up_at = timezone.now(), None, None
        registration.came, registration.participant_key = None, ""
        outcome = "registered" if registration.status == RegistrationStatus.REGISTERED else "waiting"
    registration.language = language
    token = _renew_token(registration)
    registration.save()
    _mail(registration, outcome, token, base_url)
    return outcome


def _has_place(setup: RegistrationSetup) -> bool:
    if setup.capacity is None:
        return True
    taken = Registration.objects.filter(activity_id=setup.activity_id, status=RegistrationStatus.REGISTERED).count()
    return taken < setup.capacity


def _renew_token(registration: Registration) -> str:
    token = secrets.token_urlsafe(32)
    registration.token_hash = _hash(token)
    return token


def find_by_token(token: str) -> Registration | None:
    """The registration a cancel link is for, while it can still be cancelled: not used, activity not begun."""
    registration = (
        Registration.objects.select_related("activity")
        .filter(token_hash=_hash(token))
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None or registration.activity.start <= timezone.now():
        return None
    return registration


@transaction.atomic
def cancel(token: str, *, base_url: str) -> Registration | None:
    """Cancel by the link in the mail; the link then stops working. A place that comes free goes to the first one
    waiting, who gets a mail. None when the link is unknown, used or too late."""
    found = find_by_token(token)
    if found is None:
        return None
    setup = RegistrationSetup.objects.select_for_update().select_related("activity").get(activity=found.activity)
    registration = Registration.objects.select_for_update().get(pk=found.pk)
    if registration.token_hash != _hash(token) or registration.status == RegistrationStatus.CANCELLED:
        return None  # cancelled by another request in between
    _cancel_locked(setup, registration, base_url)
    return registration


@transaction.atomic
def cancel_by_organiser(registration: Registration, *, reason: str, base_url: str) -> bool:
    """The organiser takes someone off the list (a place or the waiting list). The person gets a mail saying so,
    with the reason, and the place goes to the first one waiting, as when people cancel themselves.
    False when the registration was cancelled already (by its link, or by another organiser in between)."""
    setup = (
        RegistrationSetup.objects.select_for_update()
        .select_related("activity")
        .get(activity_id=registration.activity_id)
    )
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == RegistrationStatus.CANCELLED:
        return False
    if locked.email:  # the address is gone once the retention period has passed
        _mail_cancelled(locked, setup.activity, " ".join(reason.split()), base_url)
    _cancel_locked(setup, locked, base_url)
    return True


def _cancel_locked(setup: RegistrationSetup, registration: Registration, base_url: str) -> None:
    """Cancel (the cancel link stops working) and give the place that came free to the first one waiting."""
    registration.status, registration.cancelled_at, registration.token_hash = (
        RegistrationStatus.CANCELLED,
        timezone.now(),
        None,
    )
    registration.save(update_fields=["status", "cancelled_at", "token_hash"])
    _fill_places(setup, base_url)


def _fill_places(setup: RegistrationSetup, base_url: str) -> None:
    """Move the first people waiting up while there are places (none once the activity has begun)."""
    if setup.activity.start <= timezone.now():
        return
    waiting = Registration.objects.filter(activity_id=setup.activity_id, status=RegistrationStatus.WAITING)
    while _has_place(setup) and (first := waiting.order_by("queued_at", "pk").first()) is not None:
        first.status, first.moved_up_at = RegistrationStatus.REGISTERED, timezone.now()
        token = _renew_token(first)  # the mail carries a fresh link; the one from the waiting-list mail stops
        first.save(update_fields=["status", "moved_up_at", "token_hash"])
        _mail(first, "moved_up", token, base_url)


def _mail(registration: Registration, outcome: Outcome, token: str, base_url: str) -> None:
    activity = registration.activity
    base = base_url.rstrip("/")
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        cancel_link = base + reverse("attendance:registration_cancel", args=[token])
        activity_link = base + activity.get_absolute_url()
    with_place = outcome in ("registered", "moved_up", "already_registered")
    attachments: tuple[mail.Attachment, ...] = ()
    if with_place:
        ics = to_ical([activity], base, activity.title).decode()
        attachments = ((f"{activity.slug}.ics", ics, "text/calendar"),)
    mail.send(
        MAIL,
        to=registration.email,
        context={
            "activity": activity,
            "name": registration.name,
            "outcome": outcome,
            "cancel_link": cancel_link,
            "activity_link": activity_link,
        },
        language=registration.language,
        attachments=attachments,
    )


def _mail_cancelled(registration: Registration, activity: Activity, reason: str, base_url: str) -> None:
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        activity_link = base_url.rstrip("/") + activity.get_absolute_url()
    mail.send(
        MAIL_CANCELLED,
        to=registration.email,
        context={"activity": activity, "name": registration.name, "reason": reason, "activity_link": activity_link},
        language=registration.language,
    )


# --- the organiser's list ----------------------------------------------------------------------------------------


def listed(activity: Activity) -> list[Registration]:
    """Everyone on the list: registered, waiting and cancelled, each in the order they signed up."""
    order = {RegistrationStatus.REGISTERED: 0, RegistrationStatus.WAITING: 1, RegistrationStatus.CANCELLED: 2}
    rows = list(Registration.objects.filter(activity=activity).order_by("queued_at", "pk"))
    return sorted(rows, key=lambda registration: order[RegistrationStatus(registration.status)])


def answer_pairs(setup: RegistrationSetup | None, registration: Registration) -> list[tuple[str, str]]:
    questions = setup.questions if setup else []
    answers = list(registration.answers) + [""] * len(questions)
    return list(zip(questions, answers, strict=False))


@transaction.atomic
def to_attendance(activity: Activity, came: set[int] | None, user: User) -> AttendanceList:
    """Make the registered people who came (came=None: all of them) the activity's attendance list.

    The list replaces any list the activity had, and goes through attendance's own saving, so first-timers and
    the activity's figures follow. Names are not kept in it: only the keyed hash of each address.
    """
    registered = list(
        Registration.objects.select_for_update().filter(activity=activity, status=RegistrationStatus.REGISTERED)
    )
    rows: list[Row] = []
    for registration in registered:
        key = key_for(registration.email) if registration.email else None
        registration.came = key is not None and (came is None or registration.pk in came)
        registration.participant_key = key if key is not None and registration.came else ""
        if registration.came:
            rows.append(Row(len(rows) + 1, registration.participant_key, None, "", "", "", ""))
    Registration.objects.bulk_update(registered, ["came", "participant_key"])
    Registration.objects.filter(activity=activity).exclude(status=RegistrationStatus.REGISTERED).update(
        came=None, participant_key=""
    )
    return save_list(activity, rows, user)


# --- privacy -----------------------------------------------------------------------------------------------------


def purge(now: dt.datetime | None = None) -> int:
    """Remove the names, addresses and answers of registrants of activities that ended more than the retention
    period ago, unless they agreed to keep their address. Returns how many were removed. The rows stay (without
    anything personal), so the counts stay."""
    now = now or timezone.now()
    before = now - dt.timedelta(days=settings.RIMPEL_REGISTRATION_RETENTION_DAYS)
    ended = Registration.objects.filter(activity__end__lt=before)
    # With consent the name and address stay for later activities; the answers were for this one only.
    ended.filter(consent=True).exclude(answers=[]).update(answers=[], token_hash=None)
    expired = ended.filter(consent=False).exclude(email="", name="", user=None)
    return expired.update(name="", email="", answers=[], user=None, token_hash=None)


def for_person(user: User) -> list[Registration]:
    """Someone's registrations: by their login, or by their address."""
    mine = Q(user=user)
    if user.email:
        mine |= Q(email=normalise_email(user.email))
    return list(Registration.objects.filter(mine).select_related("activity").order_by("queued_at", "pk"))


def forget_person(user: User) -> None:
    """A closed account: its registrations lose the name, address, answers and link to it."""
    mine = Q(user=user)
    if user.email:
        mine |= Q(email=normalise_email(user.email))
    Registration.objects.filter(mine).update(name="", email="", answers=[], user=None, token_hash=None, consent=False)
