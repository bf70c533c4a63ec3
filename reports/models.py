from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme


class TextKey(models.TextChoices):
    """The editable text blocks of the reports, kept with the programme (foreword and introduction live on it)."""

    SUMMARY = "summary", _("Summary")
    STARTING_POINTS = "starting_points", _("Starting points")
    PURPOSE = "purpose", _("Purpose of the evaluation")
    RING1 = "ring1", _("Conclusion on first-degree impact")
    RING2 = "ring2", _("Conclusion on second-degree impact")
    RING3 = "ring3", _("Conclusion on third-degree impact")
    METHOD = "method", _("How the evaluation was done")


class ReportText(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="report_texts")
    key = models.CharField(max_length=20, choices=TextKey.choices)
    text = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="one_report_text_per_key")]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_key_display()}"


class SourceKind(models.TextChoices):
    INTERVIEW = "interview", _("Interviews")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    GROUP_SESSION = "group_session", _("Group session")
    DOCUMENT = "document", _("Documents")
    OTHER = "other", _("Other")


class EvaluationSource(models.Model):
    """Where an evaluation's findings come from: interviews, a questionnaire and its response, sessions."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="evaluation_sources")
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), null=True, blank=True)
    invited = models.PositiveIntegerField(_("invited or asked"), null=True, blank=True)
    responded = models.PositiveIntegerField(_("took part or responded"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["kind", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(invited__isnull=True)
                | models.Q(responded__isnull=True)
                | models.Q(responded__lte=models.F("invited")),
                name="response_within_invited",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:overview", args=[self.programme.slug])

    @property
    def response_rate(self) -> float | None:
        if self.invited and self.responded is not None:
            return round(100 * self.responded / self.invited, 1)
        return None


class ReportSettings(models.Model):
    """What an editor chose to add to a programme's reports beyond its own records."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="report_settings")
    segregation_section = models.BooleanField(
        _("add the segregation monitor to the evaluation report"),
        default=False,
        help_text=_("A section with the city's latest segregation figures in primary schools and their trend."),
    )

    def __str__(self) -> str:
        return f"{self.programme}: {_('report settings')}"
