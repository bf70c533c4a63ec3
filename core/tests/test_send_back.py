"""A coordinator sends a draft back to its editors with a reason: who may, only drafts, the reason required and
kept on the record, the editors told as they chose, cleared on publishing, marked changed after an edit."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from activities.services import save_activity
from core.services import send_back, set_publication
from notifications.models import Delivery, Kind, MailState, Notification, Preferences
from offerings.tests.factories import OfferingFactory
from programmes.models import Programme
from tests.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

REASON = "De datum klopt niet. Zet de tijd erbij."


@pytest.fixture
def draft(org_a):
    return ActivityFactory(title="Open podium", organisers=[org_a], publication_status="draft")


@pytest.fixture
def mailed_editor(editor_a):
    editor_a.email = "redacteur@example.org"
    editor_a.save()
    return editor_a


def send_back_url(record):
    return reverse("activities:send_back", args=[record.slug])


def test_the_coordinator_sends_a_draft_back_and_its_editors_get_the_reason(
    coordinator, coordinator_client, draft, mailed_editor, editor_b
):
    page = coordinator_client.get(draft.get_absolute_url()).content.decode()
    assert f'href="{send_back_url(draft)}"' in page
    assert coordinator_client.get(send_back_url(draft)).status_code == 200

    response = coordinator_client.post(send_back_url(draft), {"reason": REASON}, follow=True)

    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    assert "teruggestuurd" in response.content.decode()  # the confirmation
    draft.refresh_from_db()
    assert draft.sent_back_reason == REASON and draft.sent_back_by == coordinator and draft.sent_back_at
    assert not draft.changed_since_sent_back and not draft.is_published
    [notification] = Notification.objects.all()  # editor B edits another organisation: not told
    assert notification.recipient == mailed_editor and notification.kind == Kind.SENT_BACK
    assert notification.url == draft.get_absolute_url()
    [message] = mail.outbox
    assert message.to == ["redacteur@example.org"]
    assert "Open podium" in message.body and REASON in message.body
    assert message.subject == "[Leiden Education Fieldlab] Je concept is teruggestuurd"


def test_the_reason_shows_on_the_page_for_its_editors(editor_a_client, draft, coordinator):
    send_back(draft, REASON, by=coordinator)
    page = editor_a_client.get(draft.get_absolute_url()).content.decode()
    assert REASON in page
    assert "Pas het aan" in page  # not changed yet
    assert f'href="{send_back_url(draft)}"' not in page  # editors do not send back


def test_only_a_coordinator_may_send_back(editor_a_client, member_client, draft):
    # Its own editor sees the draft (403); the member may not see it, so it does not exist for them (404).
    assert editor_a_client.post(send_back_url(draft), {"reason": REASON}).status_code == 403
    assert member_client.post(send_back_url(draft), {"reason": REASON}).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_sent_back
    assert not Notification.objects.exists()


def test_a_published_record_cannot_be_sent_back(coordinator_client, org_a):
    published = ActivityFactory(organisers=[org_a])
    response = coordinator_client.post(send_back_url(published), {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == published.get_absolute_url()
    published.refresh_from_db()
    assert not published.is_sent_back
    assert not Notification.objects.exists()
    page = coordinator_client.get(published.get_absolute_url()).content.decode()
    assert f'href="{send_back_url(published)}"' not in page


def test_the_reason_is_required_and_limited(coordinator_client, draft):
    response = coordinator_client.post(send_back_url(draft), {"reason": "   "})
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    long_reason = "x" * 1001
    response = coordinator_client.post(send_back_url(draft), {"reason": long_reason})
    assert response.status_code == 400
    assert long_reason in response.content.decode()  # what was typed stays
    draft.refresh_from_db()
    assert not draft.is_sent_back


@pytest.mark.parametrize(
    ("delivery", "mails", "state"),
    [(Delivery.NOW, 1, MailState.SENT), (Delivery.DAILY, 0, MailState.DAILY), (Delivery.OFF, 0, MailState.NONE)],
)
def test_the_editor_is_told_as_they_chose(coordinator_client, draft, mailed_editor, delivery, mails, state):
    Preferences.objects.create(user=mailed_editor, sent_back=delivery)
    coordinator_client.post(send_back_url(draft), {"reason": REASON})
    notification = Notification.objects.get(recipient=mailed_editor)
    assert notification.mail == state and REASON in notification.text
    assert len(mail.outbox) == mails


def test_an_edit_marks_it_changed_and_publishing_clears_it(coordinator, draft, org_a):
    send_back(draft, REASON, by=coordinator)
    draft.title = "Open podium, 12 maart"
    save_activity(draft, organisers=[org_a], themes=[], lines=[], sectors=[], keep_published=False)
    draft.refresh_from_db()
    assert draft.changed_since_sent_back and draft.sent_back_reason == REASON

    set_publication(draft, True)
    draft.refresh_from_db()
    assert draft.is_published and not draft.is_sent_back
    assert draft.sent_back_reason == "" and draft.sent_back_by is None and not draft.changed_since_sent_back


def test_an_edit_of_a_draft_never_sent_back_is_not_marked(draft, org_a):
    save_activity(draft, organisers=[org_a], themes=[], lines=[], sectors=[], keep_published=False)
    draft.refresh_from_db()
    assert not draft.changed_since_sent_back


def test_the_edit_page_shows_it_changed(editor_a_client, coordinator, draft):
    send_back(draft, REASON, by=coordinator)
    draft.changed_since_sent_back = True
    draft.save()
    assert "weer op een coördinator" in editor_a_client.get(draft.get_absolute_url()).content.decode()


@pytest.mark.parametrize("kind", ["projects", "offerings", "programmes"])
def test_every_kind_of_draft_can_be_sent_back(coordinator_client, org_a, mailed_editor, kind):
    if kind == "projects":
        record = ProjectFactory(leads=[org_a], publication_status="draft")
    elif kind == "offerings":
        record = OfferingFactory(provider=org_a, publication_status="draft")
    else:
        record = Programme.objects.create(
            slug="p", name="Programma", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31)
        )
        record.organisations.add(org_a)
    url = reverse(f"{kind}:send_back", args=[record.slug])
    assert url in coordinator_client.get(record.get_absolute_url()).content.decode()
    assert coordinator_client.post(url, {"reason": REASON}).status_code == 302
    record.refresh_from_db()
    assert record.sent_back_reason == REASON
    assert REASON in coordinator_client.get(record.get_absolute_url()).content.decode()
    assert Notification.objects.get().recipient == mailed_editor
