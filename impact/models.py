from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized:
    """Dutch name, with an English variant shown on /en/ pages when filled."""

    def __str__(self) -> str:
        if get_language() == "en" and getattr(self, "name_en", ""):
            return self.name_en
        return self.name


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


class Ring(Localized, models.Model):
    model = models.ForeignKey(ImpactModel, on_delete=models.CASCADE, related_name="rings")
    number = models.PositiveSmallIntegerField(_("ring"), choices=[(1, "1"), (2, "2"), (3, "3")])
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["model", "number"], name="unique_ring_number")]


class Dimension(Localized, models.Model):
    """A dimension of a ring. Retired dimensions stay, so routes and evidence that name them keep working."""

    ring = models.ForeignKey(Ring, on_delete=models.PROTECT, related_name="dimensions")
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        ordering = ["ring__number", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["ring", "name"], name="unique_dimension_name_per_ring")]


class TargetGroup(Localized, models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
