"""What never leaves through the API: drafts of others, unpublished stories, names without consent,
people (a line's holders by name and organisation only), attendance, the lines' meetings."""

from django.utils import timezone

from attendance.models import Participant
from meetings.models import Decision, FollowUp, Meeting
from network.services_lines import retire_line
from stories.tests.factories import make_programme, make_story
from tests.factories import ActivityFactory, LineFactory, OrganisationFactory, PersonFactory


def test_drafts_are_not_listed_without_a_token(client, org_a):
    ActivityFactory(title="Concept", organisers=[org_a], publication_status="draft")
    assert client.get("/api/activities/").json()["count"] == 0
    assert client.get("/api/activities/?status=draft").status_code == 401


def test_a_token_sees_only_its_own_organisations_drafts(client, as_a, org_a, org_b):
    ActivityFactory(title="Own draft", organisers=[org_a], publication_status="draft")
    other = ActivityFactory(title="Other draft", organisers=[org_b], publication_status="draft")
    listed = client.get("/api/activities/?status=draft", **as_a).json()["results"]
    assert [activity["title"] for activity in listed] == ["Own draft"]
    assert client.get(f"/api/activities/{other.slug}/", **as_a).status_code == 404
    # The default list stays what the public sees, with or without a token.
    assert client.get("/api/activities/", **as_a).json()["count"] == 0


def test_a_logged_in_coordinator_gets_only_public_data(coordinator_client, org_a):
    ActivityFactory(organisers=[org_a], publication_status="draft")
    make_story(status="new")
    assert coordinator_client.get("/api/activities/").json()["count"] == 0
    assert coordinator_client.get("/api/stories/").json()["count"] == 0


def test_only_published_stories_with_public_consent(client):
    programme = make_programme()
    shown = make_story(programme=programme, quote="Mooi")
    make_story(programme=programme, status="new")
    make_story(programme=programme, status="rejected")
    make_story(programme=programme, consent="internal")
    body = client.get("/api/stories/").json()
    assert [story["id"] for story in body["results"]] == [shown.pk]
    assert body["results"][0]["programme"] == {"slug": programme.slug, "name": programme.name}


def test_respondents_are_named_by_role_unless_they_agreed(client):
    make_story(role="docent po", consent="role", name="Anna", organisation_name="School X", email="a@x.nl")
    make_story(role="wethouder", consent="named", name="Bert", organisation_name="Gemeente", email="b@x.nl")
    results = client.get("/api/stories/").json()["results"]
    by_role = {story["respondent"]["role"]: story for story in results}
    assert by_role["docent po"]["respondent"]["name"] == ""
    assert by_role["docent po"]["respondent"]["organisation"] == ""
    assert by_role["wethouder"]["respondent"]["name"] == "Bert"
    assert b"a@x.nl" not in client.get("/api/stories/").content
    assert b"b@x.nl" not in client.get("/api/stories/").content  # e-mail addresses never


def test_a_story_about_a_draft_activity_does_not_name_it(client):
    draft = ActivityFactory(title="Geheime bijeenkomst", publication_status="draft")
    make_story(activity=draft)
    response = client.get("/api/stories/")
    assert response.json()["results"][0]["activity"] is None
    assert b"Geheime bijeenkomst" not in response.content


def test_people_and_attendance_never_appear(client, org_a):
    PersonFactory(organisation=org_a, name="Carla Lid", email="carla@example.org", phone="0612345678")
    Participant.objects.create(key="k" * 64, display_name="Deelnemer Dirk")
    activity = ActivityFactory(organisers=[org_a])
    for url in (
        "/api/organisations/",
        f"/api/organisations/{org_a.slug}/",
        "/api/activities/",
        f"/api/activities/{activity.slug}/",
    ):
        content = client.get(url).content
        for private in (b"Carla", b"carla@example.org", b"0612345678", b"Dirk"):
            assert private not in content, (url, private)


def test_unpublished_programmes_and_projects_stay_hidden(client):
    make_programme(slug="geheim", published=False)
    OrganisationFactory()
    assert client.get("/api/programmes/").json()["count"] == 0
    assert client.get("/api/programmes/geheim/").status_code == 404


def test_line_holders_by_name_and_organisation_never_their_address_or_phone(client, coordinator_client, org_a):
    line = LineFactory(name="Lezen")
    line.holders.add(PersonFactory(name="Hanna Houder", organisation=org_a, email="hanna@example.org", phone="0611"))
    retired = LineFactory(name="Oud")
    retired.holders.add(PersonFactory(name="Oscar Oud", email="oscar@example.org", phone="0622"))
    retire_line(retired)
    for reader in (client, coordinator_client):  # a session adds nothing in the API
        for url in ("/api/lines/", "/api/lines/?retired=1", "/api/lines/lezen/", "/api/lines/oud/"):
            content = reader.get(url).content
            for private in (b"hanna@example.org", b"0611", b"oscar@example.org", b"0622", b"mailto"):
                assert private not in content, (url, private)
        assert b"Hanna Houder" in reader.get("/api/lines/").content
        assert b"Oscar Oud" not in reader.get("/api/lines/").content  # a retired line's only when asked for


def test_a_lines_meetings_stay_out_of_the_api(client, org_a):
    line = LineFactory(name="Lezen")
    invitee = PersonFactory(name="Ina Genodigd", organisation=org_a)
    meeting = Meeting.objects.create(
        line=line, title="Overleg lezen", starts_at=timezone.now(), agenda="Agendapunt X", notes="Notitie Y"
    )
    meeting.invitees.add(invitee)
    Decision.objects.create(meeting=meeting, text="Besluit Z")
    FollowUp.objects.create(meeting=meeting, text="Taak W", owner=invitee)
    for url in ("/api/lines/", "/api/lines/lezen/"):
        content = client.get(url).content
        for private in (b"Overleg lezen", b"Agendapunt X", b"Notitie Y", b"Ina Genodigd", b"Besluit Z", b"Taak W"):
            assert private not in content, (url, private)
