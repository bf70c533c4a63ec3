"""Each person's own account: changing the e-mail address, everything rimpel stores about them, closing it.

One place gathers what every app keeps about a person, so the download, the closing and the operator's command
(`manage.py account_data`) cannot drift apart. home may import every app, so this lives here.
"""

import json
import secrets
from datetime import date
from typing import Any

from django.contrib.sessions.models import Session
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from activities.models import Activity
from api.models import ApiToken
from attendance.models import AttendanceList
from attendance.services import registration as signup
from core import mail, tasks
from core.models import BackgroundJob, OutgoingMail, StagedUpload, UsedFormToken
from core.permissions import is_coordinator
from documents.models import Document
from network.models import Invitation, OrganisationMerge, Person, ThemeMerge
from network.services import roles_of
from notifications.models import Batch, Follow, Kind, Notification, Preferences, Reminder
from notifications.services import preferences_of
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project, ProjectUpdate
from questions.models import Question, Response
from schooldata.models import DataRelease
from stories.models import CollectionLink, Story, Substantiation

EMAIL_CHANGE_SALT = "home.account.email-change"
EMAIL_CHANGE_HOURS = 24
# The placeholder user name of a closed account; unique, and never an address someone could log in with.
CLOSED_USERNAME = "opgeheven-{pk}-{suffix}"


class EmailChangeUnavailable(Exception):
    """The link is damaged, has expired, or was used (the account's address is no longer the one it changes)."""


class LastCoordinator(Exception):
    """Closing this account would leave the network without an active coordinator."""


# --- Changing the e-mail address ---------------------------------------------------------------------------------


def address_taken(email: str, user: User) -> bool:
    """Whether another account (active or deactivated, which may be reactivated) has this address."""
    return User.objects.filter(email__iexact=email.strip()).exclude(pk=user.pk).exists()


def request_email_change(user: User, new_email: str, *, base_url: str) -> None:
    """Mail a confirmation link to the new address and a notice to the old one. The address changes only when the
    link is used. A taken address gets a mail saying it cannot be used, so the page never tells who has an account.

    The link is a signed token with the user, the old and the new address: it expires after EMAIL_CHANGE_HOURS and
    works once, because after the change the account's address no longer is the old one it names."""
    new_email = new_email.strip()
    language = translation.get_language() or "nl"
    if address_taken(new_email, user):
        mail.send("home/mail/email_taken", to=new_email, context={}, language=language)
    else:
        token = signing.dumps({"user": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT)
        with translation.override(language):
            link = base_url.rstrip("/") + reverse("home:account_email_confirm", args=[token])
        mail.send(
            "home/mail/email_change",
            to=new_email,
            context={"link": link, "hours": EMAIL_CHANGE_HOURS},
            language=language,
        )
    if user.email:
        mail.send("home/mail/email_change_notice", to=user.email, context={"new_email": new_email}, language=language)


def email_change_of(token: str, *, lock: bool = False) -> tuple[User, str]:
    """The account and the new address a confirmation link is for; raises EmailChangeUnavailable. lock: inside a
    transaction, the account row is locked, so two clicks at once change it once."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_HOURS * 60 * 60)
    except signing.BadSignature:  # also SignatureExpired
        raise EmailChangeUnavailable from None
    accounts = User.objects.select_for_update() if lock else User.objects.all()
    user = accounts.filter(pk=data["user"], is_active=True).first()
    if user is None or user.email != data["old"] or address_taken(data["new"], user):
        raise EmailChangeUnavailable
    return user, data["new"]


@transaction.atomic
def confirm_email_change(token: str) -> User:
    """Change the address the link names; raises EmailChangeUnavailable when it cannot be used (any more)."""
    user, new_email = email_change_of(token, lock=True)
    user.email = new_email
    user.save(update_fields=["email"])
    return user


def save_name(user: User) -> None:
    user.save(update_fields=["first_name", "last_name"])


# --- Everything stored about a person ----------------------------------------------------------------------------


def _when(moment: date | None) -> str | None:  # a datetime is a date too
    return moment.isoformat() if moment else None


def personal_data(user: User) -> dict[str, Any]:
    """What rimpel stores about the person, as JSON-ready data: for the download and the operator's command."""
    email = user.email
    person = Person.objects.filter(user=user).select_related("organisation").first()
    preferences = preferences_of(user)
    sent_to = OutgoingMail.objects.filter(to__iexact=email) if email else OutgoingMail.objects.none()
    invitations = Invitation.objects.filter(accepted_by=user)
    if email:
        invitations = invitations | Invitation.objects.filter(email__iexact=email)
    return {
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": email,
            "is_active": user.is_active,
            "is_coordinator": user.is_coordinator,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "organisations": [
            {"organisation": organisation.name, "slug": organisation.slug, "role": str(role)}
            for organisation, role in roles_of(user)
        ],
        "directory_entry": person
        and {
            "name": person.name,
            "organisation": person.organisation.name,
            "role": person.role,
            "job_title": person.job_title,
            "email": person.email,
            "phone": person.phone,
        },
        "questions": [
            {
                "title": question.title,
                "looking_for": question.looking_for,
                "status": question.status,
                "visibility": question.visibility,
                "themes": [theme.name for theme in question.themes.all()],
                "created_at": _when(question.created_at),
                "answered_at": _when(question.answered_at),
            }
            for question in Question.objects.filter(asker=user).prefetch_related("themes").order_by("created_at")
        ],
        "help_offered": [
            {"question": response.question.title, "message": response.message, "created_at": _when(response.created_at)}
            for response in Response.objects.filter(author=user).select_related("question").order_by("created_at")
        ],
        # Sign-ups for activities (attendance.models.Registration), by this login or this address.
        "registrations": [
            {
                "activity": str(registration.activity),
                "name": registration.name,
                "email": registration.email,
                "status": registration.status,
                "answers": registration.answers,
                "address_may_be_kept": registration.consent,
                "signed_up_at": _when(registration.queued_at),
                "cancelled_at": _when(registration.cancelled_at),
                "came": registration.came,
            }
            for registration in signup.for_person(user)
        ],
        "notification_settings": {
            **{kind: preferences.delivery(kind) for kind in Kind.values},
            "weekly_digest": preferences.weekly_digest,
        },
        "following": [
            {"kind": follow.target_name, "name": str(follow.target), "since": _when(follow.created_at)}
            for follow in Follow.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "reminders_sent": [
            {"activity": str(reminder.activity), "sent_at": _when(reminder.created_at)}
            for reminder in Reminder.objects.filter(recipient=user).select_related("activity").order_by("pk")
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "text": notification.text,
                "url": notification.url,
                "created_at": _when(notification.created_at),
                "read_at": _when(notification.read_at),
                "mail": notification.mail,
            }
            for notification in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "summaries_sent": [
            {"name": batch.name, "period": batch.period.isoformat()}
            for batch in Batch.objects.filter(recipient=user).order_by("period", "pk")
        ],
        "invitations_received": [
            {
                "email": invitation.email,
                "organisation": invitation.organisation.name,
                "role": invitation.role,
                "as_coordinator": invitation.as_coordinator,
                "sent_at": _when(invitation.sent_at),
                "expires_at": _when(invitation.expires_at),
                "accepted_at": _when(invitation.accepted_at),
                "withdrawn_at": _when(invitation.withdrawn_at),
            }
            for invitation in invitations.select_related("organisation").order_by("sent_at", "pk")
        ],
        "invitations_sent": [
            {
                "organisation": invitation.organisation.name,
                "role": invitation.role,
                "sent_at": _when(invitation.sent_at),
            }
            for invitation in Invitation.objects.filter(invited_by=user).select_related("organisation").order_by("pk")
        ],
        "mails": [
            {
                "subject": message.subject,
                "status": message.status,
                "created_at": _when(message.created_at),
                "sent_at": _when(message.sent_at),
            }
            for message in sent_to.order_by("created_at", "pk")
        ],
        # Records of the network the person made or changed: the records stay theirs to know about.
        "records": {
            "api_tokens_issued": [
                {"organisation": token.organisation.name, "label": token.label, "created_at": _when(token.created_at)}
                for token in ApiToken.objects.filter(created_by=user).select_related("organisation").order_by("pk")
            ],
            "project_updates": [
                {"project": str(update.project), "date": update.date.isoformat(), "text": update.text}
                for update in ProjectUpdate.objects.filter(author=user).select_related("project").order_by("pk")
            ],
            # Documents stay with their records when the account closes, as progress updates do.
            "documents_uploaded": [
                {"title": document.title, "created_at": _when(document.created_at)}
                for document in Document.objects.filter(uploaded_by=user).order_by("pk")
            ],
            "attendance_lists_saved": [
                {"activity": str(saved.activity), "saved_at": _when(saved.saved_at)}
                for saved in AttendanceList.objects.filter(saved_by=user).select_related("activity").order_by("pk")
            ],
            "story_links_made": [
                {"code": link.code, "created_at": _when(link.created_at)}
                for link in CollectionLink.objects.filter(created_by=user).order_by("pk")
            ],
            "stories_entered": [
                {"story": story.pk, "collected_on": _when(story.collected_on)}
                for story in Story.objects.filter(entered_by=user).order_by("pk")
            ],
            "substantiations_recorded": [
                {"name": item.name, "date": item.date.isoformat()}
                for item in Substantiation.objects.filter(recorded_by=user).order_by("pk")
            ],
            "drafts_sent_back": [
                {"record": str(record), "reason": record.sent_back_reason, "sent_back_at": _when(record.sent_back_at)}
                for model in (Activity, Project, Offering, Programme)
                for record in model._default_manager.filter(sent_back_by=user).order_by("pk")
            ],
            "organisations_merged": [
                {"gone": merge.gone_name, "into": merge.stays.name, "merged_at": _when(merge.merged_at)}
                for merge in OrganisationMerge.objects.filter(merged_by=user).select_related("stays").order_by("pk")
            ],
            "themes_merged": [
                {"gone": merge.gone_name, "into": merge.stays.name, "merged_at": _when(merge.merged_at)}
                for merge in ThemeMerge.objects.filter(merged_by=user).select_related("stays").order_by("pk")
            ],
            "uploads_waiting": [
                {"kind": upload.kind, "filename": upload.filename, "created_at": _when(upload.created_at)}
                for upload in StagedUpload.objects.filter(created_by=user).order_by("pk")
            ],
            # School data stays with the network when the account closes; only who imported it is forgotten.
            "school_data_imported": [
                {"kind": release.kind, "file": release.source_name, "imported_at": _when(release.imported_at)}
                for release in DataRelease.objects.filter(imported_by=user).order_by("pk")
            ],
            "background_jobs": [
                {"title": job.title, "status": job.status, "created_at": _when(job.created_at)}
                for job in BackgroundJob.objects.filter(requested_by=user).order_by("pk")
            ],
        },
    }


def personal_data_json(user: User) -> str:
    return json.dumps(personal_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# --- Closing an account ------------------------------------------------------------------------------------------


def is_last_coordinator(user: User) -> bool:
    """Whether the user is the only active coordinator (a superuser counts as one, as in core.permissions)."""
    coordinators = User.objects.filter(Q(is_coordinator=True) | Q(is_superuser=True), is_active=True)
    return is_coordinator(user) and user.is_active and not coordinators.exclude(pk=user.pk).exists()


@transaction.atomic
def close_account(user: User) -> None:
    """Deactivate the account and remove its personal data; raises LastCoordinator for the last coordinator.

    The questions and offers of help stay (shown as "a former member"), and so do the records the person made.
    The directory entry keeps its name (it is the organisation's record) but loses its login, address and phone.
    The address itself is cleared everywhere it was kept for this person, so it can be used again.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if is_last_coordinator(user):
        raise LastCoordinator
    email = user.email
    if email:
        # Not the one a worker is sending right now; it leaves and is removed with the other sent mails later.
        OutgoingMail.objects.filter(to__iexact=email).exclude(status=OutgoingMail.Status.SENDING).delete()
        # Expired ones too, so none can be sent again to the cleared address.
        open_invitations = Invitation.objects.filter(email__iexact=email, accepted_at=None, withdrawn_at=None)
        open_invitations.update(withdrawn_at=timezone.now())
        # The history of invitations stays (who was invited by whom, and when), without the address.
        Invitation.objects.filter(email__iexact=email).update(email="")
    Person.objects.filter(user=user).update(user=None, email="", phone="")
    signup.forget_person(user)  # the sign-ups stay counted, without the name, address or answers
    user.editable_organisations.clear()
    user.member_organisations.clear()
    Notification.objects.filter(recipient=user).delete()
    Preferences.objects.filter(user=user).delete()
    Batch.objects.filter(recipient=user).delete()
    Follow.objects.filter(user=user).delete()
    Reminder.objects.filter(recipient=user).delete()
    StagedUpload.objects.filter(created_by=user).delete()
    tasks.forget(user.pk)
    DataRelease.objects.filter(imported_by=user).update(imported_by=None)
    UsedFormToken.objects.filter(user=user).delete()
    _end_sessions(user)
    user.username = CLOSED_USERNAME.format(pk=user.pk, suffix=secrets.token_hex(4))
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_coordinator = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()


def _end_sessions(user: User) -> None:
    """Delete the account's sessions. (The new unusable password would end them at their next request anyway.)"""
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()


def account_by_email(email: str) -> list[User]:
    """The accounts with this address (for the operator's command)."""
    return list(User.objects.filter(email__iexact=email.strip()).order_by("pk"))
