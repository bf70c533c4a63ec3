from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import LocalizedName, Sector


class ThemeQuerySet(models.QuerySet):
    def offered(self) -> "ThemeQuerySet":
        """The themes forms and filters offer: not retired (records keep a retired theme and show it)."""
        return self.filter(retired_at=None)


class Theme(LocalizedName):
    slug = models.SlugField(unique=True)
    retired_at = models.DateTimeField(_("retired on"), null=True, blank=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]


class ThemeMerge(models.Model):
    """The log of a merge of one theme (gone) into another (stays): the records of each kind that moved."""

    stays = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="merges")
    gone_name = models.CharField(max_length=100)
    gone_slug = models.SlugField()
    # Relation label → number of records that moved to the theme that stays.
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.gone_name} → {self.stays}"


# A school's address and external codes, as kept on Organisation: the edit form, the API and the import use this list.
ADDRESS_AND_CODES = (
    "street",
    "house_number",
    "postcode",
    "place",
    "municipality",
    "wijk",
    "phone",
    "denomination",
    "brin",
    "vestigingscode",
    "bevoegd_gezag",
    "kvk",
)


# The school concepts the organisation form suggests; a school may write another.
SCHOOL_CONCEPTS = ("Montessori", "Dalton", "Jenaplan", "Vrije school", "Freinet", "Ontwikkelingsgericht onderwijs")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Not unique: two schools called "De Viersprong" in two towns are two organisations (see Meta).
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    slug = models.SlugField(max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # The visiting address, as DUO and the Chamber of Commerce write it.
    street = models.CharField(_("street"), max_length=120, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True, help_text=_("With addition: 12 A."))
    postcode = models.CharField(_("postcode"), max_length=10, blank=True, db_index=True)
    place = models.CharField(_("place"), max_length=100, blank=True, db_index=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    wijk = models.CharField(_("neighbourhood (wijk)"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # External identifiers: DUO's institution code (BRIN) and location code (BRIN + 2 digits), the competent
    # authority (bevoegd gezag) and the Chamber of Commerce number.
    brin = models.CharField(
        _("institution code (BRIN)"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{2}[A-Z0-9]{2}$", _("Write it as DUO does: four characters, as 12AB."))],
    )
    vestigingscode = models.CharField(
        _("location code (vestigingscode)"),
        max_length=6,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9]{2}[A-Z0-9]{2}[0-9]{2}$", _("Write it as DUO does: the BRIN and two digits, as 12AB00.")
            )
        ],
    )
    bevoegd_gezag = models.CharField(
        _("competent authority number"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9]+$", _("Digits only."))],
    )
    kvk = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[RegexValidator(r"^[0-9]{8}$", _("Eight digits."))]
    )
    denomination = models.CharField(
        _("denomination"), max_length=60, blank=True, help_text=_("As DUO writes it: Openbaar, Rooms-Katholiek, …")
    )
    # A school's way of teaching, shown in the school guide; free text, the form suggests SCHOOL_CONCEPTS.
    concept = models.CharField(
        _("school concept"), max_length=60, blank=True, help_text=_("For a school: Montessori, Dalton, Jenaplan, …")
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="organisations")
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="editable_organisations")
    # Members have a login for the organisation but edit nothing of it; they ask and answer as any member does.
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="member_organisations")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vestigingscode"], condition=~Q(vestigingscode=""), name="unique_vestigingscode"
            ),
            # Without a location code a name is one organisation per place; school locations with a code may
            # share a name and a place (a main building and its annexe).
            models.UniqueConstraint(
                "name_key", Lower("place"), condition=Q(vestigingscode=""), name="unique_name_in_place"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation_detail", args=[self.slug])

    @property
    def address_lines(self) -> list[str]:
        """The visiting address as written on an envelope: "Breestraat 12 A", "2312 AB Leiden"."""
        lines = [" ".join(part for part in (self.street, self.house_number) if part)]
        lines.append(" ".join(part for part in (self.postcode, self.place) if part))
        return [line for line in lines if line]

    @property
    def identifiers(self) -> list[tuple[str, str]]:
        """The external codes it has, with their names: DUO's, the competent authority's, the KvK number."""
        named = [
            (_("BRIN"), self.brin),
            (_("location code"), self.vestigingscode),
            (_("competent authority"), self.bevoegd_gezag),
            (_("KvK"), self.kvk),
        ]
        return [(str(name), value) for name, value in named if value]

    def editing_organisation_ids(self) -> set[int]:
        return {self.pk}


class OrganisationAlias(models.Model):
    """An abbreviation as used in documents (HsL, mboR, UL/FSW); resolves to one organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("abbreviation"), max_length=60)
    key = models.CharField(max_length=60, unique=True, editable=False)

    class Meta:
        ordering = ["alias"]

    def __str__(self) -> str:
        return self.alias


class PersonRole(models.TextChoices):
    VERKENNER = "verkenner", _("Explorer (verkenner)")
    ZICHTHOUDER = "zichthouder", _("Line holder (zichthouder)")
    COORDINATOR = "coordinator", _("Coordinator")
    MEDEWERKER = "medewerker", _("Staff member")


class Person(models.Model):
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role in the network"), max_length=20, choices=PersonRole.choices)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.organisation.get_absolute_url()}#persoon-{self.pk}"

    def editing_organisation_ids(self) -> set[int]:
        return {self.organisation_id}


class LineKind(models.TextChoices):
    ZICHTLIJN = "zichtlijn", _("Sight line (zichtlijn)")
    DWARSLIJN = "dwarslijn", _("Cross line (dwarslijn)")


LINE_KIND_PLURALS = {
    LineKind.ZICHTLIJN: _("Sight lines (zichtlijnen)"),
    LineKind.DWARSLIJN: _("Cross lines (dwarslijnen)"),
}


class Line(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="lines")
    holders = models.ManyToManyField(Person, verbose_name=_("holders"), blank=True, related_name="held_lines")
    # A retired line leaves the list of lines but keeps its page and everything that points to it.
    retired_at = models.DateTimeField(_("retired on"), null=True, blank=True)

    class Meta:
        # Sight lines (zichtlijn) before cross lines (dwarslijn).
        ordering = ["-kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:line_detail", args=[self.slug])

    def holder_user_ids(self) -> set[int]:
        """The logins of the line's holders: they keep the line, its questions and its meetings
        (core.permissions.can_manage_line)."""
        return set(self.holders.filter(user__isnull=False).values_list("user_id", flat=True))


def lines_to_offer(*linked: int | None) -> "models.QuerySet[Line]":
    """The lines a form offers to link a record to: those in use, and the (maybe retired) lines with the given
    primary keys that the record already links to, so that saving it keeps them."""
    return Line.objects.filter(Q(retired_at__isnull=True) | Q(pk__in=[pk for pk in linked if pk is not None]))


class LineQuestionState(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class LineQuestion(models.Model):
    """A question the line's holders want help with ("Waar heb jij denkkracht op nodig?")."""

    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    state = models.CharField(
        _("state"), max_length=10, choices=LineQuestionState.choices, default=LineQuestionState.OPEN
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class NetworkProfile(models.Model):
    """Who the network is (its backbone), shown on the home page. One row per instance.

    Each text has a Dutch field and an English one ending in _en; the
    `localized` template filter picks the one for the page's language.
    """

    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    tagline = models.CharField(_("tagline"), max_length=250, blank=True)
    tagline_en = models.CharField(max_length=250, blank=True)
    slogan = models.CharField(_("slogan"), max_length=150, blank=True)
    slogan_en = models.CharField(max_length=150, blank=True)
    # Rich text (core.richtext), cleaned when saved (network.identity.save_profile).
    ambition = models.TextField(_("ambition"), blank=True)
    ambition_en = models.TextField(blank=True)
    strategy = models.TextField(_("strategy"), blank=True)
    strategy_en = models.TextField(blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    purpose_en = models.TextField(blank=True)
    values = models.TextField(_("values"), blank=True, help_text=_("One value per line."))
    values_en = models.TextField(blank=True)
    organisational_form = models.TextField(
        _("organisational form"), blank=True, help_text=_("How the network is organised and shows itself.")
    )
    organisational_form_en = models.TextField(blank=True)
    history = models.TextField(_("history"), blank=True)
    history_en = models.TextField(blank=True)
    signup_needs_approval = models.BooleanField(
        _("sign-ups need a coordinator's approval"),
        default=False,
        help_text=_("Off: whoever signs up and confirms their address is a member at once."),
    )

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:identity")


class NetworkRole(models.Model):
    """One of the roles the network plays (platform, makelaar, pionier, verdiepen)."""

    profile = models.ForeignKey(NetworkProfile, on_delete=models.CASCADE, related_name="roles")
    key = models.SlugField()
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(max_length=80, blank=True)
    text = models.TextField(_("text"))
    text_en = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["profile", "key"], name="unique_role_key")]

    def __str__(self) -> str:
        return self.name


class OrganisationRole(models.TextChoices):
    EDITOR = "editor", _("editor")
    MEMBER = "member", _("member")


INVITATION_DAYS = 7


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at=None, withdrawn_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mail address asked to join an organisation in a role, by a link that works once and for 7 days.

    Only a hash of the link's token is stored: a copy of the database opens no account.
    """

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=10, choices=OrganisationRole.choices)
    as_coordinator = models.BooleanField(_("also network coordinator"), default=False)
    language = models.CharField(max_length=10)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and not self.is_expired


SIGNUP_HOURS = 48


class SignUpQuerySet(models.QuerySet):
    def waiting(self) -> "SignUpQuerySet":
        """Confirmed by their link, not yet approved or declined by a coordinator."""
        return self.filter(verified_at__isnull=False, decided_at=None)


class SignUp(models.Model):
    """A professional who signed up on the site: waits for the link in the mail (48 hours, once), and then, when
    the network asks for it or the organisation is not in the directory, for a coordinator.

    Only a hash of the link's token is stored. Rows are personal data in flight: old ones are removed
    (network.services.purge_signups)."""

    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"), db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name typed when the organisation is not in the directory, for the coordinator.
    organisation_text = models.CharField(_("organisation (not in the list)"), max_length=200, blank=True)
    language = models.CharField(max_length=10)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class OrganisationMerge(models.Model):
    """A coordinator merged one organisation (the one that went) into another (the one that stays).

    Keeps the old address, which redirects to the one that stays, and a snapshot of what moved, so the merge can be
    undone on the same day (network.merging)."""

    stays = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="merges")
    gone_pk = models.PositiveIntegerField()
    gone_name = models.CharField(max_length=200)
    gone_slug = models.SlugField(max_length=200, db_index=True)
    # What moved, for the undo: the organisation that went, the rows per relation, the fields filled, the conflicts.
    snapshot = models.JSONField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.gone_name} → {self.stays}"

    def get_absolute_url(self) -> str:
        return reverse("network:merge_detail", args=[self.pk])
