"""The stories services: collecting, curating, selecting, evidence and a respondent's data."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stories import services
from stories.models import COUNTED, Selection, SelectionRound, Story, StoryPart, Substantiation
from stories.route_support import route_support
from stories.tests.factories import (
    BEHAVIOUR,
    CONNECTIONS,
    ECONOMIC,
    EMBEDDING,
    ENCOUNTER,
    KNOWLEDGE,
    SOCIAL,
    dim,
    make_line,
    make_link,
    make_programme,
    make_reasoning_line,
    make_story,
)
from tests.factories import ActivityFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def activity(org_a):
    return ActivityFactory(title="Netwerkdag", organisers=[org_a])


@pytest.fixture
def programme(org_a):
    return make_programme(organisations=[org_a])


@pytest.fixture
def line(programme, activity):
    return make_line(programme, "1", "Kansengelijkheid", activities=[activity])


@pytest.fixture
def link(activity):
    return make_link(activity=activity)


def new_story(**fields):
    defaults = {"respondent_role": "leerkracht", "consent": "role"}
    return Story(**{**defaults, **fields})


# --- submit_story -------------------------------------------------------------------------------------------------


def test_a_submitted_story_waits_and_takes_programme_and_ambition_from_its_activity(
    link, activity, programme, line, org_a
):
    story = services.submit_story(
        link,
        activity=activity,
        token=uuid.uuid4(),
        story=new_story(
            respondent_name="Jan Jansen",
            email="jan@example.org",
            organisation_name="organisatie a",
            status="published",
            collected_on=dt.date(2000, 1, 1),
        ),
        parts={1: (dim(ENCOUNTER), "Ik leerde veel over scholen in de wijk.")},
    )
    story.refresh_from_db()
    assert story.status == "new"
    assert (story.programme, story.line, story.activity, story.link) == (programme, line, activity, link)
    assert story.collected_on == timezone.localdate()
    # Consent "role": no name, no e-mail address; the organisation is kept and resolved to the network's one.
    assert (story.respondent_name, story.email) == ("", "")
    assert (story.organisation_name, story.organisation) == ("organisatie a", org_a)
    part = story.parts.get()
    assert (part.ring, part.dimension, part.text, part.original_text) == (
        1,
        dim(ENCOUNTER),
        "Ik leerde veel over scholen in de wijk.",
        "",
    )
    # "ik", "veel", "over", "in", "de" are stop words; "leerde" and "scholen" are stemmed; padded for SQL matching.
    assert part.stems == " leer school wijk "


@pytest.mark.parametrize("consent, kept", [("named", True), ("role", False), ("internal", False)])
def test_name_and_email_are_kept_only_with_consent_to_be_named(link, activity, line, consent, kept):
    story = services.submit_story(
        link,
        activity=activity,
        token=uuid.uuid4(),
        story=new_story(
            consent=consent,
            respondent_name="Jan Jansen",
            email="jan@example.org",
            organisation_name="Basisschool De Regenboog",
        ),
        parts={1: (dim(ENCOUNTER), "Een mooie ontmoeting.")},
    )
    story.refresh_from_db()
    expected = ("Jan Jansen", "jan@example.org") if kept else ("", "")
    assert (story.respondent_name, story.email) == expected
    assert story.organisation_name == "Basisschool De Regenboog"
    assert story.organisation is None


def test_a_programme_link_keeps_its_programme_and_an_activity_on_two_ambitions_has_no_ambition(programme, activity):
    make_line(programme, "1", "Een", activities=[activity])
    make_line(programme, "2", "Twee", activities=[activity])
    programme_link = make_link(programme=programme)
    story = services.submit_story(
        programme_link, activity=activity, token=None, story=new_story(), parts={1: (dim(ENCOUNTER), "Fijn.")}
    )
    assert (story.programme, story.line) == (programme, None)


def test_an_activity_in_two_programmes_gets_no_programme(link, activity, programme):
    make_line(programme, "1", "Een", activities=[activity])
    make_line(make_programme(slug="q", name="Ander programma"), "1", "Een", activities=[activity])
    story = services.submit_story(
        link, activity=activity, token=None, story=new_story(), parts={1: (dim(ENCOUNTER), "Fijn.")}
    )
    assert (story.programme, story.line) == (None, None)


def test_a_replayed_submission_returns_the_first_story_and_stores_nothing_new(link, activity, line):
    token = uuid.uuid4()
    first = services.submit_story(
        link,
        activity=activity,
        token=token,
        story=new_story(respondent_role="eerste"),
        parts={1: (dim(ENCOUNTER), "De eerste keer.")},
    )
    again = services.submit_story(
        link,
        activity=activity,
        token=token,
        story=new_story(respondent_role="tweede"),
        parts={1: (dim(KNOWLEDGE), "De tweede keer."), 2: (dim(BEHAVIOUR), "Meer.")},
    )
    assert again.pk == first.pk
    assert Story.objects.count() == 1 and StoryPart.objects.count() == 1
    stored = Story.objects.get()
    assert stored.respondent_role == "eerste"
    assert stored.parts.get().text == "De eerste keer."


def test_without_a_token_every_submission_is_a_new_story(link, activity, line):
    for _ in range(2):
        services.submit_story(
            link, activity=activity, token=None, story=new_story(), parts={1: (dim(ENCOUNTER), "Fijn.")}
        )
    assert Story.objects.count() == 2


def test_a_dimension_of_another_ring_stores_nothing(link, activity, line):
    with pytest.raises(ValidationError, match="is not a dimension of ring 1"):
        services.submit_story(
            link, activity=activity, token=uuid.uuid4(), story=new_story(), parts={1: (dim(BEHAVIOUR), "Fout.")}
        )
    assert not Story.objects.exists() and not StoryPart.objects.exists()


# --- save_story ---------------------------------------------------------------------------------------------------


def test_an_entered_story_gets_its_programme_and_keeps_the_first_original_text_only(
    activity, programme, line, editor_a
):
    story = services.save_story(
        new_story(activity=activity, collected_on=dt.date(2025, 3, 1), respondent_name="Piet", email="p@example.org"),
        parts={1: (dim(ENCOUNTER), "Eerste versie.")},
        themes=[],
        user=editor_a,
    )
    assert (story.programme, story.line, story.entered_by, story.status) == (programme, line, editor_a, "new")
    assert (story.respondent_name, story.email) == ("", "")
    part = story.parts.get()
    assert (part.text, part.original_text) == ("Eerste versie.", "")

    story = Story.objects.get(pk=story.pk)
    services.save_story(story, parts={1: (dim(ENCOUNTER), "Eerste versie.")}, themes=[], user=editor_a)
    assert story.parts.get().original_text == ""  # saved unchanged: nothing to keep

    services.save_story(story, parts={1: (dim(ENCOUNTER), "Tweede versie.")}, themes=[], user=editor_a)
    part = story.parts.get()
    assert (part.text, part.original_text) == ("Tweede versie.", "Eerste versie.")
    assert part.stems == " tweede versie "

    services.save_story(
        story,
        parts={1: (dim(KNOWLEDGE), "Derde versie."), 2: (dim(BEHAVIOUR), "Nieuw deel.")},
        themes=[],
        user=editor_a,
    )
    first, second = story.parts.order_by("ring")
    assert (first.text, first.original_text, first.dimension) == ("Derde versie.", "Eerste versie.", dim(KNOWLEDGE))
    assert (second.text, second.original_text) == ("Nieuw deel.", "")


# --- Moderation ---------------------------------------------------------------------------------------------------


def test_publish_refuses_merged_stories_and_stories_without_parts(activity):
    target = make_story(activity=activity, status="new")
    merged = make_story(activity=activity, status="merged")
    Story.objects.filter(pk=merged.pk).update(merged_into=target)
    empty = make_story(activity=activity, status="new", parts={})
    with pytest.raises(ValidationError, match="merged into another one"):
        services.publish(merged)
    with pytest.raises(ValidationError, match="at least one ring"):
        services.publish(empty)
    assert Story.objects.get(pk=merged.pk).status == "merged"
    assert Story.objects.get(pk=empty.pk).status == "new"


def test_publishing_a_rejected_story_clears_its_reason(activity):
    story = make_story(activity=activity, status="new")
    services.reject(story, "  Dubbel ingestuurd.  ")
    story.refresh_from_db()
    assert (story.status, story.reject_reason) == ("rejected", "Dubbel ingestuurd.")
    services.publish(story)
    story.refresh_from_db()
    assert (story.status, story.reject_reason) == ("published", "")


def test_reject_needs_a_reason(activity):
    story = make_story(activity=activity, status="new")
    with pytest.raises(ValidationError, match="Say why"):
        services.reject(story, "   \n ")
    story.refresh_from_db()
    assert (story.status, story.reject_reason) == ("new", "")


def test_back_to_the_queue_undoes_a_merge(activity):
    target = make_story(activity=activity, status="published")
    duplicate = make_story(activity=activity, status="new")
    services.merge(duplicate, target)
    services.back_to_queue(Story.objects.get(pk=duplicate.pk))
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("new", None)


def test_merge_moves_themes_and_evidence_links(activity, programme, line):
    taal, ouders, stad = ThemeFactory(name="Taal"), ThemeFactory(name="Ouders"), ThemeFactory(name="Stad")
    _rl, (step1, step2, step3) = make_reasoning_line(
        programme,
        activities=[activity],
        steps=[(1, ENCOUNTER, "Ontmoeting"), (1, ENCOUNTER, "Nog een ontmoeting"), (2, BEHAVIOUR, "Ander gedrag")],
    )
    duplicate = make_story(
        activity=activity,
        status="new",
        themes=[taal, ouders],
        parts={1: (ENCOUNTER, "Dubbel."), 2: (BEHAVIOUR, "Ander gedrag.")},
    )
    into = make_story(
        activity=activity, status="published", themes=[ouders, stad], parts={1: (ENCOUNTER, "Origineel.")}
    )
    duplicate.parts.get(ring=1).reasoning_steps.set([step1])
    duplicate.parts.get(ring=2).reasoning_steps.set([step3])
    into.parts.get(ring=1).reasoning_steps.set([step2])

    services.merge(duplicate, into)

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("merged", into)
    assert set(into.themes.all()) == {taal, ouders, stad}
    assert set(into.parts.get(ring=1).reasoning_steps.all()) == {step1, step2}
    # The duplicate's own parts (and text) stay, so taking it back to the queue undoes the merge.
    assert duplicate.parts.count() == 2


def test_a_story_cannot_be_merged_into_itself_or_into_a_merged_story(activity):
    story = make_story(activity=activity, status="new")
    other = make_story(activity=activity, status="new")
    merged = make_story(activity=activity, status="merged")
    with pytest.raises(ValidationError, match="into itself"):
        services.merge(story, Story.objects.get(pk=story.pk))
    with pytest.raises(ValidationError, match="itself merged"):
        services.merge(story, merged)
    assert Story.objects.get(pk=story.pk).status == "new"
    services.merge(story, other)
    assert Story.objects.get(pk=story.pk).merged_into == other


# --- Substantiation and selection --------------------------------------------------------------------------------


def test_only_a_ring_3_claim_is_substantiated(activity, coordinator):
    story = make_story(activity=activity, parts={1: (ENCOUNTER, "Eén."), 3: (EMBEDDING, "Beleid veranderd.")})
    with pytest.raises(ValidationError, match="Only ring-3 claims"):
        services.substantiate(
            story.parts.get(ring=1),
            name="Ans",
            role="directeur",
            date=dt.date(2025, 5, 1),
            note="Klopt.",
            user=coordinator,
        )
    assert not Substantiation.objects.exists()
    made = services.substantiate(
        story.parts.get(ring=3),
        name="Ans",
        role="directeur",
        date=dt.date(2025, 5, 1),
        note="Het staat in het schoolplan.",
        user=coordinator,
    )
    assert (made.part.ring, made.name, made.recorded_by) == (3, "Ans", coordinator)
    with pytest.raises(ValidationError):  # a substantiation needs a name
        services.substantiate(
            story.parts.get(ring=3),
            name="",
            role="directeur",
            date=dt.date(2025, 5, 1),
            note="Klopt.",
            user=coordinator,
        )
    assert Substantiation.objects.count() == 1


@pytest.fixture
def selection_round(programme):
    return SelectionRound.objects.create(
        programme=programme, title="Ronde 1", panel="Kernteam", held_on=dt.date(2025, 6, 1)
    )


def test_only_accepted_stories_of_the_rounds_programme_are_selected(selection_round, programme, activity):
    waiting = make_story(programme=programme, activity=activity, status="new")
    rejected = make_story(programme=programme, activity=activity, status="rejected")
    elsewhere = make_story(programme=make_programme(slug="q"), status="published")
    accepted = make_story(programme=programme, activity=activity, status="published")
    for story in (waiting, rejected, elsewhere):
        with pytest.raises(ValidationError, match="Only accepted stories of this programme"):
            services.select_story(selection_round, story, "Mooi.")
    with pytest.raises(ValidationError, match="Record why"):
        services.select_story(selection_round, accepted, "  ")
    assert not Selection.objects.exists()

    services.select_story(selection_round, accepted, "  Laat de hele keten zien.  ")
    services.select_story(selection_round, accepted, "Toch om een andere reden.")
    assert list(Selection.objects.values_list("story", "reason")) == [(accepted.pk, "Toch om een andere reden.")]

    services.unselect_story(selection_round, accepted)
    assert not Selection.objects.exists()


def test_a_closed_round_refuses_selecting_and_unselecting(selection_round, programme):
    chosen = make_story(programme=programme, status="published")
    other = make_story(programme=programme, status="published")
    services.select_story(selection_round, chosen, "Sterk verhaal.")
    selection_round.is_closed = True
    selection_round.save()
    with pytest.raises(ValidationError, match="closed"):
        services.select_story(selection_round, other, "Ook goed.")
    with pytest.raises(ValidationError, match="closed"):
        services.unselect_story(selection_round, chosen)
    assert list(Selection.objects.values_list("story", flat=True)) == [chosen.pk]


# --- Evidence -----------------------------------------------------------------------------------------------------


def test_route_support_counts_stories_organisations_and_roles_per_ring(programme, line, activity, org_a):
    from impact.models import TargetGroup
    from programmes.services import save_route

    other_line = make_line(programme, "2", "Tweede ambitie")
    group = TargetGroup.objects.get(slug="professional")
    route = save_route(line, group, dim(ENCOUNTER), dim(BEHAVIOUR), dim(EMBEDDING))
    save_route(other_line, group, dim(KNOWLEDGE), dim(CONNECTIONS), dim(SOCIAL))
    common = {"programme": programme, "line": line, "activity": activity}
    make_story(**common, organisation=org_a, role="Leerkracht", parts={1: (ENCOUNTER, "a"), 2: (BEHAVIOUR, "b")})
    make_story(**common, organisation_name="Stichting Lezen", role=" leerkracht ", parts={1: (ENCOUNTER, "c")})
    make_story(**common, organisation_name="stichting lezen ", role="Directeur", parts={1: (ENCOUNTER, "d")})
    make_story(**common, role="ouder", parts={1: (KNOWLEDGE, "e")})  # another dimension than the route's
    make_story(**common, status="new", role="wethouder", parts={3: (EMBEDDING, "f")})  # not accepted
    make_story(programme=programme, line=other_line, role="ouder", parts={2: (BEHAVIOUR, "g")})  # other ambition

    first, second = route_support(programme, Story.objects.filter(COUNTED))
    assert first.route == route
    assert [(r.number, r.dimension, r.stories, r.organisations, r.roles) for r in first.rings] == [
        (1, dim(ENCOUNTER), 3, 2, 2),
        (2, dim(BEHAVIOUR), 1, 1, 1),
        (3, dim(EMBEDDING), 0, 0, 0),
    ]
    assert first.silent_rings == [3]
    assert second.silent_rings == [1, 2, 3]
    # Given every story, the waiting one speaks for ring 3 too.
    assert route_support(programme, Story.objects.all())[0].silent_rings == []


def test_link_evidence_links_parts_to_matching_steps_of_reasoning_lines_with_the_activity(programme, line, activity):
    other_activity = ActivityFactory()
    _rl, (enc, know, behave, embed) = make_reasoning_line(
        programme,
        activities=[activity],
        steps=[
            (1, ENCOUNTER, "Men ontmoet elkaar"),
            (1, KNOWLEDGE, "Men weet meer"),
            (2, BEHAVIOUR, "Men doet anders"),
            (3, EMBEDDING, "Het beklijft"),
        ],
    )
    _other, (elsewhere,) = make_reasoning_line(
        programme, "Andere lijn", activities=[other_activity], steps=[(1, ENCOUNTER, "Elders")]
    )
    _foreign, (foreign,) = make_reasoning_line(
        make_programme(slug="q"), "Ander programma", activities=[activity], steps=[(1, ENCOUNTER, "Ander programma")]
    )
    story = make_story(
        programme=programme, activity=activity, parts={1: (ENCOUNTER, "a"), 2: (BEHAVIOUR, "b"), 3: (ECONOMIC, "c")}
    )
    waiting = make_story(programme=programme, activity=activity, status="new", parts={1: (ENCOUNTER, "d")})

    assert services.link_evidence(programme) == 2
    assert list(story.parts.get(ring=1).reasoning_steps.all()) == [enc]
    assert list(story.parts.get(ring=2).reasoning_steps.all()) == [behave]
    assert not story.parts.get(ring=3).reasoning_steps.exists()  # no step on "Economische effecten"
    assert not waiting.parts.get().reasoning_steps.exists()
    assert not elsewhere.story_parts.exists() and not foreign.story_parts.exists()
    assert services.link_evidence(programme) == 0  # nothing new the second time


# --- A respondent's data ------------------------------------------------------------------------------------------


def test_respondent_stories_match_email_or_full_name_exactly(activity):
    by_email = make_story(activity=activity, consent="named", name="Jan Jansen", email="Jan@Example.org")
    by_name = make_story(activity=activity, consent="named", name="jan jansen", email="")
    make_story(activity=activity, consent="named", name="Jan Jansen-de Vries", email="jan@example.net")
    assert set(services.respondent_stories(" jan@example.org ")) == {by_email}
    assert set(services.respondent_stories("JAN JANSEN")) == {by_email, by_name}
    assert not services.respondent_stories("   ").exists()


def test_respondent_export_holds_everything_about_the_respondent(activity, programme, org_a):
    story = make_story(
        activity=activity,
        programme=programme,
        consent="named",
        name="Jan Jansen",
        email="jan@example.org",
        organisation_name="Organisatie A",
        role="leerkracht",
        sector="po",
        quote="Het was mooi.",
        collected_on=dt.date(2025, 4, 2),
        parts={1: (ENCOUNTER, "Gecorrigeerd."), 3: (EMBEDDING, "Blijvend.")},
    )
    StoryPart.objects.filter(story=story, ring=1).update(original_text="Orgineel")
    exported = services.respondent_export(Story.objects.filter(pk=story.pk))
    assert exported == {
        "stories": [
            {
                "id": story.pk,
                "role": "leerkracht",
                "sector": "po",
                "name": "Jan Jansen",
                "organisation": "Organisatie A",
                "email": "jan@example.org",
                "consent": "named",
                "activity": str(activity),
                "programme": "Programma",
                "collected_on": "2025-04-02",
                "quote": "Het was mooi.",
                "parts": [
                    {"ring": 1, "dimension": "Encounter & reach", "text": "Gecorrigeerd.", "original_text": "Orgineel"},
                    {"ring": 3, "dimension": "Structural embedding", "text": "Blijvend.", "original_text": ""},
                ],
            }
        ]
    }


def test_erasing_anonymised_keeps_the_stories_without_personal_details(activity, org_a):
    named = make_story(
        activity=activity,
        consent="named",
        name="Jan",
        email="jan@example.org",
        organisation_name="Organisatie A",
        organisation=org_a,
    )
    internal = make_story(
        activity=activity, consent="internal", name="Jan", email="jan@example.org", organisation_name="Organisatie A"
    )
    untouched = make_story(
        activity=activity, consent="named", name="Piet", email="piet@example.org", organisation_name="Organisatie B"
    )
    assert services.erase_respondent(services.respondent_stories("jan@example.org"), keep_anonymised=True) == 2
    for story, consent in ((named, "role"), (internal, "internal")):
        story.refresh_from_db()
        assert (story.respondent_name, story.email, story.organisation_name, story.organisation, story.consent) == (
            "",
            "",
            "",
            None,
            consent,
        )
        assert story.parts.count() == 1
    untouched.refresh_from_db()
    assert (untouched.respondent_name, untouched.email, untouched.consent) == ("Piet", "piet@example.org", "named")


def test_erasing_without_keeping_deletes_the_stories_and_their_parts(activity):
    make_story(activity=activity, consent="named", name="Jan", email="jan@example.org")
    make_story(activity=activity, consent="named", name="Jan", email="")
    kept = make_story(activity=activity, consent="named", name="Piet", email="piet@example.org")
    assert services.erase_respondent(services.respondent_stories("jan"), keep_anonymised=False) == 2
    assert list(Story.objects.all()) == [kept]
    assert StoryPart.objects.count() == 1


# --- Collection links ---------------------------------------------------------------------------------------------


def test_a_link_is_open_until_its_closing_day_has_passed(activity, editor_a):
    today = timezone.localdate()
    link = services.create_link(programme=None, activity=activity, title="Scherm", closes_on=today, user=editor_a)
    assert len(link.code) == 7 and set(link.code) <= set(services.CODE_ALPHABET)
    assert services.link_is_open(link)
    link.closes_on = today - dt.timedelta(days=1)
    assert not services.link_is_open(link)
    link.closes_on, link.is_open = None, False
    assert not services.link_is_open(link)


def test_create_stories_keeps_the_rules_of_the_single_save(programme, activity, org_a):
    _rl, (encounter_step,) = make_reasoning_line(
        programme, activities=[activity], steps=[(1, ENCOUNTER, "Men ontmoet elkaar")]
    )
    theme = ThemeFactory(name="Taal")
    accepted = Story(
        programme=programme,
        activity=activity,
        respondent_role="leerkracht",
        respondent_name="Anna",
        email="anna@example.org",
        organisation_name=org_a.name,
        consent="role",
        status="published",
        collected_on=timezone.localdate(),
    )
    waiting = Story(
        programme=programme, activity=activity, respondent_role="ouder", status="new", collected_on=timezone.localdate()
    )
    text = "Ik ontmoette collega's van andere scholen."

    made = services.create_stories(
        [
            services.NewStory(
                accepted, parts={1: (dim(ENCOUNTER).pk, text), 2: (dim(BEHAVIOUR), "Anders")}, themes=[theme]
            ),
            services.NewStory(waiting, parts={1: (dim(ENCOUNTER), text)}),
        ]
    )

    accepted.refresh_from_db()
    assert [story.pk for story in made] == [accepted.pk, waiting.pk]
    assert (accepted.respondent_name, accepted.email) == ("", "")  # consent does not cover them
    assert accepted.organisation == org_a  # looked up by name, as save_story does
    assert list(accepted.themes.all()) == [theme]
    part = accepted.parts.get(ring=1)
    assert part.stems == services.part_stems(text)
    assert list(part.reasoning_steps.all()) == [encounter_step]
    assert not waiting.parts.get().reasoning_steps.exists()  # only accepted stories are evidence
    assert services.link_evidence(programme) == 0  # linked already


def test_create_stories_refuses_a_dimension_of_another_ring(activity):
    story = Story(activity=activity, respondent_role="leerkracht", collected_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.create_stories([services.NewStory(story, parts={2: (dim(ENCOUNTER), "Tekst")})])
    assert not Story.objects.exists()
