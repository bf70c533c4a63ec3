"""Suggestions for a question on a small network whose right answers are known beforehand."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from core.models import Sector
from offerings.tests.factories import OfferingFactory
from questions.models import Question
from questions.services import save_question
from search.matching import suggest
from search.models import Kind
from stories.tests.factories import make_story
from tests.factories import (
    ActivityFactory,
    LineFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    UserFactory,
    in_days,
)


@pytest.fixture
def network(db):
    green = ThemeFactory(name="Duurzaamheid", slug="duurzaamheid")
    care = ThemeFactory(name="Welzijn", slug="welzijn")
    museum = OrganisationFactory(name="Natuurmuseum", sector=Sector.CULTUUR)
    school = OrganisationFactory(name="Groene Lyceum", sector=Sector.VO)
    school.themes.set([green])
    clinic = OrganisationFactory(name="Zorgpunt", sector=Sector.WELZIJN_ZORG)
    clinic.themes.set([care])
    holder = PersonFactory(name="Bas Groen", organisation=museum, role="zichthouder")
    line = LineFactory(name="Groene lijn", slug="groene-lijn")
    line.holders.set([holder])
    line.themes.set([green])
    asker = UserFactory(username="asker")
    home = OrganisationFactory(name="Vragende School", sector=Sector.VO)
    home.themes.set([green])
    PersonFactory(name="Vera Vraag", organisation=home, user=asker)
    PersonFactory(name="Collega Vraag", organisation=home)
    project = ProjectFactory(code="2x", title="Schoolpleinen vergroenen", description="Tegels eruit, bomen erin.")
    project.leads.set([school])
    project.themes.set([green])
    draft = ProjectFactory(code="9z", title="Geheim schoolplein", publication_status="draft")
    draft.leads.set([clinic])
    draft.themes.set([green])
    offering = OfferingFactory(title="Gastles klimaat en schoolplein", audience_codes=("vo",), themes=[green])
    meeting = ActivityFactory(title="Overleg groene lijn", start=in_days(10), lines=[line])
    past = ActivityFactory(title="Schoolplein-dag vorig jaar", start=in_days(-300), themes=[green])
    story = make_story(
        role="conciërge", sector=Sector.VO, themes=[green], collected_on=timezone.localdate() - dt.timedelta(days=30)
    )
    unrelated = ActivityFactory(title="Voorleesochtend", start=in_days(5), themes=[care])
    question = save_question(
        Question(
            title="Hoe vergroenen we ons schoolplein?",
            asker=asker,
            visibility="public",
            looking_for="We zoeken een partner die al een schoolplein heeft aangepakt.",
        ),
        themes=[green],
        sector_codes=[Sector.VO],
    )
    question.line = line
    question.save()
    return locals()


def _by_kind(grouped) -> dict:
    return {kind: {suggestion.entry.title: suggestion for suggestion in found} for kind, found in grouped}


def test_members_get_the_network_around_the_subject(network):
    found = _by_kind(suggest(network["question"], member=True))

    # Not the asker's own school, though it shares the theme; nor the asker.
    assert set(found[Kind.ORGANISATION]) == {"Groene Lyceum", "Natuurmuseum"}
    assert "Vera Vraag" not in found[Kind.PERSON]
    assert "Bas Groen" in found[Kind.PERSON]
    assert set(found[Kind.PROJECT]) == {"2x Schoolpleinen vergroenen"}  # not the draft
    assert set(found[Kind.OFFERING]) == {"Gastles klimaat en schoolplein"}
    assert set(found[Kind.LINE]) == {"Groene lijn"}
    assert set(found[Kind.ACTIVITY]) == {"Overleg groene lijn"}  # not the past one, not the unrelated one
    assert len(found[Kind.STORY]) == 1


@translation.override("en")
def test_each_suggestion_says_why(network):
    found = _by_kind(suggest(network["question"], member=True))
    vo = "Secondary education"

    assert found[Kind.ORGANISATION]["Groene Lyceum"].reason == f"works on Duurzaamheid; in {vo}; leads project 2x"
    assert found[Kind.ORGANISATION]["Natuurmuseum"].reason == "its people hold the line Groene lijn"
    assert "Groene lijn" in found[Kind.ORGANISATION]["Natuurmuseum"].reason
    assert "Groene lijn" in found[Kind.PERSON]["Bas Groen"].reason
    project = found[Kind.PROJECT]["2x Schoolpleinen vergroenen"].reason
    # "schoolplein" is in half of this small index: not telling, so not quoted; "vergroenen" is.
    assert "Duurzaamheid" in project and "“vergroenen”" in project and "schoolplein" not in project
    assert vo in found[Kind.OFFERING]["Gastles klimaat en schoolplein"].reason
    assert "Groene lijn" in found[Kind.ACTIVITY]["Overleg groene lijn"].reason


def test_the_best_fit_comes_first(network):
    organisations = dict(suggest(network["question"], member=True))[Kind.ORGANISATION]
    # The school shares the theme and the sector and leads the matching project; the museum only holds the line.
    assert [s.entry.title for s in organisations] == ["Groene Lyceum", "Natuurmuseum"]


@translation.override("en")
def test_the_lead_of_a_suggested_project_is_suggested_for_that_alone(network):
    quiet = OrganisationFactory(name="Stille Trekker", sector=Sector.OVERIG)
    network["project"].leads.add(quiet)
    found = _by_kind(suggest(network["question"], member=True))
    assert found[Kind.ORGANISATION]["Stille Trekker"].reason == "leads project 2x"


def test_the_public_does_not_see_people(network):
    found = _by_kind(suggest(network["question"], member=False))
    assert Kind.PERSON not in found
    assert "Groene Lyceum" in found[Kind.ORGANISATION]


def test_words_alone_find_records_and_are_quoted(network):
    question = save_question(
        Question(
            title="Wie heeft ervaring met tegels eruit en bomen erin?",
            asker=network["asker"],
            looking_for="Ik zoek voorbeelden van bomen op het plein.",
        ),
        themes=[],
        sector_codes=[],
    )
    found = _by_kind(suggest(question, member=True))
    reason = found[Kind.PROJECT]["2x Schoolpleinen vergroenen"].reason
    assert "“tegels”" in reason


def test_a_change_in_the_network_shows_at_once(network):
    network["clinic"].themes.add(network["green"])
    found = _by_kind(suggest(network["question"], member=True))
    assert "Zorgpunt" in found[Kind.ORGANISATION]


def test_nothing_in_common_gives_no_suggestions(network):
    question = save_question(
        Question(title="Xylofoonstemming", asker=network["asker"], looking_for="Qwertyuiop zxcvb."),
        themes=[],
        sector_codes=[],
    )
    assert suggest(question, member=True) == []
