"""Editing a programme's goal tree: who may, and what bad input gets."""

import datetime as dt

import pytest

from programmes.models import Action, ActionReport, BudgetLine, Indicator, Measurement, Programme, ProgrammeLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(org_a):
    programme = Programme.objects.create(
        slug="p",
        name="Programma",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2026, 12, 31),
        publication_status="published",
    )
    programme.organisations.set([org_a])
    return programme


@pytest.fixture
def action(programme):
    line = ProgrammeLine.objects.create(programme=programme, kind="action_line", code="1", title="Brug")
    return Action.objects.create(line=line, code="1.1", title="Brugfunctionaris")


@pytest.fixture
def indicator(action):
    return Indicator.objects.create(
        action=action, name="Scholen met brugfunctionaris", unit="scholen", baseline=0, target=20
    )


def line_data(**extra):
    return {
        "kind": "action_line",
        "code": "2",
        "title": "Kansrijk",
        "goal": "",
        "description": "",
        "position": "1",
        **extra,
    }


@pytest.mark.parametrize(
    "persona_client, allowed",
    [("anonymous", False), ("coordinator", True), ("editor_a", True), ("editor_b", False)],
    indirect=["persona_client"],
)
def test_only_the_programmes_own_editors_and_coordinators_change_the_goal_tree(
    persona_client, allowed, programme, action
):
    responses = [
        persona_client.post("/programmas/p/lijnen/nieuw/", line_data()),
        persona_client.post(
            f"/programmas/p/acties/{action.pk}/verslag/nieuw/",
            {"period": "2025", "goal": "Doel", "efforts": "", "outputs": "", "reflection": ""},
        ),
        persona_client.post(f"/programmas/p/lijnen/{action.line.pk}/begroting/", {"year": "2025", "planned": "10"}),
    ]
    for response in responses:
        if allowed:
            assert response.status_code == 302
        else:
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert "/account/inloggen/" in response["Location"]
    saved = (
        ProgrammeLine.objects.filter(code="2").exists(),
        ActionReport.objects.exists(),
        BudgetLine.objects.exists(),
    )
    assert saved == (allowed, allowed, allowed)


def test_report_text_is_cleaned_before_it_is_shown(editor_a_client, action):
    editor_a_client.post(
        f"/programmas/p/acties/{action.pk}/verslag/nieuw/",
        {
            "period": "2025",
            "goal": "<p>Samen <strong>sterk</strong><script>alert(1)</script></p>",
            "efforts": "Regel een\nregel twee",
            "outputs": "",
            "reflection": "<a href='javascript:x()'>klik</a>",
        },
    )
    report = ActionReport.objects.get()
    assert report.goal == "<p>Samen <strong>sterk</strong></p>"
    assert report.efforts == "<p>Regel een<br>regel twee</p>"
    assert "javascript" not in report.reflection
    page = editor_a_client.get(f"/programmas/p/acties/{action.pk}/").content.decode()
    assert "<strong>sterk</strong>" in page and "alert(1)" not in page


def test_a_measurement_in_another_unit_is_refused(editor_a_client, action, indicator, english):
    url = f"/en/programmas/p/acties/{action.pk}/indicator/{indicator.pk}/meting/"
    response = editor_a_client.post(url, {"date": "2025-09-01", "value": "12", "unit": "uren", "source": "monitor"})
    assert response.status_code == 200
    assert "measured in “scholen”, not in “uren”" in response.content.decode()
    assert 'value="12"' in response.content.decode()
    assert not Measurement.objects.exists()
    ok = editor_a_client.post(url, {"date": "2025-09-01", "value": "12", "unit": "scholen", "source": "monitor"})
    assert ok.status_code == 302 and Measurement.objects.get().value == 12
    page = editor_a_client.get(f"/programmas/p/acties/{action.pk}/").content.decode()
    assert "<polyline" in page and "60%" in page


def test_budget_for_a_year_outside_the_period_is_refused(editor_a_client, action, english):
    response = editor_a_client.post(
        f"/en/programmas/p/lijnen/{action.line.pk}/begroting/", {"year": "2030", "planned": "1000", "realised": ""}
    )
    assert response.status_code == 200
    assert "outside the programme period (2024–2026)" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_programme_cannot_end_before_it_starts(coordinator_client, english):
    response = coordinator_client.post(
        "/en/programmas/nieuw/",
        {
            "name": "Omgekeerd",
            "slug": "omgekeerd",
            "period_start": "2026-01-01",
            "period_end": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "The end lies before the start." in response.content.decode()
    assert not Programme.objects.filter(slug="omgekeerd").exists()


def test_an_editor_cannot_hand_a_programme_to_other_organisations(editor_a_client, programme, org_a, org_b):
    form = editor_a_client.get("/programmas/p/bewerken/").context["form"]
    assert "organisations" not in form.fields
    editor_a_client.post(
        "/programmas/p/bewerken/",
        {
            "name": "Programma",
            "slug": "p",
            "period_start": "2024-01-01",
            "period_end": "2026-12-31",
            "organisations": [org_b.pk],
        },
    )
    assert list(programme.organisations.all()) == [org_a]


def test_a_recommendation_moves_from_open_to_done(editor_a_client, action):
    from programmes.models import Recommendation

    recommendation = Recommendation.objects.create(action=action, text="Maak één centraal loket.")
    url = f"/programmas/p/acties/{action.pk}/aanbeveling/{recommendation.pk}/"
    response = editor_a_client.post(url, {"text": recommendation.text, "owner": "Gemeente", "status": "done"})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "done"


def test_an_indicator_target_must_fit_its_direction(editor_a_client, action, english):
    url = f"/en/programmas/p/acties/{action.pk}/indicator/nieuw/"
    response = editor_a_client.post(
        url, {"name": "Wachttijd", "unit": "weken", "baseline": "4", "target": "10", "direction": "down"}
    )
    assert "Lower is better" in response.content.decode()
    assert not Indicator.objects.filter(name="Wachttijd").exists()
