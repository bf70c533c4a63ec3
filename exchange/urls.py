from django.urls import path

from exchange import views, views_data

app_name = "exchange"

urlpatterns = [
    path("organisaties/<slug:slug>/agenda-import/", views.import_page, name="import"),
    path("organisaties/<slug:slug>/agenda-import/importeren/", views.confirm, name="confirm"),
    path("gegevens-import/", views_data.start, name="data_import"),
    path("gegevens-import/<str:token>/", views_data.check, name="data_import_check"),
]
