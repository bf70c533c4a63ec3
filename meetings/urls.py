from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("lijnen/<slug:slug>/overleggen/", views.line_meetings, name="line_list"),
    path("lijnen/<slug:slug>/overleggen/nieuw/", views.meeting_create, name="create"),
    path("overleggen/<int:pk>/", views.meeting_detail, name="detail"),
    path("overleggen/<int:pk>/bewerken/", views.meeting_edit, name="edit"),
    path("overleggen/<int:pk>/besluiten/nieuw/", views.decision_create, name="decision_create"),
    path("overleggen/<int:pk>/vervolgacties/nieuw/", views.follow_up_create, name="follow_up_create"),
    path("vervolgacties/<int:pk>/klaar/", views.follow_up_done, name="follow_up_done"),
]
