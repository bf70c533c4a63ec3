import datetime as dt
import uuid

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from core.models import PublicationStatus, Publishable, UsedFormToken

# Path words that sit beside slugs in URLs (agenda/nieuw/).
RESERVED_SLUGS = {"nieuw"}
FORM_TOKEN_LIFETIME = dt.timedelta(days=1)


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


def _slug_base(text: str, max_length: int) -> str:
    base = slugify(text)[:max_length] or "item"
    return f"{base}-1" if base in RESERVED_SLUGS else base


def set_publication(record: Publishable, published: bool) -> None:
    """Publish a draft or turn a published record back into a draft; doing it twice is harmless."""
    record.publication_status = PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT
    record.save(update_fields=["publication_status", "updated_at"])


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


VERSIONS_KEPT = 100  # older version rows are pruned now and then; only the newest one counts


def add_version(model: type[models.Model], using: str = "default") -> str:
    """A new row of a version table (network.GraphVersion, core.PageVersion) and its random token.

    Inserting never waits on another writer's lock, as updating one shared row would. A random token rather than
    the row's number, so a rolled-back insert cannot hand a number out twice and revive results cached between."""
    token = uuid.uuid4().hex
    row = model._default_manager.using(using).create(token=token)
    if row.pk % VERSIONS_KEPT == 0:
        model._default_manager.using(using).filter(pk__lte=row.pk - VERSIONS_KEPT).delete()
    return token
