from django.urls import path

from offerings import views

app_name = "offerings"

urlpatterns = [
    path("aanbod/", views.offering_list, name="list"),
    path("aanbod.rss", views.OfferingFeed(), name="feed"),
    path("aanbod/nieuw/", views.create, name="create"),
    path("aanbod/<slug:slug>/", views.detail, name="detail"),
    path("aanbod/<slug:slug>/bewerken/", views.edit, name="edit"),
    path("aanbod/<slug:slug>/publiceren/", views.publish, name="publish"),
    path("aanbod/<slug:slug>/terugsturen/", views.send_back, name="send_back"),
    path("aanbod/<slug:slug>/verwijderen/", views.delete, name="delete"),
]
