from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import CodeList, Language, Publishable, Sector
from network.models import Organisation, Theme


class OfferingKind(models.TextChoices):
    GUEST_LESSON = "guest_lesson", _("Guest lesson")
    WORKSHOP = "workshop", _("Workshop")
    PROGRAMME = "programme", _("Programme or series")
    EXCURSION = "excursion", _("Excursion")
    PROFESSIONAL_DEVELOPMENT = "professional", _("Professional development")
    MATERIAL = "material", _("Teaching material")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    VOORSCHOOL = Sector.VOORSCHOOL.value, Sector.VOORSCHOOL.label
    PO = Sector.PO.value, Sector.PO.label
    VO = Sector.VO.value, Sector.VO.label
    SO = Sector.SO.value, Sector.SO.label
    MBO = Sector.MBO.value, Sector.MBO.label
    HBO = Sector.HBO.value, Sector.HBO.label
    WO = Sector.WO.value, Sector.WO.label
    PROFESSIONALS = "professionals", _("Professionals")
    PARENTS = "ouders", _("Parents")


class OfferingQuerySet(models.QuerySet):
    def current(self, today):
        """Offerings not past their end date."""
        return self.filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today))


class Offering(Publishable):
    """A standing educational offer of a partner: a guest lesson, workshop, excursion, course…"""

    provider = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="offerings"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OfferingKind.choices)
    description = models.TextField(_("description"))
    audiences = models.CharField(_("for"), max_length=200, help_text=_("Sectors and groups it is meant for."))
    grade_from = models.PositiveSmallIntegerField(
        _("from group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("Primary school: the first group (1–8) it suits."),
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to group"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="offerings")
    is_free = models.BooleanField(_("free"), default=False)
    price = models.DecimalField(
        _("price (euro)"), max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    price_note = models.CharField(
        _("about the price"), max_length=150, blank=True, help_text=_("E.g. “per class”, “including materials”.")
    )
    duration = models.CharField(_("duration"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    at_school = models.BooleanField(_("can come to your school"), default=False)
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    booking = models.CharField(
        _("how to book"), max_length=300, blank=True, help_text=_("A web address or a short instruction.")
    )
    expires_on = models.DateField(
        _("offered until"), null=True, blank=True, help_text=_("After this day the offering no longer shows.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade_from__isnull=True)
                | models.Q(grade_to__isnull=True)
                | models.Q(grade_to__gte=models.F("grade_from")),
                name="offering_grades_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offerings:detail", args=[self.slug])

    def editing_organisation_ids(self) -> set[int]:
        return {self.provider_id}

    @property
    def audience_list(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(code, code)) for code in CodeList.unpack(self.audiences)]

    @property
    def language_list(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in CodeList.unpack(self.languages)]

    @property
    def booking_is_link(self) -> bool:
        return self.booking.startswith(("https://", "http://"))
