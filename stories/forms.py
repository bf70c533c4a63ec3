import time
import uuid
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.forms import DateInput, OnceForm
from impact.models import Dimension
from network.models import Theme
from network.theme_fields import OfferedThemesWidget
from programmes.models import ProgrammeLine
from stories.models import PART_MAX, QUOTE_MAX, ROLE_MAX, Consent, SelectionRound, Story, Substantiation

# One question per ring, in everyday words.
RING_QUESTIONS = {
    1: _("What did it bring you straight away? Think of whom you met, what you learned or how it felt."),
    2: _("What did you do differently afterwards, or with whom did you start something?"),
    3: _("What changes because of it beyond yourself: at your school, in your organisation or in the city?"),
}


# To mypy the mixin is the form it is mixed into; at run time it adds only its methods.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class RingPartsMixin(_FormBase):
    """Three pairs of fields, a dimension and a text per ring, and the parts they make."""

    required_rings: tuple[int, ...] = ()

    def add_ring_fields(self, dimensions, preselected: dict[int, int], widget=forms.RadioSelect) -> None:
        for number in (1, 2, 3):
            choices = [dimension for dimension in dimensions if dimension.ring.number == number]
            self.fields[f"ring{number}_dimension"] = forms.ModelChoiceField(
                label=_("This is mostly about"),
                queryset=Dimension.objects.filter(pk__in=[d.pk for d in choices]),
                required=False,
                widget=widget,
                initial=preselected.get(number),
                empty_label=None,
            )
            self.fields[f"ring{number}_text"] = forms.CharField(
                label=RING_QUESTIONS[number],
                required=number in self.required_rings,
                max_length=PART_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def ring_pairs(self):
        """(number, dimension field, text field) for the template."""
        return [(number, self[f"ring{number}_dimension"], self[f"ring{number}_text"]) for number in (1, 2, 3)]

    def clean_rings(self, cleaned: dict) -> None:
        answered = 0
        for number in (1, 2, 3):
            text = cleaned.get(f"ring{number}_text", "").strip()
            if text:
                answered += 1
                if not cleaned.get(f"ring{number}_dimension"):
                    self.add_error(f"ring{number}_dimension", _("Choose what this part is mostly about."))
        if not answered:
            raise forms.ValidationError(_("Tell at least one part of your story."))

    def parts(self) -> dict[int, tuple[Dimension, str]]:
        return {
            number: (self.cleaned_data[f"ring{number}_dimension"], self.cleaned_data[f"ring{number}_text"].strip())
            for number in (1, 2, 3)
            if self.cleaned_data.get(f"ring{number}_text", "").strip()
        }


FILL_STAMP_SALT = "stories.tell.started"


def fill_stamp(at: float | None = None) -> str:
    """A signed moment the form was handed out; a post that comes back faster than a person types is refused."""
    return signing.dumps(time.time() if at is None else at, salt=FILL_STAMP_SALT)


def _stamped_at(value: str) -> float | None:
    try:
        moment = signing.loads(value, salt=FILL_STAMP_SALT)
    except signing.BadSignature:
        return None
    return float(moment) if isinstance(moment, int | float) else None


class TellStoryForm(RingPartsMixin, forms.Form):
    """The public form behind a collection link."""

    required_rings = (1,)
    # The API has no form to fill in, so no time to measure.
    checks_fill_time = True

    activity = forms.ModelChoiceField(label=_("Which activity is your story about?"), queryset=Activity.objects.none())
    respondent_role = forms.CharField(
        label=_("Your role"),
        max_length=ROLE_MAX,
        help_text=_("For example: teacher in primary school, school leader, alderman."),
    )
    sector = forms.ChoiceField(label=_("Sector you work in"), required=False)
    quote = forms.CharField(
        label=_("Your story in one sentence"),
        required=False,
        max_length=QUOTE_MAX,
        help_text=_("We may show it as a quote."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.ChoiceField(
        label=_("May we publish your story?"), choices=Consent.choices, widget=forms.RadioSelect
    )
    respondent_name = forms.CharField(label=_("Your name"), required=False, max_length=150)
    organisation_name = forms.CharField(label=_("Your organisation"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), required=False, help_text=_("Only if we may contact you about your story.")
    )
    # A field people do not see; robots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, activities, chosen_activity, fixed_activity, dimensions, preselected, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].empty_label = _("(choose)")
        if not fixed_activity:
            # A programme's link also takes stories about the programme as a whole.
            self.fields["activity"].required = False
            self.fields["activity"].empty_label = _("Not one activity: the programme as a whole")
        if chosen_activity is not None:
            self.fields["activity"].initial = chosen_activity.pk
        if fixed_activity:
            self.fields["activity"].widget = forms.HiddenInput()
        self.fields["sector"].choices = [("", _("(choose)"))] + list(sectors)
        self.add_ring_fields(dimensions, preselected)
        if not self.is_bound:
            self.fields["submission"].initial = uuid.uuid4()
            self.fields["started"].initial = fill_stamp()
        elif self.checks_fill_time and _stamped_at(self.data.get("started", "")) is None:
            # A missing or forged stamp: the form shown again carries a good one, so a person can send it.
            self.data = self.data.copy()
            self.data["started"] = fill_stamp()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your story could not be sent. Please try again."))
        if self.checks_fill_time:
            started = _stamped_at(cleaned.get("started", ""))
            if started is None or time.time() - started < settings.STORY_MIN_FILL_SECONDS:
                raise forms.ValidationError(
                    _("That went very fast. Please check your story and send it again; what you typed is still here.")
                )
        self.clean_rings(cleaned)
        if cleaned.get("consent") == Consent.NAMED:
            for name in ("respondent_name", "organisation_name"):
                if not cleaned.get(name, "").strip():
                    self.add_error(name, _("Needed when we may publish your name and organisation."))
        return cleaned

    def story(self) -> Story:
        data = self.cleaned_data
        return Story(
            respondent_role=data["respondent_role"].strip(),
            sector=data["sector"],
            quote=data["quote"].strip(),
            consent=data["consent"],
            respondent_name=data["respondent_name"].strip(),
            organisation_name=data["organisation_name"].strip(),
            email=data["email"],
        )


class StoryForm(RingPartsMixin, OnceForm, forms.ModelForm):
    """Entering or correcting a story; for editors and the coordinator."""

    class Meta:
        model = Story
        fields = [
            "activity",
            "programme",
            "line",
            "respondent_role",
            "sector",
            "respondent_name",
            "organisation_name",
            "email",
            "consent",
            "source",
            "collected_on",
            "quote",
            "themes",
        ]
        widgets = {
            "collected_on": DateInput(),
            "quote": forms.Textarea(attrs={"rows": 2}),
            "themes": OfferedThemesWidget,
        }

    def __init__(self, *args, activities, programmes, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["programme"].queryset = programmes
        self.fields["line"].queryset = ProgrammeLine.objects.filter(programme__in=programmes).select_related(
            "programme"
        )
        self.fields["line"].label_from_instance = lambda line: f"{line.programme}: {line.code} {line.title}"
        self.fields["themes"].queryset = Theme.objects.all()
        existing = {part.ring: part for part in self.instance.parts.all()} if self.instance.pk else {}
        self.add_ring_fields(
            dimensions, {ring: part.dimension_id for ring, part in existing.items()}, widget=forms.Select
        )
        for ring, part in existing.items():
            self.fields[f"ring{ring}_text"].initial = part.text

    def clean(self):
        cleaned = super().clean()
        self.clean_rings(cleaned)
        line, programme = cleaned.get("line"), cleaned.get("programme")
        if line and programme and line.programme_id != programme.pk:
            self.add_error("line", _("This ambition belongs to another programme."))
        if line and not programme:
            cleaned["programme"] = line.programme
            self.instance.programme = line.programme
        if not cleaned.get("activity") and not cleaned.get("programme"):
            raise forms.ValidationError(_("Choose the activity or the programme the story is about."))
        return cleaned


class CollectionLinkForm(forms.Form):
    title = forms.CharField(
        label=_("Label"), max_length=150, required=False, help_text=_("For yourself, e.g. “screen at the entrance”.")
    )
    closes_on = forms.DateField(
        label=_("Closes on"),
        required=False,
        widget=DateInput(),
        help_text=_("The last day stories can be sent. Leave empty to keep it open."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class BulkRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Kept with each story, for example “many stories at once from one address”."),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Story.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates


class EvidenceForm(forms.Form):
    """Which reasoning-line steps one ring of a story supports."""

    def __init__(self, *args, parts, steps, **kwargs):
        super().__init__(*args, **kwargs)
        for part in parts:
            matching = [step for step in steps if step.ring == part.ring]
            self.fields[f"part{part.pk}"] = forms.MultipleChoiceField(
                label=_("Ring %(ring)s supports") % {"ring": part.ring},
                required=False,
                choices=[(step.pk, f"{step.reasoning_line.title}: {step.text[:90]}") for step in matching],
                initial=[step.pk for step in part.reasoning_steps.all()],
                widget=forms.CheckboxSelectMultiple,
            )


class SubstantiationForm(forms.ModelForm):
    class Meta:
        model = Substantiation
        fields = ["name", "role", "date", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class SelectionRoundForm(forms.ModelForm):
    class Meta:
        model = SelectionRound
        fields = ["title", "panel", "held_on"]
        widgets = {"held_on": DateInput(), "panel": forms.Textarea(attrs={"rows": 2})}


class RespondentSearchForm(forms.Form):
    respondent = forms.CharField(label=_("E-mail address or full name"), max_length=200)
