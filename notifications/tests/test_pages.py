"""The notifications list, the settings page, and the one-click unsubscribe (logged out, by POST; bad or old
links harmless)."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from notifications import services
from notifications.models import Delivery, Kind, Notification, Preferences

pytestmark = pytest.mark.django_db


def make_notification(user, **extra):
    return Notification.objects.create(
        recipient=user, kind=Kind.PUBLISHED, params={"title": "Open podium"}, url="/agenda/open-podium/", **extra
    )


def test_the_list_shows_own_notifications_and_marks_them_read(member, member_client, editor_a):
    first, second = make_notification(member), make_notification(member)
    make_notification(editor_a)
    page = member_client.get(reverse("notifications:list"))
    assert page.context["unread"] == 2 and len(page.context["notifications"]) == 2
    assert "“Open podium” is gepubliceerd" in page.content.decode()

    member_client.post(reverse("notifications:read"), {"notification": first.pk})
    first.refresh_from_db(), second.refresh_from_db()
    assert first.is_read and not second.is_read
    member_client.post(reverse("notifications:read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=editor_a, read_at__isnull=True).count() == 1


def test_the_lists_actions_hold_the_button_and_the_links_together(member, member_client):
    """A <form> may not sit in a <p>: the browser would close the paragraph and drop the links out of the row."""
    make_notification(member)
    html = member_client.get(reverse("notifications:list")).content.decode()
    actions = re.search(r'<div class="rimpel-actions">(.*?)</div>', html, re.S)
    assert actions, "the actions are not a <div>"
    inside = actions.group(1)
    assert "<form" in inside
    assert reverse("notifications:settings") in inside and reverse("notifications:following") in inside


def test_nobody_marks_another_persons_notification(member_client, editor_a):
    theirs = make_notification(editor_a)
    member_client.post(reverse("notifications:read"), {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_my_work_links_to_the_list_with_the_unread_count(member, member_client):
    make_notification(member)
    page = member_client.get(reverse("home:dashboard"))
    assert page.context["unread_notifications"] == 1
    assert reverse("notifications:list") in page.content.decode()


def test_the_settings_page_saves_each_kind_and_the_weekly_digest(member, member_client):
    page = member_client.get(reverse("notifications:settings"))
    assert page.status_code == 200
    response = member_client.post(
        reverse("notifications:settings"),
        {
            "help_offered": "daily",
            "published": "off",
            "sent_back": "daily",
            "waiting": "now",
            "offer_accepted": "off",
            "question_closed": "now",
            "line_question": "daily",
            "coming_up": "off",
            "line_news": "now",
        },  # weekly digest unticked
    )
    assert response.status_code == 302
    preferences = Preferences.objects.get(user=member)
    assert (preferences.help_offered, preferences.published, preferences.waiting) == ("daily", "off", "now")
    assert (preferences.offer_accepted, preferences.question_closed) == ("off", "now")
    assert (preferences.line_question, preferences.coming_up) == ("daily", "off")
    assert (preferences.sent_back, preferences.line_news) == ("daily", "now")
    assert preferences.weekly_digest is False


def test_unsubscribe_works_logged_out_get_asks_post_switches_off(member, anonymous_client):
    url = services.unsubscribe_url(member, Kind.HELP_OFFERED).removeprefix("http://127.0.0.1:8000")
    page = anonymous_client.get(url)
    assert page.status_code == 200 and "<form" in page.content.decode()
    assert not Preferences.objects.filter(user=member).exists()  # a GET (a mail scanner) changes nothing

    # RFC 8058: the mail program posts "List-Unsubscribe=One-Click", without a CSRF token.
    anonymous_client.handler.enforce_csrf_checks = True
    response = anonymous_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preferences = Preferences.objects.get(user=member)
    assert preferences.help_offered == Delivery.OFF
    assert preferences.published == Delivery.NOW and preferences.weekly_digest  # the rest untouched


def test_unsubscribe_from_the_weekly_digest_and_the_daily_summary(member, anonymous_client):
    Preferences.objects.create(user=member, help_offered=Delivery.DAILY, waiting=Delivery.DAILY)
    for topic in (services.WEEKLY, services.DAILY):
        anonymous_client.post(services.unsubscribe_url(member, topic).removeprefix("http://127.0.0.1:8000"))
    preferences = Preferences.objects.get(user=member)
    assert not preferences.weekly_digest
    assert (preferences.help_offered, preferences.waiting, preferences.published) == ("off", "off", "now")


@pytest.mark.parametrize(
    "token",
    [
        "ongeldig",
        signing.dumps({"user": 1, "topic": "help_offered"}, salt="another.salt"),
        signing.dumps({"user": 1, "topic": "everything"}, salt=services.UNSUBSCRIBE_SALT),
        signing.dumps({"user": "1", "topic": "help_offered"}, salt=services.UNSUBSCRIBE_SALT),
    ],
)
def test_a_bad_token_is_harmless(member, anonymous_client, token):
    url = reverse("notifications:unsubscribe", args=[token])
    for response in (anonymous_client.get(url), anonymous_client.post(url)):
        assert response.status_code == 200
        assert response.context["invalid"]
    assert not Preferences.objects.exists()


def test_an_expired_token_is_harmless(member, anonymous_client, settings, monkeypatch):
    monkeypatch.setattr(services, "UNSUBSCRIBE_MAX_AGE", -1)
    url = services.unsubscribe_url(member, Kind.HELP_OFFERED).removeprefix("http://127.0.0.1:8000")
    assert anonymous_client.post(url).context["invalid"]
    assert not Preferences.objects.exists()
    assert mail.outbox == []
