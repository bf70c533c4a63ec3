from django.core.validators import MinValueValidator
from django.db import models
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.models import Publishable
from impact.models import Dimension, TargetGroup
from network.models import Organisation
from projects.models import Project


class Programme(Publishable):
    """A programme with a period, a budget and a goal tree (ambitions or action lines with actions)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    foreword = models.TextField(_("foreword"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    budget = models.DecimalField(
        _("budget (euro)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("responsible organisations"), blank=True, related_name="programmes"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="programme_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.slug])

    def editing_organisation_ids(self) -> set[int]:
        return {organisation.pk for organisation in self.organisations.all()}

    @property
    def years(self) -> range:
        return range(self.period_start.year, self.period_end.year + 1)


class LineKind(models.TextChoices):
    AMBITION = "ambition", _("Ambition")
    ACTION_LINE = "action_line", _("Action line")


class ProgrammeLine(models.Model):
    """The first level of a goal tree: an ambition or an action line."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_line_code_per_programme")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Action(models.Model):
    line = models.ForeignKey(ProgrammeLine, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="programme_actions")
    activities = models.ManyToManyField(Activity, blank=True, related_name="programme_actions")
    projects = models.ManyToManyField(Project, blank=True, related_name="programme_actions")

    class Meta:
        ordering = ["line", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["line", "code"], name="unique_action_code_per_line")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ActionReport(models.Model):
    """What an action aimed at, did, delivered and learned in one reporting period."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("reporting period"), max_length=40)
    goal = models.TextField(_("goal"), blank=True)
    efforts = models.TextField(_("efforts"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    reflection = models.TextField(_("reflection"), blank=True)

    class Meta:
        ordering = ["action", "period"]
        constraints = [models.UniqueConstraint(fields=["action", "period"], name="unique_report_period")]

    def __str__(self) -> str:
        return f"{self.action.code} {self.period}"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Recommendation(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )

    class Meta:
        ordering = ["action", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ImpactRoute(models.Model):
    """For one ambition and target group: the dimension chosen on each of the three rings."""

    line = models.ForeignKey(ProgrammeLine, on_delete=models.CASCADE, related_name="routes")
    target_group = models.ForeignKey(TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT)
    ring1 = models.ForeignKey(Dimension, verbose_name=_("ring 1"), on_delete=models.PROTECT, related_name="+")
    ring2 = models.ForeignKey(Dimension, verbose_name=_("ring 2"), on_delete=models.PROTECT, related_name="+")
    ring3 = models.ForeignKey(Dimension, verbose_name=_("ring 3"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["line", "target_group"]
        constraints = [models.UniqueConstraint(fields=["line", "target_group"], name="unique_route_per_line_and_group")]

    def __str__(self) -> str:
        return f"{self.line.code}: {self.ring1} → {self.ring2} → {self.ring3}"

    @property
    def dimensions(self) -> list[Dimension]:
        return [self.ring1, self.ring2, self.ring3]


class BudgetLine(models.Model):
    """Planned and realised money for one programme line in one year; without a line, the programme-wide costs
    and budget of that year (project organisation, communication, money granted for the whole programme)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    line = models.ForeignKey(
        ProgrammeLine, on_delete=models.CASCADE, null=True, blank=True, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Empty when the plan gives no amount for this line (plans often budget the programme as a whole).
    planned = models.DecimalField(_("planned (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    realised = models.DecimalField(_("realised (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["programme", "line", "year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="unique_budget_line_year"),
            models.UniqueConstraint(
                fields=["programme", "year"],
                condition=models.Q(line__isnull=True),
                name="unique_programme_wide_budget_year",
            ),
            models.CheckConstraint(
                condition=models.Q(planned__isnull=True) | models.Q(planned__gte=0),
                name="budget_planned_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(realised__isnull=True) | models.Q(realised__gte=0),
                name="budget_realised_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line.code if self.line else self.programme} {self.year}"


class BudgetItem(models.Model):
    """One entry of a budget line, as a realisation table lists them (e.g. "Leidse Meidentop")."""

    budget_line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(_("item"), max_length=200)
    planned = models.DecimalField(_("planned (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    realised = models.DecimalField(_("realised (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["budget_line", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(planned__isnull=True) | models.Q(planned__gte=0))
                & (models.Q(realised__isnull=True) | models.Q(realised__gte=0)),
                name="budget_item_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.label


class FigureQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    AT_LEAST = "at_least", _("at least")
    ABOUT = "about", _("about")


class ProgrammeFigure(models.Model):
    """A figure reported for the programme as a whole, with its source, where no records lie behind it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reported_figures")
    label = models.CharField(_("what"), max_length=150)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    qualifier = models.CharField(
        _("precision"), max_length=10, choices=FigureQualifier.choices, default=FigureQualifier.EXACT
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["programme", "pk"]

    def __str__(self) -> str:
        # In the page's number format, without trailing zeros (as the templates show it: floatformat "-2g").
        return f"{self.label}: {floatformat(self.value, '-2g')}"


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Indicator(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)

    class Meta:
        ordering = ["action", "pk"]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["indicator", "date"]

    def __str__(self) -> str:
        return f"{self.indicator}: {floatformat(self.value, '-2g')} ({date_format(self.date)})"


class ReasoningLine(models.Model):
    """A chain from activities through a ring-1 effect and ring-2 effects to a ring-3 effect."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reasoning_lines")
    line = models.ForeignKey(
        ProgrammeLine,
        verbose_name=_("ambition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reasoning_lines",
    )
    title = models.CharField(_("title"), max_length=200)
    activities = models.ManyToManyField(Activity, blank=True, related_name="reasoning_lines")

    class Meta:
        ordering = ["programme", "pk"]

    def __str__(self) -> str:
        return self.title


class ReasoningStep(models.Model):
    reasoning_line = models.ForeignKey(ReasoningLine, on_delete=models.CASCADE, related_name="steps")
    ring = models.PositiveSmallIntegerField(_("ring"), choices=[(1, "1"), (2, "2"), (3, "3")])
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="reasoning_steps"
    )
    text = models.TextField(_("effect"))
    position = models.PositiveSmallIntegerField(default=0)
    activity_figures = models.ManyToManyField(
        "impact.ActivityFigures", verbose_name=_("figures of activities"), blank=True, related_name="cited_by"
    )
    programme_figures = models.ManyToManyField(
        ProgrammeFigure, verbose_name=_("programme figures"), blank=True, related_name="cited_by"
    )

    class Meta:
        ordering = ["reasoning_line", "ring", "position"]

    def __str__(self) -> str:
        return f"{self.reasoning_line}: ring {self.ring}"
