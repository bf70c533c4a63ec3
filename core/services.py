import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.models import PublicationStatus, Publishable, UsedFormToken
from core.signals import record_published, record_sent_back

# Path words that sit beside slugs in URLs (agenda/nieuw/).
RESERVED_SLUGS = {"nieuw"}
FORM_TOKEN_LIFETIME = dt.timedelta(days=1)
BULK_BATCH = 1000  # rows per INSERT of the bulk create services
SENT_BACK_FIELDS = ["sent_back_reason", "sent_back_at", "sent_back_by", "changed_since_sent_back"]


def unique_slug(
    model: type[models.Model], text: str, instance: models.Model | None = None, max_length: int = 200
) -> str:
    """A slug for text that no other record of model uses ('nacht-van-de-leraar-2')."""
    base = _slug_base(text, max_length)
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    return free_slug(text, set(others.filter(slug__startswith=base).values_list("slug", flat=True)), max_length)


def free_slug(text: str, taken: set[str], max_length: int = 200) -> str:
    """A slug for text that is not in taken, which it is added to: for naming many new records at once."""
    base = _slug_base(text, max_length)
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    taken.add(slug)
    return slug


def pk_of(record: Any) -> Any:
    """The primary key of a record, or the value itself when it is one already (bulk writers pass either)."""
    return record.pk if isinstance(record, models.Model) else record


def link_many(relation: Any, pairs: Iterable[tuple[Any, Any]]) -> int:
    """Rows of a many-to-many table for (record, linked record) pairs (records or primary keys), inserted in
    batches: the bulk counterpart of `record.<relation>.set()` for new records. relation is the model's attribute
    (Activity.organisers); returns the number of rows."""
    through = relation.through
    source = through._meta.get_field(relation.field.m2m_field_name()).attname
    target = through._meta.get_field(relation.field.m2m_reverse_field_name()).attname
    rows = [through(**{source: pk_of(record), target: pk_of(linked)}) for record, linked in pairs]
    through.objects.bulk_create(rows, batch_size=BULK_BATCH)
    return len(rows)


def _slug_base(text: str, max_length: int) -> str:
    base = slugify(text)[:max_length] or "item"
    return f"{base}-1" if base in RESERVED_SLUGS else base


def apply_draft_rule(record: Publishable, *, keep_published: bool) -> None:
    """The draft rule, applied by every save of a publishable record before it is written: a change by someone
    who may not publish (an editor, an API token) makes a published record a draft again, so the change goes
    public only once a coordinator publishes it. keep_published is whether the one making the change may publish.
    A draft that was sent back is marked changed, so the coordinator sees it is back."""
    if not keep_published:
        record.publication_status = PublicationStatus.DRAFT
    if record.is_sent_back:
        record.changed_since_sent_back = True


def set_publication(record: Publishable, published: bool) -> None:
    """Publish a draft or turn a published record back into a draft; doing it twice is harmless (and announces
    nothing the second time). Publishing clears a send-back: its reason is answered."""
    was_published = record.is_published
    record.publication_status = PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT
    fields = ["publication_status", "updated_at"]
    if published:
        record.sent_back_reason, record.sent_back_at, record.sent_back_by = "", None, None
        record.changed_since_sent_back = False
        fields += SENT_BACK_FIELDS
    record.save(update_fields=fields)
    if published and not was_published:
        record_published.send(sender=type(record), record=record)


def send_back(record: Publishable, reason: str, by: AbstractBaseUser) -> None:
    """Send a draft back to its editors with a coordinator's reason, and announce it (they are told). Raises
    ValidationError for a published record: only drafts wait for a coordinator."""
    if record.is_published:
        raise ValidationError(_("Only a draft can be sent back. This one is published."))
    record.sent_back_reason = reason
    record.sent_back_at = timezone.now()
    record.sent_back_by = by  # type: ignore[assignment]  # core may not name accounts.User
    record.changed_since_sent_back = False
    # Not updated_at: the last change the queue shows stays the editors' own.
    record.save(update_fields=SENT_BACK_FIELDS)
    record_sent_back.send(sender=type(record), record=record)


def new_form_token() -> str:
    return str(uuid.uuid4())


def previous_result_for_token(token: str | None) -> str | None:
    """Where a form with this token already led, if it was posted before."""
    if not token:
        return None
    try:
        return UsedFormToken.objects.filter(token=uuid.UUID(token)).values_list("result_url", flat=True).first()
    except ValueError:
        return None


def record_form_token(token: str | None, user: AbstractBaseUser, result_url: str) -> None:
    """Mark the token used; raises IntegrityError inside the caller's transaction if it was."""
    if not token:
        return
    try:
        parsed = uuid.UUID(token)
    except ValueError:
        return
    with transaction.atomic():
        UsedFormToken.objects.create(token=parsed, user_id=user.pk, result_url=result_url)
    # A token only has to outlive a double click or a reload; forget old ones as new ones come in.
    UsedFormToken.objects.filter(created_at__lt=timezone.now() - FORM_TOKEN_LIFETIME).delete()
