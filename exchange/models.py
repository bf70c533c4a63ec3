from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from network.models import Organisation


class ImportedEvent(models.Model):
    """One event (or one occurrence of a recurring event) read from an organisation's calendar.

    uid is the event's UID, with the occurrence's original start appended for expanded recurrences,
    so a re-import finds the same activity again. removed_at is set when the event is no longer in
    the calendar; the activity stays for the editor to decide on.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="imported_events")
    uid = models.CharField(_("event identifier"), max_length=500)
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="imported_events"
    )
    last_seen = models.DateTimeField(_("last seen"))
    removed_at = models.DateTimeField(_("removed from the calendar"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "uid"], name="unique_imported_event")]
        ordering = ["organisation", "uid"]

    def __str__(self) -> str:
        return self.uid


class ImportMapping(models.Model):
    """The columns a coordinator chose for a kind of import, remembered for the next file of that kind:
    folded column name → field name ("" to leave the column out)."""

    kind = models.CharField(max_length=30, unique=True)
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.kind
