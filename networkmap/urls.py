from django.urls import path

from networkmap import views

app_name = "networkmap"

urlpatterns = [
    path("netwerk/", views.network_map, name="map"),
    path("netwerk/lijst/", views.network_list, name="map_list"),
    path("netwerk.json", views.network_data, name="map_data"),
]
