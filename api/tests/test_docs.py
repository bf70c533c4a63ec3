"""/api/docs: built from the OpenAPI document, on the site's own layout, without inline scripts."""

import re

from api.endpoints import api


def test_the_docs_page_lists_every_operation_with_a_curl_example(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    document = api.get_openapi_schema(path_prefix="/api/")
    for path, operations in document["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}" in html
    assert "curl" in html and "Authorization: Bearer $RIMPEL_TOKEN" in html
    assert "page_size" in html and "first_timer_share" in html  # parameters and response fields
    assert 'class="utrecht-body"' in html  # the site's layout
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline scripts
    assert "cdn" not in html.lower()


def test_the_docs_page_follows_the_language(client):
    assert '<html lang="nl"' in client.get("/api/docs").content.decode()
    assert '<html lang="en"' in client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="en").content.decode()
