from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("agenda/", views.calendar, name="calendar"),
    path("agenda.ics", views.feed, name="feed"),
    path("agenda/nieuw/", views.create, name="create"),
    path("agenda/<slug:slug>/", views.detail, name="detail"),
    path("agenda/<slug:slug>/agenda.ics", views.ics, name="ics"),
    path("agenda/<slug:slug>/bewerken/", views.edit, name="edit"),
    path("agenda/<slug:slug>/publiceren/", views.publish, name="publish"),
    path("agenda/<slug:slug>/terugsturen/", views.send_back, name="send_back"),
    path("agenda/<slug:slug>/verwijderen/", views.delete, name="delete"),
    path("open-dagen/", views.open_days, name="open_days"),
    path("open-dagen.ics", views.open_days_feed, name="open_days_feed"),
]
