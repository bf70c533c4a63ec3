from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmas/", views.programme_list, name="list"),
    path("programmas/nieuw/", views.programme_create, name="create"),
    path("programmas/<slug:slug>/bewerken/", views.programme_edit, name="edit"),
    path("programmas/<slug:slug>/publiceren/", views.publish, name="publish"),
    path("programmas/<slug:slug>/terugsturen/", views.send_back, name="send_back"),
    path("programmas/<slug:slug>/lijnen/nieuw/", views.line_form, name="line_create"),
    path("programmas/<slug:slug>/lijnen/<int:pk>/bewerken/", views.line_form, name="line_edit"),
    path("programmas/<slug:slug>/lijnen/<int:line_pk>/acties/nieuw/", views.action_form, name="action_create"),
    path("programmas/<slug:slug>/lijnen/<int:line_pk>/begroting/", views.budget_form, name="budget"),
    path("programmas/<slug:slug>/acties/<int:pk>/", views.action_page, name="action"),
    path("programmas/<slug:slug>/acties/<int:pk>/bewerken/", views.action_form, name="action_edit"),
    path("programmas/<slug:slug>/acties/<int:pk>/verslag/nieuw/", views.report_form, name="report_create"),
    path("programmas/<slug:slug>/acties/<int:pk>/verslag/<int:report_pk>/", views.report_form, name="report_edit"),
    path(
        "programmas/<slug:slug>/acties/<int:pk>/aanbeveling/nieuw/",
        views.recommendation_form,
        name="recommendation_create",
    ),
    path(
        "programmas/<slug:slug>/acties/<int:pk>/aanbeveling/<int:recommendation_pk>/",
        views.recommendation_form,
        name="recommendation_edit",
    ),
    path("programmas/<slug:slug>/acties/<int:pk>/indicator/nieuw/", views.indicator_form, name="indicator_create"),
    path(
        "programmas/<slug:slug>/acties/<int:pk>/indicator/<int:indicator_pk>/meting/",
        views.measurement_form,
        name="measurement_create",
    ),
    path("programmas/<slug:slug>/", views.detail, name="detail"),
    path("programmas/<slug:slug>/activiteiten/", views.programme_activities, name="activities"),
    path("programmas/<slug:slug>/lijnen/<int:line_pk>/route/", views.route_editor, name="route_editor"),
    path("programmas/<slug:slug>/redeneerlijnen/nieuw/", views.reasoning_line_form, name="reasoning_create"),
    path("programmas/<slug:slug>/redeneerlijnen/<int:pk>/", views.reasoning_line_form, name="reasoning_edit"),
]
