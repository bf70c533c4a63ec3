"""The coordinator's school data page: upload, dry run, import or cancel, remove; and the command."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import StagedUpload
from schooldata.models import DataRelease, PupilCount
from schooldata.tests import files
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("schooldata:releases")


@pytest.fixture
def school(db):
    return OrganisationFactory(name="De Regenboog", vestigingscode="12AB00", municipality="Leiden")


def _file(tmp_path, name="leerlingen-2024-2025.csv", total="74"):
    path = files.pupils(
        tmp_path / name, [("12AB00", "De Regenboog", ["8"] * 9, total), ("99ZZ00", "X", ["1"] * 9, "9")]
    )
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def test_empty_page_links_to_duo_s_open_data(coordinator_client):
    page = coordinator_client.get(URL).content.decode()
    assert "Er zijn nog geen schoolgegevens geïmporteerd." in page and "https://duo.nl/open_onderwijsdata/" in page


def test_upload_check_and_import(coordinator_client, school, tmp_path):
    response = coordinator_client.post(URL, {"file": _file(tmp_path)})
    check_url = response.url
    page = coordinator_client.get(check_url).content.decode()
    assert "Leerlingen per schoolvestiging" in page and "Er is nog niets opgeslagen." in page
    assert "weggelaten: 1 (van 1 vestigingen)." in page
    assert not DataRelease.objects.exists()
    response = coordinator_client.post(check_url, {"action": "import"}, follow=True)
    page = response.content.decode()
    assert "geïmporteerd. Rijen bewaard: 1; weggelaten: 1." in page
    assert "leerlingen-2024-2025.csv" in page and "2024-2025" in page
    assert PupilCount.objects.get().total == 74
    # The form posted twice imports once.
    again = coordinator_client.post(check_url, {"action": "import"}, follow=True)
    assert "Er wacht geen gecontroleerd bestand" in again.content.decode() and DataRelease.objects.count() == 1


def test_problems_are_shown_by_row_and_column_and_block_the_import(coordinator_client, school, tmp_path):
    check_url = coordinator_client.post(URL, {"file": _file(tmp_path, total="veel")}).url
    page = coordinator_client.get(check_url).content.decode()
    assert "Het bestand kan niet worden geïmporteerd" in page and "TOTAAL" in page and "Geen aantal leerlingen." in page
    assert 'value="import"' not in page
    response = coordinator_client.post(check_url, {"action": "import"})
    assert response.status_code == 400 and not DataRelease.objects.exists()
    assert StagedUpload.objects.exists()  # still waiting, to be cancelled
    coordinator_client.post(check_url, {"action": "cancel"})
    assert not StagedUpload.objects.exists()


def test_someone_elses_check_and_a_cancelled_one_lead_back_to_the_releases(
    coordinator_client, school, tmp_path, django_user_model, client
):
    check_url = coordinator_client.post(URL, {"file": _file(tmp_path)}).url
    # Choosing columns is the spreadsheet import's; here it only shows the dry run again.
    assert coordinator_client.post(check_url, {"action": "columns"}).status_code == 200
    other = django_user_model.objects.create_user("tweede", password="x", is_coordinator=True)
    client.force_login(other)
    foreign = client.post(check_url, {"action": "import"}, follow=True)
    assert foreign.redirect_chain == [(URL, 302)] and "Er wacht geen gecontroleerd bestand" in foreign.content.decode()
    cancelled = coordinator_client.post(check_url, {"action": "cancel"}, follow=True)
    assert cancelled.redirect_chain == [(URL, 302)] and "Er is niets geïmporteerd." in cancelled.content.decode()
    assert not StagedUpload.objects.exists() and not DataRelease.objects.exists()


def test_a_file_that_is_no_table_is_refused_in_plain_words(coordinator_client, tmp_path):
    upload = SimpleUploadedFile("foto.csv", b"\x00\x01\x02\xff" * 100)
    page = coordinator_client.get(coordinator_client.post(URL, {"file": upload}).url).content.decode()
    assert "Dit bestand is geen CSV- of Excel-tabel." in page


def test_the_form_keeps_what_was_typed(coordinator_client):
    response = coordinator_client.post(URL, {"municipality": "GM0546", "reference_date": "gisteren"})
    assert response.status_code == 400
    assert 'value="GM0546"' in response.content.decode()


def test_remove_a_release_after_asking(coordinator_client, school, tmp_path):
    coordinator_client.post(coordinator_client.post(URL, {"file": _file(tmp_path)}).url, {"action": "import"})
    release = DataRelease.objects.get()
    url = reverse("schooldata:delete", args=[release.pk])
    assert "met 1 rij." in coordinator_client.get(url).content.decode()
    page = coordinator_client.post(url, follow=True).content.decode()
    assert "is verwijderd, met alle rijen." in page
    assert not DataRelease.objects.exists() and not PupilCount.objects.exists()


def test_command_dry_run_then_import(school, tmp_path, capsys):
    path = files.pupils(tmp_path / "leerlingen-2024-2025.csv", [("12AB00", "De Regenboog", ["8"] * 9, "74")])
    call_command("import_school_data", str(path), "--dry-run")
    assert "Proefdraai: er is niets opgeslagen." in capsys.readouterr().out and not DataRelease.objects.exists()
    call_command("import_school_data", str(path))
    assert "Geïmporteerd als" in capsys.readouterr().out and DataRelease.objects.count() == 1
    with pytest.raises(CommandError, match="Er is niets geïmporteerd"):
        call_command("import_school_data", str(path))
