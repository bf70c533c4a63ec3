"""What never leaves through the API: drafts of others, unpublished stories, names without consent,
people, attendance."""

from attendance.models import Participant
from stories.tests.factories import make_programme, make_story
from tests.factories import ActivityFactory, OrganisationFactory, PersonFactory


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
