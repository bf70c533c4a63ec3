from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("meldingen/", views.notification_list, name="list"),
    path("meldingen/gelezen/", views.mark_read, name="read"),
    path("meldingen/instellingen/", views.preferences, name="settings"),
    path("meldingen/ik-volg/", views.following, name="following"),
    path("meldingen/volgen/<str:target>/<int:pk>/", views.follow, name="follow"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
