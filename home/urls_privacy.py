"""The privacy statement, without a namespace: reverse("privacy")."""

from django.urls import path

from home import account

urlpatterns = [
    path("privacy/", account.privacy, name="privacy"),
]
