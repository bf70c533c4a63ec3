"""The spreadsheet import pages: only the coordinator, check first, choose columns, import all or nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity
from core.models import StagedUpload
from exchange import data_import
from exchange.models import ImportMapping
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SHEET = "Wat;Wanneer;Wie organiseert\nLezing;3-10-2031;Museum Boerhaave\nDebat;4-10-2031;Museum Boerhaave\n"


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def museum(db):
    return OrganisationFactory(name="Museum Boerhaave", sector="cultuur")


def upload(client, text=SHEET, kind="activities", **extra):
    return client.post(
        reverse("exchange:data_import"),
        {"kind": kind, "file": SimpleUploadedFile("agenda.csv", text.encode()), **extra},
    )


@pytest.mark.parametrize("persona", ["anonymous", "editor_a"])
def test_only_the_coordinator_imports(persona, anonymous_client, editor_a_client):
    client = {"anonymous": anonymous_client, "editor_a": editor_a_client}[persona]
    response = client.get(reverse("exchange:data_import"))
    assert response.status_code in (302, 403)
    if persona == "editor_a":
        assert response.status_code == 403


def test_check_choose_a_column_import_and_the_choice_is_remembered(coordinator_client, museum):
    response = upload(coordinator_client)
    pending = StagedUpload.objects.get()
    assert response.url == reverse("exchange:data_import_check", args=[pending.token])
    page = coordinator_client.get(response.url)
    assert page.status_code == 200
    assert "No column holds organisers" in page.content.decode()
    assert Activity.objects.count() == 0
    headers = ["Wat", "Wanneer", "Wie organiseert"]
    chosen = {"header": headers, "column-0": "title", "column-1": "date", "column-2": "organisers"}
    checked = coordinator_client.post(response.url, {**chosen, "action": "columns"}, follow=True)
    content = checked.content.decode()
    assert "Import 2 rows" in content and "problem" not in content.lower().split("notes")[0]
    done = coordinator_client.post(response.url, {**chosen, "action": "import"}, follow=True)
    assert "Activities imported: 2 new, 0 changed, 0 unchanged." in done.content.decode()
    assert Activity.objects.filter(publication_status="draft").count() == 2
    assert not StagedUpload.objects.exists()
    assert ImportMapping.objects.get(kind="activities").columns["wie organiseert"] == "organisers"
    # The next file with the same columns is read without choosing again, and changes nothing.
    again = coordinator_client.get(upload(coordinator_client).url)
    assert "No column holds" not in again.content.decode()
    assert again.context["counts"] == {"create": 0, "update": 0, "unchanged": 2}


def test_a_file_with_problems_cannot_be_imported_and_nothing_is_saved(coordinator_client, museum):
    ImportMapping.objects.create(kind="activities", columns={"wie organiseert": "organisers"})
    response = upload(coordinator_client, SHEET.replace("4-10-2031", "31-2-2031"))
    page = coordinator_client.get(response.url)
    content = page.content.decode()
    assert "cannot be imported yet: 1 problem" in content and "“31-2-2031” is not a date" in content
    assert 'value="import"' not in content
    forced = coordinator_client.post(
        response.url,
        {
            "action": "import",
            "header": ["Wat", "Wanneer", "Wie organiseert"],
            "column-0": "title",
            "column-1": "date",
            "column-2": "organisers",
        },
    )
    assert forced.status_code == 400 and Activity.objects.count() == 0


def test_stories_need_a_programme_and_the_form_keeps_the_choice(coordinator_client):
    response = upload(coordinator_client, "Datum;Rol\n1-1-2025;ouder\n", kind="stories")
    assert response.status_code == 400
    assert "Choose the programme these stories belong to." in response.content.decode()
    assert response.context["form"]["kind"].value() == "stories"


def test_cancel_and_someone_elses_check(coordinator_client, museum, django_user_model, client):
    url = upload(coordinator_client).url
    other = django_user_model.objects.create_user("tweede", password="x", is_coordinator=True)
    client.force_login(other)
    not_waiting = "No checked file is waiting to be imported"
    foreign = client.get(url, follow=True)
    assert foreign.redirect_chain == [(reverse("exchange:data_import"), 302)]
    assert not_waiting in foreign.content.decode() and "agenda.csv" not in foreign.content.decode()
    cancelled = coordinator_client.post(url, {"action": "cancel"}, follow=True)
    assert "Nothing was imported." in cancelled.content.decode() and not StagedUpload.objects.exists()
    gone = coordinator_client.get(url, follow=True)
    assert gone.redirect_chain == [(reverse("exchange:data_import"), 302)] and not_waiting in gone.content.decode()
    assert Activity.objects.count() == 0


def test_an_expired_check_cannot_be_imported(coordinator_client, museum):
    url = upload(coordinator_client).url
    StagedUpload.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    chosen = {
        "header": ["Wat", "Wanneer", "Wie organiseert"],
        "column-0": "title",
        "column-1": "date",
        "column-2": "organisers",
        "action": "import",
    }
    response = coordinator_client.post(url, chosen, follow=True)
    assert "No checked file is waiting to be imported" in response.content.decode()
    assert Activity.objects.count() == 0


def test_an_import_posted_twice_imports_once(coordinator_client, museum):
    url = upload(coordinator_client).url
    chosen = {
        "header": ["Wat", "Wanneer", "Wie organiseert"],
        "column-0": "title",
        "column-1": "date",
        "column-2": "organisers",
        "action": "import",
    }
    assert "Activities imported: 2 new" in coordinator_client.post(url, chosen, follow=True).content.decode()
    again = coordinator_client.post(url, chosen, follow=True).content.decode()
    assert "No checked file is waiting to be imported" in again and Activity.objects.count() == 2


def test_a_file_of_many_rows_is_imported_in_the_background_with_its_progress(coordinator_client, museum, monkeypatch):
    monkeypatch.setattr(data_import, "BACKGROUND_ROWS", 1)  # two rows count as many here
    url = upload(coordinator_client).url
    chosen = {
        "header": ["Wat", "Wanneer", "Wie organiseert"],
        "column-0": "title",
        "column-1": "date",
        "column-2": "organisers",
        "action": "import",
    }
    page = coordinator_client.post(url, chosen, follow=True)  # the worker imports (here at once)
    job = page.context["job"]
    content = page.content.decode()
    assert "The import has started." in content
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    assert "Activities imported: 2 new, 0 changed, 0 unchanged." in content
    assert f'href="{reverse("exchange:data_import")}"' in content
    assert Activity.objects.count() == 2 and not StagedUpload.objects.exists()
    assert ImportMapping.objects.get(kind="activities").columns["wie organiseert"] == "organisers"


def test_a_background_import_of_a_file_with_problems_saves_nothing_and_says_why(
    coordinator_client, museum, monkeypatch
):
    monkeypatch.setattr(data_import, "BACKGROUND_ROWS", 1)
    url = upload(coordinator_client, SHEET.replace("4-10-2031", "31-2-2031")).url
    chosen = {
        "header": ["Wat", "Wanneer", "Wie organiseert"],
        "column-0": "title",
        "column-1": "date",
        "column-2": "organisers",
        "action": "import",
    }
    content = coordinator_client.post(url, chosen, follow=True).content.decode()
    assert "Nothing was imported: the file has problems." in content
    assert Activity.objects.count() == 0
    assert StagedUpload.objects.exists()  # still waiting, for other columns or cancel
