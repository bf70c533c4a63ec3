"""core.permissions: the single place that decides who sees and changes what."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from activities.models import Activity
from core.models import BackgroundJob, PublicationStatus
from core.permissions import (
    can_accept_offer,
    can_edit,
    can_edit_identity,
    can_edit_parent_pages,
    can_export_network,
    can_follow,
    can_invite,
    can_invite_coordinator,
    can_keep_related_terms,
    can_manage_documents,
    can_manage_line,
    can_manage_people,
    can_manage_registration,
    can_manage_school_data,
    can_manage_themes,
    can_manage_wijk_map,
    can_merge_organisations,
    can_publish,
    can_rebuild_search_index,
    can_register,
    can_see_broker_view,
    can_see_job,
    can_see_school_details,
    can_send_back,
    can_use_admin,
    editable_organisations,
    is_coordinator,
    is_editor,
    require,
    require_edit,
    require_visible,
    visible,
)
from documents.models import Document
from documents.permissions import may_see_document, visible_documents
from projects.models import Project
from questions.models import Question, Response
from questions.permissions import visible_questions
from questions.services import save_question
from stories.models import Story
from stories.permissions import private_story_ids, visible_stories
from stories.tests.factories import make_programme, make_story
from tests.factories import (
    ActivityFactory,
    DocumentFactory,
    LineFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def users(anonymous, member, editor_a, editor_b, coordinator, superuser):
    return {
        "anonymous": anonymous,
        "member": member,
        "editor_a": editor_a,
        "editor_b": editor_b,
        "coordinator": coordinator,
        "superuser": superuser,
    }


ROLES = ["anonymous", "member", "editor_a", "editor_b", "coordinator", "superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_only_active_superusers_use_the_admin(users, role):
    assert can_use_admin(users[role]) is (role == "superuser")


def test_staff_and_inactive_superusers_do_not_use_the_admin(superuser):
    assert not can_use_admin(UserFactory(username="staff", is_staff=True, is_coordinator=True))
    superuser.is_active = False
    assert not can_use_admin(superuser)


@pytest.mark.parametrize("role", ROLES)
def test_a_background_job_is_seen_by_who_asked_and_coordinators(users, role):
    asked = BackgroundJob(kind="report", title="Rapport", requested_by=users["editor_a"])
    expected = role in ("editor_a", "coordinator", "superuser")
    assert can_see_job(users[role], asked, session_hash="") is expected
    visitors = BackgroundJob(kind="report", title="Rapport", session_hash="abc")
    assert can_see_job(users[role], visitors, session_hash="abc") is True
    assert can_see_job(users[role], visitors, session_hash="") is (role in ("coordinator", "superuser"))
    assert can_see_job(users[role], visitors, session_hash="xyz") is (role in ("coordinator", "superuser"))


@pytest.mark.parametrize("role", ROLES)
def test_roles(users, org_a, org_b, role):
    user = users[role]
    coordinates = role in ("coordinator", "superuser")
    assert is_coordinator(user) is coordinates
    assert can_publish(user) is coordinates
    assert can_send_back(user) is coordinates
    assert can_export_network(user) is coordinates
    assert can_keep_related_terms(user) is coordinates
    assert can_rebuild_search_index(user) is coordinates
    assert can_see_broker_view(user) is coordinates
    assert can_see_school_details(user) is coordinates  # none of these personas is at the municipality
    assert can_manage_wijk_map(user) is coordinates
    assert is_editor(user) is (coordinates or role.startswith("editor"))
    expected = {
        "anonymous": set(),
        "member": set(),
        "editor_a": {org_a},
        "editor_b": {org_b},
        "coordinator": {org_a, org_b},
        "superuser": {org_a, org_b},
    }[role]
    assert set(editable_organisations(user)) == expected


@pytest.mark.parametrize("role", ROLES)
def test_can_edit_each_kind_of_record(users, org_a, org_b, role):
    user = users[role]
    allowed = role in ("editor_a", "coordinator", "superuser")
    records = [
        org_a,
        PersonFactory(organisation=org_a),
        ActivityFactory(organisers=[org_a]),
        ProjectFactory(leads=[org_a]),
    ]
    for record in records:
        assert can_edit(user, record) is allowed, f"{role} on {type(record).__name__}"


@pytest.mark.parametrize("role", ROLES)
def test_who_manages_an_activitys_sign_up_and_who_signs_up(users, org_a, member, role):
    user = users[role]
    assert can_manage_registration(user, ActivityFactory(organisers=[org_a])) is (
        role in ("editor_a", "coordinator", "superuser")
    )
    assert can_register(user, "public")
    assert can_register(user, "members") is (role != "anonymous")
    # Partners: people of an organisation in the directory (editors now; members below) and coordinators.
    assert can_register(user, "partners") is (role not in ("anonymous", "member"))


def test_a_member_of_an_organisation_is_a_partner(member, org_a):
    assert not can_register(member, "partners")
    org_a.members.add(member)
    assert can_register(member, "partners")


def test_activity_with_two_organisers_is_edited_by_both(editor_a, editor_b, member, org_a, org_b):
    shared = ActivityFactory(organisers=[org_a, org_b])
    assert can_edit(editor_a, shared) and can_edit(editor_b, shared)
    assert not can_edit(member, shared)


def test_project_partner_does_not_edit(editor_b, org_a, org_b):
    project = ProjectFactory(leads=[org_a], partners=[org_b])
    assert not can_edit(editor_b, project)


def test_sub_organisation_is_not_edited_by_the_parents_editor(editor_a, org_a):
    child = OrganisationFactory(parent=org_a)
    assert not can_edit(editor_a, child)


def test_require():
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)


class TestVisible:
    @pytest.fixture
    def activities(self, org_a, org_b):
        return {
            "published": ActivityFactory(title="Openbaar", organisers=[org_b]),
            "draft_a": ActivityFactory(title="Concept A", organisers=[org_a], publication_status=DRAFT),
            "draft_b": ActivityFactory(title="Concept B", organisers=[org_b], publication_status=DRAFT),
            "draft_ab": ActivityFactory(title="Concept AB", organisers=[org_a, org_b], publication_status=DRAFT),
        }

    @pytest.mark.parametrize(
        "role, titles",
        [
            ("anonymous", ["Openbaar"]),
            ("member", ["Openbaar"]),
            ("editor_a", ["Concept A", "Concept AB", "Openbaar"]),
            ("editor_b", ["Concept AB", "Concept B", "Openbaar"]),
            ("coordinator", ["Concept A", "Concept AB", "Concept B", "Openbaar"]),
            ("superuser", ["Concept A", "Concept AB", "Concept B", "Openbaar"]),
        ],
    )
    def test_activities(self, users, activities, role, titles):
        found = list(visible(Activity.objects.all(), users[role], "organisers").values_list("title", flat=True))
        assert sorted(found) == titles  # each once, even with two organisers

    def test_editor_of_both_organisations_sees_a_shared_draft_once(self, editor_a, org_b, activities):
        org_b.editors.add(editor_a)
        found = list(visible(Activity.objects.all(), editor_a, "organisers").values_list("title", flat=True))
        assert sorted(found) == ["Concept A", "Concept AB", "Concept B", "Openbaar"]

    def test_projects_by_leads_not_partners(self, editor_a, editor_b, org_a, org_b):
        ProjectFactory(code="D1", leads=[org_a], partners=[org_b], publication_status=DRAFT)
        ProjectFactory(code="P1", leads=[org_b])
        assert sorted(visible(Project.objects.all(), editor_a, "leads").values_list("code", flat=True)) == ["D1", "P1"]
        assert list(visible(Project.objects.all(), editor_b, "leads").values_list("code", flat=True)) == ["P1"]

    def test_can_be_filtered_further(self, editor_a, activities):
        found = visible(Activity.objects.all(), editor_a, "organisers").filter(title__startswith="Concept")
        assert sorted(found.values_list("title", flat=True)) == ["Concept A", "Concept AB"]


class TestStories:
    """The stories part of the rule set (stories.permissions)."""

    @pytest.fixture
    def stories(self, org_a, org_b):
        activity_a, activity_b = ActivityFactory(organisers=[org_a]), ActivityFactory(organisers=[org_b])
        programme_a = make_programme(organisations=[org_a])
        return {
            "public": make_story(activity=activity_b, role="public"),
            "internal_a": make_story(activity=activity_a, role="internal_a", consent="internal"),
            "internal_b": make_story(activity=activity_b, role="internal_b", consent="internal"),
            "new_a": make_story(activity=activity_a, role="new_a", status="new"),
            "programme_a": make_story(programme=programme_a, role="programme_a", consent="internal"),
        }

    @pytest.mark.parametrize(
        "role, seen",
        [
            ("anonymous", ["public"]),
            ("member", ["public"]),
            ("editor_a", ["internal_a", "new_a", "programme_a", "public"]),
            ("editor_b", ["internal_b", "public"]),
            ("coordinator", ["internal_a", "internal_b", "new_a", "programme_a", "public"]),
        ],
    )
    def test_visible_stories_are_the_public_ones_plus_those_of_own_activities_and_programmes(
        self, users, stories, role, seen
    ):
        found = visible_stories(Story.objects.all(), users[role]).values_list("respondent_role", flat=True)
        assert sorted(found) == seen

    @pytest.mark.parametrize(
        "role, private",
        [
            ("anonymous", []),
            ("member", []),
            ("editor_a", ["internal_a", "new_a", "programme_a"]),
            ("editor_b", ["internal_b", "public"]),
            ("coordinator", ["internal_a", "internal_b", "new_a", "programme_a", "public"]),
        ],
    )
    def test_the_respondent_in_full_only_for_own_stories(self, users, stories, role, private):
        ids = private_story_ids(users[role], list(Story.objects.all()))
        assert sorted(Story.objects.filter(pk__in=ids).values_list("respondent_role", flat=True)) == private


@pytest.mark.parametrize(
    "role, titles", [("anonymous", ["Voor iedereen"]), ("member", ["Voor iedereen", "Voor leden"])]
)
def test_questions_for_members_only_are_hidden_from_the_public(users, member, role, titles):
    for title, visibility in (("Voor iedereen", "public"), ("Voor leden", "members")):
        question = Question(title=title, looking_for="Een partner.", asker=member, visibility=visibility)
        save_question(question, themes=[], sector_codes=[])
    found = visible_questions(Question.objects.all(), users[role]).values_list("title", flat=True)
    assert sorted(found) == titles


@pytest.mark.parametrize("role", ROLES)
def test_who_invites_and_manages_people(users, org_a, org_b, role):
    """A coordinator invites to any organisation and manages every login; an editor invites to their own only;
    an organisation's member invites nobody."""
    user = users[role]
    org_a.members.add(users["member"])
    coordinating = role in ("coordinator", "superuser")
    assert can_invite(user, org_a) == (coordinating or role == "editor_a")
    assert can_invite(user, org_b) == (coordinating or role == "editor_b")
    assert can_invite_coordinator(user) == coordinating
    assert can_manage_people(user) == coordinating


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_merge_organisations(users, org_a, role):
    """Merging moves the records of two organisations: not even the editor of both may do it."""
    org_a.members.add(users["member"])
    assert can_merge_organisations(users[role]) == (role in ("coordinator", "superuser"))


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_import_and_remove_school_data(users, role):
    """DUO's and CBS's files feed the whole city's school guide and monitor: not even a school's editor."""
    assert can_manage_school_data(users[role]) == (role in ("coordinator", "superuser"))


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_edit_the_identity_page_and_the_themes(users, role):
    """The identity speaks for the network and themes group every app's records: no editor changes them."""
    allowed = role in ("coordinator", "superuser")
    assert can_edit_identity(users[role]) == allowed
    assert can_manage_themes(users[role]) == allowed
    assert can_edit_parent_pages(users[role]) == allowed


@pytest.mark.parametrize("role", ROLES)
def test_the_asker_or_a_coordinator_accepts_an_offer_and_any_member_follows(users, member, editor_b, role):
    question = save_question(
        Question(title="Wie helpt?", looking_for="Een partner.", asker=member), themes=[], sector_codes=[]
    )
    response = Response.objects.create(question=question, author=editor_b, message="Ik help.")
    assert can_accept_offer(users[role], response) == (role in ("member", "coordinator", "superuser"))
    assert can_follow(users[role]) == (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_hidden_from_whoever_may_not_edit_it(users, org_a, role):
    """Outsiders get a 404 on a draft's edit, publish and delete pages (a 403 would confirm it exists); where the
    record is visible but not editable, a 403."""
    draft = ActivityFactory(organisers=[org_a], publication_status=PublicationStatus.DRAFT)
    published = ActivityFactory(organisers=[org_a])
    may_edit = role in ("editor_a", "coordinator", "superuser")
    for check in (require_visible, require_edit):
        if may_edit:
            check(users[role], draft)
        else:
            with pytest.raises(Http404):
                check(users[role], draft)
    require_visible(users[role], published)
    if may_edit:
        require_edit(users[role], published)
    else:
        with pytest.raises(PermissionDenied):
            require_edit(users[role], published)


class TestLines:
    """Coordinators keep every line; a holder (a person of the directory with a login) only their own."""

    @pytest.fixture
    def line_and_users(self):
        holder, other_member = UserFactory(), UserFactory()
        line = LineFactory()
        line.holders.add(PersonFactory(user=holder), PersonFactory())  # a holder without a login counts for no one
        coordinator = UserFactory(is_coordinator=True)
        return line, {"holder": holder, "other": other_member, "visitor": AnonymousUser(), "coordinator": coordinator}

    @pytest.mark.parametrize(
        "who,allowed", [("holder", True), ("other", False), ("visitor", False), ("coordinator", True)]
    )
    def test_can_manage_line(self, line_and_users, who, allowed):
        line, users = line_and_users
        assert can_manage_line(users[who], line) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_who_manages_documents(users, org_a, role):
    """Whoever edits a record manages its documents (a progress update's are its project's); the network's own
    and those of records without editing organisations (a line), coordinators only."""
    project = ProjectFactory(leads=[org_a])
    coordinating = role in ("coordinator", "superuser")
    assert can_manage_documents(users[role], project) is (coordinating or role == "editor_a")
    assert can_manage_documents(users[role], ProjectUpdateFactory(project=project)) is (
        coordinating or role == "editor_a"
    )
    assert can_manage_documents(users[role], None) is coordinating
    assert can_manage_documents(users[role], LineFactory()) is coordinating
    held = LineFactory()
    held.holders.add(PersonFactory(user=users[role] if users[role].is_authenticated else None))
    assert can_manage_documents(users[role], held) is (coordinating or users[role].is_authenticated)


@pytest.mark.parametrize(
    "role, seen",
    [
        ("anonymous", ["network", "public story", "published project"]),
        ("member", ["members", "network", "public story", "published project"]),
        ("editor_a", ["members", "network", "public story", "published project"]),
        ("coordinator", ["draft project", "internal story", "members", "network", "public story", "published project"]),
    ],
)
def test_visible_documents_are_those_of_public_records_and_members_only_for_members(users, org_a, role, seen):
    DocumentFactory(title="network")
    DocumentFactory(title="members", members_only=True)
    DocumentFactory(title="published project", target=ProjectFactory(leads=[org_a]))
    DocumentFactory(
        title="draft project", target=ProjectFactory(leads=[org_a], publication_status=PublicationStatus.DRAFT)
    )
    DocumentFactory(title="public story", target=make_story(consent="role"))
    DocumentFactory(title="internal story", target=make_story(consent="internal"))
    found = visible_documents(Document.objects.all(), users[role]).values_list("title", flat=True)
    assert sorted(found) == seen
    # One document at a time: the same, plus a draft's documents for whoever may edit the draft.
    one_by_one = sorted(
        document.title for document in Document.objects.all() if may_see_document(users[role], document)
    )
    assert one_by_one == sorted(seen + (["draft project"] if role == "editor_a" else []))


def test_school_details_for_the_municipality(org_a):
    """The monitor's figures per school: coordinators and the municipality's editors and members, no one else."""
    municipality = OrganisationFactory(name="Gemeente Leiden", sector="gemeente")
    clerk, colleague, teacher = UserFactory(), UserFactory(), UserFactory()
    municipality.editors.add(clerk)
    municipality.members.add(colleague)
    org_a.editors.add(teacher)
    assert can_see_school_details(clerk) and can_see_school_details(colleague)
    assert not can_see_school_details(teacher)
    assert not can_see_school_details(AnonymousUser())
