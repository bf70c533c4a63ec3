"""Following lines, organisations, programmes, questions and activities, and what followers hear: a new question on
a line, an offer accepted, a question answered, an activity that starts within a week, and the weekly digest's
news of what one follows."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, Follow, Kind, MailState, Notification, Preferences, Reminder
from offerings.tests.factories import OfferingFactory
from questions.models import Question
from questions.services import accept_offer, respond, save_question, set_answered
from stories.tests.factories import make_line, make_programme, make_story
from tests.factories import ActivityFactory, LineFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def person(username: str, name: str, **extra) -> object:
    user = UserFactory(username=username, email=f"{username}@example.org", **extra)
    PersonFactory(name=name, organisation=OrganisationFactory(name=f"School van {name}"), user=user)
    return user


def ask(asker, title: str, line=None, visibility: str = "members") -> Question:
    question = Question(title=title, looking_for="Hulp.", asker=asker, line=line, visibility=visibility)
    return save_question(question, themes=[], sector_codes=[])


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- Following, on the pages ---------------------------------------------------------------------------------------


def test_a_member_follows_a_line_sees_it_listed_and_unfollows(member, member_client):
    line = LineFactory(name="Lijn Lezen")
    page = member_client.get(line.get_absolute_url())
    assert "Volgen" in page.content.decode()

    response = member_client.post(reverse("notifications:follow", args=["line", line.pk]), follow=True)
    assert response.redirect_chain[-1][0] == line.get_absolute_url()
    html = response.content.decode()
    assert "Je volgt “Lijn Lezen” nu." in html and "Niet meer volgen" in html
    assert Follow.objects.filter(user=member, line=line).count() == 1
    member_client.post(reverse("notifications:follow", args=["line", line.pk]))  # twice: still one
    assert Follow.objects.filter(user=member, line=line).count() == 1

    listed = member_client.get(reverse("notifications:following")).content.decode()
    assert "Lijn Lezen" in listed and "Wat ik volg" in listed

    back = reverse("notifications:following")
    response = member_client.post(
        reverse("notifications:follow", args=["line", line.pk]), {"follow": "0", "next": back}
    )
    assert response.url == back
    assert not Follow.objects.filter(user=member).exists()


@pytest.mark.parametrize("kind", ["organisation", "programme", "question", "activity"])
def test_the_button_is_on_each_page_for_logged_in_people_only(kind, member, member_client, anonymous_client):
    records = {
        "organisation": lambda: OrganisationFactory(name="Bieb"),
        "programme": lambda: make_programme(slug="lezen"),
        "question": lambda: ask(UserFactory(username="vrager"), "Wie leest voor?", visibility="public"),
        "activity": lambda: ActivityFactory(title="Leesfeest"),
    }
    record = records[kind]()
    action = reverse("notifications:follow", args=[kind, record.pk])
    assert action in member_client.get(record.get_absolute_url()).content.decode()
    assert action not in anonymous_client.get(record.get_absolute_url()).content.decode()
    member_client.post(action)
    assert services.is_following(member, record)


def test_nobody_follows_a_draft_they_cannot_see_or_an_unknown_kind(member_client, editor_a_client, org_a):
    draft = ActivityFactory(title="Concept", organisers=[org_a], publication_status="draft")
    assert member_client.post(reverse("notifications:follow", args=["activity", draft.pk])).status_code == 404
    assert editor_a_client.post(reverse("notifications:follow", args=["activity", draft.pk])).status_code == 302
    assert member_client.post(reverse("notifications:follow", args=["story", draft.pk])).status_code == 404


def test_a_follow_of_a_record_back_in_draft_can_still_end(member, member_client, org_a):
    activity = ActivityFactory(title="Leesfeest", organisers=[org_a])
    services.follow(member, activity)
    activity.publication_status = "draft"
    activity.save()
    member_client.post(reverse("notifications:follow", args=["activity", activity.pk]), {"follow": "0"})
    assert not Follow.objects.exists()


def test_next_outside_the_site_is_ignored(member_client):
    line = LineFactory()
    response = member_client.post(
        reverse("notifications:follow", args=["line", line.pk]), {"next": "https://elders.example/"}
    )
    assert response.url == line.get_absolute_url()


def test_the_list_shows_held_lines_and_only_ones_own_follows(member, member_client, editor_a):
    held = LineFactory(name="Lijn Rekenen")
    held.holders.add(PersonFactory(user=member))
    services.follow(editor_a, LineFactory(name="Lijn Schrijven"))
    html = member_client.get(reverse("notifications:following")).content.decode()
    assert "Lijn Rekenen" in html and "Lijn Schrijven" not in html


# --- A new question on a line --------------------------------------------------------------------------------------


@pytest.fixture
def line_world():
    line = LineFactory(name="Lijn Lezen")
    holder = person("houder", "Hanna Houder")
    line.holders.add(holder.person, PersonFactory(name="Zonder Account"))
    follower = person("volger", "Victor Volger")
    services.follow(follower, line)
    asker = person("vrager", "Vera Vraag")
    return line, holder, follower, asker


def test_a_question_on_a_line_tells_holders_and_followers_not_the_asker(line_world):
    line, holder, follower, asker = line_world
    bystander = person("buur", "Bram Buur")
    question = ask(asker, "Wie leest voor?", line=line)

    assert kinds_of(holder) == [Kind.LINE_QUESTION] and kinds_of(follower) == [Kind.LINE_QUESTION]
    assert kinds_of(asker) == [] and kinds_of(bystander) == []
    assert sorted(message.to[0] for message in mail.outbox) == ["houder@example.org", "volger@example.org"]
    assert "Nieuwe vraag op de lijn “Lijn Lezen”: “Wie leest voor?”." in mail.outbox[0].body
    # The asker follows their own question from now on.
    assert services.is_following(asker, question)


def test_a_question_without_a_line_tells_nobody_and_an_edit_tells_nobody_again(line_world):
    line, holder, follower, asker = line_world
    question = ask(asker, "Zonder lijn")
    assert not Notification.objects.exists()
    question.line = line
    save_question(question, themes=[], sector_codes=[])
    assert not Notification.objects.exists()


def test_inactive_holders_and_followers_hear_nothing(line_world):
    line, holder, follower, asker = line_world
    holder.is_active = follower.is_active = False
    holder.save(), follower.save()
    ask(asker, "Wie leest voor?", line=line)
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("delivery", "mail_state", "mails"),
    [(Delivery.NOW, MailState.SENT, 1), (Delivery.DAILY, MailState.DAILY, 0), (Delivery.OFF, MailState.NONE, 0)],
)
def test_a_line_question_follows_the_persons_setting(line_world, delivery, mail_state, mails):
    line, holder, follower, asker = line_world
    line.holders.clear()
    Preferences.objects.create(user=follower, line_question=delivery)
    ask(asker, "Wie leest voor?", line=line)
    assert Notification.objects.get(recipient=follower).mail == mail_state
    assert len(mail.outbox) == mails


# --- An offer of help accepted ---------------------------------------------------------------------------------------


@pytest.fixture
def offered():
    asker, helper = person("vrager", "Vera Vraag"), person("helper", "Hans Helper")
    question = ask(asker, "Wie helpt ons vergroenen?")
    response, _created = respond(question, helper, "Wij helpen graag.")
    mail.outbox.clear()
    return question, asker, helper, response


def test_the_asker_accepts_an_offer_and_the_helper_hears_once(offered, client):
    question, asker, helper, response = offered
    client.force_login(asker)
    page = client.get(question.get_absolute_url()).content.decode()
    accept_url = reverse("questions:accept", args=[question.slug, response.pk])
    assert accept_url in page

    answer = client.post(accept_url, follow=True)
    assert "Je hebt dit hulpaanbod aangenomen." in answer.content.decode()
    assert "Aangenomen" in answer.content.decode() and accept_url not in answer.content.decode()
    response.refresh_from_db()
    assert response.is_accepted
    notification = Notification.objects.get(recipient=helper)
    assert notification.kind == Kind.OFFER_ACCEPTED and notification.url == question.get_absolute_url()
    [message] = mail.outbox
    assert message.to == ["helper@example.org"]
    assert "Vera Vraag (School van Vera Vraag) neemt je hulpaanbod aan bij “Wie helpt ons vergroenen?”." in message.body

    client.post(accept_url)  # again: nobody hears twice
    assert Notification.objects.filter(recipient=helper).count() == 1


def test_only_the_asker_or_a_coordinator_accepts(offered, client, coordinator):
    question, asker, helper, response = offered
    accept_url = reverse("questions:accept", args=[question.slug, response.pk])
    client.force_login(person("ander", "Anne Ander"))
    assert client.post(accept_url).status_code == 403
    client.force_login(helper)
    assert client.post(accept_url).status_code == 403
    assert client.get(question.get_absolute_url()).content.decode().count(accept_url) == 0
    client.force_login(coordinator)
    assert client.post(accept_url).status_code == 302
    # An offer addressed under another question's address is not found.
    other = ask(asker, "Een andere vraag")
    assert client.post(reverse("questions:accept", args=[other.slug, response.pk])).status_code == 404


def test_accepted_offers_follow_the_helpers_setting(offered):
    question, asker, helper, response = offered
    Preferences.objects.create(user=helper, offer_accepted=Delivery.OFF)
    assert accept_offer(response)
    assert Notification.objects.get(recipient=helper).mail == MailState.NONE and mail.outbox == []


# --- A question closed -----------------------------------------------------------------------------------------------


def test_closing_tells_helpers_and_followers_but_not_who_closed_it(offered, member, coordinator):
    question, asker, helper, response = offered
    member.email = "lid@example.org"
    member.save()
    services.follow(member, question)
    Preferences.objects.create(user=member, question_closed=Delivery.NOW)
    set_answered(question, True, by=asker)
    assert kinds_of(helper) == [Kind.QUESTION_CLOSED] and kinds_of(member) == [Kind.QUESTION_CLOSED]
    assert Kind.QUESTION_CLOSED not in kinds_of(asker)  # the asker follows it, but closed it
    assert Notification.objects.get(recipient=helper).mail == MailState.DAILY  # the default: the daily summary
    assert [message.to for message in mail.outbox] == [[member.email]]

    set_answered(question, True, by=asker)  # already answered: nobody hears twice
    set_answered(question, False, by=asker)  # opened again: nobody hears
    assert Notification.objects.filter(kind=Kind.QUESTION_CLOSED).count() == 2

    set_answered(question, True, by=coordinator)  # closed by a coordinator: the asker hears too
    assert kinds_of(asker).count(Kind.QUESTION_CLOSED) == 1


def test_the_answered_button_tells_the_helper(offered, client):
    question, asker, helper, response = offered
    client.force_login(asker)
    client.post(reverse("questions:answered", args=[question.slug]), {"answered": "1"})
    assert kinds_of(helper) == [Kind.QUESTION_CLOSED]


# --- Activities coming up (send_digests --daily) ---------------------------------------------------------------------


def test_the_daily_run_tells_followers_of_an_activity_within_a_week_once(member):
    member.email = "lid@example.org"
    member.save()
    soon = timezone.now() + dt.timedelta(days=3)
    followed = ActivityFactory(title="Leesfeest", start=soon)
    later = ActivityFactory(title="Later", start=timezone.now() + dt.timedelta(days=10))
    past = ActivityFactory(title="Voorbij", start=timezone.now() - dt.timedelta(days=1))
    draft = ActivityFactory(title="Concept", start=soon, publication_status="draft")
    for activity in (followed, later, past, draft):
        Follow.objects.create(user=member, activity=activity)
    ActivityFactory(title="Niet gevolgd", start=soon)

    output = run("--daily")
    assert "Activities coming up: 1" in output
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == Kind.COMING_UP and notification.url == followed.get_absolute_url()
    [message] = mail.outbox
    assert "“Leesfeest” begint op" in message.body

    run("--daily")  # a second run: nobody hears twice
    assert Notification.objects.count() == 1 and Reminder.objects.count() == 1


def test_coming_up_in_the_daily_summary_when_chosen(member):
    member.email = "lid@example.org"
    member.save()
    Preferences.objects.create(user=member, coming_up=Delivery.DAILY)
    Follow.objects.create(user=member, activity=ActivityFactory(start=timezone.now() + dt.timedelta(days=2)))
    run("--daily")
    [message] = mail.outbox
    assert "1 melding" in message.subject and "begint op" in message.body
    assert Notification.objects.get(recipient=member).mail == MailState.SENT


def test_coming_up_shows_the_date_in_the_readers_language(member):
    start = timezone.make_aware(dt.datetime(2030, 3, 5, 14, 30))
    notification = Notification(kind=Kind.COMING_UP, params={"activity": "Leesfeest", "start": start.isoformat()})
    assert notification.text == "“Leesfeest” begint op 5 maart, 14:30."


# --- The weekly digest: from what you follow -------------------------------------------------------------------------


@pytest.fixture
def followed_world():
    library = OrganisationFactory(name="Bibliotheek Rijnland")
    programme = make_programme(slug="lezen", name="Programma Lezen")
    make_line(programme, activities=[ActivityFactory(title="Voorleesuur")])
    ActivityFactory(title="Boekenmarkt", organisers=[library])
    OfferingFactory(title="Gastles voorlezen", provider=library)
    make_story(status="published", role="moeder van Sam", programme=programme)
    reader = UserFactory(username="lezer", email="lezer@example.org")
    services.follow(reader, library)
    services.follow(reader, programme)
    other = UserFactory(username="ander", email="ander@example.org")
    return reader, other


def test_the_weekly_digest_has_news_of_followed_organisations_and_programmes(followed_world):
    reader, other = followed_world
    run("--weekly")
    messages = {message.to[0]: message for message in mail.outbox}
    body = messages["lezer@example.org"].body
    section = body.split("Van wat je volgt", 1)[1].split("Activiteiten", 1)[0]
    assert "Boekenmarkt (Activiteit: Bibliotheek Rijnland)" in section
    assert "Voorleesuur (Activiteit: Programma Lezen)" in section
    assert "Gastles voorlezen (Aanbod: Bibliotheek Rijnland)" in section
    assert "moeder van Sam" in section
    assert "Van wat je volgt" in messages["lezer@example.org"].alternatives[0].content
    assert "Van wat je volgt" not in messages["ander@example.org"].body


def test_the_followed_section_takes_no_query_per_recipient(followed_world):
    def queries_for_dry_run() -> int:
        with CaptureQueriesContext(connection) as context:
            run("--weekly", "--dry-run")
        return len(context.captured_queries)

    few = queries_for_dry_run()
    library = Follow.objects.get(organisation__isnull=False).organisation
    for number in range(5):
        reader = UserFactory(username=f"lezer{number}", email=f"lezer{number}@example.org")
        services.follow(reader, library)
        services.follow(reader, OrganisationFactory())
    assert queries_for_dry_run() == few
