"""An organisation holds a school's data: its address, DUO's codes, phone and denomination, shown on its page,
edited in its form, in the exports and the API, and found by place. Names are unique per place, not nationally."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from network.models import Organisation
from network.services import save_organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SCHOOL = {
    "name": "Sint-Jozefschool",
    "sector": "po",
    "street": "Herenstraat",
    "house_number": "36 A",
    "postcode": "2313 AK",
    "place": "Leiden",
    "municipality": "Leiden",
    "wijk": "Noorderkwartier",
    "phone": "071-5123456",
    "denomination": "Rooms-Katholiek",
    "brin": "12AB",
    "vestigingscode": "12AB00",
    "bevoegd_gezag": "41234",
    "kvk": "41160054",
}


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def school(db):
    return OrganisationFactory(**SCHOOL)


def test_the_page_shows_the_address_block_and_the_codes_in_small_print(anonymous_client, school):
    content = anonymous_client.get(school.get_absolute_url()).content.decode()
    assert "<address>Herenstraat 36 A<br>2313 AK Leiden</address>" in content
    assert "Leiden, Noorderkwartier" in content and "071-5123456" in content and "Rooms-Katholiek" in content
    assert "<small>BRIN 12AB · location code 12AB00 · competent authority 41234 · KvK 41160054</small>" in content


def test_the_edit_form_keeps_and_checks_the_fields(coordinator_client, school):
    url = f"{school.get_absolute_url()}bewerken/"
    data = {**SCHOOL, "parent": "", "website": "", "description": "", "aliases": "", "form_token": ""}
    response = coordinator_client.post(url, {**data, "place": "Oegstgeest", "brin": "12-B"})
    assert response.status_code == 200  # the form again, with the message
    assert "Write it as DUO does: four characters, as 12AB." in response.content.decode()
    assert 'value="Oegstgeest"' in response.content.decode()  # what was typed is kept
    response = coordinator_client.post(url, {**data, "place": "Oegstgeest"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.place, school.wijk) == ("Oegstgeest", "Noorderkwartier")


def test_the_list_filters_by_place_and_exports_the_fields(anonymous_client, school):
    OrganisationFactory(name="De Viersprong", place="Zwolle")
    listed = anonymous_client.get("/organisaties/", {"plaats": "leiden"})
    assert [organisation.name for organisation in listed.context["page"].object_list] == ["Sint-Jozefschool"]
    exported = anonymous_client.get("/organisaties/", {"plaats": "Leiden", "formaat": "csv"})
    text = exported.content.decode("utf-8-sig")
    assert "Postcode" in text and "Vestigingscode" in text  # the export speaks the site's language
    assert "2313 AK" in text and "12AB00" in text and "Rooms-Katholiek" in text and "Zwolle" not in text


def test_the_api_gives_the_fields_and_filters_by_place(anonymous_client, school):
    OrganisationFactory(name="De Viersprong", place="Zwolle")
    listed = anonymous_client.get("/api/organisations/", {"place": "LEIDEN"}).json()
    assert [item["name"] for item in listed["results"]] == ["Sint-Jozefschool"]
    item = listed["results"][0]
    assert (item["postcode"], item["vestigingscode"], item["denomination"]) == ("2313 AK", "12AB00", "Rooms-Katholiek")


def test_a_name_comes_back_in_another_place_or_as_another_location_but_not_twice_in_one_place(school):
    zwolle = save_organisation(Organisation(name="Sint-Jozefschool", sector="po", place="Zwolle"), [])
    assert zwolle.slug == "sint-jozefschool-zwolle"
    annexe = save_organisation(
        Organisation(name="Sint-Jozefschool", sector="po", place="Leiden", vestigingscode="12AB01"), []
    )
    assert annexe.pk
    with pytest.raises(ValidationError, match="already used by Sint-Jozefschool"):
        save_organisation(Organisation(name="Sint Jozefschool", sector="po", place="leiden"), [])
    with pytest.raises(ValidationError, match="The location code 12AB00 is already used by Sint-Jozefschool"):
        save_organisation(Organisation(name="Jozef", sector="po", vestigingscode="12AB00"), [])


def test_the_school_concept_is_suggested_typed_freely_and_shown(coordinator_client, school):
    url = f"{school.get_absolute_url()}bewerken/"
    form = coordinator_client.get(url).content.decode()
    assert 'list="id_concept_suggestions"' in form and '<option value="Jenaplan">' in form
    data = {**SCHOOL, "parent": "", "website": "", "description": "", "aliases": "", "form_token": ""}
    kept = coordinator_client.post(url, {**data, "brin": "x", "concept": "Kunskapsskolan"}).content.decode()
    assert 'value="Kunskapsskolan"' in kept  # kept when another field is refused
    assert coordinator_client.post(url, {**data, "concept": "Kunskapsskolan"}).status_code == 302
    assert "Kunskapsskolan" in coordinator_client.get(school.get_absolute_url()).content.decode()


def test_the_school_concept_is_in_the_api_and_the_exports(anonymous_client, school):
    school.concept = "Dalton"
    school.save()
    item = anonymous_client.get(f"/api/organisations/{school.slug}/").json()
    assert item["concept"] == "Dalton"
    assert anonymous_client.get("/api/organisations/").json()["results"][0]["concept"] == "Dalton"
    exported = anonymous_client.get("/organisaties/", {"formaat": "csv"}).content.decode("utf-8-sig")
    header, row = exported.splitlines()[:2]
    assert "Onderwijsconcept" in header and "Dalton" in row
    workbook = anonymous_client.get("/organisaties/", {"formaat": "xlsx"})
    assert workbook.status_code == 200 and workbook["Content-Type"].startswith("application/vnd.openxmlformats")
