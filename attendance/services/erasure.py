"""Erasure requests: finding a participant by their key, and removing the key everywhere."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from activities.models import Activity
from attendance.models import Attendance, ErasedKey, Participant, Registration
from attendance.services import turns
from attendance.services.checking import UPLOAD_KIND
from core.models import StagedUpload
from core.pseudonyms import key_for


@dataclass
class Found:
    keys: list[str]
    rows: int
    activities: list[Activity]


def find_participants(keys: list[str]) -> Found:
    participants = Participant.objects.filter(key__in=keys)
    rows = Attendance.objects.filter(participant__in=participants)
    activities = Activity.objects.filter(pk__in=rows.values("activity_id")).order_by("start")
    return Found(keys=list(participants.values_list("key", flat=True)), rows=rows.count(), activities=list(activities))


@transaction.atomic
def erase(keys: list[str]) -> int:
    """Remove these participants' keys from every attendance row and every list waiting for confirmation, and
    their sign-ups' names and addresses.

    The rows stay, without a person and with their first-time flag, so activity totals do not change. The keys
    go on the suppression list (ErasedKey, the keyed hash only), so a list with these people checked or saved
    later leaves them out. Returns the number of rows touched.
    """
    turns.take_turn()
    ErasedKey.objects.bulk_create([ErasedKey(key=key) for key in keys], ignore_conflicts=True)
    participants = Participant.objects.filter(key__in=keys)
    touched = Attendance.objects.filter(participant__in=participants).update(participant=None)
    participants.delete()
    # Few lists wait at any time, and a JSON field cannot be searched alike on every database: read them all.
    erased = set(keys)
    waiting = StagedUpload.objects.filter(kind=UPLOAD_KIND).only("pk", "payload")
    StagedUpload.objects.filter(
        pk__in=[upload.pk for upload in waiting if any(row[0] in erased for row in upload.payload["rows"])]
    ).delete()
    _erase_registrations(erased)
    return touched


def _erase_registrations(erased: set[str]) -> None:
    """Sign-ups of the same person (by the pseudonym they were listed under, or by their address) keep their place
    in the counts, without anything personal. Sign-ups are kept only a while after their activity, so they are few."""
    with_address = Registration.objects.exclude(email="").only("pk", "email")
    by_address = [registration.pk for registration in with_address if key_for(registration.email) in erased]
    Registration.objects.filter(Q(pk__in=by_address) | Q(participant_key__in=erased)).update(
        name="", email="", answers=[], user=None, token_hash=None, consent=False, participant_key=""
    )
