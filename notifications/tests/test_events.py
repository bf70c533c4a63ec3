"""Events that notify: an offer of help on your question, your draft published; each in the site and, per the
person's settings, by mail now, in the daily summary, or not at all."""

import pytest
from django.core import mail
from django.urls import reverse

from core.services import set_publication
from notifications.models import Delivery, Kind, MailState, Notification, Preferences
from offerings.tests.factories import OfferingFactory
from questions.models import Question
from questions.services import respond, save_question
from tests.factories import ActivityFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asker(db):
    user = UserFactory(username="asker", email="vera@example.org", first_name="Vera")
    PersonFactory(name="Vera Vraag", organisation=OrganisationFactory(name="Groene Lyceum"), user=user)
    return user


@pytest.fixture
def helper(db):
    user = UserFactory(username="helper", email="hans@example.org")
    PersonFactory(name="Hans Helper", organisation=OrganisationFactory(name="Hogeschool Leiden"), user=user)
    return user


@pytest.fixture
def question(asker):
    question = Question(title="Wie helpt ons vergroenen?", looking_for="Een partner.", asker=asker)
    return save_question(question, themes=[], sector_codes=[])


def test_an_offer_of_help_tells_the_asker_at_once_by_default(question, asker, helper, client):
    client.force_login(helper)
    response = client.post(reverse("questions:respond", args=[question.slug]), {"message": "Wij helpen graag."})
    assert response.status_code == 302

    notification = Notification.objects.get(recipient=asker)
    assert notification.kind == Kind.HELP_OFFERED and notification.mail == MailState.SENT
    assert notification.url == question.get_absolute_url()
    [message] = mail.outbox
    assert message.to == ["vera@example.org"]
    assert "Hans Helper (Hogeschool Leiden)" in message.body and "Wie helpt ons vergroenen?" in message.body
    assert f"http://127.0.0.1:8000{question.get_absolute_url()}" in message.body
    html = message.alternatives[0].content
    assert "Hans Helper" in html
    # RFC 8058: a one-click unsubscribe that switches this kind off.
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/meldingen/afmelden/" in message.extra_headers["List-Unsubscribe"]


def test_changing_an_offer_notifies_nobody_again(question, asker, helper):
    respond(question, helper, "Eerste bericht")
    respond(question, helper, "Aangepast bericht")
    assert Notification.objects.filter(recipient=asker).count() == 1
    assert len(mail.outbox) == 1


def test_off_means_only_in_the_site(question, asker, helper):
    Preferences.objects.create(user=asker, help_offered=Delivery.OFF)
    respond(question, helper, "Wij helpen.")
    assert Notification.objects.get(recipient=asker).mail == MailState.NONE
    assert mail.outbox == []


def test_daily_keeps_it_for_the_summary(question, asker, helper):
    Preferences.objects.create(user=asker, help_offered=Delivery.DAILY)
    respond(question, helper, "Wij helpen.")
    assert Notification.objects.get(recipient=asker).mail == MailState.DAILY
    assert mail.outbox == []


def test_nobody_without_an_address_or_active_account_gets_mail(question, asker, helper):
    asker.email = ""
    asker.save()
    respond(question, helper, "Wij helpen.")
    assert Notification.objects.get(recipient=asker).mail == MailState.NONE
    assert mail.outbox == []


def test_a_published_draft_tells_its_organisations_editors_not_others(coordinator, coordinator_client):
    organisation, other = OrganisationFactory(name="Hogeschool Leiden"), OrganisationFactory(name="Gemeente")
    editor = UserFactory(username="redacteur", email="redacteur@example.org")
    outsider = UserFactory(username="ander", email="ander@example.org")
    organisation.editors.add(editor)
    other.editors.add(outsider)
    organisation.editors.add(coordinator)  # the one publishing is not told
    activity = ActivityFactory(title="Open podium", organisers=[organisation], publication_status="draft")

    response = coordinator_client.post(reverse("activities:publish", args=[activity.slug]), {"publish": "1"})
    assert response.status_code == 302

    [notification] = Notification.objects.all()
    assert notification.recipient == editor and notification.kind == Kind.PUBLISHED
    [message] = mail.outbox
    assert message.to == ["redacteur@example.org"] and "Open podium" in message.body
    assert message.subject == "[Leiden Education Fieldlab] Je concept is gepubliceerd"


def test_publishing_twice_or_unpublishing_announces_nothing(editor_a, org_a):
    editor_a.email = "a@example.org"
    editor_a.save()
    offering = OfferingFactory(provider=org_a, publication_status="published")
    set_publication(offering, True)
    set_publication(offering, False)
    assert not Notification.objects.exists()
    set_publication(offering, True)
    assert Notification.objects.get().recipient == editor_a
