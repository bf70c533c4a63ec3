from django.urls import path

from attendance import views

app_name = "attendance"

urlpatterns = [
    path("agenda/<slug:slug>/aanwezigheid/", views.activity_page, name="activity"),
    path("agenda/<slug:slug>/aanwezigheid/opslaan/", views.confirm, name="confirm"),
    path("agenda/<slug:slug>/aanwezigheid/lijst.csv", views.export, name="export"),
    path("agenda/<slug:slug>/aanwezigheid/verwijderen/", views.remove, name="remove"),
    path("aanwezigheid/", views.overview, name="overview"),
    path("aanwezigheid/verwijderverzoek/", views.erasure, name="erasure"),
]
