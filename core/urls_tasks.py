from django.urls import path

from core import tasks_views

app_name = "tasks"

urlpatterns = [
    path("taken/<int:pk>/", tasks_views.job_page, name="job"),
    path("taken/<int:pk>/bestand/", tasks_views.job_file, name="file"),
]
