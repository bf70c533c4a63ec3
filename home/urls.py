from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    # Under /account/ with login and logout (accounts), where it has always been.
    path("account/mijn-werk/", views.dashboard, name="dashboard"),
]
