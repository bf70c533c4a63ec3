from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<slug:slug>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("mensen/nieuw/", views.person_create, name="person_create"),
    path("mensen/<int:pk>/bewerken/", views.person_edit, name="person_edit"),
    path("mensen/<int:pk>/verwijderen/", views.person_delete, name="person_delete"),
    path("lijnen/", views.line_list, name="line_list"),
    path("lijnen/<slug:slug>/", views.line_detail, name="line_detail"),
]
