from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import LocalizedName


class ImpactModel(models.Model):
    """The network impact model (netwerkimpactmodel): inputs feed activities whose effects ripple over three rings."""

    name = models.CharField(_("name"), max_length=150)
    inputs_people = models.TextField(_("inputs: people"), blank=True)
    inputs_means = models.TextField(_("inputs: means"), blank=True)
    inputs_identity = models.TextField(_("inputs: shared identity"), blank=True)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("impact:model")


class Ring(LocalizedName):
    model = models.ForeignKey(ImpactModel, on_delete=models.CASCADE, related_name="rings")
    number = models.PositiveSmallIntegerField(_("ring"), choices=[(1, "1"), (2, "2"), (3, "3")])
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["model", "number"], name="unique_ring_number")]


class Dimension(LocalizedName):
    """A dimension of a ring. Retired dimensions stay, so routes and evidence that name them keep working."""

    ring = models.ForeignKey(Ring, on_delete=models.PROTECT, related_name="dimensions")
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        ordering = ["ring__number", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["ring", "name"], name="unique_dimension_name_per_ring")]


class TargetGroup(LocalizedName):
    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]


class ActivityFigures(models.Model):
    """Counted first-degree results of one activity, as recorded by its organiser."""

    activity = models.OneToOneField("activities.Activity", on_delete=models.CASCADE, related_name="figures")
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    first_timers = models.PositiveIntegerField(
        _("first-time participants"),
        null=True,
        blank=True,
        help_text=_("People who took part in a network activity for the first time."),
    )
    involved_organisations = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("partner organisations involved"),
        blank=True,
        related_name="involved_in_figures",
        help_text=_("Organisations that took part besides the organisers."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "activity figures"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_timers__isnull=True)
                | models.Q(participants__isnull=True)
                | models.Q(first_timers__lte=models.F("participants")),
                name="first_timers_within_participants",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity}"


class Composition(models.Model):
    """The share of a group among the participants (e.g. 75% educators of 350)."""

    figures = models.ForeignKey(ActivityFigures, on_delete=models.CASCADE, related_name="composition")
    group = models.CharField(_("group"), max_length=100)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=1)
    base = models.PositiveIntegerField(_("out of"), help_text=_("The number the share is taken of."))

    class Meta:
        ordering = ["-share_percent"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_percent__gte=0, share_percent__lte=100), name="composition_share_is_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.share_percent}% {self.group}"


class MediaKind(models.TextChoices):
    VIDEO = "video", _("Video")
    PODCAST = "podcast", _("Podcast")
    ARTICLE = "article", _("Article")
    SOCIAL = "social", _("Social media")


class MediaReach(models.Model):
    figures = models.ForeignKey(ActivityFigures, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=20, choices=MediaKind.choices)
    count = models.PositiveIntegerField(_("number of items"), default=1)
    reach = models.PositiveIntegerField(_("reach"))
    unit = models.CharField(_("unit"), max_length=40, help_text=_("views, listeners, followers …"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.count} {self.get_kind_display()}: {self.reach} {self.unit}"


class SurveyResult(models.Model):
    figures = models.ForeignKey(ActivityFigures, on_delete=models.CASCADE, related_name="surveys")
    question = models.CharField(_("question"), max_length=300)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=1)
    respondents = models.PositiveIntegerField(_("respondents"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_percent__gte=0, share_percent__lte=100), name="survey_share_is_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.share_percent}% of {self.respondents}"
