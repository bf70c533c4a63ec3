"""The nightly clean-up (issue 20, finding 5): an upload awaiting confirmation is deleted after a day even when
no one uploads again; expired sign-ups, old rate-limit counters and past registrants' data go too."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from attendance.models import Registration
from core.models import RateCounter, StagedUpload
from core.staging import stage
from network.models import SignUp
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def sign_up(email: str, expires_days_ago: int) -> SignUp:
    return SignUp.objects.create(
        first_name="A",
        last_name="B",
        email=email,
        language="nl",
        token_hash=email,
        expires_at=timezone.now() - timedelta(days=expires_days_ago),
    )


def test_purge_expired_deletes_what_is_over_and_keeps_the_rest(editor_a):
    old = stage(editor_a, "attendance", target="1", content=b"naam\nEmile")
    fresh = stage(editor_a, "attendance", target="2", content=b"naam\nBob")
    StagedUpload.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    sign_up("oud@example.org", expires_days_ago=31)
    recent = sign_up("recent@example.org", expires_days_ago=1)
    now = int(time.time())
    RateCounter.objects.create(key="login:x", window_start=now - 7200, count=3, expires_at=now - 3600)
    current = RateCounter.objects.create(key="login:y", window_start=now, count=1, expires_at=now + 3600)
    long_ago = ActivityFactory(start=timezone.now() - timedelta(days=100))
    for email, consent in (("weg@example.org", False), ("blijft@example.org", True)):
        Registration.objects.create(
            activity=long_ago, name="N", email=email, consent=consent, status="registered", queued_at=long_ago.start
        )

    out = io.StringIO()
    call_command("purge_expired", stdout=out)

    assert list(StagedUpload.objects.all()) == [fresh]
    assert list(SignUp.objects.all()) == [recent]
    assert list(RateCounter.objects.all()) == [current]
    assert sorted(Registration.objects.values_list("email", flat=True)) == ["", "blijft@example.org"]
    assert out.getvalue().strip() == (
        "Deleted 1 uploads awaiting confirmation, 1 expired sign-ups, 1 old rate-limit counters, "
        "the data of 1 past registrants."
    )


def test_purge_expired_with_nothing_to_do():
    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    assert "Deleted 0 uploads" in out.getvalue()
