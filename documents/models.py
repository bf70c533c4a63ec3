"""Documents and media of the network: files (PDF, Office documents, images) and links to audio and video, each
attached to one record (an activity, project, progress update, line, programme or story) or to the network as a
whole."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from network.models import Line, Theme


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Report")
    BROCHURE = "brochure", _("Brochure")
    INFOGRAPHIC = "infographic", _("Infographic")
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other")


class DocumentLanguage(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other language")


class Document(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.REPORT)
    # A stored file (name chosen by the app, never the uploader's), or else a link to a page elsewhere.
    file = models.FileField(_("file"), upload_to="documenten/%Y/%m/", max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="documents")
    lines = models.ManyToManyField(Line, verbose_name=_("lines"), blank=True, related_name="documents")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=DocumentLanguage.choices, default=DocumentLanguage.DUTCH
    )
    members_only = models.BooleanField(_("members only"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.PositiveBigIntegerField(default=0)  # bytes as stored (after an image is re-encoded)
    content_type = models.CharField(max_length=100, blank=True)  # recognised from the content, never the browser's
    extension = models.CharField(max_length=10, blank=True)  # ".pdf", for the name of the download
    # What it is attached to, by model label ("projects.project") and primary key: documents sits below the apps it
    # serves, so it names them (documents.targets) rather than pointing at them. Empty: the network as a whole.
    target_kind = models.CharField(max_length=40, blank=True, db_index=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-created_at", "-pk"]
        indexes = [models.Index(fields=["target_kind", "target_id"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(file="") | ~models.Q(url=""), name="document_has_file_or_link"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def is_link(self) -> bool:
        return not self.file

    def download_url(self) -> str:
        return self.url or reverse("documents:download", args=[self.pk])
