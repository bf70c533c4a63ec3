from django.urls import path

from questions import views

app_name = "questions"

urlpatterns = [
    path("vragen/", views.question_list, name="list"),
    path("vragen/nieuw/", views.create, name="create"),
    path("vragen/<slug:slug>/", views.detail, name="detail"),
    path("vragen/<slug:slug>/bewerken/", views.edit, name="edit"),
    path("vragen/<slug:slug>/beantwoord/", views.answered, name="answered"),
    path("vragen/<slug:slug>/reageren/", views.respond, name="respond"),
    path("vragen/<slug:slug>/aanbod/<int:pk>/aannemen/", views.accept, name="accept"),
    path("vragen/<slug:slug>/reactie-intrekken/", views.withdraw, name="withdraw"),
    path("vragen/<slug:slug>/verwijderen/", views.delete, name="delete"),
]
