from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmas/", views.programme_list, name="list"),
    path("programmas/<slug:slug>/", views.detail, name="detail"),
]
