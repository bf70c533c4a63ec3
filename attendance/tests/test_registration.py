"""Sign-up for activities (attendance.services.registration): places and the waiting list, cancel links, the
confirmation mails with the .ics, the list turned into attendance, and the purge of registrants' data."""

import datetime as dt
import re

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from attendance.models import Attendance, Registration, RegistrationStatus
from attendance.services import erase, save_list
from attendance.services import registration as signup
from attendance.tests.helpers import rows
from core.models import OutgoingMail
from core.pseudonyms import key_for
from impact.models import ActivityFigures
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

BASE = "https://rimpel.example.org/"


@pytest.fixture
def activity():
    activity = ActivityFactory(title="Lesson Study Dag")
    signup.save_setup(activity, capacity=2, deadline=None, audience="public", questions=["Dieet?"], base_url=BASE)
    return activity


def _register(activity, email, name="", **kwargs):
    defaults = {"answers": [""], "consent": False, "user": None, "base_url": BASE, "language": "nl"}
    return signup.register(activity, name=name or email.split("@")[0], email=email, **{**defaults, **kwargs})


def _cancel_token(message) -> str:
    return re.search(r"/aanmelding/annuleren/([\w-]+)/", message.body).group(1)


def _last_mail_to(address):
    return [message for message in django_mail.outbox if message.to == [address]][-1]


def test_capacity_two_three_register_third_waits_one_cancels_third_moves_up_and_gets_a_mail(activity):
    assert _register(activity, "anna@example.org") == "registered"
    assert _register(activity, "bram@example.org") == "registered"
    assert _register(activity, "chris@example.org") == "waiting"
    assert signup.counts(activity).places_left == 0

    waiting_mail = _last_mail_to("chris@example.org")
    assert "wachtlijst" in waiting_mail.subject and not waiting_mail.attachments
    confirmation = _last_mail_to("anna@example.org")
    ((filename, ics, mimetype),) = confirmation.attachments
    assert filename == f"{activity.slug}.ics" and mimetype == "text/calendar" and "Lesson Study Dag" in ics

    assert signup.cancel(_cancel_token(confirmation), base_url=BASE).status == RegistrationStatus.CANCELLED

    chris = Registration.objects.get(email="chris@example.org")
    assert chris.status == RegistrationStatus.REGISTERED and chris.moved_up_at
    moved_up = _last_mail_to("chris@example.org")
    assert "plek vrij" in moved_up.subject and moved_up.attachments[0][0].endswith(".ics")
    # Through the project's queue: a row per mail, sent.
    queued = OutgoingMail.objects.filter(to="chris@example.org").order_by("pk")
    assert [row.status for row in queued] == [OutgoingMail.Status.SENT] * 2
    assert queued.last().attachments[0][2] == "text/calendar"
    assert signup.counts(activity) == signup.Counts(2, 0, 1, 0, 0, 2)


def test_a_cancel_link_works_once_and_only_until_the_activity_starts(activity):
    _register(activity, "anna@example.org")
    token = _cancel_token(_last_mail_to("anna@example.org"))
    assert signup.find_by_token("not-a-token") is None
    assert signup.cancel(token, base_url=BASE) is not None
    assert signup.cancel(token, base_url=BASE) is None  # used

    _register(activity, "bram@example.org")
    late = _cancel_token(_last_mail_to("bram@example.org"))
    activity.start = timezone.now() - dt.timedelta(minutes=1)
    activity.save()
    assert signup.find_by_token(late) is None and signup.cancel(late, base_url=BASE) is None
    assert Registration.objects.get(email="bram@example.org").status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(email="anna@example.org").token_hash is None  # only a hash, cleared once used


def test_the_same_address_twice_is_one_registration_with_a_mail_saying_so(activity):
    assert _register(activity, "Anna@Example.org") == "registered"
    first = _cancel_token(_last_mail_to("anna@example.org"))
    assert _register(activity, " anna@example.ORG ") == "already_registered"
    assert Registration.objects.filter(activity=activity).count() == 1
    again = _last_mail_to("anna@example.org")
    assert "al aangemeld" in again.body
    # The new mail's link is the one that works (the mailbox's owner has it).
    assert signup.find_by_token(first) is None and signup.find_by_token(_cancel_token(again))


def test_cancelled_people_may_register_again_at_the_back_of_the_queue(activity):
    _register(activity, "anna@example.org")
    signup.cancel(_cancel_token(_last_mail_to("anna@example.org")), base_url=BASE)
    assert _register(activity, "anna@example.org") == "registered"
    assert Registration.objects.get(email="anna@example.org").cancelled_at is None


def test_more_places_move_people_up_and_closing_or_the_deadline_stops_sign_up(activity):
    for address in ("a@example.org", "b@example.org", "c@example.org", "d@example.org"):
        _register(activity, address)
    signup.save_setup(activity, capacity=3, deadline=None, audience="public", questions=[], base_url=BASE)
    assert signup.counts(activity).registered == 3 and signup.counts(activity).waiting == 1
    setup = signup.setup_of(activity)
    assert signup.accepts(setup)
    signup.set_open(setup, False)
    assert not signup.accepts(setup)
    signup.save_setup(
        activity,
        capacity=None,
        deadline=timezone.now() - dt.timedelta(hours=1),
        audience="public",
        questions=[],
        base_url=BASE,
    )
    assert not signup.accepts(signup.setup_of(activity))
    assert signup.counts(activity).waiting == 0  # no limit: everyone waiting has a place


def test_the_list_becomes_the_attendance_list_and_the_figures_count_registered_came_first_time(activity, organiser):
    signup.save_setup(activity, capacity=None, deadline=None, audience="public", questions=[], base_url=BASE)
    for address in ("anna@example.org", "bram@example.org", "chris@example.org"):
        _register(activity, address)
    # Bram came to an earlier activity: not a first-timer here.
    earlier = ActivityFactory(start=activity.start - dt.timedelta(days=30))
    save_list(earlier, rows("bram@example.org"), organiser)
    anna, bram, chris = Registration.objects.filter(activity=activity).order_by("email")

    signup.to_attendance(activity, {anna.pk, bram.pk}, organiser)

    assert Attendance.objects.filter(activity=activity).count() == 2
    figures = ActivityFigures.objects.get(activity=activity)
    assert (figures.participants, figures.first_timers) == (2, 1)
    counts = signup.counts(activity)
    assert (counts.registered, counts.came, counts.came_first_time) == (3, 2, 1)
    chris.refresh_from_db()
    assert chris.came is False and chris.participant_key == ""

    signup.to_attendance(activity, None, organiser)  # all registered came
    assert ActivityFigures.objects.get(activity=activity).participants == 3
    assert signup.counts(activity).came_first_time == 2


def test_purge_removes_registrants_data_after_the_retention_period_unless_they_consented(activity, settings):
    settings.RIMPEL_REGISTRATION_RETENTION_DAYS = 90
    _register(activity, "anna@example.org", answers=["vegetarisch"])
    _register(activity, "bram@example.org", consent=True, answers=["geen"])
    after_activity = activity.end + dt.timedelta(days=89)
    assert signup.purge(after_activity) == 0
    assert signup.purge(activity.end + dt.timedelta(days=91)) == 1
    anna = Registration.objects.get(status=RegistrationStatus.REGISTERED, consent=False)
    assert (anna.name, anna.email, anna.answers, anna.token_hash) == ("", "", [], None)
    bram = Registration.objects.get(email="bram@example.org")
    assert bram.name == "bram" and bram.answers == []
    assert signup.counts(activity).registered == 2  # the rows stay for the counts


@pytest.fixture
def organiser(editor_a):
    return editor_a


def test_an_erasure_request_removes_the_persons_sign_ups_but_keeps_the_counts(activity, organiser):
    _register(activity, "anna@example.org")
    _register(activity, "bram@example.org")
    signup.to_attendance(activity, None, organiser)
    erase([key_for("anna@example.org")])
    assert sorted(Registration.objects.values_list("email", flat=True)) == ["", "bram@example.org"]
    assert signup.counts(activity).registered == 2
