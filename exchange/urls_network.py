from django.urls import path

from exchange import views_network

app_name = "network_export"

urlpatterns = [
    path("beheer/netwerk-export/", views_network.network_export, name="page"),
    path("beheer/netwerk-export/download/", views_network.network_export_download, name="download"),
]
