from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OnceForm, WrittenDecimalField, assume_https
from core.models import CodeList, Language
from network.models import Organisation
from network.theme_fields import ThemesField
from offerings.models import Audience, Offering


class OfferingForm(OnceForm, forms.ModelForm):
    audience_codes = forms.MultipleChoiceField(
        label=_("For"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    language_codes = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages in which it can be given."),
    )
    themes = ThemesField()

    class Meta:
        model = Offering
        fields = [
            "provider",
            "title",
            "kind",
            "description",
            "grade_from",
            "grade_to",
            "is_free",
            "price",
            "price_note",
            "duration",
            "place",
            "at_school",
            "contact",
            "booking",
            "expires_on",
            "themes",
        ]
        widgets = {"expires_on": DateInput(), "description": forms.Textarea(attrs={"rows": 5})}
        formfield_callback = assume_https
        field_classes = {"price": WrittenDecimalField}

    def __init__(self, *args, provider_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = provider_choices
        if not self.instance.pk and not self.is_bound and len(provider_choices) == 1:
            self.initial["provider"] = provider_choices[0]
        if self.instance.pk and not self.is_bound:
            self.initial["audience_codes"] = CodeList.unpack(self.instance.audiences)
            self.initial["language_codes"] = CodeList.unpack(self.instance.languages)
        self.order_fields(
            [
                "provider",
                "title",
                "kind",
                "description",
                "audience_codes",
                "grade_from",
                "grade_to",
                "themes",
                "is_free",
                "price",
                "price_note",
                "duration",
                "place",
                "at_school",
                "language_codes",
                "contact",
                "booking",
                "expires_on",
            ]
        )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("grade_from"), cleaned.get("grade_to")
        if low and high and high < low:
            self.add_error("grade_to", _("The last group comes before the first; swap them."))
        if (low or high) and Audience.PO not in cleaned.get("audience_codes", []):
            self.add_error(
                "grade_from",
                _("Groups are for primary schools: tick “%(po)s” under “For”.") % {"po": Audience.PO.label},
            )
        expires_on = cleaned.get("expires_on")
        if expires_on and expires_on < timezone.localdate() and "expires_on" in self.changed_data:
            self.add_error(
                "expires_on",
                _("This day has passed, so nobody would see the offering. Choose a later day or leave it empty."),
            )
        if cleaned.get("is_free"):
            cleaned["price"] = None
        elif cleaned.get("price") is None and not cleaned.get("price_note"):
            self.add_error("price", _("Give a price, say something about it, or tick “free”."))
        return cleaned

    def apply_codes(self) -> Offering:
        self.instance.audiences = CodeList.pack(self.cleaned_data["audience_codes"])
        self.instance.languages = CodeList.pack(self.cleaned_data["language_codes"])
        if self.instance.grade_from and not self.instance.grade_to:
            self.instance.grade_to = 8
        if self.instance.grade_to and not self.instance.grade_from:
            self.instance.grade_from = 1
        return self.instance


def provider_queryset(organisations):
    return Organisation.objects.filter(pk__in=organisations.values("pk")).order_by("name")
