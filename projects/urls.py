from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("projecten/", views.portfolio, name="portfolio"),
    path("projecten.rss", views.ProjectFeed(), name="feed"),
    path("projecten/nieuw/", views.create, name="create"),
    path("projecten/<slug:slug>/", views.detail, name="detail"),
    path("projecten/<slug:slug>/bewerken/", views.edit, name="edit"),
    path("projecten/<slug:slug>/voortgang/", views.add_update, name="add_update"),
    path("projecten/<slug:slug>/publiceren/", views.publish, name="publish"),
    path("projecten/<slug:slug>/terugsturen/", views.send_back, name="send_back"),
    path("projecten/<slug:slug>/verwijderen/", views.delete, name="delete"),
]
