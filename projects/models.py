from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Publishable
from network.models import Line, Organisation, Theme


class Cluster(models.TextChoices):
    HEALTH = "gezondheid-welzijn", _("Health & Wellbeing")
    BIODIVERSITY = "biodiversiteit-duurzaamheid", _("Biodiversity & Sustainability")
    HERITAGE = "cultureel-erfgoed", _("Cultural heritage")
    KNOWLEDGE_CITY = "kennisstad-breed", _("Knowledge city at large")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")


class Project(Publishable):
    code = models.CharField(_("code"), max_length=20, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=200)
    cluster = models.CharField(_("cluster"), max_length=40, choices=Cluster.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.RUNNING)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="projects")
    leads = models.ManyToManyField(Organisation, verbose_name=_("leads (trekkers)"), related_name="led_projects")
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="partner_projects"
    )
    # The lines of work the project contributes to; shown on the project's page and on each line's page.
    lines = models.ManyToManyField(Line, verbose_name=_("lines of work"), blank=True, related_name="projects")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cluster", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])

    def editing_organisation_ids(self) -> set[int]:
        return {org.pk for org in self.leads.all()}


class ProjectUpdate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.date}"

    def get_absolute_url(self) -> str:
        return f"{self.project.get_absolute_url()}#voortgang"

    def editing_organisation_ids(self) -> set[int]:
        return self.project.editing_organisation_ids()
