from django.urls import path

from schooldata import monitor_views

app_name = "segregation"

urlpatterns = [
    path("scholen/segregatie/", monitor_views.page, name="monitor"),
    path("scholen/segregatie/download/", monitor_views.download, name="download"),
    path("scholen/segregatie/download/<str:table>/", monitor_views.download_details, name="download_details"),
]
