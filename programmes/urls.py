from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmas/", views.programme_list, name="list"),
    path("programmas/<slug:slug>/", views.detail, name="detail"),
    path("programmas/<slug:slug>/activiteiten/", views.programme_activities, name="activities"),
    path("programmas/<slug:slug>/lijnen/<int:line_pk>/route/", views.route_editor, name="route_editor"),
    path("programmas/<slug:slug>/redeneerlijnen/nieuw/", views.reasoning_line_form, name="reasoning_create"),
    path("programmas/<slug:slug>/redeneerlijnen/<int:pk>/", views.reasoning_line_form, name="reasoning_edit"),
]
