"""Mail: composing (both parts, language, network name, one-click unsubscribe), the queue (sent after commit, kept
and retried while the mail server is down), delivery through a real SMTP server on loopback, the development
mail folder and page, and the commands."""

import email
import socket
from datetime import timedelta
from email import policy
from smtplib import SMTPServerDisconnected

import pytest
from aiosmtpd.controller import Controller
from django.core import mail as django_mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail
from core.models import OutgoingMail

UNSUBSCRIBE = "https://rimpel.example.org/meldingen/uit/abc123/"


def _send(**kwargs):
    return mail.send("core/mail/test", to="iemand@example.org", context={}, **kwargs)


class DownBackend:
    """A mail server that is down: every connection fails."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


DOWN = "core.tests.test_mail.DownBackend"


# --- composing -------------------------------------------------------------------------------------------------


@override_settings(RIMPEL_NETWORK_NAME="Netwerk Leiden")
def test_a_message_has_both_parts_in_the_recipients_language_with_the_networks_name():
    dutch = mail.compose("core/mail/test", to="iemand@example.org", context={}, language="nl")
    english = mail.compose("core/mail/test", to="iemand@example.org", context={}, language="en")
    assert dutch.subject == "[Netwerk Leiden] Testbericht"
    assert "Dit is een testbericht van Netwerk Leiden." in dutch.text
    assert '<html lang="nl">' in dutch.html and "Netwerk Leiden" in dutch.html
    assert english.subject == "[Netwerk Leiden] Test message"
    assert "This is a test message from Netwerk Leiden." in english.text
    assert '<html lang="en">' in english.html
    assert dutch.headers == {}


def test_a_notification_carries_one_click_unsubscribe_headers_and_links():
    message = mail.compose("core/mail/test", to="iemand@example.org", context={}, unsubscribe_url=UNSUBSCRIBE)
    # RFC 8058: an https link and the One-Click marker, so a mail program unsubscribes with one POST, no login.
    assert message.headers == {
        "List-Unsubscribe": f"<{UNSUBSCRIBE}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert UNSUBSCRIBE in message.text
    assert f'href="{UNSUBSCRIBE}"' in message.html


@override_settings(DEFAULT_FROM_EMAIL="Netwerk Leiden <rimpel@example.org>")
def test_a_sent_mail_arrives_in_the_outbox_with_both_parts_and_the_headers(db):
    sent = _send(language="en", unsubscribe_url=UNSUBSCRIBE)
    assert len(django_mail.outbox) == 1
    message = django_mail.outbox[0]
    assert message.to == ["iemand@example.org"]
    assert message.from_email == "Netwerk Leiden <rimpel@example.org>"
    assert "This is a test message" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"].endswith("@example.org>")
    sent.refresh_from_db()
    assert sent.status == OutgoingMail.Status.SENT and sent.attempts == 1 and sent.sent_at


# --- the queue -------------------------------------------------------------------------------------------------


def test_an_attachment_is_kept_with_the_queued_mail_and_sent_with_it(db):
    """A registration's confirmation carries the activity's .ics; the row holds it, so a retry sends it too."""
    queued = _send(attachments=(("activiteit.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),))
    queued.refresh_from_db()
    assert queued.attachments == [["activiteit.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"]]
    (sent,) = django_mail.outbox
    assert sent.attachments == [("activiteit.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")]


@override_settings(EMAIL_BACKEND=DOWN)
def test_while_the_mail_server_is_down_the_mail_is_kept_and_retried_later(db):
    queued = _send()
    queued.refresh_from_db()
    assert django_mail.outbox == []
    assert queued.status == OutgoingMail.Status.QUEUED and queued.attempts == 1
    assert "SMTPServerDisconnected" in queued.last_error
    wait = queued.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
    # Not due yet: a sweep leaves it alone.
    assert mail.send_due() == (0, 0)

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert mail.send_due(now=timezone.now() + timedelta(minutes=2)) == (1, 0)
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.SENT and queued.attempts == 2
    assert len(django_mail.outbox) == 1


def test_the_wait_doubles_up_to_six_hours():
    assert [mail.backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert mail.backoff(30) == timedelta(hours=6)


@override_settings(EMAIL_BACKEND=DOWN)
def test_after_the_last_attempt_the_mail_is_failed_and_kept_for_the_operator(db):
    queued = _send()
    for _attempt in range(mail.MAX_ATTEMPTS - 1):
        OutgoingMail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
        mail.send_due()
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.FAILED and queued.attempts == mail.MAX_ATTEMPTS
    assert mail.send_due(now=timezone.now() + timedelta(days=30)) == (0, 0)

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("send_queued_mail", "--retry-failed", stdout=open("/dev/null", "w"))  # noqa: SIM115
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.SENT
    assert len(django_mail.outbox) == 1


def test_a_mail_claimed_by_a_worker_that_died_is_sent_again_later(db):
    queued = OutgoingMail.objects.create(
        to="iemand@example.org", subject="S", text="T", html="<p>T</p>", next_attempt_at=timezone.now()
    )
    OutgoingMail.objects.filter(pk=queued.pk).update(status=OutgoingMail.Status.SENDING, claimed_at=timezone.now())
    assert mail.send_due() == (0, 0)  # a worker may still be busy with it
    assert mail.send_due(now=timezone.now() + mail.STALE_CLAIM + timedelta(minutes=1)) == (1, 0)
    assert len(django_mail.outbox) == 1


def test_a_mail_is_sent_once_even_when_its_task_runs_twice(db):
    sent = _send()
    assert mail.attempt(sent.pk) is False
    assert len(django_mail.outbox) == 1


def test_sent_mails_are_removed_after_a_while(db):
    sent = _send()
    mail.send_due(now=timezone.now() + mail.KEEP_SENT - timedelta(hours=1))
    assert OutgoingMail.objects.filter(pk=sent.pk).exists()
    mail.send_due(now=timezone.now() + mail.KEEP_SENT + timedelta(hours=1))
    assert not OutgoingMail.objects.filter(pk=sent.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_mail_leaves_only_after_its_transaction_commits():
    with transaction.atomic():
        _send()
        assert django_mail.outbox == []  # the page that sends it never waits for a mail server
    assert len(django_mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        _send()
        raise RuntimeError("the change that caused the mail fails")
    assert django_mail.outbox == []
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_worker_delivers_and_schedules_a_retry_when_the_server_is_down():
    with override_settings(EMAIL_BACKEND=DOWN):
        queued = _send()
        assert django_mail.outbox == []  # enqueued for the worker, not sent in the request
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.QUEUED and queued.attempts == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == queued.next_attempt_at

    OutgoingMail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.SENT
    assert len(django_mail.outbox) == 1


# --- a real SMTP server on loopback ----------------------------------------------------------------------------


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_a_mail_travels_through_a_real_smtp_server_and_reads_back_whole(db, smtp_server, settings):
    controller, inbox = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "Netwerk Leiden <rimpel@example.org>"
    settings.RIMPEL_NETWORK_NAME = "Netwerk Leiden"

    sent = _send(language="nl", unsubscribe_url=UNSUBSCRIBE)

    sent.refresh_from_db()
    assert sent.status == OutgoingMail.Status.SENT
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "rimpel@example.org"
    assert envelope.rcpt_tos == ["iemand@example.org"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "[Netwerk Leiden] Testbericht"
    assert message["From"] == "Netwerk Leiden <rimpel@example.org>"
    assert message["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == sent.headers["Message-ID"]
    assert message.get_content_type() == "multipart/alternative"
    assert "Dit is een testbericht van Netwerk Leiden." in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert '<html lang="nl">' in html and f'href="{UNSUBSCRIBE}"' in html


def test_send_test_mail_reports_what_the_mail_server_said(db, settings):
    settings.EMAIL_BACKEND = DOWN
    with pytest.raises(CommandError, match="did not take the message: SMTPServerDisconnected"):
        call_command("send_test_mail", "beheer@example.org")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_test_mail", "beheer@example.org", "--language", "en", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert django_mail.outbox[0].subject.endswith("Test message")


# --- development: .eml files and /dev/mail/ --------------------------------------------------------------------


@pytest.fixture
def mail_folder(settings, tmp_path):
    settings.EMAIL_BACKEND = "core.mail_backends.EmlFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    return tmp_path


def test_development_writes_each_mail_as_an_eml_file(db, mail_folder):
    _send(unsubscribe_url=UNSUBSCRIBE)
    _send(language="en")
    files = sorted(mail_folder.glob("*.eml"))
    assert len(files) == 2
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == "iemand@example.org"
    assert message.get_body(("html",)) is not None


def test_the_development_page_lists_the_mails_and_makes_their_links_clickable(db, client, mail_folder, settings):
    settings.DEBUG = True
    _send(unsubscribe_url=UNSUBSCRIBE)
    listing = client.get(reverse("dev_mail"))
    assert listing.status_code == 200
    assert "Testbericht" in listing.content.decode()
    (name,) = [path.name for path in mail_folder.glob("*.eml")]
    page = client.get(reverse("dev_mail_message", args=[name]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "iemand@example.org" in content and "Dit is een testbericht" in content
    assert f'<a href="{UNSUBSCRIBE}"' in content


def test_the_development_page_is_a_404_without_debug(db, client, mail_folder):
    _send()
    (name,) = [path.name for path in mail_folder.glob("*.eml")]
    assert client.get(reverse("dev_mail")).status_code == 404
    assert client.get(reverse("dev_mail_message", args=[name])).status_code == 404


def test_the_development_page_opens_only_mail_files_in_its_folder(db, client, mail_folder, settings):
    settings.DEBUG = True
    (mail_folder / "notes.txt").write_text("secret")
    assert client.get(reverse("dev_mail_message", args=["notes.txt"])).status_code == 404
    assert client.get(reverse("dev_mail_message", args=["missing.eml"])).status_code == 404
    assert client.get("/dev/mail/..%2Fnotes.txt").status_code == 404
    assert client.get(reverse("dev_mail")).status_code == 200  # an empty folder
