from django import forms
from django.utils.translation import gettext_lazy as _

from search.models import RelatedTerms
from search.related import MAX_GROUPS, split_words

MAX_LENGTH = RelatedTerms._meta.get_field("words").max_length


class RelatedTermsForm(forms.Form):
    """The whole list at once: one group of words per line, the words separated by commas."""

    groups = forms.CharField(
        label=_("Related terms"),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        max_length=MAX_GROUPS * (MAX_LENGTH or 300),
        help_text=_(
            "One group per line, words separated by commas, for example: fijnstof, luchtkwaliteit bij scholen. "
            "A question or search with one word of a group also finds records with the others. "
            "A group of words counts only where its words stand close together."
        ),
    )

    def clean_groups(self) -> list[str]:
        groups = []
        for number, line in enumerate(self.cleaned_data["groups"].splitlines(), 1):
            words = split_words(line)
            if not words:
                continue
            if len(words) < 2:
                raise forms.ValidationError(
                    _("Line %(number)d has only one word: a group needs at least two."), params={"number": number}
                )
            group = ", ".join(words)
            if len(group) > (MAX_LENGTH or 300):
                raise forms.ValidationError(
                    _("Line %(number)d is too long: at most %(max)d characters."),
                    params={"number": number, "max": MAX_LENGTH},
                )
            groups.append(group)
        if len(groups) > MAX_GROUPS:
            raise forms.ValidationError(_("At most %(max)d groups."), params={"max": MAX_GROUPS})
        return list(dict.fromkeys(groups))
