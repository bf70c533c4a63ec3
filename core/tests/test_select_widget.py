"""core.widgets.Select writes the same markup as Django's select, without an included template per option."""

import pytest
from django import forms

from core.widgets import Select

CHOICES = [("", "---------"), ("x", "X & Y"), ("Groep", [("1", "één"), ("2", "<twee>")]), ("3", "drie")]


class Ours(forms.Form):
    keuze = forms.ChoiceField(choices=CHOICES, required=False, widget=Select(attrs={"class": "utrecht-select"}))


class DjangoWithClass(forms.Form):
    keuze = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.Select(attrs={"class": "utrecht-select"}))


@pytest.mark.parametrize("data", [{}, {"keuze": "x"}, {"keuze": "2"}, {"keuze": "<niet>"}])
def test_the_same_markup_as_djangos_select(data):
    assert str(Ours(data)["keuze"]) == str(DjangoWithClass(data)["keuze"])
    assert 'value="2"' in str(Ours(data)["keuze"]) and "&lt;twee&gt;" in str(Ours(data)["keuze"])
