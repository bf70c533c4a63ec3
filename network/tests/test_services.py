"""network.services: resolving references to organisations, alias uniqueness and parent cycles."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.text import normalise_key
from network.models import Organisation, OrganisationAlias, Person
from network.services import (
    NewOrganisation,
    create_organisations,
    create_people,
    parse_aliases,
    resolve_organisation,
    resolve_organisations,
    save_organisation,
    save_person,
)
from search.models import SearchEntry
from tests.factories import AliasFactory, OrganisationFactory, PersonFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared with their English source text, whatever translations are compiled."""
    with translation.override("en"):
        yield


@pytest.fixture
def hogeschool():
    organisation = OrganisationFactory(name="Hogeschool Leiden", sector="hbo")
    AliasFactory(organisation=organisation, alias="HsL")
    return organisation


@pytest.fixture
def faculty():
    university = OrganisationFactory(name="Universiteit Leiden", sector="wo")
    organisation = OrganisationFactory(name="Faculteit der Sociale Wetenschappen", sector="wo", parent=university)
    AliasFactory(organisation=organisation, alias="UL/FSW")
    return organisation


class TestResolveOrganisation:
    def test_exact_alias(self, hogeschool, faculty):
        assert resolve_organisation("HsL") == hogeschool
        assert resolve_organisation("UL/FSW") == faculty

    def test_alias_is_case_insensitive_and_trimmed(self, hogeschool):
        assert resolve_organisation("  hsl ") == hogeschool

    def test_normalised_name(self, hogeschool):
        assert resolve_organisation("Hogeschool Leiden") == hogeschool
        assert resolve_organisation("hogeschool-leiden") == hogeschool
        assert resolve_organisation("Hogeschool  Léiden") == hogeschool

    def test_normalised_alias(self, faculty):
        assert resolve_organisation("UL FSW") == faculty
        assert resolve_organisation("ul-fsw") == faculty

    def test_exact_alias_wins_over_normalised_name(self, hogeschool):
        # Built past the service (which would refuse it): another organisation whose
        # name folds to the same key as the alias. The exact alias decides.
        OrganisationFactory(name="H.S.L.", name_key="hsl", slug="h-s-l")
        assert resolve_organisation("HsL") == hogeschool

    def test_unknown_or_empty_gives_none(self, hogeschool):
        assert resolve_organisation("Hogeschool Rotterdam") is None
        assert resolve_organisation("") is None
        assert resolve_organisation("   ") is None
        assert resolve_organisation(None) is None


class TestParseAliases:
    def test_commas_and_new_lines_without_duplicates(self):
        assert parse_aliases("HsL, hsl\nHogeschool,, ") == ["HsL", "Hogeschool"]


class TestSaveOrganisation:
    def test_creates_with_slug_key_aliases_and_themes(self):
        theme = ThemeFactory(name="Gezondheid")
        organisation = save_organisation(
            Organisation(name="Hogeschool Leiden", sector="hbo"), ["HsL", "Hogeschool"], [theme]
        )
        organisation.refresh_from_db()
        assert organisation.slug == "hogeschool-leiden"
        assert organisation.name_key == "hogeschool leiden"
        assert sorted(organisation.aliases.values_list("alias", flat=True)) == ["Hogeschool", "HsL"]
        assert list(organisation.themes.all()) == [theme]
        assert resolve_organisation("Hogeschool") == organisation

    def test_updating_aliases_removes_and_adds(self, hogeschool):
        save_organisation(hogeschool, ["HL"])
        assert list(hogeschool.aliases.values_list("alias", flat=True)) == ["HL"]
        assert resolve_organisation("HsL") is None

    def test_duplicate_alias_is_refused_with_a_clear_message(self, hogeschool):
        newcomer = Organisation(name="Hogeschool Lisse", sector="hbo")
        with pytest.raises(ValidationError) as error:
            save_organisation(newcomer, ["hsl"])
        assert error.value.messages == ["The abbreviation “hsl” already belongs to Hogeschool Leiden."]
        assert not Organisation.objects.filter(name="Hogeschool Lisse").exists()
        assert OrganisationAlias.objects.count() == 1

    def test_alias_equal_to_another_organisations_name_is_refused(self, hogeschool):
        with pytest.raises(ValidationError) as error:
            save_organisation(Organisation(name="Iets anders", sector="po"), ["Hogeschool-Leiden"])
        assert "already belongs to Hogeschool Leiden" in error.value.messages[0]

    def test_name_equal_to_another_organisations_alias_is_refused(self, hogeschool):
        with pytest.raises(ValidationError) as error:
            save_organisation(Organisation(name="HSL", sector="po"), [])
        assert error.value.messages == ["The name “HSL” is already used by Hogeschool Leiden."]

    def test_name_without_letters_is_refused(self):
        with pytest.raises(ValidationError) as error:
            save_organisation(Organisation(name="---", sector="po"), [])
        assert error.value.messages == ["The name needs at least one letter or digit."]

    def test_own_aliases_do_not_clash_with_itself(self, hogeschool):
        hogeschool.description = "Nieuw"
        save_organisation(hogeschool, ["HsL", "Hogeschool Leiden"])
        assert hogeschool.aliases.count() == 2

    def test_parent_cycle_is_refused(self):
        top = save_organisation(Organisation(name="Bovenkant", sector="wo"), [])
        middle = save_organisation(Organisation(name="Midden", sector="wo", parent=top), [])
        bottom = save_organisation(Organisation(name="Onderkant", sector="wo", parent=middle), [])
        top.parent = bottom
        with pytest.raises(ValidationError) as error:
            save_organisation(top, [])
        assert error.value.messages == ["An organisation cannot be part of itself or of one of its parts."]
        top.refresh_from_db()
        assert top.parent is None

    def test_parent_of_itself_is_refused(self, hogeschool):
        hogeschool.parent = hogeschool
        with pytest.raises(ValidationError):
            save_organisation(hogeschool, ["HsL"])
        hogeschool.refresh_from_db()
        assert hogeschool.parent is None


def test_save_person_validates(hogeschool):
    person = PersonFactory.build(organisation=hogeschool, email="geen-adres")
    with pytest.raises(ValidationError):
        save_person(person)
    assert not Person.objects.exists()


def test_too_long_abbreviations_and_names_get_a_message_not_a_database_error(db):
    from django.utils import translation

    from network.models import Organisation
    from network.services import alias_conflicts

    with translation.override("en"):
        problems = alias_conflicts(["X" * 61], "Gewone naam", None)
    assert len(problems) == 1 and "too long" in problems[0]
    assert alias_conflicts([], "\ufb03" * 150, None)  # 'ﬃ' folds to 'ffi': a 450-character key
    assert not Organisation.objects.exists()


def test_create_organisations_and_people_in_bulk_follow_the_save_rules():
    theme = ThemeFactory(name="Gezondheid")
    OrganisationFactory(name="HS Leiden", slug="hogeschool-leiden")
    parent = OrganisationFactory(name="Gemeente Leiden")
    made = create_organisations(
        [
            NewOrganisation(
                Organisation(name="Hogeschool Leiden", sector="hbo", parent=parent),
                aliases=["HsL2", "HsL2"],
                themes=[theme.pk],
            ),
            NewOrganisation(Organisation(name="Bibliotheek", sector="cultuur")),
        ]
    )
    assert [organisation.slug for organisation in made] == ["hogeschool-leiden-2", "bibliotheek"]
    assert made[0].name_key == normalise_key("Hogeschool Leiden")
    assert resolve_organisation("hsl2") == made[0]
    assert list(made[0].themes.all()) == [theme] and made[0].parent == parent
    assert SearchEntry.objects.filter(kind="organisation", object_id=made[1].pk).exists()
    people = create_people([Person(name="Anna de Vries", organisation=made[1])])
    assert Person.objects.get(pk=people[0].pk).organisation == made[1]
    assert SearchEntry.objects.filter(kind="person", object_id=people[0].pk).exists()


def test_resolve_organisations_matches_as_resolve_organisation_does():
    leiden = save_organisation(Organisation(name="Hogeschool Leiden"), ["HsL"])
    references = ["hogeschool  léiden", "HSL", "hsl", "Onbekend", ""]
    found = resolve_organisations(references)
    assert found == {"hogeschool  léiden": leiden.pk, "HSL": leiden.pk, "hsl": leiden.pk}
    for reference in references:
        assert getattr(resolve_organisation(reference), "pk", None) == found.get(reference)
