from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("organisaties/<slug:slug>/agenda-import/", views.import_page, name="import"),
    path("organisaties/<slug:slug>/agenda-import/importeren/", views.confirm, name="confirm"),
]
