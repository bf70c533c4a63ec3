import uuid

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocalizedName(models.Model):
    """A Dutch name with an optional English one, shown on /en/ pages when it is filled."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Sector(models.TextChoices):
    KINDEROPVANG = "kinderopvang", _("Childcare")
    VOORSCHOOL = "voorschool", _("Pre-school")
    PO = "po", _("Primary education")
    VO = "vo", _("Secondary education")
    SO = "so", _("Special education")
    MBO = "mbo", _("Vocational education (mbo)")
    HBO = "hbo", _("University of applied sciences (hbo)")
    WO = "wo", _("University (wo)")
    GEMEENTE = "gemeente", _("Municipality")
    CULTUUR = "cultuur", _("Culture")
    WELZIJN_ZORG = "welzijn_zorg", _("Welfare and care")
    BEDRIJF = "bedrijf", _("Business")
    KENNISINSTELLING = "kennisinstelling", _("Knowledge institute")
    OVERHEID = "overheid", _("Other government (province, state, Europe)")
    NETWERK = "netwerk", _("Network or partnership")
    FONDS = "fonds", _("Fund")
    OVERIG = "overig", _("Other")


class Language(models.TextChoices):
    """Languages in which visitors can be helped (open days, offerings); more can be added."""

    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    POLISH = "pl", _("Polish")
    UKRAINIAN = "uk", _("Ukrainian")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    PERSIAN = "fa", _("Persian (Farsi, Dari)")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    CHINESE = "zh", _("Chinese")


class CodeList:
    """A short list of codes kept as one padded text (" nl ar "), so a filter is one exact-word match on
    any database. Use as a property on a model with a CharField holding the text."""

    @staticmethod
    def pack(codes) -> str:
        codes = sorted(set(codes))
        return f" {' '.join(codes)} " if codes else ""

    @staticmethod
    def unpack(text: str) -> list[str]:
        return (text or "").split()

    @staticmethod
    def contains(field: str, code: str) -> GreaterThan:
        """A filter for the records whose list holds the code. INSTR/STRPOS, not `__contains`: on SQLite that is a
        LIKE, which core.sqlite_functions runs in Python for every row (10,000 calls on a filtered city list)."""
        return GreaterThan(StrIndex(field, Value(f" {code} ")), 0)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


SENT_BACK_REASON_LENGTH = 1000


class Publishable(models.Model):
    """Records the public sees only once a coordinator has published them."""

    publication_status = models.CharField(
        _("publication"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    # A coordinator sent the draft back to its editors with a reason (core.services.send_back). Publishing clears
    # it; an edit afterwards marks it changed, so the coordinator's queue shows it is back.
    sent_back_reason = models.TextField(_("reason for sending back"), max_length=SENT_BACK_REASON_LENGTH, blank=True)
    sent_back_at = models.DateTimeField(null=True, blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_since_sent_back = models.BooleanField(default=False)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    @property
    def is_sent_back(self) -> bool:
        return self.sent_back_at is not None


class UsedFormToken(models.Model):
    """A create form's one-time token, so a form posted twice saves one record."""

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    result_url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.token)


class CacheVersion(models.Model):
    """A version of one invalidation topic (core.invalidation): the newest row of a topic holds the token its cached
    results are keyed with. A random token rather than the row's number, so a rolled-back insert cannot hand a
    number out twice and revive results cached in between."""

    topic = models.CharField(max_length=40)
    token = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["topic", "-id"], name="cache_version_newest")]

    def __str__(self) -> str:
        return f"{self.topic}: {self.token}"


class StagedUpload(models.Model):
    """An upload checked and waiting for its confirmation: an attendance list, a spreadsheet import, a calendar.

    Single use (core.staging.consume deletes it) and short-lived (expires_at; expired rows are purged whenever one
    is staged or looked up). The target is a plain string ("activity:12") rather than a foreign key: core may not
    know the domain models, and the confirming view finds its target by URL anyway, so the string only has to tie
    the upload to that page. Nothing here is on a public page, so no cache watches this table.
    """

    token = models.CharField(max_length=43, unique=True)  # the staging id the confirm form carries
    kind = models.CharField(max_length=30)
    target = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(blank=True, default=b"")  # the file itself, where it is read again on confirmation
    payload = models.JSONField(default=dict, blank=True)  # what the check read, or choices made since

    def __str__(self) -> str:
        return f"{self.kind} {self.target}".strip()


class OutgoingMail(models.Model):
    """A composed mail on its way out (core.mail): stored in the same transaction as the change that caused it, and
    kept until a mail server has accepted it. A failed attempt leaves it queued for a later one (with backoff); after
    MAX_ATTEMPTS it is marked failed and stays here for an operator (`manage.py send_queued_mail --retry-failed`).
    Sent mails are removed after a while (core.mail.KEEP_SENT): they hold personal data."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(max_length=254)
    subject = models.TextField()
    text = models.TextField()
    html = models.TextField()
    headers = models.JSONField(default=dict, blank=True)  # Message-ID, List-Unsubscribe, …
    attachments = models.JSONField(default=list, blank=True)  # [filename, text content, MIME type]: an .ics
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a worker began sending; stale claims are retried
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_mail_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


RATE_KEY_LENGTH = 200


class RateCounter(models.Model):
    """How often one thing happened in one window of a rate limit (core.ratelimit), when the cache is the database.

    Django's database cache counts with a read and a write, so two workers could both read 4 and both write 5; here
    a single UPDATE … SET count = count + 1 counts, and the row stays locked until the request has read its own
    number. Windows are aligned to the clock (window_start is seconds since 1970); a row lives two windows, so the
    sliding variant can still weigh the previous one. Expired rows are purged whenever a new one is made, and nightly.
    """

    key = models.CharField(max_length=RATE_KEY_LENGTH)  # a longer key is stored as its hash (core.ratelimit)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_per_window")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.count}"


class BackgroundJob(models.Model):
    """Long work done by the task worker (core.tasks) with its progress, for the page /taken/<id>/: a report file,
    an import, the search index rebuild, the network export. Generic: `kind` names the handler an app registered,
    `parameters` are its input. Only the person who asked (or, for a visitor, their session) and coordinators see
    it. `key` ties a finished result to the data version it was made for, so the same report asked again while no
    record changed is served from `result_file` at once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Busy")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)  # what the page calls it, in the asker's language
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_hash = models.CharField(max_length=64, blank=True)  # a visitor's session (its hash), when not logged in
    parameters = models.JSONField(default=dict, blank=True)
    data_version = models.CharField(max_length=64, blank=True)  # core.tasks.data_version() when it was asked
    key = models.CharField(max_length=64, blank=True)  # kind, parameters and data version: the same work
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)  # 0: how much is unknown
    message = models.TextField(blank=True)  # what it is doing now, or why it failed
    result_file = models.CharField(max_length=300, blank=True)  # a name in the default storage
    result_name = models.CharField(max_length=200, blank=True)  # the download's file name
    result_type = models.CharField(max_length=100, blank=True)
    result_url = models.CharField(max_length=300, blank=True)  # or a page to go to
    attempts = models.PositiveSmallIntegerField(default=1)  # a run interrupted by a worker's end is tried again
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result of the current attempt
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # renewed while a worker runs it
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["key", "status"], name="background_job_kept"),
            models.Index(fields=["status", "heartbeat_at"], name="background_job_stalled"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0
