"""Issuing, revoking and checking API tokens. Views and the API call these; nothing else writes tokens."""

import datetime as dt
import hashlib
import secrets

from django.utils import timezone

from api.models import ApiToken

TOKEN_START = "rimpel_"
PREFIX_LENGTH = 8
# last_used_at is written at most this often per token, so reading the API does not mean a write per request.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(organisation, label: str, user) -> tuple[ApiToken, str]:
    """A new token for the organisation and its secret, which is not stored and cannot be shown again."""
    secret = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        label=label.strip(),
        key_hash=hash_secret(secret),
        prefix=secret[: len(TOKEN_START) + PREFIX_LENGTH],
        created_by=user,
    )
    return token, secret


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def find(secret: str) -> ApiToken | None:
    """The token with this secret, revoked or not, or None."""
    if not secret.startswith(TOKEN_START) or len(secret) > 100:
        return None
    return ApiToken.objects.select_related("organisation").filter(key_hash=hash_secret(secret)).first()


def touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
