from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.models import Sector
from core.pseudonyms import reference_key
from impact.models import Dimension
from network.models import Organisation, Theme
from programmes.models import Programme, ProgrammeLine, ReasoningStep

# Limits on what a stranger may type into the public form.
ROLE_MAX = 100
PART_MAX = 2000
QUOTE_MAX = 500


class CollectionLink(models.Model):
    """A short public address (and QR code) where anyone can tell a story about an activity or a programme."""

    code = models.CharField(max_length=16, unique=True)
    title = models.CharField(
        _("label"), max_length=150, blank=True, help_text=_("For yourself, e.g. “screen at the entrance”.")
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collection_links",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collection_links",
    )
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("The last day stories can be sent. Leave empty to keep it open."),
    )
    is_open = models.BooleanField(_("open"), default=True)
    # The coordinator's switch for a live event (many people on one Wi-Fi): until then one address may send more.
    busy_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(programme__isnull=False) | models.Q(activity__isnull=False),
                name="collection_link_has_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.activity or self.programme)

    def get_absolute_url(self) -> str:
        return reverse("stories:link", args=[self.code])

    def public_url(self) -> str:
        return reverse("stories:tell", args=[self.code])


class Consent(models.TextChoices):
    ROLE = "role", _("Publish with my role only")
    NAMED = "named", _("Publish with my name and organisation")
    INTERNAL = "internal", _("Only for internal analysis, do not publish")


class StoryStatus(models.TextChoices):
    NEW = "new", _("New")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")


class StorySource(models.TextChoices):
    FORM = "form", _("Collection form")
    INTERVIEW = "interview", _("Interview")
    SURVEY = "survey", _("Survey")
    DOCUMENT = "document", _("Document or report")
    OTHER = "other", _("Other")


# The purpose of a story's keyed references (core.pseudonyms.reference_key).
REFERENCE = "story"

# Accepted stories count in analysis and evidence; the public sees only those whose consent allows it.
COUNTED = models.Q(status=StoryStatus.PUBLISHED)
PUBLIC = COUNTED & ~models.Q(consent=Consent.INTERNAL)


class Story(models.Model):
    """What an activity did for one respondent, told ring by ring."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    line = models.ForeignKey(
        ProgrammeLine,
        verbose_name=_("ambition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    link = models.ForeignKey(CollectionLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories")
    respondent_role = models.CharField(
        _("your role"), max_length=ROLE_MAX, help_text=_("For example: teacher in secondary school, alderman.")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    respondent_name = models.CharField(_("name"), max_length=150, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in the network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    # Keyed hashes of the respondent's name and address (core.pseudonyms.reference_key, "story" purpose), kept when
    # the story is anonymised: a later request to see or erase what is held about them still finds it.
    name_reference = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email_reference = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    consent = models.CharField(_("consent"), max_length=10, choices=Consent.choices)
    quote = models.TextField(_("quote"), blank=True, validators=[MaxLengthValidator(QUOTE_MAX)])
    source = models.CharField(_("source"), max_length=20, choices=StorySource.choices, default=StorySource.FORM)
    # Empty when a story comes from a sheet that does not say when it was told.
    collected_on = models.DateField(_("collected on"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="stories")
    status = models.CharField(
        _("status"), max_length=10, choices=StoryStatus.choices, default=StoryStatus.NEW, db_index=True
    )
    reject_reason = models.TextField(_("reason for rejecting"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_stories"
    )
    # The public form's one-time token: a replayed submission finds its story instead of adding one.
    submission_token = models.UUIDField(null=True, blank=True, unique=True)
    # A keyed hash of the address a public story came from (never the address): stories from one sender can be
    # found and rejected together.
    sender_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-collected_on", "-pk"]
        verbose_name_plural = "stories"
        indexes = [
            # The story book counts its stories per programme from this index alone (stories.book.BookIds).
            models.Index(fields=["status", "programme", "consent"], name="story_status_programme"),
            # The newest published stories (home, the feed) without sorting every story.
            models.Index(fields=["status", "collected_on", "id"], name="story_status_collected"),
        ]

    def __str__(self) -> str:
        about = self.activity or self.programme
        return f"{self.respondent_role} — {about}" if about else self.respondent_role

    def save(self, *args, **kwargs) -> None:
        self.note_references()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"respondent_name", "email"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_reference", "email_reference"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", args=[self.pk])

    def note_references(self) -> None:
        """Key the name and address the story holds, however it is written; a reference stays when they are
        emptied (anonymised), so a later request about the respondent still finds the story."""
        if self.respondent_name.strip():
            self.name_reference = reference_key(self.respondent_name, REFERENCE)
        if self.email.strip():
            self.email_reference = reference_key(self.email, REFERENCE)

    @property
    def is_published(self) -> bool:
        return self.status == StoryStatus.PUBLISHED

    def editing_organisation_ids(self) -> set[int]:
        """Editors of the activity's organisers (or, for a story about a programme as a whole, of the
        programme's organisations) may look after it; only the coordinator publishes."""
        if self.activity is not None:
            return set(self.activity.organisers.values_list("pk", flat=True))
        if self.programme is not None:
            return self.programme.editing_organisation_ids()
        return set()


class StoryPart(models.Model):
    """What the story says about one ring, under one of that ring's dimensions."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="parts")
    ring = models.PositiveSmallIntegerField(_("ring"), choices=[(1, "1"), (2, "2"), (3, "3")])
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="story_parts"
    )
    text = models.TextField(_("text"), validators=[MaxLengthValidator(PART_MAX)])
    # The respondent's own words, kept when a curator corrects the text.
    original_text = models.TextField(blank=True)
    # Stemmed words, space-separated and padded, so the story book can filter by a word on the database.
    stems = models.TextField(blank=True, editable=False)
    reasoning_steps = models.ManyToManyField(
        ReasoningStep, verbose_name=_("evidence for"), blank=True, related_name="story_parts"
    )

    class Meta:
        ordering = ["story", "ring"]
        constraints = [models.UniqueConstraint(fields=["story", "ring"], name="one_part_per_ring")]

    def __str__(self) -> str:
        return f"{self.story}: ring {self.ring}"


class Substantiation(models.Model):
    """Someone other than the respondent confirms a ring-3 claim (as in Outcome Harvesting)."""

    part = models.ForeignKey(StoryPart, on_delete=models.CASCADE, related_name="substantiations")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150)
    date = models.DateField(_("date"))
    note = models.TextField(_("what they confirm"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class SelectionRound(models.Model):
    """A Most Significant Change round: a panel picks the stories it finds most significant and says why."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="selection_rounds")
    title = models.CharField(_("title"), max_length=150)
    panel = models.TextField(_("panel"), help_text=_("Who chose, e.g. “inner circle LNOS25: five members”."))
    held_on = models.DateField(_("date"))
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:round", args=[self.programme.slug, self.pk])


class Selection(models.Model):
    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="selections")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="selections")
    reason = models.TextField(_("why the panel chose it"))

    class Meta:
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "story"], name="select_story_once_per_round")]

    def __str__(self) -> str:
        return f"{self.round}: {self.story}"
