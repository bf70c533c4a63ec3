from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class NameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]


class PasswordCheckForm(forms.Form):
    """A form that asks for the account's password before a change that matters."""

    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong_password")
        return password


class EmailChangeForm(PasswordCheckForm):
    new_email = forms.EmailField(label=_("New e-mail address"))

    field_order = ["new_email", "password"]

    def clean_new_email(self) -> str:
        new_email = self.cleaned_data["new_email"].strip()
        if new_email.casefold() == self.user.email.casefold():
            raise ValidationError(_("This is already your e-mail address."), code="same")
        return new_email
