from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.forms import DateInput, WrittenDecimalField
from core.widgets import Chooser
from impact.models import ActivityFigures, Dimension, TargetGroup
from programmes.models import (
    Action,
    ActionReport,
    BudgetLine,
    Direction,
    Indicator,
    Programme,
    ProgrammeLine,
    ReasoningLine,
    ReasoningStep,
    Recommendation,
)


class RouteForm(forms.Form):
    """A route as posted by the route editor: a target group and one dimension per ring."""

    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.all(), to_field_name="slug"
    )
    # Retired dimensions stay valid, so a saved route that names one can be saved again unchanged.
    ring1 = forms.ModelChoiceField(label=_("Ring 1"), queryset=Dimension.objects.all())
    ring2 = forms.ModelChoiceField(label=_("Ring 2"), queryset=Dimension.objects.all())
    ring3 = forms.ModelChoiceField(label=_("Ring 3"), queryset=Dimension.objects.all())


class ReasoningLineForm(forms.ModelForm):
    class Meta:
        model = ReasoningLine
        fields = ["title", "line", "activities"]
        widgets = {"activities": Chooser}
        labels = {"activities": _("Activities")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = programme.lines.all()
        self.fields["activities"].queryset = (
            Activity.objects.filter(programme_actions__line__programme=programme).distinct().order_by("start")
        )


class StepForm(forms.ModelForm):
    class Meta:
        model = ReasoningStep
        fields = ["dimension", "text", "activity_figures", "programme_figures"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "activity_figures": Chooser,
            "programme_figures": Chooser,
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        # A retired dimension stays valid for the steps that already stand on it.
        self.fields["dimension"].queryset = Dimension.objects.filter(
            Q(retired=False) | Q(pk=self.instance.dimension_id)
        ).select_related("ring")
        self.fields["dimension"].label_from_instance = lambda d: f"{_('Ring')} {d.ring.number}: {d}"
        self.fields["activity_figures"].queryset = (
            ActivityFigures.objects.filter(activity__programme_actions__line__programme=programme)
            .distinct()
            .select_related("activity")
        )
        self.fields["activity_figures"].label_from_instance = lambda f: (
            _("Figures of %(activity)s") % {"activity": f.activity.title}
        )
        self.fields["programme_figures"].queryset = programme.reported_figures.all()


class BaseStepFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """A chain needs one ring-1 effect, at least one ring-2 effect and one ring-3 effect."""
        super().clean()
        rings = [
            form.cleaned_data["dimension"].ring.number
            for form in self.forms
            if form.cleaned_data.get("dimension") and not form.cleaned_data.get("DELETE")
        ]
        if rings.count(1) != 1 or rings.count(2) < 1 or rings.count(3) != 1:
            raise forms.ValidationError(
                _("A reasoning line has one step on ring 1, one or more on ring 2 and one on ring 3.")
            )


StepFormSet = forms.inlineformset_factory(
    ReasoningLine, ReasoningStep, form=StepForm, formset=BaseStepFormSet, extra=4, can_delete=True
)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "short_name",
            "slug",
            "period_start",
            "period_end",
            "budget",
            "description",
            "foreword",
            "introduction",
            "organisations",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "organisations": Chooser,
        }
        field_classes = {"budget": WrittenDecimalField}
        labels = {"slug": _("Short name in the web address")}
        help_texts = {"slug": _("The last part of the web address, e.g. lnos25.")}

    def __init__(self, *args, may_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_assign:
            # Which organisations answer for a programme is the coordinator's call.
            del self.fields["organisations"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end lies before the start."))
        elif start and end and self.instance.pk:
            outside = sorted(
                BudgetLine.objects.filter(programme=self.instance)
                .exclude(year__range=(start.year, end.year))
                .values_list("year", flat=True)
                .distinct()
            )
            if outside:
                self.add_error(
                    "period_end",
                    _("The budget has amounts for %(years)s, outside this period. Move or remove those first.")
                    % {"years": ", ".join(str(year) for year in outside)},
                )
        return cleaned


class UniqueCodeMixin:
    """A code must be unique among its siblings; the parent is not a form field, so Django does not check."""

    parent_field: str

    def clean_code(self):
        code = self.cleaned_data["code"]
        parent = getattr(self.instance, self.parent_field)
        siblings = type(self.instance).objects.filter(**{self.parent_field: parent}).exclude(pk=self.instance.pk)
        if siblings.filter(code__iexact=code).exists():
            raise forms.ValidationError(_("The code %(code)s is already in use here.") % {"code": code})
        return code


class ProgrammeLineForm(UniqueCodeMixin, forms.ModelForm):
    parent_field = "programme"

    class Meta:
        model = ProgrammeLine
        fields = ["kind", "code", "title", "goal", "description", "position"]
        labels = {"position": _("Order")}


class ActionForm(UniqueCodeMixin, forms.ModelForm):
    parent_field = "line"

    def __init__(self, *args, activity_choices, project_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = activity_choices
        self.fields["projects"].queryset = project_choices

    class Meta:
        model = Action
        fields = ["code", "title", "description", "position", "organisations", "activities", "projects"]
        widgets = dict.fromkeys(("organisations", "activities", "projects"), Chooser)
        labels = {
            "position": _("Order"),
            "organisations": _("Organisations"),
            "activities": _("Activities"),
            "projects": _("Projects"),
        }


class ActionReportForm(forms.ModelForm):
    class Meta:
        model = ActionReport
        fields = ["period", "goal", "efforts", "outputs", "reflection"]
        help_texts = {"efforts": _("Plain text, or simple HTML: paragraphs, bold, italic, lists and links.")}


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "owner", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "direction"]
        field_classes = {"baseline": WrittenDecimalField, "target": WrittenDecimalField}

    def clean(self):
        cleaned = super().clean()
        baseline, target, direction = cleaned.get("baseline"), cleaned.get("target"), cleaned.get("direction")
        if baseline is not None and target is not None:
            if direction == Direction.UP and target < baseline:
                self.add_error("target", _("Higher is better, so the target should not lie below the baseline."))
            if direction == Direction.DOWN and target > baseline:
                self.add_error("target", _("Lower is better, so the target should not lie above the baseline."))
        return cleaned


class MeasurementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    value = WrittenDecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=40, help_text=_("Must be the indicator's unit."))
    source = forms.CharField(label=_("Source"), max_length=200)


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    planned = WrittenDecimalField(
        label=_("Planned (euro)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Leave empty when the plan gives no amount for this line."),
    )
    realised = WrittenDecimalField(
        label=_("Realised (euro)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
