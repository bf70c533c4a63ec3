"""The stories pages: moderation, entering, collection links, selection rounds, route support and the book's filters."""

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from core import invalidation
from impact.models import TargetGroup
from programmes.services import save_route
from stories import services
from stories.models import CollectionLink, Selection, SelectionRound, Story, StoryPart, Substantiation
from stories.tests.factories import (
    BEHAVIOUR,
    CONNECTIONS,
    EMBEDDING,
    ENCOUNTER,
    KNOWLEDGE,
    dim,
    make_line,
    make_link,
    make_programme,
    make_reasoning_line,
    make_story,
    started,
)
from stories.topics import STORY_BOOK_FILTERS
from tests.factories import ActivityFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def at(year, month=5, day=1):
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))


@pytest.fixture
def programme(org_a):
    return make_programme(organisations=[org_a])


@pytest.fixture
def activity(org_a):
    return ActivityFactory(title="Netwerkdag", slug="netwerkdag", organisers=[org_a], start=at(2025))


@pytest.fixture
def line(programme, activity):
    return make_line(programme, "1", "Kansen", activities=[activity])


@pytest.fixture
def story(programme, line, activity):
    return make_story(
        programme=programme,
        line=line,
        activity=activity,
        status="new",
        role="leerkracht",
        parts={1: (ENCOUNTER, "Ik ontmoette collega's."), 3: (EMBEDDING, "Het staat in het beleid.")},
    )


def follow_messages(response):
    return " ".join(str(message) for message in response.context["messages"])


def moderate(client, story, **data):
    return client.post(f"/en/verhalen/{story.pk}/beheer/", data, follow=True)


def status_of(story):
    return Story.objects.get(pk=story.pk).status


# --- Moderation ---------------------------------------------------------------------------------------------------


def test_the_coordinator_publishes_rejects_and_takes_a_story_back(coordinator_client, story):
    response = moderate(coordinator_client, story, action="publish")
    assert response.redirect_chain == [(f"/en/verhalen/{story.pk}/", 302)]
    assert status_of(story) == "published"
    assert "The story is accepted." in follow_messages(response)

    moderate(coordinator_client, story, action="reject", reason="  Niet over deze activiteit.  ")
    story.refresh_from_db()
    assert (story.status, story.reject_reason) == ("rejected", "Niet over deze activiteit.")
    page = coordinator_client.get(f"/en/verhalen/{story.pk}/").content.decode()
    assert "Rejected: Niet over deze activiteit." in page

    moderate(coordinator_client, story, action="back")
    assert status_of(story) == "new"


def test_rejecting_without_a_reason_keeps_the_status_and_says_why(coordinator_client, story):
    services.publish(story)
    response = moderate(coordinator_client, story, action="reject", reason="   ")
    assert "Say why the story is rejected" in follow_messages(response)
    assert status_of(story) == "published"


def test_an_unknown_action_changes_nothing(coordinator_client, story):
    response = moderate(coordinator_client, story, action="delete")
    assert "Unknown action." in follow_messages(response)
    assert status_of(story) == "new"


def test_merging_a_duplicate_through_the_page(coordinator_client, programme, line, activity, story):
    original = make_story(programme=programme, line=line, activity=activity, status="published", role="origineel")
    elsewhere = make_story(programme=programme, activity=ActivityFactory(), status="published", role="elders")
    page = coordinator_client.get(f"/en/verhalen/{story.pk}/").content.decode()
    assert f'<option value="{original.pk}"' in page and f'<option value="{elsewhere.pk}"' not in page

    response = moderate(coordinator_client, story, action="merge", into=elsewhere.pk)
    assert "Choose the story this one duplicates." in follow_messages(response)
    assert status_of(story) == "new"

    response = moderate(coordinator_client, story, action="merge", into=original.pk)
    assert "The story was merged." in follow_messages(response)
    story.refresh_from_db()
    assert (story.status, story.merged_into) == ("merged", original)
    page = coordinator_client.get(f"/en/verhalen/{story.pk}/").content.decode()
    assert f'href="/en/verhalen/{original.pk}/">#{original.pk}</a>' in page
    assert 'value="publish"' not in page  # a merged story is not published itself

    response = moderate(coordinator_client, story, action="publish")
    assert "merged into another one" in follow_messages(response)
    assert status_of(story) == "merged"


def test_the_evidence_form_links_parts_to_reasoning_steps_of_the_programme(
    coordinator_client, programme, activity, story
):
    _rl, (step1, step3) = make_reasoning_line(
        programme, activities=[activity], steps=[(1, ENCOUNTER, "Men ontmoet elkaar"), (3, EMBEDDING, "Het beklijft")]
    )
    _other, (foreign,) = make_reasoning_line(make_programme(slug="q"), steps=[(1, ENCOUNTER, "Elders")])
    ring1, ring3 = story.parts.get(ring=1), story.parts.get(ring=3)
    page = coordinator_client.get(f"/en/verhalen/{story.pk}/").content.decode()
    assert f'name="part{ring1.pk}" value="{step1.pk}"' in page and f'value="{foreign.pk}"' not in page

    response = coordinator_client.post(
        f"/en/verhalen/{story.pk}/bewijs/", {f"part{ring1.pk}": [step1.pk], f"part{ring3.pk}": [step3.pk]}, follow=True
    )
    assert "The evidence links were saved." in follow_messages(response)
    assert list(ring1.reasoning_steps.all()) == [step1] and list(ring3.reasoning_steps.all()) == [step3]

    response = coordinator_client.post(
        f"/en/verhalen/{story.pk}/bewijs/", {f"part{ring1.pk}": [foreign.pk]}, follow=True
    )
    assert "not in this story's programme" in follow_messages(response)
    assert list(ring1.reasoning_steps.all()) == [step1]
    assert not foreign.story_parts.exists()

    coordinator_client.post(f"/en/verhalen/{story.pk}/bewijs/", {})
    assert not ring1.reasoning_steps.exists() and not ring3.reasoning_steps.exists()


def test_substantiating_the_ring_3_claim_through_the_form(coordinator_client, anonymous_client, coordinator, story):
    url = f"/en/verhalen/{story.pk}/onderbouwing/"
    assert coordinator_client.get(url).status_code == 200
    invalid = coordinator_client.post(url, {"name": "", "role": "directeur", "date": "gisteren", "note": "Klopt."})
    assert invalid.status_code == 400
    assert not Substantiation.objects.exists()
    response = coordinator_client.post(
        url, {"name": "Ans de Wit", "role": "directeur", "date": "2025-05-01", "note": "Het staat in het schoolplan."}
    )
    assert response.status_code == 302
    made = Substantiation.objects.get()
    assert (made.part, made.name, made.date, made.recorded_by) == (
        story.parts.get(ring=3),
        "Ans de Wit",
        dt.date(2025, 5, 1),
        coordinator,
    )
    services.publish(story)
    page = anonymous_client.get(f"/en/verhalen/{story.pk}/").content.decode()
    assert "Ring-3 claim substantiated" in page
    assert "Substantiated by Ans de Wit (directeur), 1 May 2025:" in page


def test_a_story_without_ring_3_cannot_be_substantiated(coordinator_client, programme, activity):
    ring1_only = make_story(programme=programme, activity=activity, status="new")
    assert coordinator_client.get(f"/en/verhalen/{ring1_only.pk}/onderbouwing/").status_code == 404


TAB = re.compile(r'>(New|Published|Rejected|Merged) <span class="rimpel-count">\((\d+)\)</span>')


def test_the_queue_counts_each_status_and_lists_the_waiting_stories_oldest_first(coordinator_client, programme):
    made = {}
    for number, status in enumerate(["new", "published", "new", "rejected", "merged", "new", "published"]):
        made[number] = make_story(programme=programme, status=status, role=f"respondent-{number}")
    page = coordinator_client.get("/en/verhalen/beheer/").content.decode()
    assert TAB.findall(page) == [("New", "3"), ("Published", "2"), ("Rejected", "1"), ("Merged", "1")]
    assert re.findall(r"respondent-(\d+)", page) == ["0", "2", "5"]
    rejected = coordinator_client.get("/en/verhalen/beheer/?status=rejected").content.decode()
    assert re.findall(r"respondent-(\d+)", rejected) == ["3"]
    unknown = coordinator_client.get("/en/verhalen/beheer/?status=<b>").content.decode()
    assert re.findall(r"respondent-(\d+)", unknown) == ["0", "2", "5"]


@pytest.mark.parametrize(
    "persona_client, expected", [("editor_a", 403), ("editor_b", 403), ("anonymous", 302)], indirect=["persona_client"]
)
def test_only_the_coordinator_curates(persona_client, expected, programme, activity, story):
    _rl, (step,) = make_reasoning_line(programme, activities=[activity], steps=[(1, ENCOUNTER, "Ontmoeting")])
    selection_round = SelectionRound.objects.create(
        programme=programme, title="R", panel="P", held_on=dt.date(2025, 6, 1)
    )
    ring1 = story.parts.get(ring=1)
    responses = [
        persona_client.post(f"/en/verhalen/{story.pk}/beheer/", {"action": "publish"}),
        persona_client.post(f"/en/verhalen/{story.pk}/beheer/", {"action": "reject", "reason": "Weg ermee"}),
        persona_client.post(f"/en/verhalen/{story.pk}/bewijs/", {f"part{ring1.pk}": [step.pk]}),
        persona_client.post(
            f"/en/verhalen/{story.pk}/onderbouwing/", {"name": "X", "role": "Y", "date": "2025-01-01", "note": "Z"}
        ),
        persona_client.get("/en/verhalen/beheer/"),
        persona_client.get("/en/programmas/p/selectie/"),
        persona_client.post("/en/programmas/p/selectie/", {"title": "T", "panel": "P", "held_on": "2025-01-01"}),
        persona_client.post(f"/en/programmas/p/selectie/{selection_round.pk}/sluiten/", {"close": "1"}),
    ]
    assert [response.status_code for response in responses] == [expected] * len(responses)
    assert status_of(story) == "new"
    assert not ring1.reasoning_steps.exists() and not Substantiation.objects.exists()
    assert SelectionRound.objects.count() == 1 and not SelectionRound.objects.get().is_closed


# --- Entering and editing -----------------------------------------------------------------------------------------


def story_form_data(client, url, **extra):
    form = client.get(url).context["form"]
    data = {
        "activity": "",
        "programme": "",
        "line": "",
        "respondent_role": "schoolleider",
        "sector": "po",
        "respondent_name": "",
        "organisation_name": "",
        "email": "",
        "consent": "role",
        "source": "interview",
        "collected_on": "2025-05-01",
        "quote": "",
        "ring1_dimension": dim(ENCOUNTER).pk,
        "ring1_text": "Ik sprak drie nieuwe collega's.",
        "ring2_dimension": "",
        "ring2_text": "",
        "ring3_dimension": "",
        "ring3_text": "",
        "form_token": form["form_token"].value(),
    }
    return {**data, **extra}


def test_an_editor_enters_a_story_about_an_activity_of_their_organisation(
    editor_a_client, editor_a, programme, line, activity
):
    data = story_form_data(editor_a_client, "/en/verhalen/nieuw/", activity=activity.pk)
    response = editor_a_client.post("/en/verhalen/nieuw/", data)
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/verhalen/{story.pk}/"
    assert (story.status, story.entered_by, story.activity, story.programme, story.line, story.source) == (
        "new",
        editor_a,
        activity,
        programme,
        line,
        "interview",
    )
    assert story.parts.get().text == "Ik sprak drie nieuwe collega's."
    assert editor_a_client.get(response["Location"]).status_code == 200
    # The same form sent again lands on the same story.
    again = editor_a_client.post("/en/verhalen/nieuw/", data)
    assert again.status_code == 302 and again["Location"] == f"/en/verhalen/{story.pk}/"
    assert Story.objects.count() == 1


def test_an_editor_sees_the_story_they_entered_about_their_programme_as_a_whole(editor_a_client, programme):
    data = story_form_data(editor_a_client, "/en/verhalen/nieuw/", programme=programme.pk)
    response = editor_a_client.post("/en/verhalen/nieuw/", data)
    story = Story.objects.get()
    assert (story.programme, story.activity) == (programme, None)
    assert editor_a_client.get(response["Location"]).status_code == 200
    assert editor_a_client.get(f"/en/verhalen/{story.pk}/bewerken/").status_code == 200


def test_the_story_form_keeps_what_was_typed_when_something_is_wrong(editor_a_client, activity, org_b):
    other = ActivityFactory(title="Activiteit van B", organisers=[org_b])
    text = "Wat ik <b>typte</b> blijft staan."
    data = story_form_data(
        editor_a_client,
        "/en/verhalen/nieuw/",
        activity=activity.pk,
        respondent_role="",
        ring1_text=text,
        ring2_text="Zonder dimensie.",
    )
    response = editor_a_client.post("/en/verhalen/nieuw/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wat ik &lt;b&gt;typte&lt;/b&gt; blijft staan." in body and "Zonder dimensie." in body
    assert "This field is required." in body and "Choose what this part is mostly about." in body
    response = editor_a_client.post(
        "/en/verhalen/nieuw/", {**data, "respondent_role": "leerkracht", "ring2_text": "", "activity": other.pk}
    )
    assert "Select a valid choice." in response.content.decode()
    assert not Story.objects.exists()


def test_editors_cannot_edit_stories_of_other_organisations(editor_b_client, story):
    assert editor_b_client.get(f"/en/verhalen/{story.pk}/bewerken/").status_code == 403
    assert editor_b_client.post(f"/en/verhalen/{story.pk}/bewerken/", {"respondent_role": "x"}).status_code == 403


def test_a_member_without_organisations_cannot_enter_stories(member_client):
    assert member_client.get("/en/verhalen/nieuw/").status_code == 403


def edit_data(story, **extra):
    parts = {part.ring: part for part in story.parts.all()}
    data = {
        "activity": story.activity_id or "",
        "programme": story.programme_id or "",
        "line": story.line_id or "",
        "respondent_role": story.respondent_role,
        "sector": story.sector,
        "respondent_name": "",
        "organisation_name": "",
        "email": "",
        "consent": story.consent,
        "source": story.source,
        "collected_on": story.collected_on.isoformat(),
        "quote": story.quote,
    }
    for ring in (1, 2, 3):
        part = parts.get(ring)
        data[f"ring{ring}_dimension"] = part.dimension_id if part else ""
        data[f"ring{ring}_text"] = part.text if part else ""
    return {**data, **extra}


def test_correcting_a_story_keeps_the_respondents_own_words(editor_a_client, coordinator_client, story):
    response = editor_a_client.post(
        f"/en/verhalen/{story.pk}/bewerken/", edit_data(story, ring1_text="Ik ontmoette collega’s.")
    )
    assert response.status_code == 302
    part = story.parts.get(ring=1)
    assert (part.text, part.original_text) == ("Ik ontmoette collega’s.", "Ik ontmoette collega's.")
    page = coordinator_client.get(f"/en/verhalen/{story.pk}/").content.decode()
    assert "Original words, ring 1" in page


def test_an_editors_change_to_an_accepted_story_sends_it_back_to_the_queue(editor_a_client, anonymous_client, story):
    services.publish(story)
    response = editor_a_client.post(
        f"/en/verhalen/{story.pk}/bewerken/",
        edit_data(story, ring1_text="Iets heel anders dan de respondent zei."),
        follow=True,
    )
    assert "The story goes public again once a coordinator accepts it." in follow_messages(response)
    assert status_of(story) == "new"
    assert "Iets heel anders" not in anonymous_client.get("/en/verhalen/").content.decode()
    assert anonymous_client.get(f"/en/verhalen/{story.pk}/").status_code == 404


def test_the_coordinators_correction_of_an_accepted_story_stays_public(coordinator_client, anonymous_client, story):
    services.publish(story)
    coordinator_client.post(f"/en/verhalen/{story.pk}/bewerken/", edit_data(story, ring1_text="Gecorrigeerde tekst."))
    assert status_of(story) == "published"
    assert "Gecorrigeerde tekst." in anonymous_client.get(f"/en/verhalen/{story.pk}/").content.decode()


def test_emptying_a_rings_text_removes_that_part(coordinator_client, story):
    response = coordinator_client.post(
        f"/en/verhalen/{story.pk}/bewerken/", edit_data(story, ring3_text="", ring3_dimension="")
    )
    assert response.status_code == 302
    assert list(story.parts.values_list("ring", flat=True)) == [1]


# --- Collection links ---------------------------------------------------------------------------------------------


def test_an_editor_makes_a_collection_link_and_downloads_its_qr_code(editor_a_client, editor_a, activity):
    url = f"/en/verhalen/links/nieuw/?activiteit={activity.slug}"
    assert editor_a_client.get(url).status_code == 200
    response = editor_a_client.post(url, {"title": "Scherm bij de ingang", "closes_on": ""})
    link = CollectionLink.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/verhalen/links/{link.code}/"
    assert (link.activity, link.programme, link.title, link.created_by, link.is_open) == (
        activity,
        None,
        "Scherm bij de ingang",
        editor_a,
        True,
    )

    svg = editor_a_client.get(f"/en/verhalen/links/{link.code}/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"] == f'attachment; filename="verhalen-{link.code}.svg"'
    root = ET.fromstring(svg.content)  # well-formed XML
    assert root.tag.endswith("svg") and root.find(".//{*}path") is not None

    png = editor_a_client.get(f"/en/verhalen/links/{link.code}/qr.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png["Content-Disposition"] == f'attachment; filename="verhalen-{link.code}.png"'
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n") and len(png.content) > 200


def test_the_downloaded_svg_is_a_standalone_svg_image(editor_a_client, activity):
    link = make_link(activity=activity)
    svg = editor_a_client.get(f"/en/verhalen/links/{link.code}/qr.svg")
    assert ET.fromstring(svg.content).tag == "{http://www.w3.org/2000/svg}svg"


def test_the_page_of_a_programmes_link_shows_its_address_and_qr_code(coordinator_client, programme):
    link = make_link(programme=programme, code="prog234")
    page = coordinator_client.get(f"/en/verhalen/links/{link.code}/").content.decode()
    assert "http://testserver/en/v/prog234/" in page and "<svg" in page
    assert 'href="/en/programmas/p/">Programma</a>' in page


def test_the_page_of_an_activitys_link_shows_its_address_and_qr_code(editor_a_client, activity):
    link = make_link(activity=activity, code="act2345")
    response = editor_a_client.get(f"/en/verhalen/links/{link.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/en/v/act2345/" in page and "<svg" in page
    assert 'href="/en/agenda/netwerkdag/">Netwerkdag</a>' in page


def test_the_list_of_links_shows_the_newest_first_and_only_the_editors_own(editor_a_client, editor_b_client, activity):
    for number in range(4):
        link = make_link(activity=activity, code=f"code{number}xy", title=f"Link {number}")
        CollectionLink.objects.filter(pk=link.pk).update(created_at=at(2025, 1, 1 + number))
    listing = editor_a_client.get("/en/verhalen/links/").content.decode()
    assert re.findall(r">Link (\d)</a>", listing) == ["3", "2", "1", "0"]
    assert "No collection links yet." in editor_b_client.get("/en/verhalen/links/").content.decode()


@pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning")
def test_the_list_of_links_counts_each_story_once(editor_a_client, editor_a, org_a):
    from tests.factories import OrganisationFactory

    partner = OrganisationFactory(name="Partner van A")
    partner.editors.add(editor_a)
    shared = ActivityFactory(title="Samen georganiseerd", organisers=[org_a, partner])
    link = make_link(activity=shared, title="Gedeelde link")
    make_story(activity=shared, status="new")
    Story.objects.update(link=link)
    listing = editor_a_client.get("/en/verhalen/links/").content.decode()
    row = listing[listing.index("Gedeelde link") :]
    assert re.search(r'rimpel-money">(\d+)</td>', row).group(1) == "1"


def test_selection_rounds_are_listed_newest_first(coordinator_client, programme):
    for month in range(1, 6):
        SelectionRound.objects.create(
            programme=programme, title=f"Ronde {month}", panel="P", held_on=dt.date(2025, month, 1)
        )
    page = coordinator_client.get("/en/programmas/p/selectie/").content.decode()
    assert re.findall(r">Ronde (\d)</a>", page) == ["5", "4", "3", "2", "1"]


def test_a_collection_link_for_a_programme(coordinator_client, programme):
    response = coordinator_client.post(
        "/en/verhalen/links/nieuw/?programma=p", {"title": "", "closes_on": "2030-01-01"}
    )
    link = CollectionLink.objects.get()
    assert response.status_code == 302
    assert (link.programme, link.activity, link.closes_on) == (programme, None, dt.date(2030, 1, 1))


def test_other_editors_cannot_make_or_see_the_link(editor_b_client, anonymous_client, activity):
    link = make_link(activity=activity)
    assert editor_b_client.get(f"/en/verhalen/links/nieuw/?activiteit={activity.slug}").status_code == 403
    assert (
        editor_b_client.post(f"/en/verhalen/links/nieuw/?activiteit={activity.slug}", {"title": "x"}).status_code == 403
    )
    for url in (
        f"/en/verhalen/links/{link.code}/",
        f"/en/verhalen/links/{link.code}/qr.svg",
        f"/en/verhalen/links/{link.code}/qr.png",
    ):
        assert editor_b_client.get(url).status_code == 403
        anonymous = anonymous_client.get(url)
        assert anonymous.status_code == 302 and "/account/inloggen/" in anonymous["Location"]
    assert editor_b_client.post(f"/en/verhalen/links/{link.code}/open/", {"open": "0"}).status_code == 403
    assert CollectionLink.objects.get().is_open
    assert CollectionLink.objects.count() == 1


def test_making_a_link_needs_a_known_subject(editor_a_client):
    assert editor_a_client.get("/en/verhalen/links/nieuw/").status_code == 404
    assert editor_a_client.get("/en/verhalen/links/nieuw/?activiteit=bestaat-niet").status_code == 404


def tell_data(activity, **extra):
    data = {
        "activity": activity.pk,
        "respondent_role": "leerkracht",
        "sector": "po",
        "quote": "",
        "consent": "role",
        "respondent_name": "",
        "organisation_name": "",
        "email": "",
        "website": "",
        "ring1_dimension": dim(ENCOUNTER).pk,
        "ring1_text": "Ik ontmoette nieuwe collega's.",
        "ring2_dimension": "",
        "ring2_text": "",
        "ring3_dimension": "",
        "ring3_text": "",
        "started": started(),
        "submission": str(uuid.uuid4()),
    }
    return {**data, **extra}


def test_telling_a_story_through_an_open_link(anonymous_client, programme, line, activity):
    save_route(line, TargetGroup.objects.get(slug="community"), dim(KNOWLEDGE), dim(BEHAVIOUR), dim(EMBEDDING))
    link = make_link(activity=activity, code="tellme2")
    page = anonymous_client.get("/en/v/TELLME2/").content.decode()  # codes are typed over: any case
    assert "You took part in “Netwerkdag”." in page
    # The ambition's route pre-selects its dimension on each ring.
    assert re.search(rf'name="ring1_dimension" value="{dim(KNOWLEDGE).pk}"[^>]*checked', page)
    response = anonymous_client.post("/en/v/tellme2/", tell_data(activity, ring1_dimension=dim(KNOWLEDGE).pk))
    assert response.status_code == 302 and response["Location"] == "/en/v/tellme2/bedankt/"
    story = Story.objects.get()
    assert (story.link, story.programme, story.line, story.status) == (link, programme, line, "new")
    assert "Thank you for your story" in anonymous_client.get(response["Location"]).content.decode()
    assert anonymous_client.get("/en/v/onbekend/").status_code == 404


def test_a_programmes_link_takes_its_activities_or_the_programme_as_a_whole(
    anonymous_client, programme, line, activity
):
    foreign = ActivityFactory(title="Elders")
    make_line(make_programme(slug="q"), "1", "Elders", activities=[foreign])
    make_link(programme=programme, code="progr23")
    page = anonymous_client.get("/en/v/progr23/").content.decode()
    assert f'<option value="{activity.pk}">Netwerkdag</option>' in page and ">Elders</option>" not in page
    refused = anonymous_client.post("/en/v/progr23/", tell_data(foreign))
    assert refused.status_code == 400 and "Select a valid choice." in refused.content.decode()
    assert anonymous_client.post("/en/v/progr23/", tell_data(activity)).status_code == 302
    assert anonymous_client.post("/en/v/progr23/", {**tell_data(activity), "activity": ""}).status_code == 302
    stored = list(Story.objects.order_by("pk").values_list("activity", "programme", "line"))
    assert stored == [(activity.pk, programme.pk, line.pk), (None, programme.pk, None)]


@pytest.mark.parametrize("switched_off", [True, False], ids=["switched-off", "past-closing-day"])
def test_a_closed_link_answers_gone_with_a_friendly_page(anonymous_client, activity, switched_off):
    if switched_off:
        make_link(activity=activity, is_open=False)
    else:
        make_link(activity=activity, closes_on=timezone.localdate() - dt.timedelta(days=1))
    for response in (
        anonymous_client.get("/en/v/abcdefg/"),
        anonymous_client.post("/en/v/abcdefg/", tell_data(activity)),
    ):
        assert response.status_code == 410
        body = response.content.decode()
        assert "This story form is closed" in body and 'href="/en/verhalen/"' in body
    assert not Story.objects.exists()


def test_a_link_is_open_on_its_closing_day_and_can_be_switched(editor_a_client, anonymous_client, activity):
    make_link(activity=activity, closes_on=timezone.localdate())
    assert anonymous_client.get("/en/v/abcdefg/").status_code == 200
    response = editor_a_client.post("/en/verhalen/links/abcdefg/open/", {"open": "0"})
    assert response.status_code == 302 and not CollectionLink.objects.get().is_open
    assert anonymous_client.get("/en/v/abcdefg/").status_code == 410
    editor_a_client.post("/en/verhalen/links/abcdefg/open/", {"open": "1"})
    assert anonymous_client.get("/en/v/abcdefg/").status_code == 200


# --- Selection rounds ---------------------------------------------------------------------------------------------


def test_a_selection_round_through_the_pages(coordinator_client, programme, line, activity):
    accepted = make_story(programme=programme, line=line, activity=activity, role="gekozen-respondent")
    other = make_story(programme=programme, line=line, activity=activity, role="andere-respondent")
    waiting = make_story(programme=programme, activity=activity, status="new", role="wachtende-respondent")
    elsewhere = make_story(programme=make_programme(slug="q"), role="elders-respondent")

    response = coordinator_client.post(
        "/en/programmas/p/selectie/", {"title": "Ronde 2025", "panel": "Kernteam, vijf leden", "held_on": "2025-06-01"}
    )
    selection_round = SelectionRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/programmas/p/selectie/{selection_round.pk}/"
    assert selection_round.programme == programme
    url = response["Location"]
    page = coordinator_client.get(url).content.decode()
    assert "gekozen-respondent" in page and "andere-respondent" in page
    assert "wachtende-respondent" not in page and "elders-respondent" not in page

    response = coordinator_client.post(url, {"story": accepted.pk, "reason": "  "}, follow=True)
    assert "Record why the panel finds this story significant." in follow_messages(response)
    assert not Selection.objects.exists()
    assert coordinator_client.post(url, {"story": waiting.pk, "reason": "Mooi"}).status_code == 404
    assert coordinator_client.post(url, {"story": elsewhere.pk, "reason": "Mooi"}).status_code == 404

    response = coordinator_client.post(url, {"story": accepted.pk, "reason": "Laat de hele keten zien."}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert list(Selection.objects.values_list("story", "reason")) == [(accepted.pk, "Laat de hele keten zien.")]
    assert "1 story selected" in response.content.decode()
    coordinator_client.post(url, {"story": other.pk, "reason": "Ook sterk."})
    coordinator_client.post(url, {"story": other.pk, "action": "unselect"})
    assert list(Selection.objects.values_list("story", flat=True)) == [accepted.pk]

    book = coordinator_client.get("/en/programmas/p/verhalen/?gekozen=on").content.decode()
    assert "Why the panel of “Ronde 2025” chose it: Laat de hele keten zien." in book

    coordinator_client.post(f"/en/programmas/p/selectie/{selection_round.pk}/sluiten/", {"close": "1"})
    assert SelectionRound.objects.get().is_closed
    response = coordinator_client.post(url, {"story": other.pk, "reason": "Te laat."}, follow=True)
    assert "This selection round is closed." in follow_messages(response)
    coordinator_client.post(url, {"story": accepted.pk, "action": "unselect"})
    assert list(Selection.objects.values_list("story", flat=True)) == [accepted.pk]
    rounds = coordinator_client.get("/en/programmas/p/selectie/").content.decode()
    assert "1 story selected · closed" in rounds


def test_a_round_needs_a_title_panel_and_date(coordinator_client, programme):
    response = coordinator_client.post("/en/programmas/p/selectie/", {"title": "", "panel": "", "held_on": ""})
    assert response.status_code == 400 and not SelectionRound.objects.exists()


def test_a_round_page_refuses_a_story_id_that_is_not_a_number(coordinator_client, programme):
    selection_round = SelectionRound.objects.create(
        programme=programme, title="R", panel="P", held_on=dt.date(2025, 6, 1)
    )
    response = coordinator_client.post(
        f"/en/programmas/p/selectie/{selection_round.pk}/", {"story": "abc", "reason": "x"}
    )
    assert response.status_code in (400, 404)


# --- The programme page: stories behind the routes ---------------------------------------------------------------


def test_the_programme_page_shows_route_support_and_flags_a_silent_ring(
    anonymous_client, programme, line, activity, org_a
):
    save_route(line, TargetGroup.objects.get(slug="community"), dim(ENCOUNTER), dim(BEHAVIOUR), dim(EMBEDDING))
    common = {"programme": programme, "line": line, "activity": activity}
    make_story(**common, organisation=org_a, role="leerkracht", parts={1: (ENCOUNTER, "a"), 2: (BEHAVIOUR, "b")})
    make_story(**common, organisation_name="Stichting Lezen", role="Leerkracht", parts={1: (ENCOUNTER, "c")})
    make_story(**common, consent="internal", role="directeur", parts={3: (EMBEDDING, "d")})  # not for the public
    page = anonymous_client.get("/en/programmas/p/").content.decode()
    assert "Nobody has spoken about ring 3 yet" in page
    ring1_link = f'href="/en/programmas/p/verhalen/?ambitie=1&amp;dimensie={dim(ENCOUNTER).pk}">2 stories</a>'
    assert ring1_link in page
    assert "(2 organisations, 1 roles)" in page and "(1 organisations, 1 roles)" in page
    assert "Story book (2 stories)" in page
    book = anonymous_client.get(f"/en/programmas/p/verhalen/?ambitie=1&dimensie={dim(ENCOUNTER).pk}")
    assert "2 stories</p>" in book.content.decode()


# --- The story book's filters -------------------------------------------------------------------------------------


@pytest.fixture
def book(programme, line, activity, coordinator):
    """Four accepted stories that differ in every way the book filters on."""
    later = ActivityFactory(title="Ouderavond", slug="ouderavond", start=at(2024))
    second = make_line(programme, "2", "Ouders", activities=[later])
    taal = ThemeFactory(name="Taal", slug="taal")
    stories = {
        "st1": make_story(
            programme=programme,
            line=line,
            activity=activity,
            sector="po",
            themes=[taal],
            role="leerkracht",
            parts={
                1: (ENCOUNTER, "Ik ontmoette leerkrachten van andere scholen."),
                2: (BEHAVIOUR, "Ik werk nu anders."),
            },
        ),
        "st2": make_story(
            programme=programme,
            line=line,
            activity=activity,
            sector="vo",
            role="directeur",
            parts={1: (KNOWLEDGE, "Ik weet hoe een school dat aanpakt."), 3: (EMBEDDING, "Het staat in het beleid.")},
        ),
        "st3": make_story(
            programme=programme,
            line=second,
            activity=later,
            sector="po",
            role="ouder",
            parts={1: (ENCOUNTER, "Ik zag andere ouders."), 2: (CONNECTIONS, "We starten iets met de school.")},
        ),
        "st4": make_story(
            programme=programme,
            sector="",
            role="wethouder",
            collected_on=dt.date(2024, 3, 1),
            parts={1: (ENCOUNTER, "Het leeft in de wijk.")},
        ),
    }
    make_story(
        programme=programme,
        line=line,
        activity=activity,
        status="new",
        sector="po",
        themes=[taal],
        parts={1: (ENCOUNTER, "scholen scholen")},
    )  # waiting: never in the book
    selection_round = SelectionRound.objects.create(
        programme=programme, title="R", panel="P", held_on=dt.date(2025, 6, 1)
    )
    services.select_story(selection_round, stories["st1"], "Sterk.")
    services.substantiate(
        stories["st2"].parts.get(ring=3),
        name="Ans",
        role="directeur",
        date=dt.date(2025, 5, 1),
        note="Klopt.",
        user=coordinator,
    )
    return stories


def shown(client, url, book):
    body = client.get(url).content.decode()
    results = body[body.index('<div id="results"') :]
    pks = [int(pk) for pk in re.findall(r'href="/en/verhalen/(\d+)/">Story #', results)]
    names = {story.pk: name for name, story in book.items()}
    count = int(re.search(r"(\d+) stor(?:y|ies)</p>", results).group(1))
    assert count == len(pks)
    return {names[pk] for pk in pks}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"st1", "st2", "st3", "st4"}),
        ("ring=1&woord=school", {"st1", "st2"}),  # "scholen" and "school"
        ("ring=2&woord=scholen", {"st3"}),
        ("woord=school", {"st1", "st2", "st3"}),
        ("woord=de", {"st1", "st2", "st3", "st4"}),  # a stop word filters nothing
        ("ring=3", {"st2"}),
        ("dimensie={ENCOUNTER}", {"st1", "st3", "st4"}),
        ("dimensie={ENCOUNTER}&dimensie={BEHAVIOUR}", {"st1"}),  # twice means both
        ("dimensie={KNOWLEDGE}&dimensie={BEHAVIOUR}", set()),
        ("sector=po", {"st1", "st3"}),
        ("thema=taal", {"st1"}),
        ("jaar=2025", {"st1", "st2"}),  # the activity's year
        ("jaar=2024", {"st3", "st4"}),  # no activity: the day it was collected
        ("gekozen=on", {"st1"}),
        ("onderbouwd=on", {"st2"}),
        ("activiteit=netwerkdag", {"st1", "st2"}),
        ("ambitie=2", {"st3"}),
        ("rol=LEER", {"st1"}),
        ("sector=po&ring=1&woord=school", {"st1"}),
    ],
)
@pytest.mark.parametrize("base", ["/en/programmas/p/verhalen/", "/en/verhalen/"])
def test_the_story_book_filters(anonymous_client, book, base, query, expected):
    query = query.format(ENCOUNTER=dim(ENCOUNTER).pk, BEHAVIOUR=dim(BEHAVIOUR).pk, KNOWLEDGE=dim(KNOWLEDGE).pk)
    assert shown(anonymous_client, f"{base}?{query}", book) == expected


def test_the_network_book_narrows_to_a_programme(anonymous_client, book):
    make_story(programme=make_programme(slug="q"), role="elders")
    assert len(shown(anonymous_client, "/en/verhalen/?programma=p", book)) == 4
    assert "5 stories</p>" in anonymous_client.get("/en/verhalen/").content.decode()


@pytest.mark.parametrize("persona_client", ["anonymous", "editor_a", "coordinator"], indirect=True)
def test_the_book_and_a_story_page_take_as_many_queries_for_many_stories_as_for_few(
    persona_client, count_queries, programme, line, activity
):
    theme = ThemeFactory(name="Taal")

    def add_stories(count):
        for number in range(count):
            story = make_story(
                programme=programme,
                line=line,
                activity=activity,
                themes=[theme],
                consent="named",
                name=f"N{number}",
                parts={1: (ENCOUNTER, "Een."), 3: (EMBEDDING, "Drie.")},
            )
            services.substantiate(
                story.parts.get(ring=3), name="A", role="B", date=dt.date(2025, 1, 1), note="C", user=None
            )
        return story

    add_stories(2)
    _response, few = count_queries(persona_client, "/en/verhalen/")
    last = add_stories(20)
    invalidation.renew(STORY_BOOK_FILTERS)  # the stories left the filter panel cached; both blocks are made anew
    response, many = count_queries(persona_client, "/en/verhalen/")
    assert "22 stories</p>" in response.content.decode()
    assert many == few
    _response, detail = count_queries(persona_client, f"/en/verhalen/{last.pk}/")
    assert detail < 40


def test_the_whole_filtered_book_on_one_page_to_print(anonymous_client, programme, line, activity):
    for number in range(30):
        make_story(programme=programme, line=line, activity=activity, sector="po" if number < 27 else "vo")
    paged = anonymous_client.get("/en/verhalen/?sector=po").content.decode()
    assert "27 stories</p>" in paged and paged.count('<article class="rimpel-story') == 25
    assert 'href="?sector=po&amp;afdrukken=1"' in paged
    printing = anonymous_client.get("/en/verhalen/?sector=po&afdrukken=1&page=2").content.decode()
    assert printing.count('<article class="rimpel-story') == 27
    assert 'href="?sector=po">' in printing  # back to pages of 25, keeping the filter
    hostile = anonymous_client.get("/en/verhalen/?afdrukken=1&rol=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in hostile.content.decode()


def test_a_filter_change_from_htmx_returns_only_the_results(anonymous_client, book):
    response = anonymous_client.get("/en/programmas/p/verhalen/?sector=vo", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "1 story</p>" in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("query", ["jaar=abc", "dimensie=abc", "ring=7", "thema=<script>", "page=999", "gekozen=x"])
def test_nonsense_filters_do_not_break_the_book(anonymous_client, book, query):
    response = anonymous_client.get(f"/en/verhalen/?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('<div id="results"')[1]


@pytest.mark.parametrize("year", ["0", "99999", "-5", "1.5"])
def test_an_impossible_year_finds_nothing_instead_of_failing(anonymous_client, book, year):
    response = anonymous_client.get(f"/en/verhalen/?jaar={year}")
    assert response.status_code in (200, 400)


def test_an_unconfirmed_delete_returns_to_the_same_respondent(coordinator_client, programme):
    make_story(programme=programme, consent="named", name="Jan", email="jan+piet@example.org")
    response = coordinator_client.post(
        "/en/verhalen/respondent/", {"respondent": "jan+piet@example.org", "action": "delete"}, follow=True
    )
    assert "1 story found" in response.content.decode()
    assert StoryPart.objects.count() == 1


@pytest.mark.parametrize("query, distinct", [("", False), ("thema=taal", True), ("sector=po", False)])
def test_the_book_sorts_only_ids_and_uses_distinct_only_for_filters_that_can_repeat_a_story(
    anonymous_client, book, query, distinct
):
    """Sorting and de-duplicating whole rows with their joins took seconds at city scale (issue 9's benchmark)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert anonymous_client.get(f"/en/verhalen/?{query}").status_code == 200
    sorting = [
        q["sql"]
        for q in context.captured_queries
        if 'ORDER BY "programmes_programme"."name"' in q["sql"] and "stories_story" in q["sql"]
    ]
    assert len(sorting) == 1
    selected = sorting[0][: sorting[0].index(" FROM ")]
    assert '"stories_story"."quote"' not in selected and '"activities_activity"."description"' not in selected
    assert ("DISTINCT" in sorting[0]) is distinct
