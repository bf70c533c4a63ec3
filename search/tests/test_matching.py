"""Suggestions for a question on a small network whose right answers are known beforehand."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from core.models import Sector
from network.models import Person
from offerings.tests.factories import OfferingFactory
from questions.models import Question
from questions.services import accept_offer, respond, save_question
from search.matching import similar_questions, suggest
from search.models import Kind, RelatedTerms
from search.statistics import split_compound
from search.text import terms
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


def _ask(asker, title: str, looking_for: str) -> Question:
    return save_question(Question(title=title, asker=asker, looking_for=looking_for), themes=[], sector_codes=[])


def test_compounds_split_into_words_of_the_index():
    vocabulary = {"student", "welzijn", "natuur", "educatie", "lucht", "kwaliteit"}
    assert split_compound("studentenwelzijn", vocabulary) == ("student", "welzijn")
    assert split_compound("natuureducatie", vocabulary) == ("natuur", "educatie")
    assert split_compound("luchtkwaliteit", vocabulary) == ("lucht", "kwaliteit")
    assert split_compound("studenten", vocabulary) is None  # too short to be two words
    assert split_compound("kwaliteitszorg", vocabulary) is None  # "zorg" is not a word of this index


def test_compounds_with_a_linking_er_split_too():
    assert split_compound("kinderopvang", {"kind", "opvang"}) == ("kind", "opvang")


def test_irregular_plurals_are_their_singular():
    assert terms("groene steden en kinderen") == terms("groene stad en kind")


def test_projects_led_together_do_not_count_against_one_lead(network):
    OrganisationFactory.create_batch(30)
    museum, school = network["museum"], network["school"]
    for number in range(4):
        project = ProjectFactory(code=f"6{number}", title=f"Stadsvlinders tellen {number}")
        project.leads.set([museum] if number < 3 else [museum, school])
    question = _ask(network["asker"], "Stadsvlinders tellen met de klas", "Wie telt al stadsvlinders?")
    projects = dict(suggest(question, member=True))[Kind.PROJECT]
    codes = {s.entry.title.split()[0] for s in projects}
    assert "63" in codes  # led together with the school
    assert len(codes & {"60", "61", "62"}) == 2  # the museum's own: two at most


@translation.override("en")
def test_a_compound_meets_its_parts(network):
    ProjectFactory(code="7s", title="Studentenwelzijn", description="Minder prestatiedruk op de campus.")
    OrganisationFactory(name="Studentenhuis", description="Kamers voor studenten.")  # "student" is a word here
    question = _ask(network["asker"], "Hoe gaat het met het welzijn van studenten?", "Wie weet meer?")
    found = _by_kind(suggest(question, member=True))
    assert "“studenten”" in found[Kind.PROJECT]["7s Studentenwelzijn"].reason


@translation.override("en")
def test_related_terms_find_the_other_word_and_say_so(network):
    RelatedTerms.objects.create(words="fijnstof, luchtkwaliteit")
    ProjectFactory(code="8l", title="Luchtkwaliteit rond scholen", description="Meten bij het hek.")
    question = _ask(network["asker"], "Fijnstof bij ons plein", "Ouders maken zich zorgen.")
    found = _by_kind(suggest(question, member=True))
    assert "“fijnstof” (luchtkwaliteit)" in found[Kind.PROJECT]["8l Luchtkwaliteit rond scholen"].reason


def test_a_word_of_every_record_finds_nothing_on_its_own(network):
    # "network" words such as "leiden" are in every entry here: not telling, no match.
    for organisation in [network["museum"], network["school"], network["clinic"]]:
        organisation.description = "Een partner in Leiden."
        organisation.save()
    question = _ask(network["asker"], "Leiden", "Leiden.")
    found = _by_kind(suggest(question, member=True))
    assert Kind.ORGANISATION not in found


def test_at_most_two_records_of_one_organisation_per_kind(network):
    OrganisationFactory.create_batch(30)  # four records of thirty-odd: a telling word, as in a real network
    for number in range(4):
        OfferingFactory(title=f"Gastles klimaatdoelen {number}", provider=network["museum"], audience_codes=("vo",))
    question = _ask(network["asker"], "Klimaatdoelen in de klas", "Een gastles over klimaatdoelen.")
    offerings = dict(suggest(question, member=True))[Kind.OFFERING]
    assert len([s for s in offerings if "klimaatdoelen" in s.entry.title]) == 2


@translation.override("en")
def test_who_helped_with_a_similar_question_is_suggested_more_when_accepted(network):
    earlier_asker = UserFactory(username="earlier")
    helper, taken = UserFactory(username="helper"), UserFactory(username="taken")
    PersonFactory(name="Hulp Bieder", organisation=network["clinic"], user=helper)
    PersonFactory(name="Hulp Genomen", organisation=network["clinic"], user=taken)
    earlier = _ask(earlier_asker, "Kippen houden op het schoolplein", "Wie heeft kippen en een hok op school?")
    respond(earlier, helper, "Wij hebben een hok.")
    accept_offer(respond(earlier, taken, "Wij ook, met eieren.")[0])
    question = _ask(network["asker"], "Kippen op school", "Hoe zorg je voor kippen en hun hok in de vakantie?")

    people = dict(suggest(question, member=True))[Kind.PERSON]
    names = [s.entry.title for s in people]
    assert names.index("Hulp Genomen") < names.index("Hulp Bieder")
    assert "“Kippen houden op het schoolplein”" in people[names.index("Hulp Genomen")].reason
    assert similar_questions(question, member=True) == [earlier]


def test_the_question_page_shows_earlier_questions_like_it_and_how_they_went(network, client):
    earlier_asker = UserFactory(username="earlier")
    earlier = _ask(earlier_asker, "Kippen houden op het schoolplein", "Wie heeft kippen en een hok op school?")
    earlier.visibility = "public"
    earlier.save()
    accept_offer(respond(earlier, network["asker"], "Wij hebben een hok.")[0])
    question = _ask(network["asker"], "Kippen op school", "Hoe zorg je voor kippen en hun hok in de vakantie?")
    question.visibility = "public"
    question.save()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Eerdere vragen zoals deze" in page
    assert "Kippen houden op het schoolplein" in page and "1 aangenomen" in page


def test_the_asker_chooses_whether_their_own_organisation_is_suggested(network):
    colleague = Person.objects.get(name="Collega Vraag")
    network["line"].holders.add(colleague)  # reason enough to be suggested: holds the question's line
    question = network["question"]

    found = _by_kind(suggest(question, member=True))
    assert "Vragende School" not in found[Kind.ORGANISATION]  # though it shares the theme
    assert {"Vera Vraag", "Collega Vraag"}.isdisjoint(found[Kind.PERSON])

    question.suggest_own_organisation = True
    question.save()
    found = _by_kind(suggest(question, member=True))
    assert "Vragende School" in found[Kind.ORGANISATION]
    assert "Collega Vraag" in found[Kind.PERSON]
    assert "Vera Vraag" not in found[Kind.PERSON]  # never the asker


@translation.override("en")
def test_a_related_phrase_counts_only_where_its_words_stand_together(network):
    """The old rule took a phrase by its last word: "luchtkwaliteit bij scholen" made every school related to
    fijnstof."""
    RelatedTerms.objects.all().delete()  # not the seeded "fijnstof, luchtkwaliteit"
    RelatedTerms.objects.create(words="fijnstof, luchtkwaliteit bij scholen")
    OrganisationFactory.create_batch(20)  # a real network's share of entries naming these words
    ProjectFactory(code="8f", title="Fijnstof meten", description="Sensoren op daken.")
    ProjectFactory(code="8l", title="Luchtkwaliteit rond scholen", description="Meten bij het hek.")
    ProjectFactory(code="8h", title="Luchtkwaliteit in huis", description="Ventileren. Later bouwen we ook scholen.")

    building = _ask(network["asker"], "Nieuwe scholen in de wijk", "Wie bouwde eerder scholen?")
    assert "8f Fijnstof meten" not in _by_kind(suggest(building, member=True)).get(Kind.PROJECT, {})

    worried = _ask(network["asker"], "Fijnstof bij ons plein", "Ouders maken zich zorgen.")
    projects = _by_kind(suggest(worried, member=True))[Kind.PROJECT]
    assert "“fijnstof” (luchtkwaliteit bij scholen)" in projects["8l Luchtkwaliteit rond scholen"].reason
    assert "8h Luchtkwaliteit in huis" not in projects  # its words, but far apart


@translation.override("en")
def test_a_phrase_in_the_question_brings_its_related_terms(network):
    RelatedTerms.objects.create(words="mentale gezondheid, welbevinden van studenten")
    OrganisationFactory.create_batch(20)
    ProjectFactory(code="7m", title="Mentale gezondheid op de campus", description="Gesprekken en sport.")
    question = _ask(network["asker"], "Het welbevinden van onze studenten", "Wie weet meer?")
    project = _by_kind(suggest(question, member=True))[Kind.PROJECT]["7m Mentale gezondheid op de campus"]
    assert "“welbevinden van studenten” (mentale gezondheid)" in project.reason
