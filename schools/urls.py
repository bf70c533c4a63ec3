from django.urls import path

from schools import views

app_name = "schools"

# A school's page has a path of its own (school/<slug>/), so no school's name can take the place of another page
# under /scholen/ (kaart, wijkkaart, segregatie).
urlpatterns = [
    path("scholen/", views.school_list, name="list"),
    path("scholen/kaart/", views.school_map, name="map"),
    path("scholen/wijkkaart/", views.wijk_map_upload, name="wijk_map"),
    path("scholen/wijkkaart/verwijderen/", views.wijk_map_remove, name="wijk_map_remove"),
    path("scholen/school/<slug:slug>/", views.school_detail, name="detail"),
]
