"""The generated national list of school locations (devtools.duo) imports as DUO's file would: once, and again
without changes; the schools are found by their place."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devtools.duo import locations_csv
from exchange.import_kinds import KINDS
from exchange.references import Lookups
from exchange.spreadsheet import read_sheet, run
from network.models import Organisation
from search.models import SearchEntry
from search.text import term_string

pytestmark = pytest.mark.django_db


def do(content: bytes, **options):
    kind = KINDS["organisations"]
    return run(kind, read_sheet(SimpleUploadedFile("vestigingen.csv", content), kind), Lookups(), **options)


def test_a_national_file_imports_and_again_changes_nothing():
    content = locations_csv(400, seed=3)
    first = do(content, write=True, preset={"sector": "po"})
    assert first.applied and first.counts == {"create": 400}, first.errors[:3]
    assert Organisation.objects.count() == 400
    assert Organisation.objects.filter(place="'s-Gravenhage").exists()
    assert Organisation.objects.filter(place="Alphen aan den Rijn").exists()
    assert Organisation.objects.filter(place="IJsselstein").exists()
    again = do(content, write=True, preset={"sector": "po"})
    assert again.counts == {"unchanged": 400}
    # Found by place.
    some = Organisation.objects.filter(place="Zwolle").first()
    assert term_string("Zwolle") in SearchEntry.objects.get(kind="organisation", object_id=some.pk).terms_body
