"""The site icon: named by every page, served as a static file, and /favicon.ico leads to it (no 404 in logs)."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders


def test_every_page_names_an_icon_that_exists_and_favicon_ico_leads_to_it(client, db):
    page = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon, "the base template names no icon"
    assert finders.find(icon[1].removeprefix(settings.STATIC_URL))
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon[1]
