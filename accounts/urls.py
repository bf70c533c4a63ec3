from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("mijn-werk/", views.dashboard, name="dashboard"),
]
