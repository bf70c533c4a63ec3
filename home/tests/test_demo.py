"""The demo network: complete enough to show every page, resolvable aliases, and safe to load twice."""

import pytest
from django.core.management import call_command

from accounts.models import User
from activities.models import Activity
from core.models import OutgoingMail, PublicationStatus
from meetings.models import Meeting
from network.models import Line, NetworkProfile, Organisation
from network.services import resolve_organisation
from projects.models import Cluster, Project
from questions.models import Response


@pytest.fixture
def demo(demo_network, db):
    """The demo as `load_demo --demo-users` leaves it; loaded once for the module, each test's writes undone."""


def _counts():
    return (
        Organisation.objects.count(),
        Activity.objects.count(),
        Project.objects.count(),
        Line.objects.count(),
        Meeting.objects.count(),
    )


def test_demo_fills_every_part_of_the_site(demo):
    assert Organisation.objects.count() >= 100
    assert Project.objects.count() >= 55
    assert set(Project.objects.values_list("cluster", flat=True)) == set(Cluster.values)
    assert set(Line.objects.values_list("kind", flat=True)) == {"zichtlijn", "dwarslijn"}
    assert Activity.objects.filter(lines__isnull=False).exists()
    profile = NetworkProfile.objects.get()
    assert {role.key for role in profile.roles.all()} == {"platform", "makelaar", "pionier", "verdiepen"}
    assert Activity.objects.filter(title__icontains="Nacht van de Leraar").exists()


def test_every_line_of_seed_001_has_its_7_april_meeting_with_agenda_and_holders(demo):
    ai = Line.objects.get(slug="ai")
    assert ai.kind == "dwarslijn" and ai.holders.count() == 2 and ai.questions.exists()
    meetings = Meeting.objects.filter(starts_at__date="2026-04-07").select_related("line", "activity")
    assert {meeting.line.slug for meeting in meetings} == set(Line.objects.values_list("slug", flat=True))
    welzijn = meetings.get(line__slug="welzijn")
    assert (
        "LEFtival" in welzijn.agenda and "docenten" in welzijn.agenda and welzijn.activity.place.startswith("LLokaal")
    )
    assert set(welzijn.invitees.all()) == set(welzijn.line.holders.all())


def test_abbreviations_from_the_project_agenda_resolve(demo):
    assert resolve_organisation("HsL").name == "Hogeschool Leiden"
    assert resolve_organisation("hogeschool leiden").name == "Hogeschool Leiden"
    faculty = resolve_organisation("UL/FSW")
    assert faculty.parent == resolve_organisation("UL")
    assert resolve_organisation("mboR") is not None
    assert resolve_organisation("GL").sector == "gemeente"


def test_loading_twice_changes_nothing(demo):
    before = _counts()
    call_command("load_demo", "--demo-users")
    assert _counts() == before
    assert User.objects.get(username="redacteur").person.name == "Marieke van Dijk"  # logins kept as they are


def test_if_empty_leaves_an_existing_network_alone(demo, capsys):
    Organisation.objects.filter(name="Hogeschool Leiden").update(description="Eigen tekst")
    call_command("load_demo", "--if-empty")
    assert Organisation.objects.get(name="Hogeschool Leiden").description == "Eigen tekst"
    assert "coordinator" in capsys.readouterr().out


def test_demo_drafts_wait_for_the_coordinator(demo, client):
    drafts = Activity.objects.filter(publication_status=PublicationStatus.DRAFT)
    assert drafts.exists()
    draft = drafts.first()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_demo_programmes_carry_the_seeds_facts(demo):
    from decimal import Decimal

    from programmes.models import Programme
    from programmes.services import budget_table, rollup

    lnos = Programme.objects.get(slug="lnos25")
    routes = {
        (route.line.title, route.target_group.slug): [d.name for d in route.dimensions]
        for line in lnos.lines.all()
        for route in line.routes.all()
    }
    assert sorted(routes.values()) == sorted(
        [
            ["Waardering & betrokkenheid", "Begrip & beeldvorming", "Sociaal-culturele effecten"],
            ["Waardering & betrokkenheid", "Verbindingen & initiatieven", "Sociaal-culturele effecten"],
            ["Kennis & bewustzijn", "Houding & gedrag", "Sociaal-culturele effecten"],
        ]
    )
    assert {group for _title, group in routes} == {"professional", "community", "partners"}
    assert lnos.reasoning_lines.filter(title__icontains="kleine wereldstad").exists()
    assert {(f.value, f.qualifier) for f in lnos.reported_figures.all()} >= {
        (Decimal(226), "exact"),
        (Decimal(80), "at_least"),
        (Decimal(17000), "at_least"),
    }
    assert rollup(lnos).participants >= 350

    equal_chances = Programme.objects.get(slug="gelijke-kansen-2024-2026")
    table = budget_table(equal_chances)
    realised = {year: amount for year, _planned, amount in table.year_totals}
    assert (realised[2024], realised[2025], table.realised_total) == (387_000, 678_000, 1_065_000)
    assert table.planned_total == equal_chances.budget == 1_800_000
    assert equal_chances.lines.count() == 3
    assert all(line.actions.count() == 3 for line in equal_chances.lines.all())


def test_demo_logins_have_the_names_of_their_demo_people(demo):
    for username, name in [
        ("coordinator", "Hanneke Willems"),
        ("redacteur", "Marieke van Dijk"),
        ("redacteur-gemeente", "Esther Mulder"),
    ]:
        user = User.objects.get(username=username)
        assert user.get_full_name() == name
        assert user.person.name == name  # the login's card in the directory
    marieke = User.objects.get(username="redacteur")
    assert (marieke.first_name, marieke.last_name) == ("Marieke", "van Dijk")


def test_loading_the_demo_sends_no_mail(demo):
    """The demo's offers of help are history, not news: a fresh `make run` leaves var/mail/ empty. Every mail is
    an OutgoingMail row first (core.mail), so none was written."""
    assert Response.objects.exists()
    assert OutgoingMail.objects.count() == 0


def test_every_demo_login_has_a_role_at_an_organisation(demo):
    """People shows a role for each: the editors edit their organisation, the other demo people are members of the
    organisation the directory places them in; only the coordinator needs none."""
    for user in User.objects.filter(is_coordinator=False):
        organisations = {*user.editable_organisations.all(), *user.member_organisations.all()}
        assert organisations, f"{user.username} has no role"
        if not user.editable_organisations.exists():
            assert user.person.organisation in organisations


def test_demo_documents_are_the_media_the_seeds_name(demo, client):
    from documents.models import Document

    documents = {document.kind: document for document in Document.objects.all()}
    assert {"report", "brochure", "infographic", "audio", "video"} <= set(documents)
    assert Document.objects.count() >= 5
    assert documents["infographic"].content_type == "image/png"
    assert documents["audio"].url.startswith("https://") and not documents["audio"].file
    assert all("voorbeeld" in document.description.lower() or document.url for document in documents.values())
    library = client.get("/documenten/").content.decode()
    assert "Audioportretten van Leidse leerlingen" in library
    report = Document.objects.filter(kind="report", content_type="application/pdf").first()
    assert client.get(f"/documenten/{report.pk}/bestand/")["Content-Type"] == "application/pdf"
