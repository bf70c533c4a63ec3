from django.urls import path

from search import views, views_index

app_name = "search"

urlpatterns = [
    path("zoeken/", views.results, name="results"),
    path("zoeken/index/", views_index.index_state, name="index"),
    path("zoeken/verwante-termen/", views.related_terms, name="related_terms"),
    path("makelaar/", views.broker_view, name="broker"),  # not under vragen/, where a question may be called that
]
