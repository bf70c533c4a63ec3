"""A line's workspace: meetings with agenda and notes, decisions, follow-ups on *Mijn werk*, news for followers."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Decision, FollowUp, Meeting
from meetings.services import add_decision, save_meeting, set_done
from notifications.models import Follow, Kind, Notification
from tests.factories import LineFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(org_a):
    return UserFactory(username="houder")


@pytest.fixture
def holder_client(client, holder):
    client.force_login(holder)
    return client


@pytest.fixture
def line(holder, org_a):
    line = LineFactory(name="Welzijn")
    line.holders.add(PersonFactory(name="Hanna Houder", organisation=org_a, user=holder))
    return line


@pytest.fixture
def meeting(line, holder):
    return save_meeting(
        Meeting(line=line, title="Verkenners", starts_at=timezone.now() + dt.timedelta(days=3)), invitees=[], by=holder
    )


def _at(year: int, month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 9))


def _token(client, url):
    return client.get(url).context["form"].initial["form_token"]


class TestMeetingPages:
    def test_a_holder_plans_a_meeting_with_a_cleaned_agenda(self, holder_client, line):
        url = f"/lijnen/{line.slug}/overleggen/nieuw/"
        invitee = PersonFactory(name="Ivo Genodigde")
        response = holder_client.post(
            url,
            {
                "title": "Verkenners ontmoeten verkenners",
                "date": "2026-04-07",
                "start_time": "09:00",
                "end_time": "10:30",
                "place": "LLokaal met LEF",
                "agenda": "<ul><li>Preventie en cultuur</li></ul><script>alert(1)</script>",
                "invitees": [invitee.pk],
                "form_token": _token(holder_client, url),
            },
        )
        meeting = Meeting.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/overleggen/{meeting.pk}/"
        assert meeting.agenda == "<ul><li>Preventie en cultuur</li></ul>" and list(meeting.invitees.all()) == [invitee]
        page = holder_client.get(response["Location"]).content.decode()
        assert (
            "Het overleg is toegevoegd." in page and "<li>Preventie en cultuur</li>" in page and "Ivo Genodigde" in page
        )

    def test_an_end_before_the_start_is_refused_and_the_form_keeps_what_was_typed(self, holder_client, line):
        url = f"/lijnen/{line.slug}/overleggen/nieuw/"
        response = holder_client.post(
            url, {"title": "Mijn overleg", "date": "2026-04-07", "start_time": "10:00", "end_time": "09:00"}
        )
        html = response.content.decode()
        assert (
            response.status_code == 200
            and "Mijn overleg" in html
            and "De eindtijd moet na de begintijd liggen." in html
        )

    def test_a_member_reads_a_past_meeting_but_does_not_change_it(self, member_client, line, holder):
        past = save_meeting(
            Meeting(line=line, title="Vorig overleg", starts_at=_at(2025, 1, 1)), invitees=[], by=holder
        )
        assert member_client.get(past.get_absolute_url()).status_code == 200
        assert member_client.get(f"/overleggen/{past.pk}/bewerken/").status_code == 403
        assert member_client.get(f"/lijnen/{line.slug}/overleggen/nieuw/").status_code == 403

    def test_a_visitor_is_asked_to_log_in(self, anonymous_client, meeting):
        assert anonymous_client.get(meeting.get_absolute_url()).status_code == 302

    def test_the_line_page_shows_the_workspace_to_members_only(
        self, member_client, anonymous_client, line, meeting, holder
    ):
        add_decision(Decision(meeting=meeting, text="We nodigen docenten uit."), by=holder)
        FollowUp.objects.create(meeting=meeting, text="Docenten benaderen", due_date=dt.date(2020, 1, 1))
        page = member_client.get(line.get_absolute_url()).content.decode()
        assert "Verkenners" in page and "We nodigen docenten uit." in page and "Docenten benaderen" in page
        assert "Te laat" in page
        assert "Werkplaats van de lijn" not in anonymous_client.get(line.get_absolute_url()).content.decode()

    def test_a_line_with_a_meeting_is_not_deleted(self, coordinator_client, line, meeting):
        coordinator_client.post(f"/lijnen/{line.slug}/verwijderen/")
        assert line.__class__.objects.filter(pk=line.pk).exists()


class TestDecisionsAndFollowUps:
    def test_a_holder_records_a_decision_and_a_follow_up_for_someone(self, holder_client, meeting, member):
        owner = PersonFactory(name="Olga Eigenaar", user=member)
        url = f"/overleggen/{meeting.pk}/besluiten/nieuw/"
        holder_client.post(url, {"text": "We richten ons op preventie.", "form_token": _token(holder_client, url)})
        url = f"/overleggen/{meeting.pk}/vervolgacties/nieuw/"
        response = holder_client.post(
            url,
            {
                "text": "Linkjes met netwerken verzamelen",
                "owner": owner.pk,
                "due_date": "2026-05-01",
                "form_token": _token(holder_client, url),
            },
        )
        assert response.status_code == 302
        assert meeting.decisions.get().text == "We richten ons op preventie."
        assert meeting.follow_ups.get().owner == owner

    def test_the_owner_sees_the_follow_up_on_mijn_werk_and_ticks_it_off(self, member_client, meeting, member):
        follow_up = FollowUp.objects.create(
            meeting=meeting, text="Verslag rondsturen", owner=PersonFactory(user=member), due_date=dt.date(2020, 1, 1)
        )
        work = member_client.get("/account/mijn-werk/").content.decode()
        assert "Verslag rondsturen" in work and "Te laat" in work and f"/vervolgacties/{follow_up.pk}/klaar/" in work
        response = member_client.post(f"/vervolgacties/{follow_up.pk}/klaar/", {"done": "1", "back": "werk"})
        assert response.status_code == 302 and response["Location"] == "/account/mijn-werk/#vervolgacties"
        follow_up.refresh_from_db()
        assert follow_up.done_at is not None
        work = member_client.get("/account/mijn-werk/").content.decode()
        assert "Klaar: “Verslag rondsturen”." in work and "Er wachten geen vervolgacties op jou." in work

    def test_someone_else_does_not_tick_it_off(self, editor_a_client, meeting, member):
        follow_up = FollowUp.objects.create(meeting=meeting, text="x", owner=PersonFactory(user=member))
        assert editor_a_client.post(f"/vervolgacties/{follow_up.pk}/klaar/", {"done": "1"}).status_code == 403
        assert editor_a_client.get(f"/vervolgacties/{follow_up.pk}/klaar/").status_code == 405

    def test_the_holder_opens_a_follow_up_again(self, holder_client, meeting):
        follow_up = FollowUp.objects.create(meeting=meeting, text="x")
        set_done(follow_up, True)
        holder_client.post(f"/vervolgacties/{follow_up.pk}/klaar/", {"done": "0"})
        follow_up.refresh_from_db()
        assert follow_up.done_at is None


class TestNews:
    def test_followers_hear_of_a_new_meeting_and_a_decision_but_not_the_writer(self, line, holder, member):
        Follow.objects.create(user=member, line=line)
        meeting = save_meeting(Meeting(line=line, title="Overleg", starts_at=_at(2026, 4, 7)), invitees=[], by=holder)
        add_decision(Decision(meeting=meeting, text="Docenten erbij halen."), by=holder)
        news = Notification.objects.filter(kind=Kind.LINE_NEWS)
        assert [n.recipient for n in news] == [member, member]
        texts = {n.text for n in news}
        assert "Besloten bij de lijn “Welzijn”: Docenten erbij halen." in texts
        assert "Nieuw overleg van de lijn “Welzijn”: “Overleg” op 7 april 2026." in texts

    def test_an_edit_of_a_meeting_is_no_news(self, line, holder, member, meeting):
        Follow.objects.create(user=member, line=line)
        save_meeting(meeting, invitees=[], by=holder)
        assert not Notification.objects.filter(kind=Kind.LINE_NEWS, recipient=member).exists()


def test_the_edit_form_shows_the_day_and_times_of_the_meeting(holder_client, line, holder):
    meeting = save_meeting(
        Meeting(line=line, title="Overleg", starts_at=_at(2026, 4, 7), ends_at=_at(2026, 4, 7) + dt.timedelta(hours=1)),
        invitees=[],
        by=holder,
    )
    form = holder_client.get(f"/overleggen/{meeting.pk}/bewerken/").context["form"]
    assert (form.initial["date"], form.initial["start_time"], form.initial["end_time"]) == (
        dt.date(2026, 4, 7),
        dt.time(9),
        dt.time(10),
    )
    response = holder_client.post(
        f"/overleggen/{meeting.pk}/bewerken/", {"title": "Overleg", "date": "2026-04-08", "start_time": "14:00"}
    )
    meeting.refresh_from_db()
    assert response.status_code == 302 and timezone.localtime(meeting.starts_at) == _at(2026, 4, 8) + dt.timedelta(
        hours=5
    )
    assert meeting.ends_at is None


def test_a_meeting_loaded_by_a_command_is_nobodys_news(line, member):
    Follow.objects.create(user=member, line=line)
    save_meeting(Meeting(line=line, title="Demo-overleg", starts_at=_at(2026, 4, 7)), invitees=[], by=None)
    assert not Notification.objects.exists()


class TestLineMeetingList:
    def test_members_see_every_meeting_coming_first_then_past_paginated(self, holder_client, line, holder):
        now = timezone.now()
        for days in (-40, -3, 30, 2):
            save_meeting(
                Meeting(line=line, title=f"Overleg {days:+d}", starts_at=now + dt.timedelta(days=days)),
                invitees=[],
                by=holder,
            )
        for number in range(25):  # older still: they fill the second page
            Meeting.objects.create(line=line, title=f"Oud {number}", starts_at=now - dt.timedelta(days=100 + number))
        url = f"/lijnen/{line.slug}/overleggen/"
        assert url in holder_client.get(line.get_absolute_url()).content.decode()  # linked from the workspace
        response = holder_client.get(url)
        assert [meeting.title for meeting in response.context["coming"]] == ["Overleg +2", "Overleg +30"]
        assert [meeting.title for meeting in response.context["past"]][:3] == ["Overleg -3", "Overleg -40", "Oud 0"]
        page = response.content.decode()
        assert page.index("Komende overleggen") < page.index("Overleg +2") < page.index("Eerdere overleggen")
        second = holder_client.get(url + "?page=2")
        assert second.context["coming"] == [] and second.context["past"][-1].title == "Oud 24"
        assert holder_client.get(url + "?page=onzin").status_code == 200

    def test_an_empty_line_says_so_and_the_public_is_sent_to_log_in(self, client, line, holder):
        url = f"/lijnen/{line.slug}/overleggen/"
        assert client.get(url).status_code == 302
        client.force_login(holder)
        assert "nog geen overleggen" in client.get(url).content.decode()
        assert client.get("/lijnen/bestaat-niet/overleggen/").status_code == 404
