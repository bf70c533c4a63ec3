"""Schools as DUO publishes them: the list of school locations read without a mapping (Windows-1252, semicolons,
capitalised headers, places in capitals), values for every row, matching that neither invents nor merges wrongly,
near-duplicates suggested, and bad web addresses or phone numbers left out with a notice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from core.models import StagedUpload
from exchange.import_kinds import KINDS
from exchange.references import Lookups
from exchange.spreadsheet import read_sheet, run
from network.models import Organisation
from network.services import resolve_organisation, resolve_organisations
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# The header of DUO's "vestigingen" files for primary, special and secondary education.
HEADERS = (
    "PROVINCIE;BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;STRAATNAAM;HUISNUMMER-TOEVOEGING;"
    "POSTCODE;PLAATSNAAM;GEMEENTENUMMER;GEMEENTENAAM;DENOMINATIE;TELEFOONNUMMER;INTERNETADRES;"
    "STRAATNAAM CORRESPONDENTIEADRES;HUISNUMMER-TOEVOEGING CORRESPONDENTIEADRES;POSTCODE CORRESPONDENTIEADRES;"
    "PLAATSNAAM CORRESPONDENTIEADRES;NODAAL GEBIED CODE;NODAAL GEBIED NAAM;RPA GEBIED CODE;RPA GEBIED NAAM;"
    "WGR GEBIED CODE;WGR GEBIED NAAM;COROPGEBIED CODE;COROPGEBIED NAAM;ONDERWIJSGEBIED CODE;ONDERWIJSGEBIED NAAM;"
    "RMC REGIO CODE;RMC REGIO NAAM"
)

CORRESPONDENCE = (
    ";Postbus;9010;2300 PA;LEIDEN;12;Leiden;23;Holland Rijnland;14;Holland Rijnland;11;Agglomeratie Leiden;7;Leiden;"
    "31;Zuid-Holland Noord"
)
LEIDEN = [
    "Zuid-Holland;41234;12AB;12AB00;Sint-Jozefschool;Herenstraat;36;2313 AK;LEIDEN;0546;LEIDEN;Rooms-Katholiek;"
    "071-5123456;www.sintjozefleiden.nl" + CORRESPONDENCE,
    "Zuid-Holland;41234;12AB;12AB01;Sint-Jozefschool;Vijf Meilaan;102 A;2321 RR;LEIDEN;0546;LEIDEN;Rooms-Katholiek;"
    "071-5765432;www.sintjozefleiden.nl" + CORRESPONDENCE,
    "Zuid-Holland;40987;14CD;14CD00;Prinses Beatrixschool;Lorentzkade;25;2313 GB;LEIDEN;0546;LEIDEN;"
    "Protestants-Christelijk;0715141414;https://www.beatrixschool-leiden.nl" + CORRESPONDENCE,
    "Zuid-Holland;40555;16EF;16EF00;De Viersprong;Kooilaan;7;2315 BZ;LEIDEN;0546;LEIDEN;Openbaar;071 - 512 88 99;"
    + CORRESPONDENCE,
    "Zuid-Holland;40777;18GH;18GH00;Het Mozaïek;Prinsessekade;1-3;2312 AB;LEIDEN;0546;LEIDEN;Algemeen bijzonder;"
    "071-5140000;www.mozaiek-leiden.nl" + CORRESPONDENCE,
]
ELSEWHERE = [
    "Overijssel;30111;20JK;20JK00;De Viersprong;Assendorperstraat;9;8012 CA;ZWOLLE;0193;ZWOLLE;Openbaar;"
    "038-4210000;www.viersprong-zwolle.nl" + CORRESPONDENCE,
    "Zuid-Holland;30222;22LM;22LM00;Prinses Beatrixschool;Laan van Meerdervoort;180;2517 BH;'S-GRAVENHAGE;0518;"
    "'S-GRAVENHAGE;Protestants-Christelijk;070-3456789;www.beatrix-denhaag.nl" + CORRESPONDENCE,
]


def duo_file(*rows: str) -> bytes:
    return ("\r\n".join([HEADERS, *rows]) + "\r\n").encode("cp1252")


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def import_file(tmp_path, content: bytes, *arguments: str) -> str:
    path = tmp_path / "vestigingenbo.csv"
    path.write_bytes(content)
    call_command("import_data", "organisations", str(path), *arguments)
    return str(path)


def do(content: bytes, *, write=False, preset=None, accept=False, choices=None):
    kind = KINDS["organisations"]
    sheet = read_sheet(SimpleUploadedFile("vestigingen.csv", content), kind)
    return run(kind, sheet, Lookups(accept_suggestions=accept), write=write, preset=preset, choices=choices)


def test_the_leiden_rows_as_published_with_the_sector_for_every_row(tmp_path, capsys):
    content = duo_file(*LEIDEN)
    assert b"Mozaek" not in content and "Mozaïek".encode("cp1252") in content  # Windows-1252, as DUO writes it
    import_file(tmp_path, content, "--set", "sector=po")
    out = capsys.readouterr().out
    assert "Recognised as: DUO — school locations" in out
    assert "  PLAATSNAAM → place" in out and "  PROVINCIE → (not read)" in out
    assert "5 rows: 5 new, 0 changed, 0 unchanged." in out
    school = Organisation.objects.get(vestigingscode="12AB00")
    assert (school.name, school.sector, school.brin, school.bevoegd_gezag) == (
        "Sint-Jozefschool",
        "po",
        "12AB",
        "41234",
    )
    assert (school.street, school.house_number, school.postcode, school.place) == (
        "Herenstraat",
        "36",
        "2313 AK",
        "Leiden",
    )
    assert (school.municipality, school.denomination, school.phone) == ("Leiden", "Rooms-Katholiek", "071-5123456")
    assert school.website == "https://www.sintjozefleiden.nl"
    # Its second location has the same name and place and is a second organisation, told apart by its code.
    annexe = Organisation.objects.get(vestigingscode="12AB01")
    assert annexe.name == "Sint-Jozefschool" and annexe.house_number == "102 A" and annexe.pk != school.pk
    assert Organisation.objects.get(vestigingscode="18GH00").name == "Het Mozaïek"
    assert Organisation.objects.get(vestigingscode="16EF00").website == ""


def test_the_same_file_again_changes_nothing(tmp_path, capsys):
    content = duo_file(*LEIDEN, *ELSEWHERE)
    import_file(tmp_path, content, "--set", "sector=po")
    before = list(Organisation.objects.order_by("pk").values())
    capsys.readouterr()
    import_file(tmp_path, content, "--set", "sector=po")
    assert "7 rows: 0 new, 0 changed, 7 unchanged." in capsys.readouterr().out
    assert list(Organisation.objects.order_by("pk").values()) == before


def test_schools_of_one_name_in_other_towns_stay_separate(tmp_path):
    # Leiden's Viersprong was entered by hand, without codes; the national file brings one in Zwolle too.
    leiden = OrganisationFactory(name="De Viersprong", sector="po", place="Leiden")
    import_file(tmp_path, duo_file(LEIDEN[3], ELSEWHERE[0], LEIDEN[2], ELSEWHERE[1]), "--set", "sector=po")
    vierspongen = Organisation.objects.filter(name="De Viersprong").order_by("pk")
    assert [(school.place, school.vestigingscode) for school in vierspongen] == [
        ("Leiden", "16EF00"),
        ("Zwolle", "20JK00"),
    ]
    assert vierspongen[0].pk == leiden.pk
    beatrix = Organisation.objects.filter(name="Prinses Beatrixschool")
    assert sorted(school.place for school in beatrix) == ["'s-Gravenhage", "Leiden"]
    # The slug tells the second one apart by its place; the name alone names neither any more.
    assert Organisation.objects.get(vestigingscode="20JK00").slug == "de-viersprong-zwolle"
    assert resolve_organisations(["De Viersprong"]) == {}
    assert resolve_organisation("De Viersprong") is None


def test_the_name_alone_matches_only_where_no_other_place_is_known():
    unplaced = OrganisationFactory(name="Prinses Beatrixschool", sector="po")
    outcome = do(duo_file(LEIDEN[2]), write=True)
    assert outcome.counts == {"update": 1}
    unplaced.refresh_from_db()
    assert (unplaced.place, unplaced.vestigingscode) == ("Leiden", "14CD00")
    # Now that it has a place and a code, the one in The Hague is another school.
    assert do(duo_file(ELSEWHERE[1]), preset={"sector": "po"}).counts == {"create": 1}


def test_a_row_without_a_place_that_could_be_several_organisations_is_refused():
    OrganisationFactory(name="De Viersprong", sector="po", place="Leiden")
    OrganisationFactory(name="De Viersprong", sector="po", place="Zwolle", slug="de-viersprong-zwolle")
    outcome = do(b"Naam;Sector\r\nDe Viersprong;po\r\n")
    assert [problem.message for problem in outcome.errors] == [
        "Several organisations are called “De Viersprong” (in Leiden, Zwolle). Add the place or the location code."
    ]


def test_without_a_sector_the_rows_need_one_and_set_gives_it(tmp_path, capsys):
    with pytest.raises(CommandError, match="Nothing was imported: 5 problems"):
        import_file(tmp_path, duo_file(*LEIDEN))
    assert "A new organisation needs a sector. Add a column for it, or a value for all rows." in capsys.readouterr().err
    with pytest.raises(CommandError, match="Write --set as FIELD=VALUE"):
        import_file(tmp_path, duo_file(*LEIDEN), "--set", "sector")
    with pytest.raises(CommandError, match="Nothing was imported: 1 problems"):
        import_file(tmp_path, duo_file(*LEIDEN), "--set", "soort=po")
    assert "“soort” is not a field of this import." in capsys.readouterr().err
    # A record that has a sector keeps it: the value is for rows without one.
    OrganisationFactory(name="Het Mozaïek", sector="so", place="Leiden")
    import_file(tmp_path, duo_file(*LEIDEN), "--set", "sector=po", "--set", "denomination=Openbaar")
    assert Organisation.objects.get(name="Het Mozaïek").sector == "so"
    assert Organisation.objects.get(vestigingscode="12AB00").denomination == "Rooms-Katholiek"
    assert Organisation.objects.filter(sector="po").count() == 4


def test_a_bad_web_address_or_phone_is_left_out_with_a_notice():
    row = LEIDEN[0].replace("071-5123456", "zie website").replace("www.sintjozefleiden.nl", "www.sint jozef")
    outcome = do(duo_file(row), write=True, preset={"sector": "po"})
    assert outcome.applied and not outcome.errors
    assert sorted((notice.row, notice.column) for notice in outcome.notices) == [
        (2, "INTERNETADRES"),
        (2, "TELEFOONNUMMER"),
    ]
    assert "“zie website” is not a phone number; it is left out." in [notice.message for notice in outcome.notices]
    school = Organisation.objects.get()
    assert (school.phone, school.website, school.street) == ("", "", "Herenstraat")


def test_near_duplicates_are_noted_and_linked_only_when_accepted(tmp_path, capsys):
    pacelli = OrganisationFactory(name="Pacelli", sector="po", postcode="2313 AK", place="Leiden")
    lucas = OrganisationFactory(name="Basisschool Lucas van Leyden", sector="po", place="Leiden")
    rows = [
        LEIDEN[0].replace("Sint-Jozefschool", "KBS Pacelli"),
        LEIDEN[3].replace("De Viersprong", "Lucas V Leyden").replace("2315 BZ", "2316 XK"),
    ]
    import_file(tmp_path, duo_file(*rows), "--set", "sector=po", "--dry-run")
    out = capsys.readouterr().out
    assert (
        "note: row 2: Looks like Pacelli (Leiden) (a similar name at postcode 2313 AK); imported as a new record "
        "unless you choose it." in out
    )
    assert "note: row 3: Looks like Basisschool Lucas van Leyden (Leiden) (a similar name)" in out
    assert "2 rows: 2 new, 0 changed, 0 unchanged." in out
    import_file(tmp_path, duo_file(*rows), "--set", "sector=po", "--accept-suggestions")
    assert "2 rows: 0 new, 2 changed, 0 unchanged." in capsys.readouterr().out
    assert Organisation.objects.count() == 2
    pacelli.refresh_from_db()
    assert (pacelli.name, pacelli.vestigingscode) == ("Pacelli", "12AB00")
    assert list(pacelli.aliases.values_list("alias", flat=True)) == ["KBS Pacelli"]
    assert list(lucas.aliases.values_list("alias", flat=True)) == ["Lucas V Leyden"]
    # Linked by its code now, the next import finds it without a suggestion.
    import_file(tmp_path, duo_file(*rows), "--set", "sector=po")
    assert "2 unchanged" in capsys.readouterr().out


def test_without_accepting_a_near_duplicate_becomes_a_new_organisation():
    OrganisationFactory(name="Pacelli", sector="po", postcode="2313 AK", place="Leiden")
    row = LEIDEN[0].replace("Sint-Jozefschool", "KBS Pacelli")
    outcome = do(duo_file(row), write=True, preset={"sector": "po"}, choices={2: False}, accept=True)
    assert outcome.applied and outcome.counts == {"create": 1}
    assert [(suggestion.number, suggestion.accepted) for suggestion in outcome.suggestions] == [(2, False)]
    assert Organisation.objects.count() == 2


def test_an_older_file_with_brin_and_location_number(tmp_path):
    content = (
        "BRIN NUMMER;VESTIGINGSNUMMER;VESTIGINGSNAAM;STRAATNAAM;HUISNUMMER-TOEVOEGING;POSTCODE;PLAATSNAAM\r\n"
        "12AB;1;Sint-Jozefschool;Vijf Meilaan;102 A;2321RR;LEIDEN\r\n"
    ).encode("cp1252")
    outcome = do(content, write=True, preset={"sector": "po"})
    assert outcome.profile is not None and outcome.applied
    school = Organisation.objects.get()
    assert (school.vestigingscode, school.postcode) == ("12AB01", "2321 RR")


def test_the_check_page_recognises_the_file_and_offers_values_and_choices(coordinator_client):
    pacelli = OrganisationFactory(name="Pacelli", sector="po", postcode="2313 AK", place="Leiden")
    content = duo_file(LEIDEN[0].replace("Sint-Jozefschool", "KBS Pacelli"), LEIDEN[2])
    response = coordinator_client.post(
        reverse("exchange:data_import"),
        {"kind": "organisations", "file": SimpleUploadedFile("vestigingenbo.csv", content)},
    )
    page = coordinator_client.get(response.url)
    text = page.content.decode()
    assert "Recognised as: DUO — school locations." in text
    assert "A new organisation needs a sector." in text
    assert 'name="set-sector"' in text
    assert "Possibly already there" in text and "Pacelli (Leiden)" in text and 'name="near-2"' in text
    headers = [column.header for column in page.context["outcome"].columns]
    columns = {
        f"column-{position}": column.field.name if column.field else ""
        for position, column in enumerate(page.context["outcome"].columns)
    }
    chosen = {"header": headers, **columns, "set-sector": "po", "near-2": "same"}
    checked = coordinator_client.post(response.url, {**chosen, "action": "columns"}, follow=True)
    assert checked.context["counts"] == {"create": 1, "update": 1, "unchanged": 0}
    assert 'name="set-sector" value="po"' in checked.content.decode()
    done = coordinator_client.post(response.url, {**chosen, "action": "import"}, follow=True)
    assert "Organisations imported: 1 new, 1 changed, 0 unchanged." in done.content.decode()
    assert not StagedUpload.objects.exists()
    assert list(pacelli.aliases.values_list("alias", flat=True)) == ["KBS Pacelli"]
    assert Organisation.objects.get(vestigingscode="14CD00").sector == "po"
