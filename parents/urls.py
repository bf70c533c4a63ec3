from django.urls import path

from parents import views

app_name = "parents"

urlpatterns = [
    path("open-dagen/school-kiezen/", views.choosing_a_school, name="choosing_a_school"),
    path("open-dagen/school-kiezen/nieuw/", views.create, name="create"),
    path("open-dagen/school-kiezen/<slug:slug>/", views.page, name="page"),
    path("open-dagen/school-kiezen/<slug:slug>/bewerken/<str:language>/", views.edit, name="edit"),
    path("open-dagen/schoolkeuzebrief/", views.letter, name="letter"),
]
