"""The memory of a line of work: its meetings, what they decided and who does what next."""

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from network.models import Line, Person


class Meeting(models.Model):
    # PROTECT: a line with meetings is retired, never deleted (network.services_lines.is_referred_to).
    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("line"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)  # rich text, cleaned by core.richtext on save
    notes = models.TextField(_("notes"), blank=True)  # rich text, cleaned by core.richtext on save
    invitees = models.ManyToManyField(Person, verbose_name=_("invitees"), blank=True, related_name="meetings")
    # The meeting as it stands in the calendar, when it is announced there; the calendar keeps its own record.
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="line_meetings",
        verbose_name=_("in the calendar as"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class FollowUp(models.Model):
    """Something to do after a meeting, by one person of the directory; it shows on their *Mijn werk*."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(_("what is to be done"))
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups", verbose_name=_("who")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_date", "pk"]

    def __str__(self) -> str:
        return self.text

    def is_overdue(self, today: dt.date) -> bool:
        return self.done_at is None and self.due_date is not None and self.due_date < today
