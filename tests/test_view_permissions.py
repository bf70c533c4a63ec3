"""Permission tests for every view, generated from the URL configuration (issue 9).

The whole resolver is walked (includes, i18n_patterns, the API's ninja patterns); every named URL must have an
entry in tests/access.py, and every entry is opened by five personas against one small world of records.
A new view without an entry fails test_every_named_url_has_an_access_rule.
"""

import datetime as dt
import hashlib
import json
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import translation

from api import tokens
from attendance.models import AttendanceList, Registration, RegistrationSetup
from core.models import PublicationStatus
from exchange.services import stage_spreadsheet
from impact.models import Dimension, ImpactModel, Ring, TargetGroup
from meetings.models import FollowUp, Meeting
from network.merging import merge_organisations
from network.models import NetworkProfile
from network.services import invite, request_signup, verify_signup
from offerings.tests.factories import OfferingFactory
from programmes.models import ActionReport, Indicator, Recommendation
from questions.models import Question, Response
from questions.services import save_question
from reports.models import EvaluationSource
from stories.models import SelectionRound
from stories.tests.factories import (
    ENCOUNTER,
    SOCIAL,
    dim,
    make_line,
    make_link,
    make_programme,
    make_reasoning_line,
    make_story,
)
from tests.access import ACCESS, ADMIN_PREFIX, FORBIDDEN, LOGIN, NOT_FOUND, OK, PERSONAS, UNAUTHORIZED
from tests.factories import (
    ActivityFactory,
    DocumentFactory,
    LineFactory,
    LineQuestionFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    UserFactory,
)

DRAFT = PublicationStatus.DRAFT
SIGNUP = {"first_name": "Sanne", "last_name": "Aanmelder", "organisation_text": "Nieuwe school", "base_url": "/"}


# --- The walk -----------------------------------------------------------------------------------------------------


def walk(resolver=None, namespace=(), prefix=""):
    """(namespace:name or None, route, view) for every URL pattern, recursively through includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern, inner, prefix + str(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            name = ":".join(namespace + (pattern.name,)) if pattern.name else None
            yield name, prefix + str(pattern.pattern), pattern.callback


def _view_name(view) -> str:
    return f"{getattr(view, '__module__', '?')}.{getattr(view, '__qualname__', type(view).__name__)}"


def test_every_url_pattern_has_a_name():
    admin_root = reverse("admin:index").lstrip("/")  # the admin's own unnamed redirects and catch-all
    unnamed = [
        f"{route} → {_view_name(view)}"
        for name, route, view in walk()
        if name is None and not route.startswith(admin_root)
    ]
    assert not unnamed, "Give these URL patterns a name (the permission table is keyed by name):\n" + "\n".join(unnamed)


def test_every_named_url_has_an_access_rule():
    missing = sorted(
        {
            f"{name}  ({route} → {_view_name(view)})"
            for name, route, view in walk()
            if name and name not in ACCESS and not name.startswith(ADMIN_PREFIX)
        }
    )
    assert not missing, (
        "These URLs have no access rule. Add each to ACCESS in tests/access.py with who may open it "
        "(PUBLIC, MEMBER, EDITOR, OWN_EDITOR, COORDINATOR, OWNER, TOKEN, …) and how to build its arguments from "
        "the world in tests/test_view_permissions.py:\n" + "\n".join(missing)
    )


def test_the_access_table_names_only_urls_that_exist():
    existing = {name for name, _route, _view in walk()}
    gone = sorted(set(ACCESS) - existing)
    assert not gone, "tests/access.py names URLs that no longer exist; remove them from ACCESS: " + ", ".join(gone)


# --- The world ----------------------------------------------------------------------------------------------------


def build_world() -> SimpleNamespace:
    """Organisation A with its records (published and drafts), organisation B, and the five personas."""
    w = SimpleNamespace()
    w.org_a = OrganisationFactory(name="Organisatie A", sector="vo")
    w.org_b = OrganisationFactory(name="Organisatie B", sector="hbo")
    member = UserFactory(username="member")
    editor_a, editor_b = UserFactory(username="editor-a"), UserFactory(username="editor-b")
    coordinator = UserFactory(username="coordinator", is_coordinator=True)
    w.org_a.editors.add(editor_a)
    w.org_b.editors.add(editor_b)
    w.users = {
        "anonymous": None,
        "member": member,
        "editor_b": editor_b,
        "editor_a": editor_a,
        "coordinator": coordinator,
    }

    if not ImpactModel.objects.exists():  # the migration makes it; a flushed database may not have it
        from impact.defaults import create_defaults

        create_defaults(ImpactModel, Ring, Dimension, TargetGroup)
    w.ring = Ring.objects.order_by("number").first()
    w.dimension = Dimension.objects.filter(ring=w.ring).first()

    w.person = PersonFactory(organisation=w.org_a)
    w.line = LineFactory(name="Lijn Lezen")
    LineQuestionFactory(line=w.line)
    w.activity = ActivityFactory(title="Activiteit A", organisers=[w.org_a], lines=[w.line])
    w.meeting = Meeting.objects.create(
        line=w.line, title="Overleg lezen", starts_at=dt.datetime(2026, 4, 7, 7, tzinfo=dt.UTC)
    )
    # The member owns a follow-up of the line's meeting without holding the line.
    w.follow_up = FollowUp.objects.create(
        meeting=w.meeting, text="Verslag rondsturen", owner=PersonFactory(user=w.users["member"])
    )
    w.draft_activity = ActivityFactory(title="Concept A", organisers=[w.org_a], publication_status=DRAFT)
    ActivityFactory(title="Activiteit B", organisers=[w.org_b])
    w.project = ProjectFactory(leads=[w.org_a])
    w.draft_project = ProjectFactory(leads=[w.org_a], publication_status=DRAFT)
    w.document = DocumentFactory(target=w.project, url="", file=ContentFile(b"%PDF-1.4 test", name="a.pdf"))
    w.draft_document = DocumentFactory(target=w.draft_project, url="", file=ContentFile(b"%PDF-", name="b.pdf"))
    w.members_document = DocumentFactory(
        target=w.project, members_only=True, url="", file=ContentFile(b"%PDF-", name="c.pdf")
    )
    w.offering = OfferingFactory(provider=w.org_a)
    w.draft_offering = OfferingFactory(provider=w.org_a, publication_status=DRAFT)
    w.expired_offering = OfferingFactory(provider=w.org_a, expires_on=dt.date(2020, 1, 31))

    w.programme = make_programme(slug="programma-a", organisations=[w.org_a])
    w.programme_line = make_line(w.programme, activities=[w.activity])
    w.action = w.programme_line.actions.get()
    w.draft_programme = make_programme(
        slug="concept-programma-a", name="Concept", organisations=[w.org_a], published=False
    )
    w.draft_programme_line = make_line(w.draft_programme)
    w.draft_action = w.draft_programme_line.actions.get()
    w.action_report = ActionReport.objects.create(action=w.action, period="2025")
    w.recommendation = Recommendation.objects.create(action=w.action, text="Doorgaan.")
    w.indicator = Indicator.objects.create(action=w.action, name="Deelnemers", unit="personen")
    w.reasoning_line, _steps = make_reasoning_line(
        w.programme, activities=[w.activity], steps=[(1, ENCOUNTER, "Leraren ontmoeten elkaar.")]
    )
    w.source = EvaluationSource.objects.create(programme=w.programme, kind="interview", title="Gesprekken")
    w.selection_round = SelectionRound.objects.create(
        programme=w.programme, title="Ronde 1", panel="Kern", held_on=w.programme.period_start
    )

    # Programme B (organisation B) with one of each part, to address under programme A's slug.
    w.b = SimpleNamespace(programme=make_programme(slug="programma-b", name="Programma B", organisations=[w.org_b]))
    w.b.programme_line = make_line(w.b.programme, code="2")
    w.b.action = w.b.programme_line.actions.get()
    w.b.action_report = ActionReport.objects.create(action=w.b.action, period="2025")
    w.b.recommendation = Recommendation.objects.create(action=w.b.action, text="Stoppen.")
    w.b.indicator = Indicator.objects.create(action=w.b.action, name="Scholen", unit="scholen")
    w.b.reasoning_line, _steps = make_reasoning_line(w.b.programme, title="Redeneerlijn B")
    w.b.source = EvaluationSource.objects.create(programme=w.b.programme, kind="document", title="Verslag B")
    w.b.selection_round = SelectionRound.objects.create(
        programme=w.b.programme, title="Ronde B", panel="Kern", held_on=w.b.programme.period_start
    )

    w.link = make_link(code="linka01", activity=w.activity)
    w.story = make_story(
        programme=w.programme,
        activity=w.activity,
        parts={1: (ENCOUNTER, "Ik ontmoette collega's."), 3: (SOCIAL, "De wijk werkt samen.")},
    )
    w.new_story = make_story(programme=w.programme, activity=w.activity, status="new")
    w.story_payload = {
        "link": w.link.code,
        "respondent_role": "leerkracht",
        "consent": "role",
        "parts": [{"ring": 1, "dimension": dim(ENCOUNTER).pk, "text": "Ik leerde veel."}],
    }

    w.question = save_question(
        Question(title="Wie helpt ons?", looking_for="Een partner.", asker=member, visibility="public"),
        themes=[],
        sector_codes=["vo"],
    )
    w.members_question = save_question(
        Question(title="Alleen voor leden?", looking_for="Een partner.", asker=member, visibility="members"),
        themes=[],
        sector_codes=[],
    )
    w.response = Response.objects.create(question=w.question, author=editor_b, message="Wij helpen.")
    AttendanceList.objects.create(activity=w.activity, rows=0, figures_source="aanwezigheidslijst")
    RegistrationSetup.objects.create(activity=w.activity, audience="public")
    w.registration_token = "wereld-aanmelding"
    Registration.objects.create(
        activity=w.activity,
        name="Aangemeld",
        email="aangemeld@example.org",
        status="registered",
        queued_at=w.activity.start - dt.timedelta(days=1),
        token_hash=hashlib.sha256(w.registration_token.encode()).hexdigest(),
    )
    w.pending_import = stage_spreadsheet(
        coordinator,
        "organisations",
        None,
        accept_suggestions=False,
        filename="organisaties.csv",
        content=b"Naam;Sector\nOrganisatie C;po\n",
    )
    w.token_a, secret_a = tokens.issue(w.org_a, "Website A", coordinator)
    _token_b, secret_b = tokens.issue(w.org_b, "Website B", coordinator)
    w.secrets = {"editor_a": secret_a, "editor_b": secret_b}
    w.invitation, link = invite("nieuw@example.org", w.org_a, "editor", invited_by=coordinator, base_url="/")
    w.invitation_token = link.rstrip("/").rsplit("/", 1)[1]
    _signup, link = request_signup(**SIGNUP, email="aanmelder@example.org", organisation=w.org_a)
    w.signup_token = link.rstrip("/").rsplit("/", 1)[1]
    w.waiting_signup, _link = request_signup(**SIGNUP, email="wachtend@example.org", organisation=None)
    verify_signup(w.waiting_signup, "een-lang-wachtwoord-42")  # no organisation chosen: waits for a coordinator
    w.merge = merge_organisations(
        OrganisationFactory(name="Dubbel", sector="po"), OrganisationFactory(name="Blijft", sector="po"), by=coordinator
    )
    w.theme, w.other_theme = ThemeFactory(name="Thema A"), ThemeFactory(name="Thema B")
    NetworkProfile.objects.create(name="Het netwerk")
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; each test runs in a
    savepoint of it (pytest-django's db fixture), so what a POST changes is undone before the next test."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    """Rate limits (login, story form, API) and cached map/attendance data start empty for every request."""
    settings.API_LIMIT_PER_ADDRESS = settings.API_LIMIT_PER_TOKEN = 1_000_000
    cache.clear()
    yield
    cache.clear()


# --- Requests and outcomes ----------------------------------------------------------------------------------------


def client_for(world, persona: str, is_api: bool) -> tuple[Client, dict]:
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    headers = {}
    if is_api and persona in world.secrets:  # an editor calls the API with their organisation's token
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world.secrets[persona]}"
    return client, headers


def url_for(world, name, entry) -> str:
    url = reverse(name, args=entry.args(world))
    return f"{url}?{entry.query(world)}" if entry.query else url


def send(client, method, url, data, headers):
    if method == "get":
        return client.get(url, **headers)
    if url.startswith("/api/"):
        return getattr(client, method)(url, json.dumps(data or {}), content_type="application/json", **headers)
    return getattr(client, method)(url, data or {}, **headers)


def _is_login(response) -> bool:
    if response.status_code != 302:
        return False
    try:
        return resolve(urlsplit(response["Location"]).path).view_name == settings.LOGIN_URL
    except Resolver404:
        return False


def outcome(response, method: str) -> str:
    code = response.status_code
    if _is_login(response):
        return LOGIN
    if code in (401, 403, 404, 405):
        return str(code)
    if code < 400 or (method != "get" and code in (400, 422)):  # a POST got past the check; its input was refused
        return OK
    return f"unexpected {code}"


CASES = [(name, index, entry) for name, entries in ACCESS.items() for index, entry in enumerate(entries)]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,index,entry", CASES, ids=[f"{name}#{index}" for name, index, _entry in CASES])
def test_view_answers_each_persona_as_its_rule_says(world, name, index, entry, persona):
    url = url_for(world, name, entry)
    client, headers = client_for(world, persona, url.startswith("/api/"))
    data = entry.data(world) if entry.data else None
    response = send(client, entry.method, url, data, headers)
    expected = entry.rule.expected(persona)
    got = outcome(response, entry.method)
    assert got == expected, (
        f"{entry.method.upper()} {url} ({name}, rule {entry.describe()}) as {persona}: expected {expected}, got {got}"
        f" (status {response.status_code}{', to ' + response['Location'] if response.has_header('Location') else ''})."
        " Fix the view if it lets in someone it should not, otherwise the rule in tests/access.py."
    )


POST_ONLY = [(name, entry) for name, index, entry in CASES if entry.post_only]


@pytest.mark.django_db
@pytest.mark.parametrize("name,entry", POST_ONLY, ids=[name for name, _entry in POST_ONLY])
def test_post_only_views_refuse_get(world, name, entry):
    """Changes go by POST: a GET, even the coordinator's, answers 405 Method Not Allowed."""
    client, _headers = client_for(world, "coordinator", False)
    response = client.get(url_for(world, name, entry))
    assert response.status_code == 405, f"GET {name} answered {response.status_code}"


API_WITHOUT_TOKEN_CHECK = {"api:docs"}  # the documentation page is a plain page, outside api.http.api_view


@pytest.mark.django_db
def test_every_api_url_refuses_an_unknown_or_revoked_token(world):
    """A token that is unknown or revoked is refused with 401 everywhere under /api/, reads included."""
    revoked, secret = tokens.issue(world.org_a, "Oud", world.users["coordinator"])
    tokens.revoke(revoked)
    client = Client()
    for name, _index, entry in CASES:
        url = url_for(world, name, entry)
        if not url.startswith("/api/") or name in API_WITHOUT_TOKEN_CHECK:
            continue
        for bearer in ("not-a-token", secret):
            data = entry.data(world) if entry.data else None
            response = send(client, entry.method, url, data, {"HTTP_AUTHORIZATION": f"Bearer {bearer}"})
            assert response.status_code == 401, f"{entry.method.upper()} {url} with a bad token: {response.status_code}"


# The English copies (/en/…) go through the same views; a sample of rules checks they answer the same.
ENGLISH_SAMPLE = [
    "activities:detail",
    "activities:edit",
    "projects:publish",
    "stories:detail",
    "reports:texts",
    "questions:detail",
    "exchange:data_import",
    "home:dashboard",
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_english_urls_answer_as_the_dutch_ones(world, persona):
    client, headers = client_for(world, persona, False)
    for name in ENGLISH_SAMPLE:
        for entry in ACCESS[name]:
            with translation.override("en"):
                url = url_for(world, name, entry)
            assert url.startswith("/en/"), url
            got = outcome(
                send(client, entry.method, url, entry.data(world) if entry.data else None, headers), entry.method
            )
            assert got == entry.rule.expected(persona), f"{url} as {persona}: {got}"


def test_the_rules_use_known_outcomes():
    known = {OK, LOGIN, FORBIDDEN, NOT_FOUND, UNAUTHORIZED, "405"}
    for name, _index, entry in CASES:
        assert {entry.rule.expected(persona) for persona in PERSONAS} <= known, name
        assert entry.method in ("get", "post", "patch"), name
