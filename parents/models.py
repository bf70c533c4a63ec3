from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields


class ParentPage(TranslatableModel):
    """One page of the information for parents (the school system, registering, the parent contribution, ...).

    Its texts are kept per language (django-parler: one row of ParentPageTranslation per language that has a
    text); a language without a row shows the Dutch text with a note (parents.services.text_of). The body is
    cleaned HTML (core.richtext.sanitise), cleaned when saved."""

    # Annotated by hand: the django-stubs plugin infers nothing on a subclass of parler's untyped model.
    slug: models.SlugField = models.SlugField(_("web address"), max_length=80, unique=True)
    order: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )
    updated_at: models.DateTimeField = models.DateTimeField(auto_now=True)
    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=200),
        summary=models.CharField(_("summary"), max_length=300, blank=True),
        body=models.TextField(_("text")),
    )

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("page for parents")
        verbose_name_plural = _("pages for parents")

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("parents:page", args=[self.slug])
