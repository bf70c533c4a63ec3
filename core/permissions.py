"""Who may see and change what. Every view asks these helpers; nothing else decides.

Rules:
- a coordinator edits everything and is the only one who publishes;
- an editor edits the records of the organisations they are an editor of
  (an activity through its organisers, a project through its leads, a person
  through their organisation) and nothing else; an editor's change to a
  published record sends it back to draft, and an editor deletes drafts only;
- an editor cannot take a co-organising organisation off a record, nor move
  an organisation within the network (its parent);
- anyone, logged in or not, sees published records; drafts are seen only by
  those who may edit them;
- stories: the coordinator curates them (publishes, rejects, merges, selects,
  substantiates, erases); editors of an activity's organisers enter and correct
  its stories and see them in full; the public sees accepted stories whose
  consent allows publication, and of the respondent only what the consent allows;
- attendance: an activity's list is kept by those who may edit the activity; the network's year figures
  and erasure requests are for coordinators;
- registration for an activity: those who may edit it open, close and change sign-up and see, export and convert
  its list; who may sign up depends on the audience the organiser chose: everyone ("public"), anyone logged in
  ("members"), or logged-in people of partner organisations, i.e. editors or members of an organisation in the
  directory, and coordinators ("partners");
- people: a coordinator invites an address to any organisation (as editor or member, or as coordinator) and
  manages every login (roles, deactivation); an editor invites colleagues to their own organisations and sees
  and withdraws those organisations' invitations;
- the API: a coordinator issues and revokes an organisation's API tokens; without a token the API shows
  what the public sees, a (not revoked) token adds its organisation's draft activities and may write
  that organisation's activities and stories, nothing else;
- questions: a member asks; the asker (or a coordinator) changes, closes and reopens it and accepts offers of
  help; any other member offers help while it is open;
- lines of work: a coordinator creates lines; a coordinator and the line's holders (people with a login) change
  the line, its open questions and its meetings, retire and restore it; a holder keeps only their own lines;
  the owner of a meeting's follow-up ticks it off, as do those who keep the meeting's line;
- following: any logged-in person follows what they can see, and sees and ends only their own follows;
- documents and media: whoever may edit a record attaches, changes and removes its documents (the network's own:
  coordinators); the public sees a document when it is not for members only and its record is one the public sees
  (`documents.permissions`);
- the segregation monitor: everyone sees the city-wide figures; the figures per school and per wijk are for
  coordinators and people with a login at the municipality (`can_see_school_details`);
- background jobs (a report being made, an import, an export): the person who asked, a visitor's session that
  asked, and coordinators see its progress and its file;
- the Django admin (support): active superusers only; a coordinator who is not a superuser is not let in;
- notifications: each person sees, marks read and sets up only their own (the views ask for the logged-in user's
  records and nothing else); an unsubscribe link switches off one kind of mail for the person it was signed for,
  without logging in.

This module is the rule set, and imports no domain app: it knows a record only through its
`editing_organisation_ids()` and a user's organisations only through the user's `editable_organisations`
relation (the editors of network's Organisation). The two rules that are queries on one app's own fields live with
that app's models and are part of this rule set, tested with it in core/tests/test_permissions.py:
- `stories.permissions`: `visible_stories` (the public rule `stories.models.PUBLIC`, plus the stories of one's
  own activities and programmes) and `private_story_ids` (whose respondent one sees in full);
- `questions.permissions`: `visible_questions` (questions asked to members only are hidden from the public);
- `documents.permissions`: `visible_documents` and `may_see_document` (members-only documents hidden from the
  public; documents of a record the public does not see, for those who may edit that record).
"""

from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from core.models import Publishable, Sector

QuerySetT = TypeVar("QuerySetT", bound=QuerySet)


def is_coordinator(user) -> bool:
    return bool(user.is_authenticated and (user.is_coordinator or user.is_superuser))


def viewer_scope(user) -> str:
    """Who sees the same records and controls on a page, for results cached per viewer (core.fragments): every
    coordinator sees and may change everything; an editor sees their own organisations' drafts; a logged-in member
    also sees members-only documents; visitors see what is published."""
    if is_coordinator(user):
        return "all"
    if not user.is_authenticated:
        return "public"
    if user.editable_organisations.exists():
        return f"editor-{user.pk}"
    return "member"


def can_use_admin(user) -> bool:
    """Whether the user may open the Django admin (support work, read-mostly): active superusers only. Not staff,
    not coordinators who are not superusers: the admin shows every record, secrets left out, across every rule."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def editable_organisations(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """The organisations whose records the user edits: every one for a coordinator, none for a visitor."""
    if is_coordinator(user):
        return _all_organisations()
    if not user.is_authenticated:
        return _all_organisations().none()
    return user.editable_organisations.all()  # type: ignore[attr-defined]  # accounts.User's, a layer above core


def _all_organisations() -> QuerySet:
    # Found at the other end of the user model's `editable_organisations` relation, which is what makes an editor.
    # The plugin types the reverse relation as its descriptor, which has no related_model.
    relation = get_user_model()._meta.get_field("editable_organisations")
    return relation.related_model._default_manager.all()  # type: ignore[attr-defined]


def is_editor(user) -> bool:
    return is_coordinator(user) or (user.is_authenticated and user.editable_organisations.exists())


def can_edit(user, record) -> bool:
    """Whether the user may change the record (an Organisation, Person, Activity or Project)."""
    if is_coordinator(user):
        return True
    if not user.is_authenticated:
        return False
    own_ids = set(user.editable_organisations.values_list("pk", flat=True))
    return bool(own_ids & record.editing_organisation_ids())


def can_manage_documents(user, record) -> bool:
    """Attach, change and remove the documents and media of a record: whoever may edit the record. Those of the
    network as a whole (record None), and of records that know no editing organisations, coordinators only; a line's,
    also its holders."""
    if hasattr(record, "holder_user_ids"):
        return can_manage_line(user, record)
    if record is None or not hasattr(record, "editing_organisation_ids"):
        return is_coordinator(user)
    return can_edit(user, record)


def can_record_attendance(user, activity) -> bool:
    """Whether the user may upload, see, export and remove the activity's attendance list."""
    return can_edit(user, activity)


def can_manage_registration(user, activity) -> bool:
    """Whether the user may open, close and change sign-up for the activity, and see, export and convert its list."""
    return can_edit(user, activity)


def can_register(user, audience: str) -> bool:
    """Whether the user may sign up for an activity open to this audience ("public", "members" or "partners",
    attendance.models.Audience)."""
    if audience == "public":
        return True
    if not user.is_authenticated:
        return False
    if audience == "members":
        return True
    return is_coordinator(user) or user.editable_organisations.exists() or user.member_organisations.exists()


def can_publish(user) -> bool:
    return is_coordinator(user)


def can_send_back(user) -> bool:
    """Whether the user may send a draft back to its editors with a reason: whoever decides on publishing."""
    return can_publish(user)


def can_delete(user, record) -> bool:
    if not can_edit(user, record):
        return False
    return is_coordinator(user) or not getattr(record, "is_published", False)


def can_restructure(user) -> bool:
    """Whether the user may change where an organisation sits in the network (its parent)."""
    return is_coordinator(user)


def can_merge_organisations(user) -> bool:
    """Merging two organisations (and undoing it) moves the records of both: coordinators only, not their editors."""
    return is_coordinator(user)


def can_edit_identity(user) -> bool:
    """The network's identity page (ambition, strategy, values, roles, history) speaks for the whole network:
    coordinators only."""
    return is_coordinator(user)


def can_edit_parent_pages(user) -> bool:
    """The pages for parents (school choice) speak for the network to every family, in six languages: coordinators
    only."""
    return is_coordinator(user)


def can_manage_themes(user) -> bool:
    """Adding, renaming, merging and retiring themes changes how every app's records are grouped: coordinators
    only."""
    return is_coordinator(user)


def can_export_network(user) -> bool:
    """Whether the user may download the whole network as one file (logins without passwords, stories and their
    respondents as far as consent allowed, attendance as keyed hashes): coordinators only."""
    return is_coordinator(user)


def can_see_job(user, job, session_hash: str) -> bool:
    """A background job (core.tasks: a report being made, an import, an export) and its file are for the person who
    asked for it, a visitor's for the session that asked (its hash), and for coordinators."""
    if is_coordinator(user):
        return True
    if job.requested_by_id is not None:
        return user.is_authenticated and user.pk == job.requested_by_id
    return bool(session_hash) and session_hash == job.session_hash


def can_keep_related_terms(user) -> bool:
    """The list of related terms steers what matching and search find for everyone: coordinators only."""
    return is_coordinator(user)


def can_rebuild_search_index(user) -> bool:
    """Rebuilding the search index takes the server minutes at city scale and changes nothing anyone sees."""
    return is_coordinator(user)


def can_see_school_details(user) -> bool:
    """The segregation monitor's figures per school and per wijk (its city-wide figures are public): coordinators,
    and people with a login at the municipality, i.e. editors or members of an organisation of the municipal
    sector. Figures per school can label a school, so they are for those who make policy with them."""
    if is_coordinator(user):
        return True
    if not user.is_authenticated:
        return False
    return (
        user.editable_organisations.filter(sector=Sector.GEMEENTE).exists()
        or user.member_organisations.filter(sector=Sector.GEMEENTE).exists()
    )


def can_manage_wijk_map(user) -> bool:
    """The wijk map of the school guide is one for the whole city, drawn on a public page: coordinators only."""
    return is_coordinator(user)


def can_see_broker_view(user) -> bool:
    """The broker's view lists open questions and who has never worked with whom across the network: coordinators
    only."""
    return is_coordinator(user)


def locked_organisations(user: AbstractBaseUser | AnonymousUser, current: Iterable[Model]) -> list[Model]:
    """Organisations on a record that this user may not take off it: the ones they do not edit."""
    if is_coordinator(user):
        return []
    editable = set(editable_organisations(user).values_list("pk", flat=True))
    return [organisation for organisation in current if organisation.pk not in editable]


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_visible(user, record) -> None:
    """A 404 for a draft the user may not edit, as if it did not exist: a 403 on its edit, publish or delete page
    would confirm to an outsider that the draft exists. Asked before the check of what the user may do with it."""
    if isinstance(record, Publishable) and not record.is_published and not can_edit(user, record):
        raise Http404


def require_edit(user, record) -> None:
    """Edit rights on the record: a 404 where the user may not see it (require_visible), else a 403 without them."""
    require_visible(user, record)
    require(can_edit(user, record))


def visible(queryset: QuerySetT, user, owner_field: str) -> QuerySetT:
    """Published records plus the drafts this user may edit.

    owner_field is the lookup from the record to the organisations that edit it
    ("organisers" for activities, "leads" for projects).
    """
    if is_coordinator(user):
        return queryset
    published = Q(publication_status="published")
    if not user.is_authenticated:
        return queryset.filter(published)
    # A correlated EXISTS, not "pk IN (a join over the owners)": PostgreSQL planned that nested in other filters as
    # a loop over every row (32 s for a list of 200 lines and their meetings); one row per record either way.
    own_drafts = Exists(queryset.model._base_manager.filter(pk=OuterRef("pk"), **{f"{owner_field}__editors": user}))
    return queryset.filter(published | own_drafts)


def can_curate(user) -> bool:
    return is_coordinator(user)


def can_ask(user) -> bool:
    return user.is_authenticated


def can_manage_question(user, question) -> bool:
    """The asker changes, closes and reopens their question; the coordinator may too (and remove it)."""
    return is_coordinator(user) or (user.is_authenticated and question.asker_id == user.pk)


def can_respond(user, question) -> bool:
    """Any member but the asker offers help, while the question is open."""
    return user.is_authenticated and question.asker_id != user.pk and question.is_open


def can_accept_offer(user, response) -> bool:
    """Only the asker takes up an offer of help on their question, or a coordinator on their behalf."""
    return can_manage_question(user, response.question)


def can_manage_line(user, line) -> bool:
    """Coordinators, and the line's own holders: its form, questions, retirement and meetings."""
    return is_coordinator(user) or (user.is_authenticated and user.pk in line.holder_user_ids())


def can_tick_off(user, follow_up) -> bool:
    """The follow-up's owner marks it done (or open again), or whoever keeps its meeting's line."""
    owner = follow_up.owner
    if user.is_authenticated and owner is not None and owner.user_id == user.pk:
        return True
    return can_manage_line(user, follow_up.meeting.line)


def can_follow(user) -> bool:
    """Any logged-in person follows lines, organisations, programmes, questions and activities they can see."""
    return user.is_authenticated


def can_invite(user, organisation) -> bool:
    """Whether the user may invite people to the organisation and see, resend and withdraw its invitations."""
    return can_edit(user, organisation)


def can_invite_coordinator(user) -> bool:
    return is_coordinator(user)


def can_manage_people(user) -> bool:
    """Whether the user sees every login and changes roles and deactivates accounts: coordinators only."""
    return is_coordinator(user)


def can_import_data(user) -> bool:
    """Spreadsheet imports write many records at once, of every organisation: the coordinator's job."""
    return is_coordinator(user)


def can_manage_school_data(user) -> bool:
    """DUO's and CBS's files feed the school guide and the segregation monitor of the whole city: coordinators
    import and remove them."""
    return is_coordinator(user)


def can_manage_api_tokens(user) -> bool:
    """Only coordinators issue, list and revoke the organisations' API tokens."""
    return is_coordinator(user)


def can_use_api_token(token) -> bool:
    return token is not None and token.revoked_at is None


def api_visible_activities(queryset: QuerySet, token) -> QuerySet:
    """What the API lists: published activities, plus the drafts of the token's organisation."""
    published = Q(publication_status="published")
    if not can_use_api_token(token):
        return queryset.filter(published)
    return queryset.filter(pk__in=queryset.filter(published | Q(organisers=token.organisation_id)).values("pk"))


def api_token_may_change(token, activity) -> bool:
    """A token changes only activities its organisation organises."""
    return can_use_api_token(token) and token.organisation_id in activity.editing_organisation_ids()


def api_token_may_collect(token, link) -> bool:
    """A token sends stories only through collection links of its organisation's activities or programmes."""
    subject = link.activity or link.programme
    if not can_use_api_token(token) or subject is None:
        return False
    return token.organisation_id in subject.editing_organisation_ids()
