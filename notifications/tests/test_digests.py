"""send_digests: work waiting for coordinators (one notice, never one per story), the daily summary, and the
network's weekly digest; each sends at most once per period."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Batch, Delivery, Kind, MailState, Notification, Preferences
from notifications.services import notify
from offerings.tests.factories import OfferingFactory
from questions.models import Question
from questions.services import save_question
from stories.tests.factories import make_story
from tests.factories import ActivityFactory, OrganisationFactory, PersonFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def ask(asker, title, themes=()):
    question = Question(title=title, looking_for="Hulp.", asker=asker)
    return save_question(question, themes=themes, sector_codes=[])


@pytest.fixture
def coordinator_with_mail(coordinator):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    return coordinator


def test_coordinators_hear_once_a_day_what_waits_in_one_summary(coordinator_with_mail):
    for _ in range(3):
        make_story(status="new")
    ActivityFactory(publication_status="draft")
    OfferingFactory(publication_status="draft")

    run("--daily")
    notification = Notification.objects.get(recipient=coordinator_with_mail, kind=Kind.WAITING)
    assert notification.params == {"stories": 3, "drafts": 2, "signups": 0}
    [message] = mail.outbox  # the default: in the daily summary, which the same run sends
    assert message.to == ["coordinator@example.org"]
    assert "3 nieuwe verhalen om te bekijken en 2 concepten om te publiceren" in message.body
    assert "List-Unsubscribe" in message.extra_headers

    make_story(status="new")
    run("--daily")  # the same day again: nothing new, nothing sent twice
    assert Notification.objects.filter(kind=Kind.WAITING).count() == 1
    assert len(mail.outbox) == 1


def test_nothing_waiting_tells_nobody(coordinator_with_mail):
    run("--daily")
    assert not Notification.objects.exists() and mail.outbox == []


def test_the_daily_summary_gathers_a_persons_notifications_in_one_mail(member):
    member.email = "lid@example.org"
    member.save()
    Preferences.objects.create(user=member, published=Delivery.DAILY)
    for title in ("Open podium", "Leesfeest"):
        notify(member, Kind.PUBLISHED, {"title": title}, "/agenda/")
    assert mail.outbox == []

    run("--daily")
    [message] = mail.outbox
    assert "Open podium" in message.body and "Leesfeest" in message.body
    assert "2 meldingen" in message.subject
    assert set(Notification.objects.values_list("mail", flat=True)) == {MailState.SENT}

    notify(member, Kind.PUBLISHED, {"title": "Later"}, "/agenda/")
    run("--daily")  # a second summary the same day waits for tomorrow
    assert len(mail.outbox) == 1
    assert Notification.objects.get(params__title="Later").mail == MailState.DAILY


def test_the_dry_run_composes_and_times_but_sends_and_records_nothing(coordinator_with_mail, member):
    make_story(status="new")
    member.email = "lid@example.org"
    member.save()
    ActivityFactory(title="Leesfeest", start=timezone.now() + dt.timedelta(days=3))
    output = run("--dry-run")
    assert "would be told" in output and "ms per recipient" in output and "nothing sent" in output
    assert mail.outbox == [] and not Batch.objects.exists() and not Notification.objects.exists()


@pytest.fixture
def network():
    """Two themes; an asker; a reader whose organisation works on one of them."""
    reading, green = ThemeFactory(name="Lezen", slug="lezen"), ThemeFactory(name="Groen", slug="groen")
    school = OrganisationFactory(name="Groene Lyceum")
    school.themes.add(green)
    reader = UserFactory(username="lezer", email="lezer@example.org")
    PersonFactory(name="Lea Lezer", organisation=school, user=reader)
    asker = UserFactory(username="vrager", email="vrager@example.org")
    soon = timezone.now() + dt.timedelta(days=5)
    ActivityFactory(title="Leesfeest", start=soon, end=soon + dt.timedelta(hours=2))
    ActivityFactory(title="Open dag Lyceum", kind="open_day", start=soon, end=soon + dt.timedelta(hours=2))
    later = timezone.now() + dt.timedelta(days=60)
    ActivityFactory(title="Ver weg", start=later, end=later + dt.timedelta(hours=2))
    ActivityFactory(title="Nog een concept", start=soon, end=soon, publication_status="draft")
    OfferingFactory(title="Gastles bijen")
    make_story(status="published", role="leerkracht groep 6")
    make_story(status="new", role="nog niet beoordeeld")
    ask(asker, "Wie helpt met een moestuin?", themes=[green])
    ask(asker, "Wie leest voor?", themes=[reading])
    return reader, asker


def test_the_weekly_digest_shows_whats_new_and_the_questions_on_ones_themes(network):
    reader, asker = network
    run("--weekly")
    messages = {message.to[0]: message for message in mail.outbox}
    assert set(messages) == {"lezer@example.org", "vrager@example.org"}
    body = messages["lezer@example.org"].body
    assert "Leesfeest" in body and "Open dag Lyceum" in body and "Gastles bijen" in body
    assert "leerkracht groep 6" in body
    assert "Ver weg" not in body and "Nog een concept" not in body and "nog niet beoordeeld" not in body
    assert "Open vragen over jouw thema's" in body
    assert "Wie helpt met een moestuin?" in body and "Wie leest voor?" not in body
    # The asker has no themes and is not told about their own questions.
    assert "Wie helpt met een moestuin?" not in messages["vrager@example.org"].body
    assert messages["lezer@example.org"].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Deze week in het netwerk" in messages["lezer@example.org"].subject


def test_the_weekly_digest_goes_once_a_week_and_not_to_who_switched_it_off(network):
    reader, asker = network
    Preferences.objects.create(user=asker, weekly_digest=False)
    run("--weekly")
    run("--weekly")
    run()  # the daily run also tries the weekly digest: already sent this week
    assert [message.to for message in mail.outbox] == [["lezer@example.org"]]
    assert Batch.objects.get(recipient=reader).period.weekday() == 0  # the week's Monday


def test_the_weekly_digest_skips_inactive_and_addressless_accounts(network):
    reader, asker = network
    reader.is_active = False
    reader.save()
    asker.email = ""
    asker.save()
    run("--weekly")
    assert mail.outbox == []


def test_composing_the_weekly_digest_takes_no_query_per_recipient(network):
    def queries_for_dry_run() -> int:
        with CaptureQueriesContext(connection) as context:
            run("--weekly", "--dry-run")
        return len(context.captured_queries)

    few = queries_for_dry_run()
    for number in range(5):
        reader = UserFactory(username=f"lezer{number}", email=f"lezer{number}@example.org")
        PersonFactory(organisation=OrganisationFactory(), user=reader)
    assert queries_for_dry_run() == few
