"""The sign-up pages: opening it, registering on the activity's page (public, one click, partners only), the same
answer for every address, rate limits, cancelling by the link, and the organiser's list with its export and
its conversion to attendance."""

import re

import pytest
from django.core import mail as django_mail
from django.core.cache import cache
from django.urls import reverse

from attendance.models import Attendance, Registration, RegistrationSetup, RegistrationStatus
from attendance.services import registration as signup
from attendance.views_registration import PER_ADDRESS
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate limits count in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def activity(org_a):
    return ActivityFactory(title="Open les", organisers=[org_a])


def _open(activity, **terms):
    defaults = {"capacity": None, "deadline": None, "audience": "public", "questions": [], "base_url": BASE}
    return signup.save_setup(activity, **{**defaults, **terms})


def _post_registration(client, activity, email, name="Iemand", **extra):
    data = {"name": name, "email": email, **extra}
    return client.post(reverse("attendance:register", args=[activity.slug]), data)


def test_the_organiser_opens_sign_up_with_places_a_deadline_questions_and_an_audience(editor_a_client, activity):
    url = reverse("attendance:registration_setup", args=[activity.slug])
    assert editor_a_client.get(url).status_code == 200
    bad = editor_a_client.post(url, {"capacity": "-1", "audience": "public", "questions": "Dieet?"})
    assert bad.status_code == 400 and "Dieet?" in bad.content.decode()  # what was typed stays
    response = editor_a_client.post(
        url, {"capacity": "2", "deadline": "2099-01-01", "audience": "members", "questions": "Dieet?\n\nVragen?\n"}
    )
    assert response.status_code == 302
    setup = RegistrationSetup.objects.get(activity=activity)
    assert (setup.capacity, setup.audience, setup.questions) == (2, "members", ["Dieet?", "Vragen?"])
    assert setup.deadline.year == 2099
    page = editor_a_client.get(reverse("attendance:registration_setup", args=[activity.slug])).content.decode()
    assert "2099-01-01" in page  # the form shows the day it was given

    close = reverse("attendance:registration_open", args=[activity.slug])
    editor_a_client.post(close, {"action": "close"})
    assert not RegistrationSetup.objects.get(activity=activity).is_open
    editor_a_client.post(close, {"action": "open"})
    assert RegistrationSetup.objects.get(activity=activity).is_open


def test_visitors_and_other_editors_may_not_open_sign_up(client, editor_b_client, activity):
    url = reverse("attendance:registration_setup", args=[activity.slug])
    assert client.get(url).status_code == 302
    assert editor_b_client.get(url).status_code == 403


def test_a_visitor_registers_on_the_activity_page_and_gets_the_same_answer_for_any_address(client, activity):
    _open(activity, capacity=1, questions=["Dieet?"])
    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'action="/agenda/open-les/aanmelden/"' in page and "Dieet?" in page and "bewaard" in page

    first = _post_registration(client, activity, "anna@example.org", answer_0="vegetarisch", consent="on")
    again = _post_registration(client, activity, "anna@example.org")
    waiting = _post_registration(client, activity, "bram@example.org")
    sent = reverse("attendance:registration_sent", args=[activity.slug])
    assert first.url == again.url == waiting.url == sent
    anna = Registration.objects.get(email="anna@example.org")
    assert anna.answers == ["vegetarisch"] and anna.consent and anna.status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(email="bram@example.org").status == RegistrationStatus.WAITING
    assert len(django_mail.outbox) == 3
    assert client.get(sent).status_code == 200


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong_in_dutch(client, activity):
    _open(activity)
    response = _post_registration(client, activity, "geen-adres", name="Anna de Vries")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Anna de Vries" in page and "geen-adres" in page and "geldig e-mailadres" in page
    assert not Registration.objects.exists()


def test_too_many_sign_ups_for_one_address_send_nothing_but_read_the_same(client, activity):
    _open(activity)
    for _attempt in range(PER_ADDRESS + 2):
        response = _post_registration(client, activity, "anna@example.org")
        assert response.status_code == 302
    assert len(django_mail.outbox) == PER_ADDRESS


def test_members_sign_up_with_one_click_and_see_their_place(member, activity):
    from django.test import Client

    member.email, member.first_name = "lid@example.org", "Lid"
    member.save()
    _open(activity, audience="members")
    visitor = Client()
    assert "Log in" in visitor.get(activity.get_absolute_url()).content.decode()
    assert visitor.post(reverse("attendance:register", args=[activity.slug]), {}).status_code == 302  # to login
    assert not Registration.objects.exists()

    client = Client()
    client.force_login(member)
    response = client.post(reverse("attendance:register", args=[activity.slug]), {})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.user, registration.email, registration.name) == (member, "lid@example.org", "Lid")
    assert "Je bent aangemeld." in client.get(activity.get_absolute_url()).content.decode()


def test_partners_only_refuses_a_logged_in_person_of_no_organisation(member_client, editor_b_client, activity):
    _open(activity, audience="partners")
    assert member_client.post(reverse("attendance:register", args=[activity.slug]), {}).status_code == 403
    assert not Registration.objects.exists()
    editor_b_client.post(reverse("attendance:register", args=[activity.slug]), {"name": "B", "email": "b@example.org"})
    assert Registration.objects.count() == 1


def test_closed_sign_up_takes_nobody(client, activity):
    setup = _open(activity)
    signup.set_open(setup, False)
    response = _post_registration(client, activity, "anna@example.org")
    assert response.status_code == 200 and "gesloten" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelling_by_the_link_asks_first_then_works_once(client, activity):
    _open(activity, capacity=1)
    _post_registration(client, activity, "anna@example.org")
    _post_registration(client, activity, "bram@example.org")
    link = re.search(r"http://testserver(/aanmelding/annuleren/[\w-]+/)", django_mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200  # a mail program that opens the link cancels nothing
    assert Registration.objects.get(email="anna@example.org").status == RegistrationStatus.REGISTERED
    assert client.post(link).status_code == 200
    assert Registration.objects.get(email="bram@example.org").status == RegistrationStatus.REGISTERED
    assert "plek vrij" in django_mail.outbox[-1].subject
    assert client.post(link).status_code == 404
    assert client.get("/aanmelding/annuleren/onzin/").status_code == 404


def test_the_organisers_list_exports_and_becomes_the_attendance_list(client, editor_a_client, activity):
    _open(activity, questions=["Dieet?"])
    _post_registration(client, activity, "anna@example.org", name="Anna", answer_0="=SUM(A1)")
    _post_registration(client, activity, "bram@example.org", name="Bram")
    url = reverse("attendance:registrations", args=[activity.slug])
    page = editor_a_client.get(url).content.decode()
    assert "Anna" in page and "bram@example.org" in page and "=SUM(A1)" in page

    csv = editor_a_client.get(url + "?formaat=csv").content.decode()
    assert "anna@example.org" in csv and "'=SUM(A1)" in csv and "Dieet?" in csv
    xlsx = editor_a_client.get(url + "?formaat=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")

    anna = Registration.objects.get(email="anna@example.org")
    convert = reverse("attendance:registration_attendance", args=[activity.slug])
    editor_a_client.post(convert, {"action": "ticked", "came": [str(anna.pk), "x", "99999999"]})
    assert Attendance.objects.filter(activity=activity).count() == 1
    # A list exists now: replacing it needs the tick.
    editor_a_client.post(convert, {"action": "all"})
    assert Attendance.objects.filter(activity=activity).count() == 1
    editor_a_client.post(convert, {"action": "all", "replace": "1"})
    assert Attendance.objects.filter(activity=activity).count() == 2
    detail = editor_a_client.get(activity.get_absolute_url()).content.decode()
    assert "aangemeld 2 → gekomen 2 → voor het eerst 2" in detail.lower()


def test_the_organiser_cancels_a_registrant_with_a_reason_and_the_first_one_waiting_moves_up(
    client, editor_a_client, activity
):
    _open(activity, capacity=1)
    _post_registration(client, activity, "anna@example.org", name="Anna")
    _post_registration(client, activity, "bram@example.org", name="Bram")
    anna = Registration.objects.get(email="anna@example.org")
    url = reverse("attendance:registration_remove", args=[activity.slug, anna.pk])
    assert url in editor_a_client.get(reverse("attendance:registrations", args=[activity.slug])).content.decode()
    page = editor_a_client.get(url)
    assert page.status_code == 200 and "anna@example.org" in page.content.decode()
    assert Registration.objects.get(pk=anna.pk).status == RegistrationStatus.REGISTERED  # asking cancels nothing

    too_long = editor_a_client.post(url, {"reason": "Te laat. " * 200})
    assert too_long.status_code == 400 and "Te laat." in too_long.content.decode()  # what was typed stays
    django_mail.outbox.clear()
    response = editor_a_client.post(url, {"reason": "De  zaal is\nkleiner dan gedacht."}, follow=True)
    assert "krijgt daarover een mail" in response.content.decode()
    anna.refresh_from_db()
    assert (anna.status, anna.token_hash) == (RegistrationStatus.CANCELLED, None)
    assert Registration.objects.get(email="bram@example.org").status == RegistrationStatus.REGISTERED
    to_anna, to_bram = django_mail.outbox
    assert to_anna.to == ["anna@example.org"] and "organisator" in to_anna.subject
    assert "De zaal is kleiner dan gedacht." in to_anna.body
    assert to_bram.to == ["bram@example.org"] and "plek vrij" in to_bram.subject
    # Cancelled once: the page is gone, and a second POST sends nothing.
    assert editor_a_client.get(url).status_code == 404
    assert editor_a_client.post(url).status_code == 404
    assert len(django_mail.outbox) == 2


def test_the_organiser_takes_someone_off_the_waiting_list_without_a_reason(client, editor_a_client, activity):
    _open(activity, capacity=1)
    _post_registration(client, activity, "anna@example.org", name="Anna")
    _post_registration(client, activity, "bram@example.org", name="Bram")
    bram = Registration.objects.get(email="bram@example.org")
    django_mail.outbox.clear()
    editor_a_client.post(reverse("attendance:registration_remove", args=[activity.slug, bram.pk]), {"reason": ""})
    assert Registration.objects.get(pk=bram.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(email="anna@example.org").status == RegistrationStatus.REGISTERED
    (to_bram,) = django_mail.outbox
    assert to_bram.to == ["bram@example.org"] and "reden" not in to_bram.body


def test_only_the_organiser_cancels_a_registrant(client, editor_a, editor_b_client, activity, org_b):
    _open(activity)
    _post_registration(client, activity, "anna@example.org")
    anna = Registration.objects.get(email="anna@example.org")
    url = reverse("attendance:registration_remove", args=[activity.slug, anna.pk])
    assert client.post(url).status_code == 302  # to the login
    assert editor_b_client.post(url).status_code == 403
    other = ActivityFactory(title="Andere les", organisers=[org_b])
    assert editor_b_client.get(reverse("attendance:registration_remove", args=[other.slug, anna.pk])).status_code == 404
    editor_b_client.force_login(editor_a)
    assert editor_b_client.get(f"/agenda/{activity.slug}/aanmeldingen/{'9' * 25}/afmelden/").status_code == 404
    assert Registration.objects.get(pk=anna.pk).status == RegistrationStatus.REGISTERED
