"""Who may open which view: one entry per named URL (namespace:name), checked by tests/test_view_permissions.py.

Every named URL pattern must have an entry here; a new view without one fails the suite. An entry is a list of
cases: the rule (what each persona gets), how to build the URL's arguments from the test world, and the method.
Where a record may be a draft, a second case opens a draft of organisation A: the public gets a 404, its editor
and the coordinator see it.

Personas, in this order: anonymous, member (logged in, editor of no organisation, the asker of the questions),
editor_b (editor of organisation B), editor_a (editor of organisation A, whose records the cases open) and
coordinator. For the API (/api/) the editors send their organisation's token; sessions count for nothing there.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("anonymous", "member", "editor_b", "editor_a", "coordinator")

# Classes of outcome.
OK = "allowed"  # 2xx, or a 3xx that is not the login page; a POST may also answer 400/422 (input refused)
LOGIN = "login redirect"  # 302 to the login page
FORBIDDEN = "403"
NOT_FOUND = "404"
UNAUTHORIZED = "401"  # the API without a (valid) token


@dataclass(frozen=True)
class Rule:
    name: str
    anonymous: str
    member: str
    editor_b: str
    editor_a: str
    coordinator: str

    def expected(self, persona: str) -> str:
        return getattr(self, persona)


PUBLIC = Rule("PUBLIC", OK, OK, OK, OK, OK)
MEMBER = Rule("MEMBER", LOGIN, OK, OK, OK, OK)  # logged in
EDITOR = Rule("EDITOR", LOGIN, FORBIDDEN, OK, OK, OK)  # an editor of any organisation
OWN_EDITOR = Rule("OWN_EDITOR", LOGIN, FORBIDDEN, FORBIDDEN, OK, OK)  # an editor of the record's organisation (A)
COORDINATOR = Rule("COORDINATOR", LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
DRAFT = Rule("DRAFT", NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK)  # a draft of A (or a story not public): hidden
OWNER = Rule("OWNER", LOGIN, OK, FORBIDDEN, FORBIDDEN, OK)  # the asker (member) or the coordinator
RESPONDER = Rule("RESPONDER", LOGIN, FORBIDDEN, OK, OK, OK)  # any member but the asker
EDIT_NO_LOGIN = Rule("EDIT_NO_LOGIN", FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)  # a public page's POST: edit rights
# The API: reads public; writes need a token (editors send their organisation's), 403 for another organisation's.
TOKEN = Rule("TOKEN", UNAUTHORIZED, UNAUTHORIZED, OK, OK, UNAUTHORIZED)
OWN_TOKEN = Rule("OWN_TOKEN", UNAUTHORIZED, UNAUTHORIZED, FORBIDDEN, OK, UNAUTHORIZED)
TOKEN_DRAFT = Rule("TOKEN_DRAFT", NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND)  # only A's token finds A's draft
HIDDEN = Rule("HIDDEN", NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
# An edit page of a draft others may not see: logging in first, then a 404 rather than a 403 for outsiders.
DRAFT_EDIT = Rule("DRAFT_EDIT", LOGIN, NOT_FOUND, NOT_FOUND, OK, OK)
# A coordinator's page on a draft (publish, send back): outsiders get a 404; its own editor sees it, so a 403.
DRAFT_COORDINATOR = Rule("DRAFT_COORDINATOR", LOGIN, NOT_FOUND, NOT_FOUND, FORBIDDEN, OK)
# A part of programme B addressed under programme A (A's editor may edit A, but not B's part through A's address).
FOREIGN = Rule("FOREIGN", LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND)
# The Django admin (support): superusers only, and no persona is one; a visitor is sent to the login page.
ADMIN = Rule("ADMIN", LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
# A document for members only: hidden (404) from the public, seen by anyone logged in.
MEMBERS_ONLY = Rule("MEMBERS_ONLY", NOT_FOUND, OK, OK, OK, OK)
FOREIGN_COORDINATOR = Rule("FOREIGN_COORDINATOR", LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND)


@dataclass(frozen=True)
class Case:
    rule: Rule
    args: Callable = lambda w: ()  # the world → reverse() arguments
    method: str = "get"  # get; post (with `data`, empty by default); patch (API, JSON)
    query: Callable | None = None  # the world → query string, without "?"
    data: Callable | None = None  # the world → POST/PATCH data
    post_only: bool = False  # GET answers 405 (checked separately)
    label: str = ""
    tags: tuple = field(default=())

    def describe(self) -> str:
        return f"{self.rule.name}{'/' + self.method.upper() if self.method != 'get' else ''}" + (
            f" ({self.label})" if self.label else ""
        )


def case(rule, *args, **kwargs) -> Case:
    return Case(rule, *args, **kwargs)


def post(rule, args=lambda w: (), **kwargs) -> Case:
    """A POST-only view, posted with empty data."""
    return Case(rule, args, method="post", post_only=True, **kwargs)


def draft(args, **kwargs) -> Case:
    return Case(DRAFT, args, label="draft of A", **kwargs)


def foreign(args, rule=FOREIGN, **kwargs) -> Case:
    return Case(rule, args, label="B's part under A's address", **kwargs)


def _activity(w):
    return (w.activity.slug,)


def _draft_activity(w):
    return (w.draft_activity.slug,)


def _registration_pk(w):
    from attendance.models import Registration

    return Registration.objects.get(activity=w.activity).pk


def _parent_page(w):
    # Made on first use, so the world of the other apps needs no page for parents.
    from parents.models import ParentPage

    page, _created = ParentPage.objects.get_or_create(slug="aanmelden")
    return (page.slug,)


def _project(w):
    return (w.project.slug,)


def _offering(w):
    return (w.offering.slug,)


def _programme(w):
    return (w.programme.slug,)


def _draft_programme(w):
    return (w.draft_programme.slug,)


def _question(w):
    return (w.question.slug,)


def _link(w):
    return (w.link.code,)


def _story(w):
    return (w.story.pk,)


def _school_release(w):
    """A release of school data, made when the case runs (the world of tests/test_view_permissions.py has none)."""
    import datetime as dt

    from schooldata.models import DataRelease

    release, _made = DataRelease.objects.get_or_create(
        kind="pupils", reference_date=dt.date(2024, 10, 1), defaults={"source_name": "leerlingen.csv", "sha256": "0"}
    )
    return (release.pk,)


# A background job (core.tasks) editor A asked for, finished with a file: only they and coordinators see it.
JOB_OWNER = Rule("JOB_OWNER", NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK)


def _job_of_editor_a(w):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from core.models import BackgroundJob

    job = BackgroundJob.objects.filter(title="Rapport van A").first()
    if job is None:
        name = default_storage.save("jobs/rapport-a.docx", ContentFile(b"rapport"))
        job = BackgroundJob.objects.create(
            kind="report", title="Rapport van A", requested_by=w.users["editor_a"], status="done",
            result_file=name, result_name="rapport-a.docx", result_type="application/octet-stream",
        )  # fmt: skip
    return (job.pk,)


# The admin makes five URL names for every model it shows (changelist, add, change, delete, history): the names under
# this prefix need no entry of their own. The entries below stand for each kind; tests/test_admin.py opens every
# model's pages as a superuser and checks the refusals.
ADMIN_PREFIX = "admin:"

ACCESS: dict[str, list[Case]] = {
    "health": [case(PUBLIC)],
    "favicon": [case(PUBLIC)],
    # development only: hidden without DEBUG, as in every test run
    "dev_mail": [case(HIDDEN)],
    "dev_mail_message": [case(HIDDEN, lambda w: ("20260101-120000-abcdef12.eml",))],
    "set_language": [case(PUBLIC), case(PUBLIC, method="post", data=lambda w: {"language": "en", "next": "/"})],
    # --- the API (outside i18n_patterns) ---
    "api:api-root": [case(HIDDEN, label="ninja's root: a name for reverse(), answers 404")],
    "api:docs": [case(PUBLIC)],
    "api:openapi-json": [case(PUBLIC)],
    "api:organisations": [case(PUBLIC)],
    "api:documents": [case(PUBLIC)],
    "api:organisation": [case(PUBLIC, lambda w: (w.org_a.slug,))],
    "api:activities": [case(PUBLIC), case(TOKEN, query=lambda w: "status=draft", label="drafts: the token's own only")],
    "api:create_activity": [case(TOKEN, method="post", data=lambda w: {})],
    "api:activity": [case(PUBLIC, _activity), case(TOKEN_DRAFT, _draft_activity, label="draft of A")],
    "api:change_activity": [case(OWN_TOKEN, _activity, method="patch", data=lambda w: {})],
    "api:projects": [case(PUBLIC)],
    "api:offerings": [case(PUBLIC)],
    "api:programmes": [case(PUBLIC)],
    "api:programme": [case(PUBLIC, _programme), case(HIDDEN, _draft_programme, label="draft of A")],
    "api:stories": [case(PUBLIC)],
    "api:create_story": [case(OWN_TOKEN, method="post", data=lambda w: w.story_payload)],
    "api:dimensions": [case(PUBLIC)],
    "api:themes": [case(PUBLIC)],
    "api:network": [case(PUBLIC)],
    "api:lines": [case(PUBLIC)],
    "api:line": [case(PUBLIC, lambda w: (w.line.slug,))],
    # --- home, accounts ---
    "home:home": [case(PUBLIC)],
    "home:dashboard": [case(MEMBER)],
    "accounts:login": [case(PUBLIC)],
    "accounts:logout": [post(PUBLIC)],
    "password_reset": [case(PUBLIC), case(PUBLIC, method="post", data=lambda w: {"email": "iemand@example.org"})],
    "password_reset_done": [case(PUBLIC)],
    "password_reset_confirm": [case(PUBLIC, lambda w: ("MQ", "set-password"), label="an invalid link explains")],
    "password_reset_complete": [case(PUBLIC)],
    "password_change": [case(MEMBER), case(MEMBER, method="post", data=lambda w: {})],
    "password_change_done": [case(MEMBER)],
    # each person's own account; an empty POST is refused (the password is asked), so nothing changes or closes
    "home:account": [case(MEMBER), case(MEMBER, method="post", data=lambda w: {})],
    "home:account_email": [case(MEMBER), case(MEMBER, method="post", data=lambda w: {})],
    "home:account_email_confirm": [
        case(PUBLIC, lambda w: ("ongeldig",), label="bad token"),
        case(PUBLIC, lambda w: ("ongeldig",), method="post", label="bad token"),
    ],
    "home:account_data": [case(MEMBER)],
    "home:account_close": [case(MEMBER), case(MEMBER, method="post", data=lambda w: {})],
    "home:account_closed": [case(PUBLIC)],
    "privacy": [case(PUBLIC)],
    # --- network ---
    "network:organisation_list": [case(PUBLIC)],
    "network:organisation_create": [case(COORDINATOR)],
    "network:organisation_detail": [
        case(PUBLIC, lambda w: (w.org_a.slug,)),
        case(PUBLIC, lambda w: (w.merge.gone_slug,), label="merged: redirects to the one that stays"),
    ],
    "network:organisation_edit": [case(OWN_EDITOR, lambda w: (w.org_a.slug,))],
    # Merging moves two organisations' records: coordinators only. GET only here: a POST would merge the world's.
    "network:organisation_merge": [case(COORDINATOR, lambda w: (w.org_a.slug,))],
    "network:merge_confirm": [case(COORDINATOR, lambda w: (w.org_a.slug, w.org_b.slug))],
    "network:merge_detail": [case(COORDINATOR, lambda w: (w.merge.pk,))],
    "network:merge_undo": [case(COORDINATOR, lambda w: (w.merge.pk,))],
    "network:person_create": [case(EDITOR)],
    "network:person_edit": [case(OWN_EDITOR, lambda w: (w.person.pk,))],
    "network:person_delete": [case(OWN_EDITOR, lambda w: (w.person.pk,))],
    "network:invitation_create": [case(EDITOR)],
    "network:invitation_list": [case(OWN_EDITOR, lambda w: (w.org_a.slug,))],
    "network:invitation_resend": [post(OWN_EDITOR, lambda w: (w.invitation.pk,))],
    "network:invitation_withdraw": [case(OWN_EDITOR, lambda w: (w.invitation.pk,))],
    # For anyone with the link; logged in with another address, the page says so.
    "network:invitation_accept": [case(PUBLIC, lambda w: (w.invitation_token,))],
    "network:people_list": [case(COORDINATOR)],
    "network:account_detail": [case(COORDINATOR, lambda w: (w.users["member"].pk,))],
    "network:account_role": [post(COORDINATOR, lambda w: (w.users["member"].pk,))],
    "network:account_active": [case(COORDINATOR, lambda w: (w.users["member"].pk,))],
    "network:signup": [case(PUBLIC), case(PUBLIC, method="post", data=lambda w: {})],
    "network:signup_sent": [case(PUBLIC)],
    "network:signup_verify": [case(PUBLIC, lambda w: (w.signup_token,))],
    "network:signup_list": [case(COORDINATOR)],
    "network:signup_settings": [post(COORDINATOR)],
    "network:signup_decide": [case(COORDINATOR, lambda w: (w.waiting_signup.pk,))],
    "network:line_list": [case(PUBLIC)],
    "network:line_detail": [case(PUBLIC, lambda w: (w.line.slug,))],
    "network:line_create": [case(COORDINATOR)],
    "network:line_edit": [case(COORDINATOR, lambda w: (w.line.slug,))],
    "network:line_retire": [post(COORDINATOR, lambda w: (w.line.slug,))],
    "network:line_delete": [case(COORDINATOR, lambda w: (w.line.slug,))],
    "network:line_question_create": [case(COORDINATOR, lambda w: (w.line.slug,))],
    "network:line_question_edit": [case(COORDINATOR, lambda w: (w.line.slug, w.line.questions.first().pk))],
    "meetings:create": [case(COORDINATOR, lambda w: (w.line.slug,))],
    "meetings:line_list": [case(MEMBER, lambda w: (w.line.slug,))],
    "meetings:detail": [case(MEMBER, lambda w: (w.meeting.pk,))],
    "meetings:edit": [case(COORDINATOR, lambda w: (w.meeting.pk,))],
    "meetings:decision_create": [case(COORDINATOR, lambda w: (w.meeting.pk,))],
    "meetings:follow_up_create": [case(COORDINATOR, lambda w: (w.meeting.pk,))],
    "meetings:follow_up_done": [post(OWNER, lambda w: (w.follow_up.pk,), label="the member owns it")],
    "network:identity": [case(PUBLIC)],
    "network:identity_edit": [case(COORDINATOR), case(COORDINATOR, method="post", data=lambda w: {})],
    "network:theme_list": [case(COORDINATOR)],
    "network:theme_create": [case(COORDINATOR), case(COORDINATOR, method="post", data=lambda w: {})],
    "network:theme_edit": [case(COORDINATOR, lambda w: (w.theme.slug,))],
    # an empty POST restores (retire is not "1"): a theme in use stays in use
    "network:theme_retire": [post(COORDINATOR, lambda w: (w.theme.slug,))],
    "network:theme_merge": [case(COORDINATOR, lambda w: (w.theme.slug,))],
    "network:theme_merge_confirm": [case(COORDINATOR, lambda w: (w.theme.slug, w.other_theme.slug))],
    "networkmap:map": [case(PUBLIC)],
    "networkmap:map_list": [case(PUBLIC)],
    "networkmap:map_data": [case(PUBLIC)],
    # --- activities ---
    "activities:calendar": [case(PUBLIC)],
    "activities:feed": [case(PUBLIC)],
    "activities:create": [case(EDITOR)],
    "activities:detail": [case(PUBLIC, _activity), draft(_draft_activity)],
    "activities:ics": [case(PUBLIC, _activity), draft(_draft_activity)],
    "activities:edit": [case(OWN_EDITOR, _activity), case(DRAFT_EDIT, _draft_activity, label="draft of A")],
    "activities:publish": [post(COORDINATOR, _activity), post(DRAFT_COORDINATOR, _draft_activity, label="draft of A")],
    "activities:send_back": [
        case(DRAFT_COORDINATOR, _draft_activity),
        case(DRAFT_COORDINATOR, _draft_activity, method="post"),
    ],
    # an editor deletes drafts only
    "activities:delete": [
        case(COORDINATOR, _activity, label="published"),
        case(DRAFT_EDIT, _draft_activity, label="draft of A"),
    ],
    "activities:open_days": [case(PUBLIC)],
    "activities:open_days_feed": [case(PUBLIC)],
    # --- parents (the school-choice pages: the public pages in all six languages) ---
    "parents:choosing_a_school": [case(PUBLIC)],
    "parents:page": [case(PUBLIC, _parent_page)],
    "parents:letter": [case(PUBLIC)],
    "parents:create": [case(COORDINATOR), case(COORDINATOR, method="post", data=lambda w: {})],
    "parents:edit": [
        case(COORDINATOR, lambda w: (_parent_page(w)[0], "ar")),
        case(COORDINATOR, lambda w: (_parent_page(w)[0], "ar"), method="post", data=lambda w: {}),
    ],
    # --- projects ---
    "projects:portfolio": [case(PUBLIC)],
    "projects:feed": [case(PUBLIC)],
    "projects:create": [case(EDITOR)],
    "projects:detail": [case(PUBLIC, _project), draft(lambda w: (w.draft_project.slug,))],
    "projects:edit": [case(OWN_EDITOR, _project)],
    "projects:add_update": [post(OWN_EDITOR, _project)],
    "projects:publish": [
        post(COORDINATOR, _project),
        post(DRAFT_COORDINATOR, lambda w: (w.draft_project.slug,), label="draft of A"),
    ],
    "projects:send_back": [
        case(DRAFT_COORDINATOR, lambda w: (w.draft_project.slug,)),
        case(DRAFT_COORDINATOR, lambda w: (w.draft_project.slug,), method="post"),
    ],
    "projects:delete": [
        case(COORDINATOR, _project, label="published"),
        case(DRAFT_EDIT, lambda w: (w.draft_project.slug,), label="draft of A"),
    ],
    # --- documents ---
    "documents:library": [case(PUBLIC)],
    "documents:create": [case(COORDINATOR)],
    "documents:attach": [
        case(OWN_EDITOR, lambda w: ("projects.project", w.project.pk)),
        case(DRAFT_EDIT, lambda w: ("projects.project", w.draft_project.pk), label="draft of A"),
    ],
    "documents:detail": [
        case(PUBLIC, lambda w: (w.document.pk,)),
        draft(lambda w: (w.draft_document.pk,)),
        case(MEMBERS_ONLY, lambda w: (w.members_document.pk,)),
    ],
    "documents:download": [
        case(PUBLIC, lambda w: (w.document.pk,)),
        draft(lambda w: (w.draft_document.pk,)),
        case(MEMBERS_ONLY, lambda w: (w.members_document.pk,)),
    ],
    "documents:edit": [case(OWN_EDITOR, lambda w: (w.document.pk,))],
    "documents:delete": [case(OWN_EDITOR, lambda w: (w.document.pk,))],
    # --- impact ---
    "impact:model": [case(PUBLIC)],
    "impact:edit_inputs": [case(COORDINATOR)],
    "impact:add_target_group": [post(COORDINATOR)],
    "impact:add_dimension": [post(COORDINATOR, lambda w: (w.ring.pk,))],
    "impact:change_dimension": [post(COORDINATOR, lambda w: (w.dimension.pk,))],
    "impact:activity_figures": [case(OWN_EDITOR, _activity)],
    # --- programmes (programme A: organisation A edits it) ---
    "programmes:list": [case(PUBLIC)],
    "programmes:create": [case(COORDINATOR)],
    "programmes:edit": [case(OWN_EDITOR, _programme)],
    "programmes:publish": [
        post(COORDINATOR, _programme),
        post(DRAFT_COORDINATOR, _draft_programme, label="draft of A"),
    ],
    "programmes:send_back": [
        case(DRAFT_COORDINATOR, _draft_programme),
        case(DRAFT_COORDINATOR, _draft_programme, method="post"),
    ],
    "programmes:line_create": [case(OWN_EDITOR, _programme)],
    "programmes:line_edit": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.programme_line.pk)),
        foreign(lambda w: (w.programme.slug, w.b.programme_line.pk)),
    ],
    "programmes:action_create": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.programme_line.pk)),
        foreign(lambda w: (w.programme.slug, w.b.programme_line.pk)),
    ],
    "programmes:budget": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.programme_line.pk)),
        foreign(lambda w: (w.programme.slug, w.b.programme_line.pk)),
    ],
    "programmes:action": [
        case(PUBLIC, lambda w: (w.programme.slug, w.action.pk)),
        draft(lambda w: (w.draft_programme.slug, w.draft_action.pk)),
        foreign(lambda w: (w.programme.slug, w.b.action.pk), rule=HIDDEN),
    ],
    "programmes:action_edit": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.action.pk)),
        foreign(lambda w: (w.programme.slug, w.b.action.pk)),
    ],
    "programmes:report_create": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.action.pk)),
        foreign(lambda w: (w.programme.slug, w.b.action.pk)),
    ],
    "programmes:report_edit": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.action.pk, w.action_report.pk)),
        foreign(lambda w: (w.programme.slug, w.action.pk, w.b.action_report.pk)),
    ],
    "programmes:recommendation_create": [case(OWN_EDITOR, lambda w: (w.programme.slug, w.action.pk))],
    "programmes:recommendation_edit": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.action.pk, w.recommendation.pk)),
        foreign(lambda w: (w.programme.slug, w.action.pk, w.b.recommendation.pk)),
    ],
    "programmes:indicator_create": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.action.pk)),
        foreign(lambda w: (w.programme.slug, w.b.action.pk)),
    ],
    "programmes:measurement_create": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.action.pk, w.indicator.pk)),
        foreign(lambda w: (w.programme.slug, w.action.pk, w.b.indicator.pk)),
    ],
    "programmes:detail": [case(PUBLIC, _programme), draft(_draft_programme)],
    "programmes:activities": [case(PUBLIC, _programme), draft(_draft_programme)],
    "programmes:route_editor": [
        case(PUBLIC, lambda w: (w.programme.slug, w.programme_line.pk)),
        draft(lambda w: (w.draft_programme.slug, w.draft_programme_line.pk)),
        case(EDIT_NO_LOGIN, lambda w: (w.programme.slug, w.programme_line.pk), method="post", label="saving a route"),
        foreign(lambda w: (w.programme.slug, w.b.programme_line.pk), rule=HIDDEN),
    ],
    "programmes:reasoning_create": [case(OWN_EDITOR, _programme)],
    "programmes:reasoning_edit": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.reasoning_line.pk)),
        foreign(lambda w: (w.programme.slug, w.b.reasoning_line.pk)),
    ],
    # --- stories (story and link about activity A) ---
    "stories:tell": [case(PUBLIC, _link), case(PUBLIC, _link, method="post", label="empty form: 400")],
    "stories:thanks": [case(PUBLIC, _link)],
    "stories:book": [case(PUBLIC)],
    "stories:feed": [case(PUBLIC)],
    "stories:create": [case(EDITOR)],
    "stories:queue": [case(COORDINATOR)],
    "stories:bulk_reject": [case(COORDINATOR)],
    "stories:bulk_restore": [post(COORDINATOR)],
    "stories:respondent": [case(COORDINATOR)],
    "stories:links": [case(EDITOR)],
    "stories:link_create": [
        case(OWN_EDITOR, query=lambda w: f"activiteit={w.activity.slug}"),
        case(OWN_EDITOR, query=lambda w: f"programma={w.programme.slug}"),
    ],
    "stories:link": [case(OWN_EDITOR, _link)],
    "stories:link_qr_svg": [case(OWN_EDITOR, _link)],
    "stories:link_qr_png": [case(OWN_EDITOR, _link)],
    "stories:link_toggle": [post(OWN_EDITOR, _link)],
    "stories:link_live": [post(COORDINATOR, _link)],
    "stories:detail": [case(PUBLIC, _story), case(DRAFT, lambda w: (w.new_story.pk,), label="not yet accepted")],
    "stories:edit": [case(OWN_EDITOR, _story)],
    "stories:moderate": [post(COORDINATOR, _story)],
    "stories:evidence": [post(COORDINATOR, _story)],
    "stories:substantiate": [case(COORDINATOR, _story)],
    "stories:programme_book": [case(PUBLIC, _programme), draft(_draft_programme)],
    "stories:patterns": [case(PUBLIC, _programme), draft(_draft_programme)],
    "stories:rounds": [case(COORDINATOR, _programme)],
    "stories:round": [
        case(COORDINATOR, lambda w: (w.programme.slug, w.selection_round.pk)),
        foreign(lambda w: (w.programme.slug, w.b.selection_round.pk), rule=FOREIGN_COORDINATOR),
    ],
    "stories:round_close": [
        post(COORDINATOR, lambda w: (w.programme.slug, w.selection_round.pk)),
        foreign(lambda w: (w.programme.slug, w.b.selection_round.pk), rule=FOREIGN_COORDINATOR, method="post"),
    ],
    # --- reports (of programme A) ---
    "tasks:job": [case(JOB_OWNER, _job_of_editor_a)],
    "tasks:file": [case(JOB_OWNER, _job_of_editor_a)],
    "reports:overview": [case(PUBLIC, _programme), draft(_draft_programme)],
    "reports:texts": [case(OWN_EDITOR, _programme), case(DRAFT_EDIT, _draft_programme, label="draft of A")],
    "reports:source_create": [case(OWN_EDITOR, _programme)],
    "reports:source_edit": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.source.pk)),
        foreign(lambda w: (w.programme.slug, w.b.source.pk)),
    ],
    "reports:source_delete": [
        case(OWN_EDITOR, lambda w: (w.programme.slug, w.source.pk)),
        foreign(lambda w: (w.programme.slug, w.b.source.pk)),
    ],
    "reports:html": [
        case(PUBLIC, lambda w: (w.programme.slug, "impact")),
        draft(lambda w: (w.draft_programme.slug, "evaluation")),
    ],
    "reports:file": [
        case(PUBLIC, lambda w: (w.programme.slug, "impact", "docx")),
        draft(lambda w: (w.draft_programme.slug, "impact", "docx"), method="post"),  # starts the job
    ],
    # --- search, offerings ---
    "search:results": [case(PUBLIC, query=lambda w: "q=activiteit")],
    "search:index": [case(COORDINATOR)],  # its POST (a rebuild job) in search/tests/test_index_job.py
    "search:related_terms": [case(COORDINATOR)],
    "search:broker": [case(COORDINATOR)],
    # --- the school guide: public; the wijk map is the coordinator's (the world has none, so removing is harmless)
    "schools:list": [case(PUBLIC)],
    "schools:map": [case(PUBLIC)],
    "schools:detail": [case(PUBLIC, lambda w: (w.org_a.slug,))],
    "schools:wijk_map": [case(COORDINATOR)],
    "schools:wijk_map_remove": [post(COORDINATOR)],
    "offerings:list": [case(PUBLIC)],
    "offerings:feed": [case(PUBLIC)],
    "offerings:create": [case(EDITOR)],
    "offerings:detail": [
        case(PUBLIC, _offering),
        draft(lambda w: (w.draft_offering.slug,)),
        case(DRAFT, lambda w: (w.expired_offering.slug,), label="past its end date"),
    ],
    "offerings:edit": [case(OWN_EDITOR, _offering)],
    "offerings:publish": [
        post(COORDINATOR, _offering),
        post(DRAFT_COORDINATOR, lambda w: (w.draft_offering.slug,), label="draft of A"),
    ],
    "offerings:send_back": [
        case(DRAFT_COORDINATOR, lambda w: (w.draft_offering.slug,)),
        case(DRAFT_COORDINATOR, lambda w: (w.draft_offering.slug,), method="post"),
    ],
    "offerings:delete": [
        case(COORDINATOR, _offering, label="published"),
        case(DRAFT_EDIT, lambda w: (w.draft_offering.slug,), label="draft of A"),
    ],
    # --- questions (asked by the member persona) ---
    "questions:list": [case(PUBLIC)],
    "questions:create": [case(MEMBER)],
    "questions:detail": [
        case(PUBLIC, _question),
        case(MEMBER, lambda w: (w.members_question.slug,), label="members only"),
    ],
    "questions:edit": [case(OWNER, _question)],
    "questions:answered": [post(OWNER, _question)],
    "questions:respond": [post(RESPONDER, _question)],
    "questions:accept": [post(OWNER, lambda w: (w.question.slug, w.response.pk))],
    "questions:withdraw": [post(MEMBER, _question)],
    "questions:delete": [case(OWNER, _question)],
    # --- attendance (of activity A) ---
    "attendance:activity": [case(OWN_EDITOR, _activity)],
    "attendance:confirm": [post(OWN_EDITOR, _activity)],
    "attendance:export": [case(OWN_EDITOR, _activity)],
    "attendance:remove": [case(OWN_EDITOR, _activity)],
    # Sign-up: activity A has it open for the public; its draft has none.
    "attendance:register": [
        case(PUBLIC, _activity),
        case(PUBLIC, _activity, method="post", label="empty form: refused, 400"),
        case(HIDDEN, _draft_activity, label="draft of A, no sign-up"),
    ],
    "attendance:registration_sent": [case(PUBLIC, _activity), draft(_draft_activity)],
    "attendance:registrations": [case(OWN_EDITOR, _activity), case(DRAFT_EDIT, _draft_activity, label="draft of A")],
    "attendance:registration_setup": [
        case(OWN_EDITOR, _activity),
        case(DRAFT_EDIT, _draft_activity, label="draft of A"),
    ],
    "attendance:registration_open": [post(OWN_EDITOR, _activity)],
    "attendance:registration_attendance": [post(OWN_EDITOR, _activity)],
    # Only the confirmation page: a POST would cancel the world's one registration, which the cancel link needs.
    "attendance:registration_remove": [
        case(OWN_EDITOR, lambda w: (w.activity.slug, _registration_pk(w))),
    ],
    "attendance:registration_cancel": [
        case(PUBLIC, lambda w: (w.registration_token,)),
        case(HIDDEN, lambda w: ("ongeldig",), label="bad token"),
        case(HIDDEN, lambda w: ("ongeldig",), method="post", label="bad token"),
    ],
    "attendance:overview": [case(COORDINATOR)],
    "attendance:erasure": [case(COORDINATOR)],
    # --- the segregation monitor: city-wide figures public, per school and wijk for coordinators (and the municipality)
    "segregation:monitor": [case(PUBLIC)],
    "segregation:download": [case(PUBLIC, query=lambda w: "formaat=csv")],
    "segregation:download_details": [
        case(COORDINATOR, lambda w: ("scholen",), query=lambda w: "formaat=csv"),
        case(COORDINATOR, lambda w: ("wijken",), query=lambda w: "formaat=xlsx"),
    ],
    # --- exchange: calendar import (the organisation's editors), data import and network export (coordinator) ---
    "exchange:import": [case(OWN_EDITOR, lambda w: (w.org_a.slug,))],
    "exchange:confirm": [post(OWN_EDITOR, lambda w: (w.org_a.slug,))],
    "exchange:data_import": [case(COORDINATOR)],
    "exchange:data_import_check": [case(COORDINATOR, lambda w: (w.pending_import.token,))],
    "network_export:page": [case(COORDINATOR)],
    "network_export:download": [post(COORDINATOR)],
    "api_tokens:list": [case(COORDINATOR)],
    "api_tokens:create": [case(COORDINATOR)],
    "api_tokens:revoke": [case(COORDINATOR, lambda w: (w.token_a.pk,))],
    # --- school data (DUO, CBS): coordinators import and remove releases; a check without a waiting file sends
    # the coordinator back to the list
    "schooldata:releases": [case(COORDINATOR)],
    "schooldata:check": [case(COORDINATOR, lambda w: ("onbekend",))],
    "schooldata:delete": [case(COORDINATOR, _school_release), case(COORDINATOR, _school_release, method="post")],
    # --- notifications: each person's own; the unsubscribe link works without logging in (a bad token is harmless)
    "notifications:list": [case(MEMBER)],
    "notifications:read": [post(MEMBER)],
    "notifications:settings": [case(MEMBER)],
    "notifications:following": [case(MEMBER)],
    "notifications:follow": [
        post(MEMBER, lambda w: ("line", w.line.pk), label="a line"),
        post(MEMBER, lambda w: ("activity", w.activity.pk), label="an activity"),
        # A draft is followed only by those who see it.
        post(DRAFT_EDIT, lambda w: ("activity", w.draft_activity.pk), label="a draft activity"),
    ],
    "notifications:unsubscribe": [
        case(PUBLIC, lambda w: ("ongeldig",), label="bad token"),
        case(PUBLIC, lambda w: ("ongeldig",), method="post", label="bad token"),
    ],
    # --- the Django admin (core.admin_site): one entry for each kind of its pages ---
    "admin:index": [case(ADMIN)],
    "admin:login": [case(ADMIN, label="no login form of its own")],
    "admin:logout": [case(ADMIN, method="post")],
    "admin:password_change": [case(ADMIN)],
    "admin:app_list": [case(ADMIN, lambda w: ("network",))],
    "admin:network_organisation_changelist": [case(ADMIN)],
    "admin:network_organisation_change": [case(ADMIN, lambda w: (w.org_a.pk,))],
    "admin:network_organisation_add": [case(ADMIN)],
    "admin:network_organisation_delete": [case(ADMIN, lambda w: (w.org_a.pk,))],
    "admin:network_organisation_history": [case(ADMIN, lambda w: (w.org_a.pk,))],
    "admin:accounts_user_changelist": [
        case(ADMIN, method="post", data=lambda w: {"action": "deactivate", "_selected_action": [w.users["member"].pk]})
    ],
}
