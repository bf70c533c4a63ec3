from django.urls import path

from impact import views

app_name = "impact"

urlpatterns = [
    path("impactmodel/", views.model_page, name="model"),
    path("impactmodel/inzet/", views.edit_inputs, name="edit_inputs"),
    path("impactmodel/doelgroep/", views.add_target_group, name="add_target_group"),
    path("impactmodel/ring/<int:ring_id>/dimensie/", views.add_dimension, name="add_dimension"),
    path("impactmodel/dimensie/<int:pk>/", views.change_dimension, name="change_dimension"),
    path("agenda/<slug:slug>/cijfers/", views.activity_figures, name="activity_figures"),
]
