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


def test_the_docs_list_the_lines_of_work_and_say_their_meetings_stay_out(client):
    html = client.get("/api/docs").content.decode()
    for operation in ("GET /api/lines/", "GET /api/lines/{slug}/"):
        assert operation in html
    assert "meetings (agenda, notes, invitees, decisions, follow-ups) are for members only" in html
    document = api.get_openapi_schema(path_prefix="/api/")
    ids = {operation["operationId"] for operations in document["paths"].values() for operation in operations.values()}
    assert {"api_endpoints_lines", "api_endpoints_line"} <= ids


def test_the_docs_page_follows_the_language(client):
    assert '<html lang="nl"' in client.get("/api/docs").content.decode()
    assert '<html lang="en"' in client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="en").content.decode()
