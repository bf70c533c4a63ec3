from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Sector


class Participant(models.Model):
    """Someone who attended, known only by a keyed hash of their e-mail address or name (attendance.pseudonyms)."""

    key = models.CharField(max_length=64, unique=True)
    display_name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("Kept only when the participant agreed to it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.display_name or self.short_key

    @property
    def short_key(self) -> str:
        return self.key[:10]


class Attendance(models.Model):
    """One participant at one activity.

    first_time is stored and kept up to date by attendance.services whenever a list is saved or removed;
    after an erasure request the row stays without a participant and keeps its flag, so totals hold.
    """

    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances"
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances"
    )
    organisation_name = models.CharField(_("organisation as written"), max_length=200, blank=True)
    first_time = models.BooleanField(_("first time"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "participant"], name="unique_attendance_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.activity_id}"


class AttendanceList(models.Model):
    """That an activity's attendance is kept as a list, and what its figures were before the list set them."""

    activity = models.OneToOneField("activities.Activity", on_delete=models.CASCADE, related_name="attendance_list")
    rows = models.PositiveIntegerField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)
    # The source written into the activity's figures; while they still carry it, the list keeps them up to date.
    figures_source = models.CharField(max_length=200)
    previous_participants = models.PositiveIntegerField(null=True, blank=True)
    previous_first_timers = models.PositiveIntegerField(null=True, blank=True)
    previous_source = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.activity}: {self.rows}"


class AttendanceUpload(models.Model):
    """A checked list waiting for the organiser's confirmation. It holds pseudonym keys, never e-mail addresses,
    and lives at most a day."""

    token = models.CharField(max_length=43, unique=True)
    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # JSON: [[key, consent (true/false/null), name, role, sector, organisation], ...]
    rows = models.TextField()

    def __str__(self) -> str:
        return self.token
