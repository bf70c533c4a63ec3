"""core.permissions.can_record_attendance: an activity's list is kept by those who may edit the activity."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.models import PublicationStatus
from core.permissions import can_record_attendance
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [PublicationStatus.PUBLISHED, PublicationStatus.DRAFT])
def test_organisers_editors_and_coordinators_keep_the_list(org_a, editor_a, editor_b, member, coordinator, status):
    activity = ActivityFactory(organisers=[org_a], publication_status=status)
    assert can_record_attendance(editor_a, activity)
    assert can_record_attendance(coordinator, activity)
    assert not can_record_attendance(editor_b, activity)
    assert not can_record_attendance(member, activity)
    assert not can_record_attendance(AnonymousUser(), activity)


def test_a_co_organisers_editor_keeps_it_too(org_a, org_b, editor_b):
    assert can_record_attendance(editor_b, ActivityFactory(organisers=[org_a, org_b]))
