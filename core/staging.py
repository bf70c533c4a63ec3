"""Uploads held between their check and their confirmation (core.models.StagedUpload).

Every kind of upload follows the same rules: only the user who uploaded it can confirm it, and only from the page
of its target; it lives a day at most (deleted then by the next upload or check, and by the nightly
`manage.py purge_expired`, also when no one uploads again); confirming or cancelling consumes it, so a form posted
twice acts once.
"""

import datetime as dt
import secrets

from django.utils import timezone

from core.models import StagedUpload

LIFETIME = dt.timedelta(days=1)


def purge_expired() -> int:
    """Delete the uploads whose day is over; how many. At every upload and check, and nightly (purge_expired)."""
    return StagedUpload.objects.filter(expires_at__lte=timezone.now()).delete()[0]


def stage(
    user,
    kind: str,
    *,
    target: str = "",
    payload: dict | None = None,
    content: bytes = b"",
    filename: str = "",
    replace: bool = False,
) -> StagedUpload:
    """Hold an upload until it is confirmed. replace: the user's earlier uploads of this kind for this target go,
    so only the latest check can be confirmed."""
    purge_expired()
    if replace:
        StagedUpload.objects.filter(created_by=user, kind=kind, target=target).delete()
    return StagedUpload.objects.create(
        token=secrets.token_urlsafe(32),
        kind=kind,
        target=target,
        created_by=user,
        expires_at=timezone.now() + LIFETIME,
        filename=filename[:200],
        content=content,
        payload=payload or {},
    )


def find(user, kind: str, token: str, target: str = "") -> StagedUpload | None:
    """The user's upload of this kind for this target under the token; None when it is unknown, someone else's,
    for another target, consumed or expired (the caller says so in one message: which of these it was would
    only tell a stranger that the token exists)."""
    purge_expired()
    if not token or not user.is_authenticated:
        return None
    return StagedUpload.objects.filter(
        kind=kind, target=target, token=token, created_by=user, expires_at__gt=timezone.now()
    ).first()


def consume(upload: StagedUpload) -> bool:
    """Use the upload up; False when another request did so first (a form posted twice). Call it inside the
    transaction that acts on the upload, so a failure there leaves the upload waiting."""
    deleted, _by_model = StagedUpload.objects.filter(pk=upload.pk).delete()
    return bool(deleted)
