"""The report pages: overview, downloads, who may see a draft's reports, the texts form and the evaluation sources."""

import io

import docx
import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.models import BackgroundJob
from reports.models import EvaluationSource, ReportText, TextKey
from reports.tests.conftest import bare_programme

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXTS = "/programmas/p/rapport/teksten/"
NEW_SOURCE = "/programmas/p/rapport/bronnen/nieuw/"


@pytest.fixture
def programme(org_a):
    programme = bare_programme("p", name="Programma P", foreword="Ons voorwoord.")
    programme.organisations.set([org_a])
    return programme


@pytest.fixture
def draft(org_a):
    programme = bare_programme("concept", name="Conceptprogramma", publication_status="draft")
    programme.organisations.set([org_a])
    return programme


def nl(message: str) -> str:
    """A message as the Dutch (default) pages show it, escaped as in the HTML."""
    with translation.override("nl"):
        return escape(gettext(message))


def all_texts(**texts) -> dict:
    return {key: texts.get(key, "") for key in TextKey.values}


def download(client, path: str):
    """A report file as a person gets it: the link's page, its button (the worker makes the file, here at once),
    then the job's download."""
    page = client.get(path)
    assert page.status_code == 200
    assert nl("Make the file") in page.content.decode()
    job = client.post(path, follow=True).context["job"]
    assert job.status == "done", job.message
    return client.get(f"/taken/{job.pk}/bestand/")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- Overview and downloads -------------------------------------------------------------------------------------


def test_the_overview_links_to_both_reports_in_three_formats(anonymous_client, programme):
    response = anonymous_client.get("/programmas/p/rapport/")
    assert response.status_code == 200
    page = response.content.decode()
    for kind in ("impact", "evaluation", "storybook"):
        for href in (
            f"/programmas/p/rapport/{kind}/",
            f"/programmas/p/rapport/{kind}.pdf",
            f"/programmas/p/rapport/{kind}.docx",
        ):
            assert f'href="{href}"' in page
    # Visitors read; they do not edit the texts or sources.
    assert TEXTS not in page and NEW_SOURCE not in page
    assert response.context["may_edit"] is False


def test_the_overview_offers_editing_to_those_who_may(coordinator_client, editor_a_client, editor_b_client, programme):
    EvaluationSource.objects.create(
        programme=programme, kind="questionnaire", title="Enquête", invited=20, responded=11
    )
    for client, may in ((coordinator_client, True), (editor_a_client, True), (editor_b_client, False)):
        page = client.get("/programmas/p/rapport/").content.decode()
        assert (TEXTS in page, NEW_SOURCE in page) == (may, may)
        assert "Enquête" in page


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [
        ("impact", "pdf"),
        ("impact", "docx"),
        ("evaluation", "pdf"),
        ("evaluation", "docx"),
        ("storybook", "pdf"),
        ("storybook", "docx"),
    ],
)
def test_downloads_are_attachments_of_the_right_type(anonymous_client, programme, kind, fmt):
    response = download(anonymous_client, f"/programmas/p/rapport/{kind}.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == {"pdf": "application/pdf", "docx": DOCX}[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="p-{kind}.{fmt}"'
    if fmt == "pdf":
        assert body(response).startswith(b"%PDF")
    else:
        document = docx.Document(io.BytesIO(body(response)))
        assert document.core_properties.title.endswith("Programma P")


def test_a_made_file_is_served_at_once_until_the_data_changes(anonymous_client, editor_a_client, programme):
    made = body(download(editor_a_client, "/programmas/p/rapport/impact.docx"))
    jobs = BackgroundJob.objects.count()
    again = anonymous_client.get("/programmas/p/rapport/impact.docx")  # anyone who may see the report
    assert again["Content-Disposition"] == 'attachment; filename="p-impact.docx"'
    assert body(again) == made
    assert BackgroundJob.objects.count() == jobs  # nothing made again
    assert anonymous_client.get("/en/programmas/p/rapport/impact.docx").status_code == 200  # another language
    assert b"".join(anonymous_client.get("/programmas/p/rapport/impact.docx").streaming_content) == made
    programme.foreword = "Een nieuw voorwoord."
    programme.save()
    page = anonymous_client.get("/programmas/p/rapport/impact.docx")
    assert not page.streaming and nl("Make the file") in page.content.decode()


def test_pressing_make_shows_the_progress_page_with_a_message(editor_a_client, programme):
    response = editor_a_client.post("/programmas/p/rapport/impact.pdf", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[0][0].startswith("/taken/")
    assert nl("The file is being made.") in page
    assert "Impactverslag van Programma P (PDF)" in page


def test_a_client_asks_for_a_limited_number_of_files_an_hour(anonymous_client, programme, monkeypatch):
    from reports import views

    monkeypatch.setattr(views, "FILES_PER_HOUR", 1)
    assert anonymous_client.post("/programmas/p/rapport/impact.docx").status_code == 302
    jobs = BackgroundJob.objects.count()
    refused = anonymous_client.post("/programmas/p/rapport/evaluation.docx", follow=True)
    assert refused.redirect_chain == [("/programmas/p/rapport/", 302)]
    assert (
        "Je hebt in korte tijd veel bestanden gevraagd. Probeer het over een uur opnieuw." in refused.content.decode()
    )
    assert BackgroundJob.objects.count() == jobs
    # A file made already is no new work: it is served.
    assert anonymous_client.post("/programmas/p/rapport/impact.docx").streaming


def test_without_pango_the_job_says_so(anonymous_client, programme, monkeypatch):
    from reports import renderers

    def unavailable(report, base_url):
        raise renderers.PdfUnavailable("PDF-rapporten hebben Pango nodig.")

    monkeypatch.setattr(renderers, "render_pdf", unavailable)
    page = anonymous_client.post("/programmas/p/rapport/impact.pdf", follow=True).content.decode()
    assert "Dit is niet gelukt. PDF-rapporten hebben Pango nodig." in page
    assert download(anonymous_client, "/programmas/p/rapport/impact.docx").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/programmas/p/rapport/impact/",
        "/programmas/p/rapport/evaluation/",
        "/programmas/p/rapport/storybook/",
        "/programmas/p/rapport/impact.html",
    ],
)
def test_the_web_page_is_html_with_download_links(anonymous_client, programme, path):
    response = anonymous_client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    page = response.content.decode()
    kind = next(kind for kind in ("evaluation", "storybook", "impact") if kind in path)
    assert f'href="/programmas/p/rapport/{kind}.pdf"' in page
    assert f'href="/programmas/p/rapport/{kind}.docx"' in page
    assert '<html lang="nl"' in page


def test_the_english_site_makes_the_report_in_english(anonymous_client, programme):
    page = anonymous_client.get("/en/programmas/p/rapport/impact/").content.decode()
    assert '<html lang="en"' in page
    assert "Impact routes" in page
    assert 'href="/en/programmas/p/rapport/impact.pdf"' in page


@pytest.mark.parametrize(
    "path",
    [
        "/programmas/p/rapport/jaarverslag/",
        "/programmas/p/rapport/jaarverslag.pdf",
        "/programmas/p/rapport/impact.xlsx",
        "/programmas/p/rapport/impact.PDF",
        "/programmas/onbekend/rapport/impact/",
        "/programmas/onbekend/rapport/",
    ],
)
def test_an_unknown_report_format_or_programme_is_not_found(anonymous_client, programme, path):
    assert anonymous_client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/programmas/concept/rapport/",
        "/programmas/concept/rapport/impact/",
        "/programmas/concept/rapport/evaluation.docx",
        "/programmas/concept/rapport/impact.pdf",
    ],
)
def test_a_drafts_reports_are_hidden_from_the_public(anonymous_client, editor_b_client, draft, path):
    assert anonymous_client.get(path).status_code == 404
    assert editor_b_client.get(path).status_code == 404


def test_a_drafts_reports_are_there_for_the_coordinator_and_its_editors(coordinator_client, editor_a_client, draft):
    for client in (coordinator_client, editor_a_client):
        assert client.get("/programmas/concept/rapport/").status_code == 200
        page = client.get("/programmas/concept/rapport/impact/")
        assert page.status_code == 200
        assert "Conceptprogramma" in page.content.decode()
    assert download(coordinator_client, "/programmas/concept/rapport/evaluation.docx")["Content-Type"] == DOCX
    # Made once, the file is kept for this data version.
    assert editor_a_client.get("/programmas/concept/rapport/evaluation.docx")["Content-Type"] == DOCX


# --- The texts form ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator_client", "editor_a_client"])
def test_the_texts_are_saved_and_appear_in_the_reports(request, persona, programme, anonymous_client):
    client = request.getfixturevalue(persona)
    assert client.get(TEXTS).status_code == 200
    response = client.post(
        TEXTS,
        all_texts(
            ring2="Samen verder na de bijeenkomst.", method="Wij spraken twaalf mensen.\n\nEn lazen hun verslagen."
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/programmas/p/rapport/"
    assert ReportText.objects.get(programme=programme, key="ring2").text == "Samen verder na de bijeenkomst."
    impact = anonymous_client.get("/programmas/p/rapport/impact/").content.decode()
    assert "<p>Samen verder na de bijeenkomst.</p>" in impact
    evaluation = anonymous_client.get("/programmas/p/rapport/evaluation/").content.decode()
    assert "<p>Wij spraken twaalf mensen.</p><p>En lazen hun verslagen.</p>" in evaluation
    # The form shows what was saved.
    assert client.get(TEXTS).context["form"]["ring2"].initial == "Samen verder na de bijeenkomst."


def test_an_emptied_text_makes_the_report_say_it_is_missing(coordinator_client, programme, anonymous_client):
    coordinator_client.post(TEXTS, all_texts(ring1="Eerste conclusie.", summary="Kort gezegd."))
    impact = anonymous_client.get("/programmas/p/rapport/impact/").content.decode()
    assert "Eerste conclusie." in impact and "Kort gezegd." in impact
    assert impact.count(nl("No conclusion has been written for this ring yet.")) == 2
    coordinator_client.post(TEXTS, all_texts(ring1="   ", summary=""))
    assert ReportText.objects.get(programme=programme, key="ring1").text == ""
    impact = anonymous_client.get("/programmas/p/rapport/impact/").content.decode()
    assert "Eerste conclusie." not in impact and "Kort gezegd." not in impact
    assert impact.count(nl("No conclusion has been written for this ring yet.")) == 3
    evaluation = anonymous_client.get("/programmas/p/rapport/evaluation/").content.decode()
    assert nl("No summary has been written yet.") in evaluation


def test_an_editor_of_another_organisation_may_not_change_the_texts(editor_b_client, anonymous_client, programme):
    assert editor_b_client.get(TEXTS).status_code == 403
    assert editor_b_client.post(TEXTS, all_texts(ring1="Overgenomen.")).status_code == 403
    assert not ReportText.objects.filter(programme=programme).exists()
    response = anonymous_client.get(TEXTS)
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_a_control_character_in_a_text_does_not_break_the_word_download(coordinator_client, programme):
    coordinator_client.post(TEXTS, all_texts(ring1="Regel een\x0bregel twee", summary="Pagina\x0c."))
    response = download(coordinator_client, "/programmas/p/rapport/impact.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body(response))).paragraphs)
    assert "Regel een" in text


# --- Evaluation sources -----------------------------------------------------------------------------------------


def source_data(**changes) -> dict:
    return {
        "kind": "questionnaire",
        "title": "Vragenlijst ouders",
        "held_on": "2026-01-15",
        "invited": "40",
        "responded": "25",
        "description": "Een korte vragenlijst.",
        **changes,
    }


def test_a_source_is_added_and_appears_in_the_evaluation_report(editor_a_client, programme, anonymous_client):
    response = editor_a_client.post(NEW_SOURCE, source_data())
    assert response.status_code == 302
    source = EvaluationSource.objects.get(programme=programme)
    assert (source.title, source.invited, source.responded, source.response_rate) == (
        "Vragenlijst ouders",
        40,
        25,
        62.5,
    )
    assert "Vragenlijst ouders" in anonymous_client.get("/programmas/p/rapport/").content.decode()
    report = anonymous_client.get("/programmas/p/rapport/evaluation/").content.decode()
    assert '<th scope="row">' in report and "Vragenlijst ouders" in report
    assert "62%" in report or "63%" in report


def test_more_respondents_than_invited_is_refused_and_keeps_what_was_typed(coordinator_client, programme):
    response = coordinator_client.post(NEW_SOURCE, source_data(title="Te veel", invited="5", responded="9"))
    assert response.status_code == 400
    form = response.context["form"]
    with translation.override("nl"):
        expected = gettext("More people took part than were invited; check both numbers.")
    assert form.errors["responded"] == [expected]
    assert escape(expected) in response.content.decode()
    assert (form["title"].value(), form["invited"].value(), form["responded"].value()) == ("Te veel", "5", "9")
    assert 'value="Te veel"' in response.content.decode()
    assert not EvaluationSource.objects.exists()


def test_a_source_is_edited_and_deleted(coordinator_client, programme):
    source = EvaluationSource.objects.create(
        programme=programme, kind="interview", title="Gesprekken", invited=4, responded=3
    )
    edit = f"/programmas/p/rapport/bronnen/{source.pk}/"
    form = coordinator_client.get(edit).context["form"]
    assert form["title"].value() == "Gesprekken"
    refused = coordinator_client.post(
        edit, source_data(kind="interview", title="Gesprekken", invited="4", responded="6")
    )
    assert refused.status_code == 400
    source.refresh_from_db()
    assert source.responded == 3
    assert (
        coordinator_client.post(
            edit, source_data(kind="interview", title="Interviews", invited="4", responded="4")
        ).status_code
        == 302
    )
    source.refresh_from_db()
    assert (source.title, source.responded) == ("Interviews", 4)
    delete = f"/programmas/p/rapport/bronnen/{source.pk}/verwijderen/"
    assert coordinator_client.get(delete).status_code == 200
    assert EvaluationSource.objects.filter(pk=source.pk).exists()
    response = coordinator_client.post(delete)
    assert response.status_code == 302 and response["Location"] == "/programmas/p/rapport/"
    assert not EvaluationSource.objects.filter(pk=source.pk).exists()


def test_others_may_not_touch_the_sources(editor_b_client, programme, org_b):
    source = EvaluationSource.objects.create(programme=programme, kind="interview", title="Gesprekken")
    assert editor_b_client.post(NEW_SOURCE, source_data()).status_code == 403
    assert (
        editor_b_client.post(f"/programmas/p/rapport/bronnen/{source.pk}/", source_data(title="Gewijzigd")).status_code
        == 403
    )
    assert editor_b_client.post(f"/programmas/p/rapport/bronnen/{source.pk}/verwijderen/").status_code == 403
    source.refresh_from_db()
    assert source.title == "Gesprekken"
    assert EvaluationSource.objects.count() == 1


def test_a_source_is_only_reached_through_its_own_programme(coordinator_client, programme):
    other = bare_programme("ander")
    source = EvaluationSource.objects.create(programme=other, kind="interview", title="Elders")
    assert coordinator_client.get(f"/programmas/p/rapport/bronnen/{source.pk}/").status_code == 404
    assert coordinator_client.post(f"/programmas/p/rapport/bronnen/{source.pk}/verwijderen/").status_code == 404
    assert EvaluationSource.objects.filter(pk=source.pk).exists()


def test_a_drafts_report_texts_are_not_found_for_an_editor_of_another_organisation(editor_b_client, draft):
    assert editor_b_client.get(f"/programmas/{draft.slug}/rapport/teksten/").status_code == 404


def test_the_ring_conclusion_fields_suggest_the_words_that_set_the_ring_apart(coordinator_client, programme):
    from stories.tests.factories import CONNECTIONS, ENCOUNTER, make_story

    for number in range(6):
        make_story(
            programme=programme,
            parts={
                1: (ENCOUNTER, f"Een ontmoeting met collega {number} op school."),
                2: (CONNECTIONS, f"Wij gingen samenwerken op school, project {number}."),
            },
        )
    page = coordinator_client.get(TEXTS).content.decode()
    assert "De verhalen van deze ring vallen op door: collega, ontmoeting." in page
    assert "De verhalen van deze ring vallen op door: project, samenwerken." in page  # not "school": in both
