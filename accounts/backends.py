"""Logging in with the e-mail address as well as the user name."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from accounts.models import User


class EmailOrUsernameBackend(ModelBackend):
    """Invited and signed-up people get their address as user name, but an address changed later is not; so the
    login takes either. An address shared by several logins opens none of them by address (the name still works)."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None or password is None:
            return None
        text = username.strip()
        user = User.objects.filter(username__iexact=text).first()
        if user is None and "@" in text:
            by_address = list(User.objects.filter(email__iexact=text)[:2])
            user = by_address[0] if len(by_address) == 1 else None
        if user is None:
            User().set_password(password)  # as long as a known name takes, so timing tells nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
