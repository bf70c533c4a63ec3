"""Merging two organisations (network.merging): every relation moves, empty fields fill, conflicts are listed, the
old name and address keep leading to the one that stays, search and the map follow, and the same day's undo."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from api import tokens
from attendance.models import Attendance, Participant
from exchange.models import ImportedEvent
from impact.models import ActivityFigures
from network import merging
from network.models import Invitation, Organisation, OrganisationAlias, OrganisationMerge, Person, SignUp
from network.services import resolve_organisation
from networkmap.shapes import Filters
from networkmap.ties import build
from notifications.models import Follow
from offerings.models import Offering
from offerings.tests.factories import OfferingFactory
from programmes.models import Action
from schooldata.models import DataRelease, PupilCount, PupilsByPostcode, SchoolWeighting
from search.models import SearchEntry
from search.services import search
from stories.models import Story
from stories.tests.factories import make_line, make_programme, make_story
from tests.factories import (
    ActivityFactory,
    AliasFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    """The same school entered twice: once by hand (stays), once from DUO's list with its address and codes."""
    stays = OrganisationFactory(name="Pacelli", sector="po", website="https://pacelli.nl", place="Leiden")
    gone = OrganisationFactory(
        name="KBS Pacelli",
        sector="so",
        website="https://www.kbspacelli.nl",
        street="Pelikaanstraat",
        house_number="2",
        postcode="2312 AB",
        place="Leiden",
        municipality="Leiden",
        brin="12AB",
        vestigingscode="12AB00",
        phone="071-5123456",
    )
    return gone, stays


def test_the_merge_knows_every_relation_to_an_organisation():
    """A new foreign key or many-to-many to Organisation fails here until merging.RELATION_LABELS names it (and
    test_the_merge_moves_every_relation builds a row of it)."""
    assert {relation.key for relation in merging.relations()} == set(merging.RELATION_LABELS)


def _one_of_everything(gone: Organisation, stays: Organisation) -> dict[str, object]:
    """A row of every relation, pointing to the one that goes; some also to the one that stays."""
    coordinator = UserFactory(username="coordinator", is_coordinator=True)
    editor, member, follower = UserFactory(username="e"), UserFactory(username="m"), UserFactory(username="f")
    theme = ThemeFactory()
    gone.themes.add(theme)
    gone.editors.add(editor)
    gone.members.add(member)
    stays.members.add(member)  # on both: kept once
    release = DataRelease.objects.create(kind="pupils", reference_date=dt.date(2024, 10, 1), sha256="0")
    part = OrganisationFactory(name="Dependance Pacelli", parent=gone)
    activity = ActivityFactory(organisers=[gone, stays])
    figures = ActivityFigures.objects.create(activity=activity, participants=12)
    figures.involved_organisations.add(gone)
    programme = make_programme(slug="lnos", organisations=[gone])
    action = Action.objects.get(line=make_line(programme))
    action.organisations.add(gone)
    participant = Participant.objects.create(key="a" * 64)
    rows = {
        "network.organisation.themes": theme,
        "network.organisation.editors": editor,
        "network.organisation.members": member,
        merging.PARENT: part,
        "network.organisationalias.organisation": AliasFactory(organisation=gone, alias="Pacelli Leiden"),
        "network.person.organisation": PersonFactory(organisation=gone, name="Ans de Wit"),
        "network.invitation.organisation": Invitation.objects.create(
            email="nieuw@example.org",
            organisation=gone,
            role="editor",
            language="nl",
            token_hash="b" * 64,
            sent_at=timezone.now(),
            expires_at=timezone.now() + dt.timedelta(days=7),
        ),
        "network.signup.organisation": SignUp.objects.create(
            first_name="Bo",
            last_name="Bakker",
            email="bo@example.org",
            organisation=gone,
            language="nl",
            token_hash="c" * 64,
            expires_at=timezone.now() + dt.timedelta(hours=48),
        ),
        "network.organisationmerge.stays": merging.merge_organisations(
            OrganisationFactory(name="Pacelli school"), gone, by=coordinator
        ),
        "activities.activity.organisers": activity,
        "projects.project.leads": ProjectFactory(leads=[gone]),
        "projects.project.partners": ProjectFactory(partners=[gone]),
        "impact.activityfigures.involved_organisations": figures,
        "programmes.programme.organisations": programme,
        "programmes.action.organisations": action,
        "stories.story.organisation": make_story(programme=programme, organisation=gone),
        "offerings.offering.provider": OfferingFactory(provider=gone),
        "attendance.attendance.organisation": Attendance.objects.create(
            activity=activity, participant=participant, organisation=gone
        ),
        "exchange.importedevent.organisation": ImportedEvent.objects.create(
            organisation=gone, uid="ev-1", activity=activity, last_seen=timezone.now()
        ),
        "api.apitoken.organisation": tokens.issue(gone, "Website", coordinator)[0],
        "notifications.follow.organisation": Follow.objects.create(user=follower, organisation=gone),
        "schooldata.pupilcount.organisation": PupilCount.objects.create(release=release, organisation=gone, total=90),
        "schooldata.pupilsbypostcode.organisation": PupilsByPostcode.objects.create(
            release=release, organisation=gone, postcode4="2312", pupils=40
        ),
        "schooldata.schoolweighting.organisation": SchoolWeighting.objects.create(
            release=release, organisation=gone, weighting=30
        ),
    }
    return rows


def test_the_merge_moves_every_relation(pair):
    gone, stays = pair
    rows = _one_of_everything(gone, stays)
    assert set(rows) == set(merging.RELATION_LABELS), "build a row of every relation the merge knows"
    gone.refresh_from_db()
    merging.merge_organisations(gone, stays, by=None)

    assert not Organisation.objects.filter(pk=gone.pk).exists()
    for relation in merging.relations():
        at_stays = relation.model._base_manager.filter(**{relation.field: stays})
        assert at_stays.exists(), relation.key
    assert list(stays.themes.all()) == [rows["network.organisation.themes"]]
    assert stays.members.count() == 1  # on both before: once now
    assert list(rows["activities.activity.organisers"].organisers.all()) == [stays]
    assert Person.objects.get(name="Ans de Wit").organisation == stays
    assert Organisation.objects.get(name="Dependance Pacelli").parent == stays
    assert Story.objects.get().organisation == stays
    assert Offering.objects.get().provider == stays
    assert Follow.objects.get().organisation_id == stays.pk
    assert SignUp.objects.get().organisation == stays
    assert Invitation.objects.get().organisation == stays


def test_empty_fields_fill_and_conflicts_are_listed(pair):
    gone, stays = pair
    with translation.override("en"):
        plan = merging.plan_merge(gone, stays)
    assert dict(plan.filled_pairs) == {
        "address": "Pelikaanstraat 2 2312 AB Leiden",
        "municipality": "Leiden",
        "phone": "071-5123456",
        "institution code (BRIN)": "12AB",
        "location code (vestigingscode)": "12AB00",
    }
    assert [(label, kept) for label, kept, _dropped in plan.conflict_rows] == [
        ("sector", "Primary education"),
        ("website", "https://pacelli.nl"),
    ]

    with translation.override("en"):
        merge = merging.merge_organisations(gone, stays, by=None)
    stays.refresh_from_db()
    assert (stays.street, stays.postcode, stays.vestigingscode, stays.brin) == (
        "Pelikaanstraat",
        "2312 AB",
        "12AB00",
        "12AB",
    )
    assert stays.website == "https://pacelli.nl" and stays.sector == "po"  # the one that stays keeps its own
    assert {row[0] for row in merge.snapshot["conflicts"]} == {"sector", "website"}


def test_a_partial_address_is_not_completed_from_the_other(pair):
    gone, stays = pair
    stays.street = "Hooigracht"
    stays.save()
    with translation.override("en"):
        plan = merging.plan_merge(gone, stays)
    assert "address" not in dict(plan.filled_pairs)
    assert "address" in {row[0] for row in plan.conflict_rows}


def test_the_old_name_becomes_an_alias_and_the_old_address_redirects(client, pair):
    gone, stays = pair
    old_url = gone.get_absolute_url()
    merging.merge_organisations(gone, stays, by=None)
    assert resolve_organisation("KBS Pacelli") == stays
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == stays.get_absolute_url()
    page = client.get(old_url, follow=True)
    assert "merged into" in page.content.decode() or "samengevoegd" in page.content.decode()
    assert client.get("/organisaties/bestaat-niet/").status_code == 404


def test_a_name_another_organisation_shares_is_not_made_an_alias():
    """ "De Regenboog" in Leiden merged into "Regenboog Leiden": another De Regenboog in Zwolle keeps the name."""
    gone = OrganisationFactory(name="De Regenboog", slug="de-regenboog", place="Leiden")
    OrganisationFactory(name="De Regenboog", slug="de-regenboog-zwolle", place="Zwolle")
    stays = OrganisationFactory(name="Regenboog Leiden", place="Leiden")
    plan = merging.plan_merge(gone, stays)
    assert not plan.keeps_name and "De Regenboog" in plan.notes[0]
    merging.merge_organisations(gone, stays, by=None)
    assert not OrganisationAlias.objects.filter(alias="De Regenboog").exists()


def test_search_finds_the_one_that_stays_under_both_names():
    gone = OrganisationFactory(name="Kunstencentrum Scharnier")
    stays = OrganisationFactory(name="Scharnier Leiden")
    ActivityFactory(title="Open atelier", organisers=[gone])
    PersonFactory(organisation=gone, name="Kees Kraan")
    merging.merge_organisations(gone, stays, by=None)

    for words in ("Kunstencentrum", "Scharnier Leiden"):
        found = [(hit.entry.kind, hit.entry.object_id) for hit in search(words, member=True).hits]
        assert ("organisation", stays.pk) in found, words
        assert ("organisation", gone.pk) not in found
    assert not SearchEntry.objects.filter(kind="organisation", object_id=gone.pk).exists()
    person = SearchEntry.objects.get(kind="person", title="Kees Kraan")
    assert "Scharnier Leiden" in person.summary
    activity = SearchEntry.objects.get(kind="activity", title="Open atelier")
    assert "scharnier" in activity.terms_body and "kunstencentrum" in activity.terms_body


def test_the_map_shows_one_node():
    gone = OrganisationFactory(name="Bibliotheek Leiden")
    stays = OrganisationFactory(name="BplusC")
    partner = OrganisationFactory(name="Hogeschool Leiden")
    ActivityFactory(organisers=[gone, partner])
    ActivityFactory(organisers=[stays, partner])
    coordinator = UserFactory(is_coordinator=True)
    before = build(Filters(), coordinator)
    assert len(before.nodes) == 3
    merging.merge_organisations(gone, stays, by=coordinator)
    after = build(Filters(), coordinator)
    assert sorted(node.name for node in after.nodes.values()) == ["BplusC", "Hogeschool Leiden"]
    assert len(after.ties) == 1


def test_a_part_merged_into_its_whole_and_a_whole_into_its_part():
    whole = OrganisationFactory(name="Stichting Primair")
    part = OrganisationFactory(name="De Viersprong", parent=whole)
    merging.merge_organisations(part, whole, by=None)
    whole.refresh_from_db()
    assert whole.parent is None

    board = OrganisationFactory(name="Bestuur")
    middle = OrganisationFactory(name="Stichting", parent=board)
    school = OrganisationFactory(name="School", parent=middle)
    merging.merge_organisations(middle, school, by=None)
    school.refresh_from_db()
    assert school.parent == board  # took the place of the one that went


def test_merging_an_organisation_with_itself_is_refused(pair):
    gone, _stays = pair
    with pytest.raises(merging.MergeRefused):
        merging.merge_organisations(gone, gone, by=None)


def test_undo_brings_everything_back(pair):
    gone, stays = pair
    rows = _one_of_everything(gone, stays)
    gone.refresh_from_db()
    before = {
        relation.key: set(relation.model._base_manager.filter(**{relation.field: gone}).values_list("pk", flat=True))
        for relation in merging.relations()
    }
    stays_before = {
        relation.key: relation.model._base_manager.filter(**{relation.field: stays}).count()
        for relation in merging.relations()
    }
    gone_pk, gone_slug = gone.pk, gone.slug
    merge = merging.merge_organisations(gone, stays, by=None)

    restored = merging.undo_merge(merge)

    assert (restored.pk, restored.slug, restored.vestigingscode) == (gone_pk, gone_slug, "12AB00")
    for relation in merging.relations():
        now = relation.model._base_manager.filter(**{relation.field: restored})
        assert now.count() == len(before[relation.key]), relation.key
        assert relation.model._base_manager.filter(**{relation.field: stays}).count() == stays_before[relation.key]
    assert list(rows["activities.activity.organisers"].organisers.order_by("pk")) == sorted(
        [restored, stays], key=lambda organisation: organisation.pk
    )
    stays.refresh_from_db()
    assert (stays.street, stays.vestigingscode) == ("", "")
    assert resolve_organisation("KBS Pacelli") == restored
    assert not OrganisationMerge.objects.filter(pk=merge.pk).exists()
    assert SearchEntry.objects.filter(kind="organisation", object_id=gone_pk).exists()


def test_undo_keeps_a_field_changed_since(pair):
    gone, stays = pair
    merge = merging.merge_organisations(gone, stays, by=None)
    stays.refresh_from_db()
    stays.phone = "071-0000000"
    stays.save()
    merging.undo_merge(merge)
    stays.refresh_from_db()
    assert stays.phone == "071-0000000"


def test_undo_is_refused_after_a_day(pair):
    gone, stays = pair
    merge = merging.merge_organisations(gone, stays, by=None)
    OrganisationMerge.objects.filter(pk=merge.pk).update(merged_at=timezone.now() - dt.timedelta(hours=25))
    merge.refresh_from_db()
    assert "meer dan een dag" in merging.undo_problem(merge)
    with pytest.raises(merging.MergeRefused):
        merging.undo_merge(merge)
    assert merging.undoable_merges(stays) == []


# --- Pages ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(username="coordinator", is_coordinator=True))
    return client


def test_the_pages_merge_and_undo(coordinator_client, pair):
    gone, stays = pair
    page = coordinator_client.get(reverse("network:organisation_merge", args=[gone.slug]))
    assert "Pacelli" in page.content.decode()  # in the list of names
    response = coordinator_client.post(
        reverse("network:organisation_merge", args=[gone.slug]), {"other": "Pacelli", "keep": "andere"}
    )
    confirm = reverse("network:merge_confirm", args=[gone.slug, stays.slug])
    assert response["Location"] == confirm
    page = coordinator_client.get(confirm).content.decode()
    assert "12AB00" in page and "https://www.kbspacelli.nl" in page  # filled, and a conflict

    response = coordinator_client.post(confirm, follow=True)
    merge = OrganisationMerge.objects.get()
    assert response.redirect_chain[-1][0] == merge.get_absolute_url()
    assert reverse("network:merge_undo", args=[merge.pk]) in response.content.decode()
    stays_page = coordinator_client.get(stays.get_absolute_url()).content.decode()
    assert reverse("network:merge_undo", args=[merge.pk]) in stays_page

    response = coordinator_client.post(reverse("network:merge_undo", args=[merge.pk]), follow=True)
    assert response.redirect_chain[-1][0] == Organisation.objects.get(name="KBS Pacelli").get_absolute_url()


def test_the_choice_keeps_what_was_typed_and_explains(coordinator_client, pair):
    gone, _stays = pair
    response = coordinator_client.post(
        reverse("network:organisation_merge", args=[gone.slug]), {"other": "Onbekend", "keep": "deze"}
    )
    assert response.status_code == 400
    assert 'value="Onbekend"' in response.content.decode()


def test_a_name_two_organisations_share_is_chosen_with_its_place(coordinator_client):
    leiden = OrganisationFactory(name="De Regenboog", slug="de-regenboog", place="Leiden")
    zwolle = OrganisationFactory(name="De Regenboog", slug="de-regenboog-zwolle", place="Zwolle")
    other = OrganisationFactory(name="Regenboog", place="Zwolle")
    assert "De Regenboog (Zwolle)" in merging.organisation_labels()
    assert merging.organisation_for_label("De Regenboog (Zwolle)") == zwolle
    assert merging.organisation_for_label("De Regenboog") is None
    response = coordinator_client.post(
        reverse("network:organisation_merge", args=[other.slug]), {"other": "De Regenboog (Zwolle)", "keep": "andere"}
    )
    assert response["Location"] == reverse("network:merge_confirm", args=[other.slug, zwolle.slug])
    assert leiden.pk


@pytest.mark.parametrize("role", ["editor", "member"])
def test_editors_and_members_may_not_merge(client, pair, role):
    gone, stays = pair
    user = UserFactory(username=role)
    getattr(gone, f"{role}s").add(user)
    getattr(stays, f"{role}s").add(user)
    client.force_login(user)
    confirm = reverse("network:merge_confirm", args=[gone.slug, stays.slug])
    assert client.get(reverse("network:organisation_merge", args=[gone.slug])).status_code == 403
    assert client.post(confirm).status_code == 403
    assert Organisation.objects.filter(pk=gone.pk).exists()
    assert "samenvoegen" not in client.get(gone.get_absolute_url()).content.decode()
