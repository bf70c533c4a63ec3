from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Sector


class Participant(models.Model):
    """Someone who attended, known only by a keyed hash of their e-mail address or name (core.pseudonyms)."""

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
    figures_source = models.CharField(max_length=200)  # written with the head counts
    # The head counts the list last wrote into the activity's figures. While the figures still hold them, the list
    # keeps them up to date; the source is no test, since the figures form offers it again with a hand edit.
    written_participants = models.PositiveIntegerField(default=0)
    written_first_timers = models.PositiveIntegerField(default=0)
    previous_participants = models.PositiveIntegerField(null=True, blank=True)
    previous_first_timers = models.PositiveIntegerField(null=True, blank=True)
    previous_source = models.CharField(max_length=200, blank=True)
    # The activity had no figures before the list: removing the list removes the row it made, if nothing else is in it.
    created_figures = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.activity}: {self.rows}"

    def figures_follow(self, figures) -> bool:
        """Whether the activity's figures (an impact ActivityFigures) are still the counts this list wrote."""
        return (figures.participants, figures.first_timers) == (self.written_participants, self.written_first_timers)


class ErasedKey(models.Model):
    """The pseudonym key of someone who asked to be removed, so that lists checked later leave them out.

    Only the keyed hash is kept, as on Participant: never the address or name, nor when or from which lists.
    """

    key = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.key[:10]


class AttendanceTurn(models.Model):
    """One row, locked by every attendance write until its transaction ends, so writes take turns: first-timers
    depend on other activities' rows. (The year tables are cached under the "attendance" topic of core.invalidation.)
    """

    taken_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.taken_at}"


class Audience(models.TextChoices):
    PARTNERS = "partners", _("Partners only (logged-in people of partner organisations)")
    MEMBERS = "members", _("Members (everyone with a login)")
    PUBLIC = "public", _("Everyone (name and e-mail address, no account needed)")


class RegistrationSetup(models.Model):
    """That people sign up for an activity here, and on what terms. Open or closed; the rows stay when closed."""

    activity = models.OneToOneField("activities.Activity", on_delete=models.CASCADE, related_name="registration_setup")
    is_open = models.BooleanField(_("open"), default=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)  # None: no limit
    deadline = models.DateTimeField(_("sign up until"), null=True, blank=True)
    audience = models.CharField(_("for whom"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    question_text = models.TextField(_("extra questions"), blank=True)  # one question per line
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.activity}: {self.capacity or '∞'}"

    @property
    def questions(self) -> list[str]:
        return [line for line in self.question_text.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Registration(models.Model):
    """One person signed up for one activity.

    The name, address and answers are personal data: removed after the activity plus
    RIMPEL_REGISTRATION_RETENTION_DAYS unless the person agreed to keep the address (attendance.services.registration
    purge). The row itself stays, so "registered → came" can still be counted. Only a hash of the cancel link's token
    is stored; it is cleared once used.
    """

    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)  # normalised (core.pseudonyms.normalise_email)
    answers = models.JSONField(default=list, blank=True)  # in the order of the setup's questions
    consent = models.BooleanField(_("address may be kept for later activities"), default=False)
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    language = models.CharField(max_length=10, blank=True)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField()  # the place in the queue: when the person (re)registered
    cancelled_at = models.DateTimeField(null=True, blank=True)
    moved_up_at = models.DateTimeField(null=True, blank=True)
    came = models.BooleanField(null=True)  # set when the list became the attendance list
    participant_key = models.CharField(max_length=64, blank=True)  # the pseudonym it was listed under

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "email"], condition=~models.Q(email=""), name="one_registration_per_address"
            )
        ]
        indexes = [models.Index(fields=["activity", "status", "queued_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.name or self.pk} @ {self.activity_id} ({self.status})"
