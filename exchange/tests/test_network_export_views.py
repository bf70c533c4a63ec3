"""The coordinator's page that downloads the whole network as one file; nobody else gets it."""

import json

import pytest
from django.urls import reverse

from exchange.network_export import FORMAT, MODELS, problems_in

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_page_and_downloads_the_file(coordinator_client, org_a):
    page = coordinator_client.get(reverse("network_export:page"))
    assert page.status_code == 200
    assert "restore_network" in page.content.decode()
    download_url = reverse("network_export:download")
    assert f'action="{download_url}"' in page.content.decode()

    job_page = coordinator_client.post(download_url, follow=True)  # the worker makes it (here at once)
    assert "Het exportbestand wordt gemaakt." in job_page.content.decode()
    job = job_page.context["job"]
    assert (job.status, job.done, job.total) == ("done", job.total, len(MODELS))
    response = coordinator_client.get(reverse("tasks:file", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="rimpel-netwerk-20')
    assert response["Content-Disposition"].endswith('.json"')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(b"".join(response.streaming_content))
    assert data["format"] == FORMAT
    assert [row["name"] for row in data["records"]["network.Organisation"]] == ["Organisatie A"]
    assert problems_in(data) == []
    # Asked again while nothing changed: the same file, at once.
    again = coordinator_client.post(download_url, follow=True)
    assert again.context["job"] == job
    assert "Het exportbestand van het netwerk zoals het nu is, was al gemaakt." in again.content.decode()


def test_the_coordinators_dashboard_links_to_the_page(coordinator_client):
    assert reverse("network_export:page") in coordinator_client.get(reverse("home:dashboard")).content.decode()


@pytest.mark.parametrize(("name", "method"), [("page", "get"), ("download", "post")])
def test_an_editor_is_refused(editor_a_client, name, method):
    assert getattr(editor_a_client, method)(reverse(f"network_export:{name}")).status_code == 403


@pytest.mark.parametrize(("name", "method"), [("page", "get"), ("download", "post")])
def test_an_anonymous_visitor_is_sent_to_log_in(anonymous_client, name, method):
    response = getattr(anonymous_client, method)(reverse(f"network_export:{name}"))
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]


def test_the_download_is_started_by_a_post_only(coordinator_client):
    assert coordinator_client.get(reverse("network_export:download")).status_code == 405
