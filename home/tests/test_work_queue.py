"""Mijn werk as the work queue: what a coordinator, an editor and a member see, and a bounded query count."""

import datetime as dt

import pytest
from django.utils import timezone

from core.models import BackgroundJob
from core.services import send_back
from network.models import Invitation, SignUp
from offerings.tests.factories import OfferingFactory
from programmes.models import Programme
from stories.models import Consent, Story, StoryStatus
from tests.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/account/mijn-werk/"
REASON = "Het adres ontbreekt."


def programme(slug, organisation):
    record = Programme.objects.create(
        slug=slug, name=f"Programma {slug}", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    record.organisations.add(organisation)
    return record


def invitation(organisation, email):
    now = timezone.now()
    return Invitation.objects.create(
        email=email,
        organisation=organisation,
        role="editor",
        language="nl",
        token_hash=email,
        sent_at=now,
        expires_at=now + dt.timedelta(days=7),
    )


@pytest.fixture
def world(org_a, org_b, coordinator):
    ActivityFactory(title="Activiteit A", organisers=[org_a], publication_status="draft")
    ActivityFactory(title="Activiteit B", organisers=[org_b], publication_status="draft")
    ActivityFactory(title="Gepubliceerd A", organisers=[org_a])
    ProjectFactory(code="PA", title="Project A", leads=[org_a], publication_status="draft")
    OfferingFactory(title="Aanbod A", provider=org_a, publication_status="draft")
    OfferingFactory(title="Aanbod B", provider=org_b, publication_status="draft")
    programme("pa", org_a)
    sent = ActivityFactory(title="Teruggestuurd A", organisers=[org_a], publication_status="draft")
    send_back(sent, REASON, by=coordinator)
    Story.objects.create(
        respondent_role="docent", consent=Consent.ROLE, collected_on=dt.date(2026, 1, 5), status=StoryStatus.NEW
    )
    invitation(org_a, "nieuw-a@example.org")
    invitation(org_b, "nieuw-b@example.org")
    invitation(org_b, "nog-een-b@example.org")


def listed(response):
    return {str(kind.label): sorted(str(d.record) for d in kind.drafts) for kind in response.context["work"].drafts}


def test_the_coordinator_sees_every_kind_of_draft_stories_and_invitations(coordinator_client, world):
    response = coordinator_client.get(URL)
    assert listed(response) == {
        "Activiteiten": ["Activiteit A", "Activiteit B", "Teruggestuurd A"],
        "Projecten": ["PA Project A"],
        "Aanbod": ["Aanbod A", "Aanbod B"],
        "Programma's": ["Programma pa"],
    }
    work = response.context["work"]
    assert work.new_stories == 1 and work.invitation_count == 3
    html = response.content.decode()
    assert "/verhalen/beheer/" in html
    assert "/organisaties/organisatie-b/uitnodigingen/" in html
    assert "Teruggestuurd, nog niet aangepast" in html
    assert "Organisatie A" in html  # each draft with its organisation


def test_the_editor_sees_their_organisations_drafts_and_what_was_sent_back(editor_a_client, world):
    response = editor_a_client.get(URL)
    assert listed(response) == {
        "Activiteiten": ["Activiteit A", "Teruggestuurd A"],
        "Projecten": ["PA Project A"],
        "Aanbod": ["Aanbod A"],
        "Programma's": ["Programma pa"],
    }
    work = response.context["work"]
    assert [str(record) for record in work.sent_back] == ["Teruggestuurd A"]
    assert work.new_stories is None and work.invitation_count == 1
    html = response.content.decode()
    assert "Naar je teruggestuurd" in html and REASON in html
    assert "/verhalen/beheer/" not in html and "/organisatie-b/uitnodigingen/" not in html


def test_the_queue_links_to_inviting_someone(coordinator_client, editor_a_client, member_client):
    """An editor invites colleagues of their own organisation; the queue's invitations say where."""
    link = '<a class="utrecht-link" href="/uitnodigingen/nieuw/">'
    assert f"{link}Een collega uitnodigen</a>" in editor_a_client.get(URL).content.decode()
    assert f"{link}Iemand uitnodigen</a>" in coordinator_client.get(URL).content.decode()
    assert "/uitnodigingen/nieuw/" not in member_client.get(URL).content.decode()


def test_a_member_sees_no_queue(member_client, world):
    response = member_client.get(URL)
    work = response.context["work"]
    assert work.drafts == [] and work.sent_back == [] and work.invitations == [] and work.new_stories is None
    html = response.content.decode()
    assert "Wacht op jou" not in html and "Activiteit A" not in html


def test_the_coordinator_sees_sign_ups_waiting_for_approval_and_the_editor_does_not(
    coordinator_client, editor_a_client, org_a
):
    now = timezone.now()
    SignUp.objects.create(
        first_name="Sanne",
        last_name="de Wit",
        email="sanne@example.org",
        organisation=org_a,
        language="nl",
        token_hash="a-hash",
        expires_at=now + dt.timedelta(days=2),
        verified_at=now,
    )
    response = coordinator_client.get(URL)
    assert response.context["work"].signups == 1
    assert "Aanmeldingen: 1 persoon wacht op je goedkeuring" in response.content.decode()
    assert editor_a_client.get(URL).context["work"].signups is None


def test_an_empty_queue_says_so(coordinator_client):
    assert "Er wacht niets op je." in coordinator_client.get(URL).content.decode()


def test_long_lists_are_capped_and_counted(coordinator_client, org_a):
    for number in range(12):
        ActivityFactory(title=f"Concept {number}", organisers=[org_a], publication_status="draft")
    response = coordinator_client.get(URL)
    [activities] = [kind for kind in response.context["work"].drafts if kind.total]
    assert len(activities.drafts) == 10 and activities.more == 2
    assert "En nog 2." in response.content.decode()


@pytest.mark.parametrize("client_name", ["coordinator_client", "editor_a_client"])
def test_the_query_count_does_not_grow_with_the_drafts(
    request, client_name, world, org_a, org_b, coordinator, django_assert_max_num_queries
):
    client = request.getfixturevalue(client_name)
    for number in range(15):
        record = ActivityFactory(title=f"Meer {number}", organisers=[org_a, org_b], publication_status="draft")
        send_back(record, REASON, by=coordinator)
        OfferingFactory(title=f"Meer aanbod {number}", provider=org_a, publication_status="draft")
        programme(f"p{number}", org_a)
    with django_assert_max_num_queries(40):
        assert client.get(URL).status_code == 200


def test_my_work_lists_my_own_background_jobs_and_not_others(member, member_client, editor_a, editor_a_client):
    now = timezone.now()
    Status = BackgroundJob.Status
    ready = BackgroundJob.objects.create(
        kind="report", title="Impactrapport 2026 (PDF)", requested_by=member, status=Status.DONE, finished_at=now
    )
    running = BackgroundJob.objects.create(
        kind="import", title="Import van activiteiten", requested_by=member, status=Status.RUNNING, done=1, total=4
    )
    BackgroundJob.objects.create(
        kind="report",
        title="Verslag van vorige maand",
        requested_by=member,
        status=Status.FAILED,
        finished_at=now - dt.timedelta(days=8),
    )
    BackgroundJob.objects.create(kind="export", title="Export van het netwerk", requested_by=editor_a)
    BackgroundJob.objects.create(kind="report", title="Verslag van een bezoeker", session_hash="abc")

    page = member_client.get(URL).content.decode()
    assert f'href="/taken/{ready.pk}/">Impactrapport 2026 (PDF)</a> · Klaar · klaar op' in page
    assert f'href="/taken/{running.pk}/">Import van activiteiten</a> · Bezig · 25% · gevraagd op' in page
    for hidden in ("Verslag van vorige maand", "Export van het netwerk", "Verslag van een bezoeker"):
        assert hidden not in page  # finished more than 7 days ago, someone else's, a visitor's

    editor_page = editor_a_client.get(URL).content.decode()
    assert "Export van het netwerk" in editor_page and "Impactrapport" not in editor_page
    assert "Je rapporten, imports en exports" in editor_page


def test_my_work_says_so_when_no_background_work_was_asked(member_client):
    page = member_client.get(URL).content.decode()
    assert "Je hebt de afgelopen 7 dagen geen rapporten, imports of exports gevraagd." in page
