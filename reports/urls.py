from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("programmas/<slug:slug>/rapport/", views.overview, name="overview"),
    path("programmas/<slug:slug>/rapport/teksten/", views.texts, name="texts"),
    path("programmas/<slug:slug>/rapport/bronnen/nieuw/", views.source_form, name="source_create"),
    path("programmas/<slug:slug>/rapport/bronnen/<int:pk>/", views.source_form, name="source_edit"),
    path("programmas/<slug:slug>/rapport/bronnen/<int:pk>/verwijderen/", views.source_delete, name="source_delete"),
    path("programmas/<slug:slug>/rapport/<str:kind>/", views.report, name="html"),
    path("programmas/<slug:slug>/rapport/<str:kind>.<str:fmt>", views.report, name="file"),
]
