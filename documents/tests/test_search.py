import pytest
from django.urls import reverse

from core.models import PublicationStatus
from search.models import Kind, SearchEntry
from tests.factories import DocumentFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _found(client, words):
    response = client.get(reverse("search:results"), {"q": words, "soort": Kind.DOCUMENT})
    return [hit.entry.title for hit in response.context["hits"]]


def test_documents_are_found_by_title_and_description(client, member_client):
    DocumentFactory(title="Infographic netwerkimpact", description="Wat het netwerk in 2025 deed.")
    DocumentFactory(title="Audioportret", description="Een leraar over de opleidingsschool.", members_only=True)
    assert _found(client, "infographic") == ["Infographic netwerkimpact"]
    assert _found(client, "opleidingsschool") == []
    assert _found(member_client, "opleidingsschool") == ["Audioportret"]


def test_a_drafts_documents_are_found_once_it_is_published(client):
    project = ProjectFactory(publication_status=PublicationStatus.DRAFT)
    DocumentFactory(title="Tussenrapportage", target=project)
    assert _found(client, "tussenrapportage") == []
    project.publication_status = PublicationStatus.PUBLISHED
    project.save()
    assert _found(client, "tussenrapportage") == ["Tussenrapportage"]


def test_a_removed_document_leaves_the_index():
    document = DocumentFactory(title="Brochure")
    assert SearchEntry.objects.filter(kind=Kind.DOCUMENT).count() == 1
    document.delete()
    assert not SearchEntry.objects.filter(kind=Kind.DOCUMENT).exists()
