from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.forms import OnceForm
from parents.models import ParentPage

RICH_HELP = _("Plain text, or simple HTML: paragraphs, bold, italic, lists and links.")
# Web addresses the pages' own URLs use after /open-dagen/school-kiezen/.
RESERVED_SLUGS = {"nieuw"}


class PageTextForm(forms.Form):
    """A page's title, summary and text in one language; the fields carry that language's lang and dir, so the
    browser and a screen reader treat the typed text as Arabic, Polish, ..."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences for the list of pages."),
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), required=False, help_text=RICH_HELP
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        direction = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
        for name in ("title", "summary", "body"):
            self.fields[name].widget.attrs.update({"lang": language, "dir": direction})
        if language == settings.LANGUAGE_CODE:
            # The Dutch text is what every other language falls back to.
            self.fields["title"].required = True
            self.fields["body"].required = True
        else:
            self.fields["title"].help_text = _("Leave the title and the text empty to show the Dutch text instead.")

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if bool(cleaned.get("title")) != bool(cleaned.get("body")) and not self.errors:
            raise forms.ValidationError(_("Fill in both the title and the text, or leave both empty."))
        return cleaned


class NewPageForm(OnceForm, PageTextForm):
    """A new page: its web address, its place in the list and its Dutch text."""

    slug = forms.SlugField(
        label=_("Web address"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, for example: aanmelden-basisschool."),
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, initial=0, help_text=_("Lower numbers come first.")
    )
    field_order = ["slug", "order", "title", "summary", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, language=settings.LANGUAGE_CODE, **kwargs)

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS or ParentPage.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This web address is already in use. Choose another one."))
        return slug
