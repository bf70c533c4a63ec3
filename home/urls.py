from django.urls import path

from home import account, views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    # Under /account/ with login and logout (accounts), where it has always been.
    path("account/mijn-werk/", views.dashboard, name="dashboard"),
    path("account/", account.account, name="account"),
    path("account/e-mail/", account.email_change, name="account_email"),
    path("account/e-mail/<str:token>/", account.email_confirm, name="account_email_confirm"),
    path("account/mijn-gegevens/", account.data_download, name="account_data"),
    path("account/opheffen/", account.close, name="account_close"),
    path("account/opgeheven/", account.closed, name="account_closed"),
]
