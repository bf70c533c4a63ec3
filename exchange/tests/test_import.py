import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from activities import services as activity_services
from activities.models import Activity
from core.models import PublicationStatus, StagedUpload
from exchange import services
from exchange.calendar_import import read_calendar
from exchange.models import ImportedEvent
from exchange.tests.test_calendar_import import ics

FIRST, LAST = dt.date(2031, 1, 1), dt.date(2031, 12, 31)
WINDOW = (dt.datetime(2031, 1, 1, tzinfo=dt.UTC), dt.datetime(2032, 1, 1, tzinfo=dt.UTC))
CALENDAR = ics(
    "UID:one\nSUMMARY:Open avond\nDTSTART:20310301T180000Z\nLOCATION:Aula",
    "UID:rep\nSUMMARY:Les\nDTSTART:20310106T100000Z\nRRULE:FREQ=WEEKLY;COUNT=3",
)


def reading(data=CALENDAR):
    return read_calendar(data, FIRST, LAST)


@pytest.mark.django_db
def test_apply_creates_drafts_and_reimport_is_idempotent(org_a, editor_a):
    result = services.apply(org_a, reading(), editor_a, WINDOW)
    assert result.counts["new"] == 4
    activities = Activity.objects.filter(organisers=org_a)
    assert activities.count() == 4
    assert set(activities.values_list("publication_status", flat=True)) == {PublicationStatus.DRAFT}
    again = services.apply(org_a, reading(), editor_a, WINDOW)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 4, "skipped": 0, "removed": 0}
    assert Activity.objects.count() == 4 and ImportedEvent.objects.count() == 4


@pytest.mark.django_db
def test_changed_summary_updates_same_activity(org_a, coordinator):
    services.apply(org_a, reading(), coordinator, WINDOW)
    activity = ImportedEvent.objects.get(uid="one").activity
    activity.publication_status = PublicationStatus.PUBLISHED
    activity.save()
    changed = CALENDAR.replace(b"Open avond", b"Open avond (nieuw)")
    assert services.preview(org_a, reading(changed), WINDOW).counts["updated"] == 1
    services.apply(org_a, reading(changed), coordinator, WINDOW)
    activity.refresh_from_db()
    assert activity.title == "Open avond (nieuw)"
    assert activity.is_published  # the coordinator keeps it published
    assert Activity.objects.count() == 4


@pytest.mark.django_db
def test_editor_update_makes_published_activity_draft(org_a, editor_a):
    services.apply(org_a, reading(), editor_a, WINDOW)
    Activity.objects.update(publication_status=PublicationStatus.PUBLISHED)
    services.apply(org_a, reading(CALENDAR.replace(b"Aula", b"Zaal 2")), editor_a, WINDOW)
    activity = ImportedEvent.objects.get(uid="one").activity
    assert activity.place == "Zaal 2" and not activity.is_published


@pytest.mark.django_db
def test_event_gone_is_flagged_and_kept(org_a, editor_a):
    services.apply(org_a, reading(), editor_a, WINDOW)
    without = ics("UID:rep\nSUMMARY:Les\nDTSTART:20310106T100000Z\nRRULE:FREQ=WEEKLY;COUNT=3")
    result = services.apply(org_a, reading(without), editor_a, WINDOW)
    assert result.counts["removed"] == 1
    imported = ImportedEvent.objects.get(uid="one")
    assert imported.removed_at is not None and imported.activity is not None
    assert list(services.removed_events(org_a)) == [imported]
    # back in the file: no longer flagged
    services.apply(org_a, reading(), editor_a, WINDOW)
    imported.refresh_from_db()
    assert imported.removed_at is None


@pytest.mark.django_db
def test_error_during_apply_leaves_nothing(org_a, editor_a):
    real = activity_services.save_activity
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValidationError("boom")
        return real(*args, **kwargs)

    with mock.patch("exchange.services.save_activity", failing), pytest.raises(ValidationError):
        services.apply(org_a, reading(), editor_a, WINDOW)
    assert Activity.objects.count() == 0 and ImportedEvent.objects.count() == 0


def upload(data=CALENDAR, name="agenda.ics"):
    return {
        "file": SimpleUploadedFile(name, data, content_type="text/calendar"),
        "window_start": "2031-01-01",
        "window_end": "2031-12-31",
    }


@pytest.mark.django_db
def test_permissions(anonymous_client, editor_b_client, editor_a_client, coordinator_client, org_a):
    url = reverse("exchange:import", args=[org_a.slug])
    assert anonymous_client.get(url).status_code == 302
    assert "?next=" in anonymous_client.get(url)["Location"]
    assert editor_b_client.get(url).status_code == 403
    assert editor_b_client.post(url, upload()).status_code == 403
    assert editor_a_client.get(url).status_code == 200
    assert coordinator_client.get(url).status_code == 200


@pytest.mark.django_db
@translation.override("en")  # the messages are read in English, under /en/
def test_upload_preview_confirm(editor_a_client, editor_b_client, org_a):
    url = reverse("exchange:import", args=[org_a.slug])
    bad = ics("UID:x\nSUMMARY:Geen begin")
    response = editor_a_client.post(url, upload(CALENDAR.replace(b"END:VCALENDAR", bad[bad.index(b"BEGIN:VEVENT") :])))
    assert response.status_code == 200
    assert response.context["preview"].counts["new"] == 4
    assert "no start" in response.content.decode()
    assert Activity.objects.count() == 0
    token = response.context["token"]
    confirm = reverse("exchange:confirm", args=[org_a.slug])
    assert editor_b_client.post(confirm, {"token": token, "action": "save"}).status_code == 403
    response = editor_a_client.post(confirm, {"token": token, "action": "save"}, follow=True)
    assert Activity.objects.filter(organisers=org_a).count() == 4
    # the token is used up: a second post imports nothing more
    editor_a_client.post(confirm, {"token": token, "action": "save"})
    assert Activity.objects.count() == 4


@pytest.mark.django_db
@translation.override("en")  # the messages are read in English, under /en/
def test_cancel_and_bad_input(editor_a_client, org_a):
    url = reverse("exchange:import", args=[org_a.slug])
    response = editor_a_client.post(url, upload())
    editor_a_client.post(
        reverse("exchange:confirm", args=[org_a.slug]), {"token": response.context["token"], "action": "cancel"}
    )
    assert Activity.objects.count() == 0
    response = editor_a_client.post(url, upload(b"naam;e-mail\nA;a@example.org\n", "lijst.csv"))
    assert response.status_code == 400 and "not an iCalendar" in response.content.decode()
    response = editor_a_client.post(url, {**upload(), "window_end": "2034-01-01"})
    assert response.status_code == 400 and "24 months" in response.content.decode()
    with mock.patch("exchange.forms.MAX_UPLOAD_BYTES", 10):
        response = editor_a_client.post(url, upload())
    assert response.status_code == 400 and "5 MB" in response.content.decode()
    response = editor_a_client.post(reverse("exchange:confirm", args=[org_a.slug]), {"token": "nope"})
    assert response.status_code == 302
    assert Activity.objects.count() == 0


@pytest.mark.django_db
@translation.override("en")  # the messages are read in English, under /en/
def test_the_checked_calendar_is_staged_for_its_user_and_a_day(editor_a_client, coordinator_client, org_a):
    url, confirm = reverse("exchange:import", args=[org_a.slug]), reverse("exchange:confirm", args=[org_a.slug])
    token = editor_a_client.post(url, upload()).context["token"]
    staged = StagedUpload.objects.get()
    assert staged.token == token and staged.target == f"organisation:{org_a.pk}"
    assert f"exchange-import-{org_a.pk}" not in editor_a_client.session  # the preview is not in the session
    not_waiting = "No checked calendar is waiting to be imported"
    # Someone else who may edit the organisation cannot import another's check.
    response = coordinator_client.post(confirm, {"token": token, "action": "save"}, follow=True)
    assert not_waiting in response.content.decode() and Activity.objects.count() == 0
    StagedUpload.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = editor_a_client.post(confirm, {"token": token, "action": "save"}, follow=True)
    assert not_waiting in response.content.decode() and Activity.objects.count() == 0
    assert not StagedUpload.objects.exists()
