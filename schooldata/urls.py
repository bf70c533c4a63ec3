from django.urls import path

from schooldata import views

app_name = "schooldata"

urlpatterns = [
    path("scholen/gegevens/", views.releases, name="releases"),
    path("scholen/gegevens/controle/<str:token>/", views.check, name="check"),
    path("scholen/gegevens/<int:pk>/verwijderen/", views.delete, name="delete"),
]
