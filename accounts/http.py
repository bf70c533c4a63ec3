"""The request a view behind login_required receives: its user is signed in (the type django-stubs recommends)."""

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
