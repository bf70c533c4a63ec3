from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CodeList, Language, Publishable, Sector
from network.models import Line, Organisation, Theme


class ActivityKind(models.TextChoices):
    EVENT = "event", _("Event")
    MEETING = "meeting", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")
    FESTIVAL = "festival", _("Festival")
    OPEN_DAY = "open_day", _("Open day")
    PUBLICATION = "publication", _("Publication launch")
    SERIES = "series", _("Series")
    OTHER = "other", _("Other")


class SchoolType(models.TextChoices):
    PO = "po", _("Primary school")
    VO = "vo", _("Secondary school")
    SO = "so", _("Special education")
    MBO = "mbo", _("Vocational school (mbo)")
    VOORSCHOOL = "voorschool", _("Pre-school")


class ActivityQuerySet(models.QuerySet):
    def for_listing(self):
        return self.prefetch_related("organisers", "themes").order_by("start", "title")


class Activity(Publishable):
    """Anything with a date in the year calendar.

    Times are stored in UTC and shown in Europe/Amsterdam. For an all-day
    activity, start and end are local midnights of the first and the last day
    (the last day included).
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.EVENT)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), db_index=True)
    all_day = models.BooleanField(_("all day"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisers = models.ManyToManyField(Organisation, verbose_name=_("organisers"), related_name="activities")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="activities")
    lines = models.ManyToManyField(Line, verbose_name=_("lines"), blank=True, related_name="activities")
    open_for_partners = models.BooleanField(_("open for partners"), default=False)
    registration_url = models.URLField(_("registration link"), blank=True)
    # Open days: which school type, where in town, and in which languages visitors can be helped.
    school_type = models.CharField(_("school type"), max_length=20, choices=SchoolType.choices, blank=True)
    neighbourhood = models.CharField(_("neighbourhood (wijk)"), max_length=80, blank=True, db_index=True)
    languages = models.CharField(_("languages spoken at the door"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["start", "title"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="activity_end_after_start")
        ]
        # The month grid reads the dates and titles of every activity that touches a month (1,700 in a busy city)
        # from the index alone: for a visitor by status and end, for a coordinator by start.
        indexes = [
            models.Index(fields=["start", "end", "title"], name="activity_start_end_title"),
            models.Index(fields=["publication_status", "end", "start", "title"], name="activity_status_end_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.slug])

    def editing_organisation_ids(self) -> set[int]:
        return {org.pk for org in self.organisers.all()}

    @property
    def language_list(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in CodeList.unpack(self.languages)]

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end)


class TargetSector(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="target_sectors")
    sector = models.CharField(max_length=20, choices=Sector.choices, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "sector"], name="unique_activity_sector")]
        ordering = ["sector"]

    def __str__(self) -> str:
        return self.get_sector_display()
