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
- the API: a coordinator issues and revokes an organisation's API tokens; without a token the API shows
  what the public sees, a (not revoked) token adds its organisation's draft activities and may write
  that organisation's activities and stories, nothing else.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from network.models import Organisation
from questions.models import Visibility
from stories.models import PUBLIC, Story


def is_coordinator(user) -> bool:
    return bool(user.is_authenticated and (user.is_coordinator or user.is_superuser))


def editable_organisations(user) -> QuerySet[Organisation]:
    if is_coordinator(user):
        return Organisation.objects.all()
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(editors=user)


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


def can_record_attendance(user, activity) -> bool:
    """Whether the user may upload, see, export and remove the activity's attendance list."""
    return can_edit(user, activity)


def can_publish(user) -> bool:
    return is_coordinator(user)


def can_delete(user, record) -> bool:
    if not can_edit(user, record):
        return False
    return is_coordinator(user) or not getattr(record, "is_published", False)


def can_restructure(user) -> bool:
    """Whether the user may change where an organisation sits in the network (its parent)."""
    return is_coordinator(user)


def can_export_network(user) -> bool:
    """Whether the user may download the whole network as one file (logins without passwords, stories and their
    respondents as far as consent allowed, attendance as keyed hashes): coordinators only."""
    return is_coordinator(user)


def locked_organisations(user, current) -> list[Organisation]:
    """Organisations on a record that this user may not take off it: the ones they do not edit."""
    if is_coordinator(user):
        return []
    editable = set(editable_organisations(user).values_list("pk", flat=True))
    return [organisation for organisation in current if organisation.pk not in editable]


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def visible(queryset: QuerySet, user, owner_field: str) -> QuerySet:
    """Published records plus the drafts this user may edit.

    owner_field is the lookup from the record to the organisations that edit it
    ("organisers" for activities, "leads" for projects).
    """
    if is_coordinator(user):
        return queryset
    published = Q(publication_status="published")
    if not user.is_authenticated:
        return queryset.filter(published)
    own_drafts = Q(**{f"{owner_field}__editors": user})
    matching_ids = queryset.filter(published | own_drafts).values("pk")
    return queryset.filter(pk__in=matching_ids)


def can_curate(user) -> bool:
    return is_coordinator(user)


def visible_stories(queryset: QuerySet, user) -> QuerySet:
    """Stories the public may read, plus every story of the activities this user's organisations organise
    (and of their programmes, for stories about a programme as a whole)."""
    if is_coordinator(user):
        return queryset
    if not user.is_authenticated:
        return queryset.filter(PUBLIC)
    matching_ids = queryset.filter(PUBLIC | _own_stories(user)).values("pk")
    return queryset.filter(pk__in=matching_ids)


def _own_stories(user) -> Q:
    # The same rule as Story.editing_organisation_ids, as a query.
    return Q(activity__organisers__editors=user) | Q(activity__isnull=True, programme__organisations__editors=user)


def private_story_ids(user, stories) -> set[int]:
    """Of these stories, the ones whose respondent this user may see in full (name, organisation, e-mail)."""
    if is_coordinator(user):
        return {story.pk for story in stories}
    if not user.is_authenticated:
        return set()
    ids = [story.pk for story in stories]
    return set(Story.objects.filter(_own_stories(user), pk__in=ids).values_list("pk", flat=True))


def visible_questions(queryset: QuerySet, user) -> QuerySet:
    """Questions asked to everyone; members also read the ones asked to members only."""
    if user.is_authenticated:
        return queryset
    return queryset.filter(visibility=Visibility.PUBLIC)


def can_ask(user) -> bool:
    return user.is_authenticated


def can_manage_question(user, question) -> bool:
    """The asker changes, closes and reopens their question; the coordinator may too (and remove it)."""
    return is_coordinator(user) or (user.is_authenticated and question.asker_id == user.pk)


def can_respond(user, question) -> bool:
    """Any member but the asker offers help, while the question is open."""
    return user.is_authenticated and question.asker_id != user.pk and question.is_open


def can_import_data(user) -> bool:
    """Spreadsheet imports write many records at once, of every organisation: the coordinator's job."""
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
