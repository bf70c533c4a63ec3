"""import_data: the same pipeline from the command line."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from activities.models import Activity
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def setup(db):
    OrganisationFactory(name="Museum Boerhaave", sector="cultuur")
    with translation.override("en"):
        yield


def test_dry_run_then_import_with_a_mapping_file(tmp_path, capsys):
    sheet = tmp_path / "agenda.csv"
    sheet.write_text("Wat;Wanneer;Wie\nLezing;3-10-2031 19:30;Museum Boerhaave\n", encoding="cp1252")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Wie": "organisers"}))
    call_command("import_data", "activities", str(sheet), "--mapping", str(mapping), "--dry-run")
    assert "1 rows: 1 new, 0 changed, 0 unchanged." in capsys.readouterr().out and not Activity.objects.exists()
    call_command("import_data", "activities", str(sheet), "--mapping", str(mapping))
    assert Activity.objects.get().title == "Lezing"
    call_command("import_data", "activities", str(sheet), "--mapping", str(mapping))
    assert "0 new, 0 changed, 1 unchanged" in capsys.readouterr().out


def test_problems_are_printed_by_row_and_column_and_nothing_is_saved(tmp_path, capsys):
    sheet = tmp_path / "agenda.csv"
    sheet.write_text("Titel;Datum;Organisator\nLezing;3-10-2031;Museum Boerhave\nDebat;morgen;Museum Boerhaave\n")
    with pytest.raises(CommandError, match="Nothing was imported: 2 problems"):
        call_command("import_data", "activities", str(sheet))
    errors = capsys.readouterr().err
    assert "row 2, Organisator: Unknown organisation “Museum Boerhave”. Did you mean Museum Boerhaave?" in errors
    assert "row 3, Datum: “morgen” is not a date." in errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["stories", "geen.csv"], "There is no file geen.csv."),
        (["budget", "{sheet}", "--programme", "onbekend"], "There is no programme “onbekend”."),
        (["activities", "{sheet}", "--mapping", "{sheet}"], "The mapping file could not be read"),
    ],
)
def test_wrong_arguments(tmp_path, arguments, message):
    sheet = tmp_path / "a.csv"
    sheet.write_text("Titel\nx\n")
    with pytest.raises(CommandError, match=message):
        call_command("import_data", *[argument.format(sheet=sheet) for argument in arguments])
