from django.urls import path

from attendance import views, views_registration

app_name = "attendance"

urlpatterns = [
    path("agenda/<slug:slug>/aanwezigheid/", views.activity_page, name="activity"),
    path("agenda/<slug:slug>/aanwezigheid/opslaan/", views.confirm, name="confirm"),
    path("agenda/<slug:slug>/aanwezigheid/lijst.csv", views.export, name="export"),
    path("agenda/<slug:slug>/aanwezigheid/verwijderen/", views.remove, name="remove"),
    path("agenda/<slug:slug>/aanmelden/", views_registration.register, name="register"),
    path("agenda/<slug:slug>/aanmelden/verstuurd/", views_registration.sent, name="registration_sent"),
    path("agenda/<slug:slug>/aanmeldingen/", views_registration.registrations, name="registrations"),
    path("agenda/<slug:slug>/aanmeldingen/instellen/", views_registration.setup, name="registration_setup"),
    path("agenda/<slug:slug>/aanmeldingen/open/", views_registration.set_open, name="registration_open"),
    path(
        "agenda/<slug:slug>/aanmeldingen/<int:pk>/afmelden/",
        views_registration.remove,
        name="registration_remove",
    ),
    path(
        "agenda/<slug:slug>/aanmeldingen/aanwezigheid/",
        views_registration.to_attendance,
        name="registration_attendance",
    ),
    path("aanmelding/annuleren/<str:token>/", views_registration.cancel, name="registration_cancel"),
    path("aanwezigheid/", views.overview, name="overview"),
    path("aanwezigheid/verwijderverzoek/", views.erasure, name="erasure"),
]
