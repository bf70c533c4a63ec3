"""Forms for people (issue 22 §4): numbers as people write them, the chooser for long lists, the error summary and
the one marking of required fields."""

from decimal import Decimal

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from core.forms import WrittenDecimalField, WrittenIntegerField, form_problems, required_hint
from core.parsing import written_number
from core.widgets import Chooser, written


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17.000", "17000"),
        ("17000", "17000"),
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("17 000", "17000"),
        ("-3,5", "-3.5"),
        ("+12", "12"),
        ("226.00", "226.00"),  # the old notation and spreadsheets: a dot before two digits is no thousands group
        ("1.5", "1.5"),
        ("1.23,4", None),
        ("1,2,3", None),
        ("17.00.0", None),
        ("²", None),
        ("٣", None),
        ("1e309", None),
        ("NaN", None),
        ("12abc", None),
        ("1" * 50, None),
        ("", None),
        ("-", None),
    ],
)
def test_a_number_written_the_dutch_way(text, expected):
    with translation.override("nl"):
        assert written_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("17,000", "17000"), ("1,234.5", "1234.5"), ("17.000", "17.000"), ("1,5", "1.5"), ("1.234,5", None)],
)
def test_a_number_written_the_english_way(text, expected):
    with translation.override("en"):
        assert written_number(text) == expected


def test_numbers_are_shown_as_people_write_them():
    with translation.override("nl"):
        assert written(Decimal("226.00")) == "226"
        assert written(Decimal("17000.00")) == "17.000"
        assert written(Decimal("1234.50")) == "1.234,5"
        assert written(17000) == "17.000"
    with translation.override("en"):
        assert written(Decimal("17000.00")) == "17,000"


class _Figures(forms.Form):
    count = WrittenIntegerField(label="Aantal", min_value=0)
    amount = WrittenDecimalField(label="Bedrag", max_digits=8, decimal_places=2, required=False)


def test_number_fields_read_and_show_the_pages_notation():
    with translation.override("nl"):
        form = _Figures({"count": "17.000", "amount": "1.234,5"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {"count": 17000, "amount": Decimal("1234.5")}
        shown = str(_Figures(initial={"count": 17000, "amount": Decimal("226.00")}))
        assert 'value="17.000"' in shown and 'value="226"' in shown
        assert 'inputmode="numeric"' in shown and 'inputmode="decimal"' in shown and 'type="number"' not in shown


def test_number_fields_keep_what_was_typed_and_refuse_in_dutch():
    with translation.override("nl"):
        form = _Figures({"count": "17.00.0", "amount": "1e309"})
        assert not form.is_valid()
        assert form.errors["count"] == ["Voer een geheel getal in."]
        assert "amount" in form.errors
        assert 'value="17.00.0"' in str(form)


class _Partners(forms.Form):
    name = forms.CharField(label="Naam")
    partners = forms.MultipleChoiceField(
        label="Partners", choices=[(str(n), f"Organisatie {n}") for n in range(1, 21)], widget=Chooser
    )
    themes = forms.MultipleChoiceField(label="Thema's", choices=[("a", "Taal"), ("b", "Rekenen")], widget=Chooser)
    note = forms.CharField(label="Opmerking", required=False)


def test_a_long_chooser_lists_the_chosen_first_and_names_them():
    with translation.override("nl"):
        html = str(_Partners(initial={"partners": ["7", "3"]})["partners"])
    assert "data-rimpel-chooser" in html and "Zoek in deze lijst" in html
    assert "<strong>Gekozen:</strong> Organisatie 3, Organisatie 7" in html
    listed = html[html.index("<ul") :]
    order = [listed.index(f"Organisatie {n}<") for n in (3, 7, 1)]
    assert order == sorted(order)  # the chosen ones first, then the rest in their own order
    assert 'id="id_partners_2" checked' in html  # ids stay those of the options' places


def test_a_chooser_after_an_error_still_shows_what_was_chosen():
    with translation.override("nl"):
        form = _Partners({"partners": ["12"], "themes": ["a"]})
        assert not form.is_valid()
        html = str(form["partners"])
    assert "<strong>Gekozen:</strong> Organisatie 12" in html


def test_a_short_chooser_is_a_plain_checkbox_list():
    with translation.override("nl"):
        html = str(_Partners()["themes"])
    assert "data-rimpel-chooser" not in html and "Zoek" not in html and "Gekozen" not in html
    assert html.count('type="checkbox"') == 2


def test_the_field_template_puts_a_chooser_in_a_fieldset_with_its_marking():
    with translation.override("nl"):
        form = _Partners()
        html = render_to_string("core/_form_fields.html", {"form": form})
    assert '<legend class="utrecht-form-fieldset__legend">Partners</legend>' in html
    assert 'Opmerking <span class="rimpel-optional">(niet verplicht)</span>' in html
    assert "Alle velden zijn verplicht, behalve de velden met ‘niet verplicht’." in html
    assert '<input type="text" name="name" required id="id_name">' in html


def test_the_required_line_fits_the_form():
    class AllRequired(forms.Form):
        name = forms.CharField()

    class OnlyBoxes(forms.Form):
        agree = forms.BooleanField(required=False)

    with translation.override("nl"):
        assert required_hint(AllRequired()) == "Alle velden zijn verplicht."
        assert required_hint(OnlyBoxes()) == ""


class _Pair(forms.Form):
    first = forms.IntegerField(label="Eerste")
    second = forms.IntegerField(label="Tweede")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first") and cleaned.get("second") and cleaned["first"] > cleaned["second"]:
            raise forms.ValidationError("De eerste is groter dan de tweede.")
        return cleaned


def test_the_problems_link_to_their_fields_with_form_wide_ones_first():
    with translation.override("nl"):
        form = _Partners({"name": "", "partners": []})
        pair = _Pair({"first": "5", "second": "3"})
        problems = form_problems(form) + form_problems(pair)
    assert [(p.anchor, p.label) for p in problems] == [
        ("id_name", "Naam"),
        ("id_partners_0", "Partners"),  # a checkbox group: its first option
        ("id_themes_0", "Thema's"),
        ("", ""),
    ]
    assert problems[-1].message == "De eerste is groter dan de tweede."
    assert form_problems(_Partners()) == []  # an unbound form has nothing to say


def test_formset_rows_are_numbered_in_the_summary():
    PairSet = forms.formset_factory(_Pair, extra=0)
    data = {"p-TOTAL_FORMS": "2", "p-INITIAL_FORMS": "0", "p-0-first": "1", "p-0-second": "2", "p-1-first": "x"}
    with translation.override("nl"):
        formset = PairSet(data, prefix="p")
        problems = form_problems("", [("Paren", formset)])
    assert [(p.anchor, p.label) for p in problems] == [
        ("id_p-1-first", "Eerste (rij 2)"),
        ("id_p-1-second", "Tweede (rij 2)"),
    ]


def test_the_summary_comes_first_with_a_heading_and_links():
    with translation.override("nl"):
        form = _Pair({"first": "5", "second": "3"})
        form.add_error("second", "Te klein.")
        html = render_to_string("core/_form_fields.html", {"form": form})
    summary = html[html.index('role="alert"') :]
    assert html.index('role="alert"') < html.index("<label")
    assert "Er ging iets mis" in summary and 'tabindex="-1"' in html
    assert "<li>De eerste is groter dan de tweede.</li>" in summary
    assert '<a class="utrecht-link" href="#id_second">Tweede: Te klein.</a>' in summary


def test_a_formset_row_leaves_the_summary_to_its_form():
    with translation.override("nl"):
        html = render_to_string(
            "core/_form_fields.html", {"form": _Pair({"first": "5", "second": "3"}), "in_formset": True}
        )
    assert "Er ging iets mis" not in html and "verplicht" not in html
    assert "De eerste is groter dan de tweede." in html
