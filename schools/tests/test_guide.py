import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import CodeList, PublicationStatus
from offerings.tests.factories import OfferingFactory
from schooldata.services import import_file
from schooldata.tests import files
from schools.models import Wijk, WijkMap
from schools.tests.boundaries import as_bytes, rd_new, wgs84
from tests.factories import ActivityFactory, OrganisationFactory, in_days

pytestmark = pytest.mark.django_db

LIST = "/scholen/"


@pytest.fixture
def schools():
    anker = OrganisationFactory(
        name="Het Anker",
        sector="po",
        street="Breestraat",
        house_number="12",
        postcode="2311 AB",
        place="Leiden",
        municipality="Leiden",
        wijk="Binnenstad",
        denomination="Protestants-Christelijk",
        concept="Dalton",
        website="https://anker.example.org",
    )
    college = OrganisationFactory(
        name="Stedelijk College", sector="vo", place="Leiden", wijk="Noorderhof", denomination="Openbaar"
    )
    other_town = OrganisationFactory(name="De Linde", sector="po", place="Oegstgeest", municipality="Oegstgeest")
    OrganisationFactory(name="Bibliotheek", sector="cultuur", place="Leiden", wijk="Binnenstad")
    return anker, college, other_town


def _open_day(school, days: int, languages=("nl",), **kwargs):
    return ActivityFactory(
        title=f"Open dag {school.name} {days}" if days >= 0 else f"Open dag {school.name} geleden",
        kind="open_day",
        start=in_days(days),
        organisers=[school],
        languages=CodeList.pack(languages),
        **kwargs,
    )


def _names(response) -> list[str]:
    return [card.school.name for card in response.context["cards"]]


def test_the_guide_lists_every_school_of_the_network_with_its_facts(anonymous_client, schools):
    anker, college, _other = schools
    _open_day(anker, 3, languages=("nl", "ar"))
    _open_day(anker, -3)  # past
    _open_day(anker, 5, publication_status=PublicationStatus.DRAFT)  # not for the public
    OfferingFactory(provider=anker, title="Gastles water")
    OfferingFactory(provider=anker, title="Verlopen les", expires_on=dt.date(2020, 1, 1))

    response = anonymous_client.get(LIST)

    assert response.status_code == 200
    assert _names(response) == ["De Linde", "Het Anker", "Stedelijk College"]  # no library
    card = response.context["cards"][1]
    assert [activity.title for activity in card.open_days] == ["Open dag Het Anker 3"]
    assert [offering.title for offering in card.offerings] == ["Gastles water"]
    page = response.content.decode()
    for text in ("Breestraat 12, 2311 AB Leiden", "Dalton", "Protestants-Christelijk", "https://anker.example.org"):
        assert text in page
    assert reverse("schools:detail", args=[anker.slug]) in page


def test_a_school_group_gives_way_to_its_schools(anonymous_client, schools):
    anker = schools[0]
    group = OrganisationFactory(name="Scholengroep Zuid", sector="po")
    anker.parent = group
    anker.save()
    assert "Scholengroep Zuid" not in _names(anonymous_client.get(LIST))


def test_the_guide_keeps_to_the_municipality_the_settings_name(anonymous_client, schools, settings):
    settings.SCHOOL_GUIDE_MUNICIPALITY = "Leiden"
    # Stedelijk College has no municipality; its place counts.
    assert _names(anonymous_client.get(LIST)) == ["Het Anker", "Stedelijk College"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"soort": "vo"}, ["Stedelijk College"]),
        ({"wijk": "binnenstad"}, []),  # the wijk filter offers the names as written
        ({"wijk": "Binnenstad"}, ["Het Anker"]),
        ({"richting": "Openbaar"}, ["Stedelijk College"]),
        ({"taal": "ar"}, ["Het Anker"]),
        ({"taal": "tr"}, []),
        ({"volgorde": "soort"}, ["De Linde", "Het Anker", "Stedelijk College"]),
        ({"volgorde": "wijk"}, ["De Linde", "Het Anker", "Stedelijk College"]),
    ],
)
def test_filters_and_orders(anonymous_client, schools, query, expected):
    anker, college, _other = schools
    _open_day(anker, 3, languages=("nl", "ar"))
    _open_day(college, 3, languages=("tr",), publication_status=PublicationStatus.DRAFT)  # hidden: not counted
    response = anonymous_client.get(LIST, query)
    assert response.status_code == 200
    if query.get("wijk") == "binnenstad":
        assert response.context["filter"].errors  # not a choice: shown as a problem, the list unfiltered
        return
    assert _names(response) == expected


def test_hostile_filter_values_are_no_error(anonymous_client, schools):
    for query in ({"soort": "x" * 500}, {"taal": "<script>"}, {"volgorde": "'; drop"}, {"page": "-1"}):
        assert anonymous_client.get(LIST, query).status_code == 200


def test_an_empty_selection_says_so_and_the_htmx_swap_carries_the_results(anonymous_client, schools):
    response = anonymous_client.get(LIST, {"taal": "pl"})
    assert "Geen scholen met deze filters" in response.content.decode()
    swap = anonymous_client.get(LIST, {"soort": "vo"}, headers={"HX-Request": "true"})
    assert swap.status_code == 200
    assert "Stedelijk College" in swap.content.decode() and "<h1" not in swap.content.decode()


def test_after_importing_two_years_the_guide_shows_the_pupils(anonymous_client, tmp_path):
    school = OrganisationFactory(name="De Regenboog", sector="po", brin="12AB", vestigingscode="12AB00", place="Leiden")
    header = f"{files.DUO_LOCATION};{';'.join(files.AGES)};TOTAAL"
    for peildatum, ages in (("20231001", [24] * 8 + [20]), ("20241001", [26] * 8 + [22])):
        row = f"{files.location('12AB00', 'De Regenboog', peildatum)};{';'.join(map(str, ages))};{sum(ages)}"
        assert import_file(files.write(tmp_path / f"{peildatum}.csv", [header, row])).release is not None

    assert "230 leerlingen in 2024-2025" in anonymous_client.get(LIST).content.decode()
    page = anonymous_client.get(reverse("schools:detail", args=[school.slug])).content.decode()
    assert "2023-2024" in page and "212" in page and "2024-2025" in page


def test_the_list_reads_the_pupils_of_a_whole_page_at_once(anonymous_client, count_queries, tmp_path):
    header = f"{files.DUO_LOCATION};{';'.join(files.AGES)};TOTAAL"

    def add_schools(numbers: range, peildatum: str) -> None:
        rows = []
        for number in numbers:
            code = f"{number:02d}AB00"
            OrganisationFactory(name=f"School {number:02d}", sector="po", brin=code[:4], vestigingscode=code)
            rows.append(f"{files.location(code, f'School {number:02d}', peildatum)};{';'.join(['10'] * 9)};90")
        assert import_file(files.write(tmp_path / f"{peildatum}.csv", [header, *rows])).release is not None

    add_schools(range(10, 12), "20231001")
    _response, with_two = count_queries(anonymous_client, LIST)
    add_schools(range(12, 20), "20241001")
    response, with_ten = count_queries(anonymous_client, LIST)
    assert "90 leerlingen in 2024-2025" in response.content.decode()
    assert with_two == with_ten


def test_the_school_page_is_for_parents(anonymous_client, schools):
    anker, _college, _other = schools
    _open_day(anker, 3, languages=("nl", "ar"), place="Aula")
    response = anonymous_client.get(reverse("schools:detail", args=[anker.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Open dag Het Anker 3" in page and "Aula" in page
    assert reverse("parents:choosing_a_school") in page
    assert "Breestraat 12" in page


def test_only_a_school_of_the_city_has_a_page(anonymous_client, schools, settings):
    library = OrganisationFactory(name="Stadsbieb", sector="cultuur")
    assert anonymous_client.get(reverse("schools:detail", args=[library.slug])).status_code == 404
    settings.SCHOOL_GUIDE_MUNICIPALITY = "Leiden"
    assert anonymous_client.get(reverse("schools:detail", args=[schools[2].slug])).status_code == 404


def test_the_organisation_page_links_a_school_to_the_guide(anonymous_client, schools):
    anker = schools[0]
    page = anonymous_client.get(anker.get_absolute_url()).content.decode()
    assert reverse("schools:detail", args=[anker.slug]) in page
    library = OrganisationFactory(name="Stadsbieb", sector="cultuur")
    assert "/scholen/school/" not in anonymous_client.get(library.get_absolute_url()).content.decode()


def _upload(client, data: bytes, name: str = "wijken.geojson"):
    return client.post(reverse("schools:wijk_map"), {"file": SimpleUploadedFile(name, data)})


def test_without_a_map_the_map_page_points_to_the_list(anonymous_client, schools):
    response = anonymous_client.get(reverse("schools:map"))
    assert response.status_code == 200
    assert response.context["drawing"] is None
    assert "<svg" not in response.content.decode()


@pytest.mark.parametrize("document", [wgs84(), rd_new()], ids=["wgs84", "rd"])
def test_a_coordinator_uploads_the_wijken_and_the_map_counts_and_links_the_schools(
    coordinator_client, anonymous_client, schools, document
):
    response = _upload(coordinator_client, as_bytes(document))
    assert response.status_code == 302
    assert Wijk.objects.count() == 2
    assert "2 wijken" in coordinator_client.get(response.url).content.decode()

    page = anonymous_client.get(reverse("schools:map")).content.decode()
    assert page.count("<path ") == 2
    assert 'href="/scholen/?wijk=Binnenstad"' in page
    assert "Binnenstad: 1 school" in page and "Noorderhof: 1 school" in page
    assert "wijken.geojson" in page
    # The map's links lead to the filtered list, also for a wijk without schools.
    assert _names(anonymous_client.get(LIST, {"wijk": "Binnenstad"})) == ["Het Anker"]


def test_a_new_upload_replaces_the_map_and_a_coordinator_can_remove_it(coordinator_client, schools):
    _upload(coordinator_client, as_bytes(wgs84()))
    document = rd_new()
    document["features"][1]["properties"]["wijknaam"] = "Zuid"
    _upload(coordinator_client, as_bytes(document), name="nieuw.json")
    assert WijkMap.objects.get().file_name == "nieuw.json"
    assert list(Wijk.objects.values_list("name", flat=True)) == ["Binnenstad", "Zuid"]
    # A wijk of the map without a school is a choice of the list's filter: its link shows an empty list.
    assert _names(coordinator_client.get(LIST, {"wijk": "Zuid"})) == []

    response = coordinator_client.post(reverse("schools:wijk_map_remove"), follow=True)
    assert not WijkMap.objects.exists() and not Wijk.objects.exists()
    assert "verwijderd" in response.content.decode()


@pytest.mark.parametrize(
    "data", [b"\x00\xff" * 10, b'{"type": "Point", "coordinates": [1, 2]}', b"[" * 50_000], ids=str
)
def test_a_bad_file_comes_back_with_a_sentence_and_the_map_stays(coordinator_client, schools, data):
    _upload(coordinator_client, as_bytes(rd_new()))
    response = _upload(coordinator_client, data)
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert Wijk.objects.count() == 2


def test_a_post_without_a_file_asks_for_one(coordinator_client):
    response = coordinator_client.post(reverse("schools:wijk_map"), {})
    assert response.status_code == 400 and "verplicht" in response.content.decode()


def test_only_a_coordinator_uploads(editor_a_client):
    assert _upload(editor_a_client, as_bytes(rd_new())).status_code == 403
    assert editor_a_client.post(reverse("schools:wijk_map_remove")).status_code == 403


def test_open_days_and_the_school_choice_page_lead_to_the_guide(anonymous_client):
    for name in ("activities:open_days", "parents:choosing_a_school"):
        assert f'href="{LIST}"' in anonymous_client.get(reverse(name)).content.decode()


def test_the_guide_is_dutch_at_the_root(anonymous_client, schools):
    page = anonymous_client.get(LIST).content.decode()
    assert "Schoolgids" in page and "3 scholen" in page
    assert "Kaart van de wijken" in anonymous_client.get(reverse("schools:map")).content.decode()
    english = anonymous_client.get("/en/scholen/").content.decode()
    assert "School guide" in english and "3 schools" in english
