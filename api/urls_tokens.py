from django.urls import path

from api import views

app_name = "api_tokens"

urlpatterns = [
    path("api-sleutels/", views.token_list, name="list"),
    path("api-sleutels/nieuw/", views.token_create, name="create"),
    path("api-sleutels/<int:pk>/intrekken/", views.token_revoke, name="revoke"),
]
