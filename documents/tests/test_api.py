import pytest

from core.models import PublicationStatus
from tests.factories import DocumentFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_the_api_lists_the_public_documents_with_filters(client):
    theme = ThemeFactory()
    DocumentFactory(title="Brochure", kind="brochure", year=2024).themes.add(theme)
    DocumentFactory(title="Video", kind="video", year=2025, url="https://video.example.org/docu")
    DocumentFactory(title="Voor leden", members_only=True)
    DocumentFactory(title="Van concept", target=ProjectFactory(publication_status=PublicationStatus.DRAFT))
    listed = client.get("/api/documents/").json()
    assert [item["title"] for item in listed["results"]] == ["Video", "Brochure"]
    video = listed["results"][0]
    assert (video["is_link"], video["file_url"]) == (True, "https://video.example.org/docu")
    assert [item["title"] for item in client.get(f"/api/documents/?theme={theme.slug}").json()["results"]] == [
        "Brochure"
    ]
    assert client.get("/api/documents/?kind=nonsense").status_code == 400
