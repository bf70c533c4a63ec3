import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from core.models import PublicationStatus
from documents.models import Document
from documents.tests.conftest import PDF, docx_bytes, png_with_exif, upload
from tests.factories import DocumentFactory, LineFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _attach(client, record, **fields):
    data = {"title": "Jaarverslag", "kind": "report", "language": "nl", **fields}
    return client.post(reverse("documents:attach", args=[record._meta.label_lower, record.pk]), data)


def test_an_editor_attaches_a_pdf_to_their_project_and_everyone_downloads_it(editor_a_client, org_a, client):
    project = ProjectFactory(leads=[org_a])
    response = _attach(editor_a_client, project, file=upload("../../etc/verslag.pdf", PDF), year="2025")
    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.target_kind, document.target_id, document.content_type) == (
        "projects.project",
        project.pk,
        "application/pdf",
    )
    assert document.file.name.startswith("documenten/") and "verslag" not in document.file.name
    assert default_storage.exists(document.file.name)
    page = client.get(project.get_absolute_url())
    assert "Jaarverslag" in page.content.decode()
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="jaarverslag.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_only_what_everyone_may_see_is_marked_for_shared_caches(editor_a_client, org_a):
    """A proxy may keep a public file for everyone; a draft's or a members-only file it must not keep at all."""
    public_project = ProjectFactory(leads=[org_a])
    draft = ProjectFactory(leads=[org_a], publication_status=PublicationStatus.DRAFT)
    _attach(editor_a_client, public_project, title="Openbaar", file=upload("open.pdf", PDF))
    _attach(editor_a_client, draft, title="Concept", file=upload("concept.pdf", PDF))
    _attach(editor_a_client, public_project, title="Leden", file=upload("leden.pdf", PDF), members_only="on")
    caching = {
        document.title: editor_a_client.get(reverse("documents:download", args=[document.pk]))["Cache-Control"]
        for document in Document.objects.all()
    }
    assert caching == {
        "Openbaar": "public, max-age=3600",
        "Concept": "private, no-store",
        "Leden": "private, no-store",
    }


def test_an_image_is_stored_re_encoded_and_served_inline(coordinator_client, client):
    project = ProjectFactory()
    _attach(coordinator_client, project, title="Foto", kind="photo", file=upload("foto.png", png_with_exif()))
    document = Document.objects.get()
    stored = Image.open(default_storage.open(document.file.name))
    assert not stored.getexif()
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download["Content-Disposition"].startswith("inline")
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_hostile_file_is_refused_with_a_message_and_the_form_keeps_what_was_typed(editor_a_client, org_a):
    project = ProjectFactory(leads=[org_a])
    response = _attach(editor_a_client, project, title="Mijn titel", file=upload("virus.pdf", b"MZ\x90\x00evil"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "is geen pdf" in page
    assert 'value="Mijn titel"' in page
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_while_it_arrives(editor_a_client, org_a, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1024 * 1024
    project = ProjectFactory(leads=[org_a])
    big = upload("groot.pdf", PDF + b"\x00" * (3 * 1024 * 1024))
    response = _attach(editor_a_client, project, title="Groot", file=big)
    assert response.status_code == 400
    assert "1 MB" in response.content.decode()
    assert 'value="Groot"' in response.content.decode()
    assert not Document.objects.exists()


def test_a_link_to_audio_is_kept_without_a_file(editor_a_client, org_a):
    project = ProjectFactory(leads=[org_a])
    _attach(editor_a_client, project, title="Audioportret", kind="audio", url="podcast.example.org/aflevering-1")
    document = Document.objects.get()
    assert (document.url, document.file.name) == ("https://podcast.example.org/aflevering-1", "")
    assert reverse("documents:download", args=[document.pk])
    assert editor_a_client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_a_file_or_a_link_is_needed_not_both(editor_a_client, org_a):
    project = ProjectFactory(leads=[org_a])
    assert _attach(editor_a_client, project).status_code == 400
    both = _attach(editor_a_client, project, url="https://example.org", file=upload("a.docx", docx_bytes()))
    assert both.status_code == 400
    assert not Document.objects.exists()


def test_others_may_not_attach_change_or_remove(editor_b_client, member_client, org_a):
    project = ProjectFactory(leads=[org_a])
    document = DocumentFactory(target=project)
    assert _attach(editor_b_client, project, url="https://example.org").status_code == 403
    assert editor_b_client.get(reverse("documents:edit", args=[document.pk])).status_code == 403
    assert member_client.post(reverse("documents:delete", args=[document.pk])).status_code == 403
    assert Document.objects.count() == 1


def test_an_editor_replaces_the_file_and_removes_the_document(editor_a_client, org_a):
    project = ProjectFactory(leads=[org_a])
    _attach(editor_a_client, project, file=upload("a.pdf", PDF))
    document = Document.objects.get()
    first = document.file.name
    response = editor_a_client.post(
        reverse("documents:edit", args=[document.pk]),
        {"title": "Nieuw", "kind": "report", "language": "nl", "file": upload("b.docx", docx_bytes())},
    )
    document.refresh_from_db()
    assert response.status_code == 302
    assert (document.title, document.extension) == ("Nieuw", ".docx")
    assert document.file.name != first
    editor_a_client.post(reverse("documents:delete", args=[document.pk]))
    assert not Document.objects.exists()


def test_members_only_and_draft_documents_are_hidden_from_the_public(client, member_client, editor_a_client, org_a):
    draft = ProjectFactory(leads=[org_a], publication_status=PublicationStatus.DRAFT)
    of_draft = DocumentFactory(title="Van concept", target=draft)
    members = DocumentFactory(title="Voor leden", members_only=True)
    DocumentFactory(title="Openbaar")
    public_page = client.get(reverse("documents:library")).content.decode()
    assert "Openbaar" in public_page and "Voor leden" not in public_page and "Van concept" not in public_page
    assert client.get(members.get_absolute_url()).status_code == 404
    assert member_client.get(members.get_absolute_url()).status_code == 200
    assert member_client.get(of_draft.get_absolute_url()).status_code == 404
    assert editor_a_client.get(of_draft.get_absolute_url()).status_code == 200
    assert "Voor leden" in member_client.get(reverse("documents:library")).content.decode()


def test_the_library_filters_sorts_and_says_when_nothing_matches(client):
    theme = ThemeFactory()
    line = LineFactory()
    DocumentFactory(title="Brochure", kind="brochure", year=2024).themes.add(theme)
    DocumentFactory(title="Infographic", kind="infographic", year=2026).lines.add(line)
    DocumentFactory(title="Documentaire", kind="video", year=2025, description="Over de lerarenopleiding")

    def titles(**query):
        response = client.get(reverse("documents:library"), query)
        return [document.title for document in response.context["page"]]

    assert titles() == ["Infographic", "Documentaire", "Brochure"]
    assert titles(volgorde="titel") == ["Brochure", "Documentaire", "Infographic"]
    assert titles(soort="brochure") == ["Brochure"]
    assert titles(thema=theme.slug) == ["Brochure"]
    assert titles(lijn=line.slug) == ["Infographic"]
    assert titles(jaar="2025") == ["Documentaire"]
    assert titles(zoek="lerarenopleiding") == ["Documentaire"]
    empty = client.get(reverse("documents:library"), {"soort": "photo"})
    assert "rimpel-empty" in empty.content.decode()
    assert client.get(reverse("documents:library"), {"jaar": "x'; drop", "page": "99"}).status_code == 200


def test_a_progress_update_carries_an_attachment(editor_a_client, org_a, client):
    project = ProjectFactory(leads=[org_a])
    response = editor_a_client.post(
        reverse("projects:add_update", args=[project.slug]),
        {"date": "2026-03-01", "text": "Eerste ronde klaar.", "attachment": upload("x.pdf", PDF)},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.target_kind, document.year) == ("projects.projectupdate", 2026)
    page = client.get(project.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page
    assert document in client.get(reverse("documents:library")).context["page"]


def test_a_progress_update_with_a_hostile_file_is_refused(editor_a_client, org_a):
    project = ProjectFactory(leads=[org_a])
    response = editor_a_client.post(
        reverse("projects:add_update", args=[project.slug]),
        {"date": "2026-03-01", "text": "Tekst blijft", "attachment": upload("x.pdf", b"<script>alert(1)</script>")},
    )
    assert response.status_code == 400
    assert "Tekst blijft" in response.content.decode()
    assert not project.updates.exists()


def test_a_deleted_record_takes_its_documents_and_files_along(coordinator_client, django_capture_on_commit_callbacks):
    project = ProjectFactory()
    _attach(coordinator_client, project, file=upload("a.pdf", PDF))
    name = Document.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert not Document.objects.exists()
    assert not default_storage.exists(name)


def test_the_coordinator_adds_a_document_of_the_network(coordinator_client, editor_a_client):
    assert editor_a_client.get(reverse("documents:create")).status_code == 403
    response = coordinator_client.post(
        reverse("documents:create"),
        {"title": "Brochure", "kind": "brochure", "language": "nl", "file": upload("b.pdf", PDF)},
    )
    assert response.status_code == 302
    assert Document.objects.get().target_kind == ""
    assert default_storage.open(Document.objects.get().file.name).read() == PDF


def test_a_file_stored_for_a_record_that_could_not_be_saved_is_removed(media_root):
    from documents import services, sniffing

    uploaded = upload("a.pdf", PDF)
    with pytest.raises(ValidationError):  # the title is too long
        services.save_document(Document(title="x" * 300), upload=uploaded, recognised=sniffing.recognise(uploaded))
    assert not list(media_root.rglob("*.pdf"))
