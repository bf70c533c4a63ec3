from django.urls import path

from api import views
from api.endpoints import api
from api.http import api_view

app_name = "api"

patterns, _app_name, _namespace = api.urls
for pattern in patterns:
    # Every API request: its token, the rate limits and ETags (api.http).
    pattern.callback = api_view(pattern.callback)

urlpatterns = [
    path("docs", views.docs, name="docs"),
    *patterns,
]
