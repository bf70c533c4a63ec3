"""The index follows the records: saves, publication, deletes, linked organisations and aliases, stories through
moderation, and the rebuild command. Bugs found are the xfail tests at the end, each with its reason."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from activities.services import save_activity
from core.models import PublicationStatus
from network.models import Organisation
from network.services import save_organisation
from search.indexers import rebuild_all
from search.models import Kind, SearchEntry
from search.services import search
from search.tests.corpus import build
from stories import services as stories
from stories.tests.factories import BEHAVIOUR, dim, make_programme, make_story
from tests.factories import (
    ActivityFactory,
    AliasFactory,
    LineFactory,
    LineQuestionFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT


def entry(record, kind):
    return SearchEntry.objects.filter(kind=kind, object_id=record.pk).first()


def found(query, member=False) -> list[str]:
    return [hit.entry.title for hit in search(query, member=member).hits]


# --- activities ---------------------------------------------------------------------------------------------------


def test_a_published_activity_enters_the_index_with_what_the_page_shows():
    organiser = OrganisationFactory(name="Vogelwacht Leiden")
    activity = ActivityFactory(
        title="Vogels tellen in de Merenwijk",
        description="Met verrekijkers langs het water.",
        place="Park Cronesteyn",
        organisers=[organiser],
        start=in_days(3),
    )
    made = entry(activity, Kind.ACTIVITY)
    assert made.title == "Vogels tellen in de Merenwijk"
    assert made.summary == "Met verrekijkers langs het water."
    assert made.url == activity.get_absolute_url()
    assert made.date == timezone.localdate() + dt.timedelta(days=3)
    assert made.members_only is False
    for query in ("vogels", "verrekijkers", "cronesteyn", "merenwijk"):
        assert found(query) == ["Vogels tellen in de Merenwijk"], query
    # The organiser's name is in the activity's body, below the organisation's own (title) entry.
    assert found("vogelwacht") == ["Vogelwacht Leiden", "Vogels tellen in de Merenwijk"]


def test_publishing_and_unpublishing_an_activity_adds_and_removes_its_entry():
    activity = ActivityFactory(title="Zeefdrukken met de bovenbouw", publication_status=DRAFT)
    assert entry(activity, Kind.ACTIVITY) is None and found("zeefdrukken") == []
    activity.publication_status = PUBLISHED
    activity.save()
    assert found("zeefdrukken") == ["Zeefdrukken met de bovenbouw"]
    activity.publication_status = DRAFT
    activity.save()
    assert entry(activity, Kind.ACTIVITY) is None and found("zeefdrukken") == []


def test_an_editors_change_makes_the_activity_a_draft_and_takes_it_out():
    organiser = OrganisationFactory()
    activity = ActivityFactory(title="Kamishibai voorlezen", organisers=[organiser])
    assert found("kamishibai") == ["Kamishibai voorlezen"]
    activity.description = "Nu ook voor groep 3."
    save_activity(activity, organisers=[organiser], themes=[], lines=[], sectors=[], keep_published=False)
    assert activity.publication_status == DRAFT
    assert found("kamishibai") == []


def test_renaming_an_activity_updates_its_entry():
    activity = ActivityFactory(title="Schaakles")
    activity.title = "Dammen voor beginners"
    activity.save()
    assert entry(activity, Kind.ACTIVITY).title == "Dammen voor beginners"
    assert found("dammen") == ["Dammen voor beginners"]
    assert found("schaakles") == []


def test_deleting_records_removes_their_entries():
    organisation = OrganisationFactory(name="Stichting Opheffing")
    activity = ActivityFactory(title="Afscheidsborrel", organisers=[organisation])
    project = ProjectFactory(title="Opruimproject", leads=[organisation])
    line = LineFactory(name="Zichtlijn Afscheid")
    person = PersonFactory(name="Petra Vertrek", organisation=organisation)
    assert SearchEntry.objects.count() == 5
    for record, kind in ((activity, Kind.ACTIVITY), (project, Kind.PROJECT), (line, Kind.LINE), (person, Kind.PERSON)):
        record.delete()
        assert not SearchEntry.objects.filter(kind=kind).exists()
    organisation.delete()
    assert SearchEntry.objects.count() == 0
    assert found("opheffing") == found("afscheidsborrel") == found("vertrek", member=True) == []


def test_adding_an_organiser_brings_its_aliases_into_the_activity():
    first = OrganisationFactory(name="Buurthuis De Kooi")
    partner = OrganisationFactory(name="Stichting Vliegwiel")
    AliasFactory(organisation=partner, alias="SVW")
    activity = ActivityFactory(title="Huiswerkklas", organisers=[first])
    assert "Huiswerkklas" not in found("svw")
    activity.organisers.add(partner)
    assert "svw" in entry(activity, Kind.ACTIVITY).terms_body.split()
    assert "Huiswerkklas" in found("SVW")
    assert "Huiswerkklas" in found("vliegwiel")
    activity.organisers.remove(partner)
    assert "Huiswerkklas" not in found("svw")
    activity.organisers.add(partner)
    activity.organisers.clear()
    assert "Huiswerkklas" not in found("svw")


def test_a_new_alias_makes_the_organisations_activities_and_projects_findable():
    organisation = OrganisationFactory(name="Kenniswerkplaats Tienerontwikkeling")
    activity = ActivityFactory(title="Tienerpanel", organisers=[organisation])
    draft = ActivityFactory(title="Conceptpanel", organisers=[organisation], publication_status=DRAFT)
    led = ProjectFactory(code="7k", title="Puberbrein", leads=[organisation])
    partnered = ProjectFactory(code="8k", title="Slaap en school", partners=[organisation])
    assert found("kwt") == []
    alias = AliasFactory(organisation=organisation, alias="KWT")
    titles = found("KWT")
    assert titles[0] == "Kenniswerkplaats Tienerontwikkeling"
    assert set(titles) == {"Kenniswerkplaats Tienerontwikkeling", "Tienerpanel", "7k Puberbrein", "8k Slaap en school"}
    assert entry(draft, Kind.ACTIVITY) is None
    assert "kwt" in entry(activity, Kind.ACTIVITY).terms_body.split()
    assert "kwt" in entry(led, Kind.PROJECT).terms_body.split()
    assert "kwt" in entry(partnered, Kind.PROJECT).terms_body.split()
    alias.delete()
    assert found("kwt") == []


def test_themes_added_to_an_activity_become_facets_and_words():
    theme = ThemeFactory(slug="techniek", name="Techniek", name_en="Technology")
    activity = ActivityFactory(title="Solderen voor beginners")
    assert entry(activity, Kind.ACTIVITY).themes == ""
    activity.themes.add(theme)
    assert entry(activity, Kind.ACTIVITY).themes == " techniek "
    assert found("techniek") == ["Solderen voor beginners"]
    assert found("technology") == ["Solderen voor beginners"]
    activity.themes.remove(theme)
    assert found("techniek") == []


def test_projects_follow_publication_and_leads():
    lead = OrganisationFactory(name="Onderwijscoöperatie")
    AliasFactory(organisation=lead, alias="OWC")
    project = ProjectFactory(code="3q", title="Lerarentekort aanpakken", publication_status=DRAFT)
    assert found("lerarentekort") == []
    project.publication_status = PUBLISHED
    project.save()
    assert found("lerarentekort") == ["3q Lerarentekort aanpakken"]
    project.leads.add(lead)
    assert found("owc") == ["Onderwijscoöperatie", "3q Lerarentekort aanpakken"]


def test_people_are_indexed_for_members_only():
    person = PersonFactory(name="Mirjam Zandvliet", job_title="Intern begeleider")
    made = entry(person, Kind.PERSON)
    assert made.members_only is True
    assert found("zandvliet") == []
    assert found("zandvliet", member=True) == ["Mirjam Zandvliet"]


# --- stories ------------------------------------------------------------------------------------------------------


@pytest.fixture
def programme():
    return make_programme(slug="verhalen", name="Verhalenprogramma")


def test_a_story_is_found_once_published_with_public_consent_and_gone_when_sent_back(programme):
    activity = ActivityFactory(title="Strandexcursie")
    story = make_story(
        programme=programme,
        activity=activity,
        status="new",
        consent="role",
        role="mentor",
        quote="We zagen een zeearend boven de duinen.",
    )
    assert entry(story, Kind.STORY) is None and found("zeearend") == []
    stories.publish(story)
    assert found("zeearend") == ["mentor: Strandexcursie"]
    made = entry(story, Kind.STORY)
    assert made.url == story.get_absolute_url() and made.date == story.collected_on
    stories.back_to_queue(story)
    assert entry(story, Kind.STORY) is None and found("zeearend") == []
    stories.publish(story)
    stories.reject(story, "Dubbel ingestuurd.")
    assert found("zeearend") == []


def test_a_story_for_internal_analysis_is_never_found(programme):
    story = make_story(
        programme=programme,
        status="published",
        consent="internal",
        role="ouder",
        quote="Over de zeehondjes van mijn buurman.",
    )
    assert entry(story, Kind.STORY) is None
    assert found("zeehondjes") == found("zeehondjes", member=True) == []
    story.consent = "named"
    story.save()
    assert found("zeehondjes") == ["ouder: Verhalenprogramma"]
    story.consent = "internal"
    story.save()
    assert found("zeehondjes") == []


def test_a_part_added_to_a_published_story_is_findable(programme):
    story = make_story(programme=programme, status="published", consent="role", role="conciërge")
    assert found("schoolplein") == []
    stories.save_story(story, parts={2: (dim(BEHAVIOUR), "Het schoolplein is nu van iedereen.")}, themes=[], user=None)
    assert found("schoolplein") == ["conciërge: Verhalenprogramma"]


# --- rebuilding ---------------------------------------------------------------------------------------------------

SHOWN = ("kind", "object_id", "title", "summary", "url", "date", "members_only", "themes")


@pytest.fixture
def corpus(db):
    """The Dutch corpus, built for each test here: the tests around it need an index without it."""
    return build()


def _snapshot(fields=SHOWN):
    return sorted(SearchEntry.objects.values_list(*fields))


def _counts():
    return {kind: SearchEntry.objects.filter(kind=kind).count() for kind in Kind.values}


def test_rebuild_search_index_makes_the_same_entries(corpus):
    before, counts = _snapshot(), _counts()
    queries = ("natuur", "hsl", "duurzaam", "leesbevordering", "podium", "annelies", "ijsvogel")
    results = {query: [hit.entry.title for hit in search(query, member=True).hits] for query in queries}
    output = StringIO()
    call_command("rebuild_search_index", stdout=output)
    assert "Search index rebuilt" in output.getvalue()
    assert f"{counts['activity']} activity" in output.getvalue()
    assert _counts() == counts
    assert counts["activity"] == 23 and counts["story"] == 1 and counts["person"] == 2
    assert _snapshot() == before
    # The database's own full-text index follows (SQLite keeps it in a separate FTS5 table).
    assert {query: [hit.entry.title for hit in search(query, member=True).hits] for query in queries} == results


def test_rebuild_if_empty_leaves_a_filled_index_alone(corpus):
    count = SearchEntry.objects.count()
    SearchEntry.objects.filter(title="Dwarslijn Taal").delete()
    output = StringIO()
    call_command("rebuild_search_index", "--if-empty", stdout=output)
    assert output.getvalue() == ""
    assert SearchEntry.objects.count() == count - 1
    assert found("dwarslijn") == ["Dwarslijn Gezondheid"]
    call_command("rebuild_search_index", stdout=StringIO())
    assert SearchEntry.objects.count() == count


def test_rebuild_if_empty_fills_an_empty_index(corpus):
    count = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    assert found("natuur") == []
    output = StringIO()
    call_command("rebuild_search_index", "--if-empty", stdout=output)
    assert "Search index rebuilt" in output.getvalue()
    assert SearchEntry.objects.count() == count
    assert "Natuurwandeling in de Hortus" in found("natuur")


def test_rebuild_all_counts_per_kind(corpus):
    counts = {kind: count for kind, count in _counts().items() if count}
    made = {kind: count for kind, count in rebuild_all().items() if count}
    assert made == counts


# --- bugs: the index falls behind the records ---------------------------------------------------------------------


def test_aliases_saved_through_the_organisation_service_are_findable():
    organisation = save_organisation(Organisation(name="Stichting Leerkracht", sector="po"), ["SLK"])
    ActivityFactory(title="Leerkrachtdag", organisers=[organisation])
    assert found("SLK") == ["Stichting Leerkracht", "Leerkrachtdag"]


def test_a_line_follows_its_questions_and_themes():
    line = LineFactory(name="Zichtlijn Aansluiting", slug="zichtlijn-aansluiting")
    LineQuestionFactory(line=line, text="Hoe verkleinen we de overstap naar het voortgezet onderwijs?")
    line.themes.add(ThemeFactory(slug="doorstroom", name="Doorstroom"))
    assert found("overstap") == ["Zichtlijn Aansluiting"]
    assert entry(line, Kind.LINE).themes == " doorstroom "


def test_a_programme_is_found_by_its_organisations_alias():
    organisation = OrganisationFactory(name="Gemeente Oegstgeest")
    AliasFactory(organisation=organisation, alias="GO")
    make_programme(slug="oegstgeest", name="Samen naar school", organisations=[organisation])
    assert "Samen naar school" in found("GO")


def test_an_all_day_activity_keeps_its_date_after_a_rebuild():
    day = timezone.localdate() + dt.timedelta(days=20)
    activity = ActivityFactory(title="Studiedag", start=in_days(20, hour=0), all_day=True)
    activity.end = activity.start
    assert entry(activity, Kind.ACTIVITY).date == day
    rebuild_all()
    assert entry(activity, Kind.ACTIVITY).date == day


def test_renaming_an_activity_or_organisation_reaches_the_records_that_show_it(programme):
    organisation = OrganisationFactory(name="Natuurschool Oud")
    activity = ActivityFactory(title="Slootjesdag", organisers=[organisation])
    make_story(programme=programme, activity=activity, role="juf", quote="Kikkervisjes gevangen.")
    activity.title = "Waterdiertjesdag"
    activity.save()
    assert found("waterdiertjesdag") == ["Waterdiertjesdag", "juf: Waterdiertjesdag"]
    organisation.name = "Natuurschool Nieuw"
    organisation.save()
    assert "Waterdiertjesdag" in found("natuurschool nieuw")


def test_the_index_does_not_depend_on_the_editors_language():
    activity = ActivityFactory(title="Taalspel", slug="taalspel", kind="event")
    dutch = entry(activity, Kind.ACTIVITY)
    assert dutch.url == "/agenda/taalspel/"
    with translation.override("en"):
        activity.save()
    english = entry(activity, Kind.ACTIVITY)
    assert (english.url, english.terms_body) == (dutch.url, dutch.terms_body)


def test_the_demo_index_made_by_signals_equals_a_rebuild():
    from home.demo import load_demo

    load_demo()
    fields = (*SHOWN, "terms_title", "terms_body")
    by_signals = _snapshot(fields)
    rebuild_all()
    assert _snapshot(fields) == by_signals
