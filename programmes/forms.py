from django import forms
from django.utils.translation import gettext_lazy as _

from impact.models import Dimension, TargetGroup


class RouteForm(forms.Form):
    """A route as posted by the route editor: a target group and one dimension per ring."""

    target_group = forms.ModelChoiceField(label=_("Target group"), queryset=TargetGroup.objects.all(),
                                          to_field_name="slug")
    ring1 = forms.ModelChoiceField(label=_("Ring 1"), queryset=Dimension.objects.filter(retired=False))
    ring2 = forms.ModelChoiceField(label=_("Ring 2"), queryset=Dimension.objects.filter(retired=False))
    ring3 = forms.ModelChoiceField(label=_("Ring 3"), queryset=Dimension.objects.filter(retired=False))
