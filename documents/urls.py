from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("documenten/", views.library, name="library"),
    path("documenten/nieuw/", views.create, name="create"),
    path("documenten/toevoegen/<str:kind>/<int:pk>/", views.attach, name="attach"),
    path("documenten/<int:pk>/", views.detail, name="detail"),
    path("documenten/<int:pk>/bestand/", views.download, name="download"),
    path("documenten/<int:pk>/bewerken/", views.edit, name="edit"),
    path("documenten/<int:pk>/verwijderen/", views.delete, name="delete"),
]
