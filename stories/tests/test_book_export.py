"""The story book downloads its selection, naming respondents only as the page would, in columns the story
import reads back."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from exchange.import_kinds import STORIES
from exchange.references import Lookups
from exchange.spreadsheet import read_sheet, run
from stories.tests.factories import make_line, make_programme, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(org_a):
    programme = make_programme(slug="lnos", organisations=[org_a])
    line = make_line(programme, "A1", "Brede vorming")
    make_story(programme=programme, line=line, role="leerkracht", name="Els", consent="role", quote="=1+1")
    make_story(
        programme=programme, line=line, role="wethouder", name="Jan", organisation_name="Gemeente", consent="named"
    )
    make_story(programme=programme, line=line, role="directeur", name="Piet", consent="internal")
    return programme


def download(client, user=None, fmt="xlsx"):
    if user:
        client.force_login(user)
    with translation.override("en"):
        url = reverse("stories:programme_book", args=["lnos"])
    response = client.get(url, {"formaat": fmt})
    assert response.status_code == 200
    return response


def rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]


def test_the_public_download_names_only_those_who_agreed(client, programme):
    table = rows(download(client))
    header, *body = table
    assert header[:5] == ["Date", "Role", "Sector", "Name", "Organisation"]
    by_role = {row[1]: row for row in body}
    assert set(by_role) == {"leerkracht", "wethouder"}  # internal analysis only: not in the public book
    assert by_role["leerkracht"][3] == "" and by_role["wethouder"][3:5] == ["Jan", "Gemeente"]
    # The text itself, as a text cell with the quote-prefix style: no formula runs, no apostrophe shows.
    assert by_role["leerkracht"][header.index("Quote")] == "=1+1"
    quote = openpyxl.load_workbook(io.BytesIO(download(client).content)).active.cell(
        row=2 + body.index(by_role["leerkracht"]), column=1 + header.index("Quote")
    )
    assert quote.data_type == "s" and quote.quotePrefix


def test_the_download_imports_back_unchanged(client, coordinator, programme):
    content = download(client, coordinator).content
    with translation.override("en"):
        sheet = read_sheet(SimpleUploadedFile("boek.xlsx", content), STORIES)
        outcome = run(STORIES, sheet, Lookups(programme))
    assert not outcome.errors, outcome.errors
    assert outcome.counts == {"unchanged": 3}
