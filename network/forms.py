from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import OnceForm, assume_https
from core.widgets import Suggestions
from network.merging import organisation_for_label
from network.models import ADDRESS_AND_CODES, SCHOOL_CONCEPTS, Organisation, OrganisationRole, Person
from network.services import AmbiguousOrganisation, parse_aliases, resolve_organisation
from network.theme_fields import ThemesField


class OrganisationForm(OnceForm, forms.ModelForm):
    aliases = forms.CharField(
        label=_("Abbreviations"),
        required=False,
        help_text=_("Short forms used in documents, separated by commas, e.g. HsL, Hogeschool."),
    )
    themes = ThemesField()

    class Meta:
        model = Organisation
        fields = [
            "name",
            "sector",
            "parent",
            "website",
            "description",
            *ADDRESS_AND_CODES,
            "concept",
        ]
        formfield_callback = assume_https
        widgets = {"concept": Suggestions(SCHOOL_CONCEPTS)}

    def __init__(self, *args, may_restructure: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_restructure:
            # Where an organisation sits in the network is the coordinator's call.
            del self.fields["parent"]
        if self.instance.pk and isinstance(parent := self.fields.get("parent"), forms.ModelChoiceField):
            parent.queryset = Organisation.objects.exclude(pk=self.instance.pk)
        if self.instance.pk and not self.is_bound:
            self.initial["aliases"] = ", ".join(a.alias for a in self.instance.aliases.all())
            self.initial["themes"] = list(self.instance.themes.all())

    def clean_aliases(self):
        return parse_aliases(self.cleaned_data["aliases"])


class PersonForm(OnceForm, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "role", "job_title", "organisation", "email", "phone"]

    def __init__(self, *args, organisation_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices
        if not self.instance.pk and not self.is_bound and len(organisation_choices) == 1:
            self.initial["organisation"] = organisation_choices[0]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=OrganisationRole.choices,
        initial=OrganisationRole.EDITOR,
        widget=forms.RadioSelect,
        help_text=_("An editor changes the organisation's records. A member asks and answers questions."),
    )
    as_coordinator = forms.BooleanField(
        label=_("Also make them network coordinator"),
        required=False,
        help_text=_("A coordinator changes everything and decides what is published."),
    )

    def __init__(self, *args, organisation_choices, may_invite_coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = organisation_choices
        if not may_invite_coordinator:
            del self.fields["as_coordinator"]


class AcceptInvitationForm(forms.Form):
    """Name and password for a new login; the password passes Django's validators."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            # Checked against a login not yet saved, so "too similar to your name or address" works too.
            candidate = User(
                email=self.email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


NO_ROLE = ""


class RoleForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), to_field_name="slug"
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[*OrganisationRole.choices, (NO_ROLE, _("no role (take off)"))], required=False
    )


class OrganisationNameField(forms.CharField):
    """An organisation typed or picked from the page's list of names (a <datalist>, so it works without
    JavaScript among a thousand organisations); the view resolves the name on the server."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(widget=forms.TextInput(attrs={"list": "organisation-names", "autocomplete": "off"}), **kwargs)


def organisation_by_name(name: str) -> Organisation | None:
    try:
        return resolve_organisation(name)
    except AmbiguousOrganisation:
        return None


class SignUpForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    organisation = OrganisationNameField(
        label=_("Organisation"), help_text=_("Start typing and choose your organisation from the list.")
    )
    not_listed = forms.BooleanField(
        label=_("My organisation is not in the list"),
        required=False,
        help_text=_("Then type its name above. A coordinator reads it and adds you."),
    )
    consent = forms.BooleanField(label=_("I agree with the privacy statement"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '<a class="utrecht-link" href="{}">{}</a>', reverse("privacy"), _("Read the privacy statement")
        )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("organisation", "")
        cleaned["organisation_record"] = None if cleaned.get("not_listed") else organisation_by_name(name)
        if name and not cleaned.get("not_listed") and cleaned["organisation_record"] is None:
            self.add_error(
                "organisation",
                _("We do not know this organisation. Choose one from the list, or tick “not in the list”."),
            )
        return cleaned


class SignUpPasswordForm(SetPasswordMixin, forms.Form):
    """The password for the new login, checked by Django's validators against its name and address."""

    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        self.validate_passwords("password1", "password2")
        self.validate_password_for_user(self.user, "password2")
        return super().clean()


class DecideSignUpForm(forms.Form):
    organisation = OrganisationNameField(
        label=_("Organisation"),
        required=False,
        help_text=_("The organisation they become a member of. Needed to approve."),
    )

    def clean_organisation(self):
        name = self.cleaned_data["organisation"]
        organisation = organisation_by_name(name) if name else None
        if name and organisation is None:
            raise ValidationError(_("This organisation is not in the directory. Add it first, or choose another."))
        return organisation


class SignUpSettingsForm(forms.Form):
    needs_approval = forms.BooleanField(
        label=_("A coordinator approves every sign-up"),
        required=False,
        help_text=_("Off: whoever signs up and confirms their address is a member at once."),
    )


KEEP_THIS, KEEP_OTHER = "deze", "andere"


class MergeForm(forms.Form):
    other = OrganisationNameField(
        label=_("The other organisation"), help_text=_("Start typing and choose it from the list.")
    )
    keep = forms.ChoiceField(label=_("Which one stays?"), widget=forms.RadioSelect)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["keep"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (KEEP_THIS, _("This one stays: %(name)s") % {"name": organisation.name}),
            (KEEP_OTHER, _("The other one stays; this one becomes its abbreviation")),
        ]

    def clean_other(self) -> Organisation:
        other = organisation_for_label(self.cleaned_data["other"])
        if other is None:
            raise ValidationError(_("We do not know this organisation. Choose one from the list."))
        if other.pk == self.organisation.pk:
            raise ValidationError(_("Choose another organisation than this one."))
        return other
