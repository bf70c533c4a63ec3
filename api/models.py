from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models import Organisation


class ApiToken(models.Model):
    """A key another system uses to write to the API for one organisation.

    Only a SHA-256 hash of the secret is stored; the secret is shown once, when the token is issued.
    The prefix (the first characters of the token) is kept in the clear so people can tell tokens apart.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField(
        _("label"), max_length=100, help_text=_("What the token is for, e.g. “website of the school board”.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=16, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.label})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
