"""Writing a reasoning line with its steps and evidence."""

import datetime as dt

import pytest

from impact.figures import save_figures
from impact.services import find_dimension
from programmes.models import Action, Programme, ProgrammeLine, ReasoningLine
from programmes.services import reasoning_lines_with_evidence
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(org_a):
    programme = Programme.objects.create(
        slug="p",
        name="Programma",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        publication_status="published",
    )
    programme.organisations.set([org_a])
    line = ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A1", title="Zichtbaar")
    action = Action.objects.create(line=line, code="A1.1", title="Nacht")
    action.activities.set([ActivityFactory(title="Nacht van de Leraar", organisers=[org_a])])
    return programme


def management(total, initial=0):
    return {
        "steps-TOTAL_FORMS": str(total),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }


def step(index, ring, name, text, figures=()):
    data = {f"steps-{index}-dimension": str(find_dimension(ring, name).pk), f"steps-{index}-text": text}
    if figures:
        data[f"steps-{index}-activity_figures"] = [str(f.pk) for f in figures]
    return data


def test_a_reasoning_line_is_saved_with_its_steps_and_evidence_counted(editor_a_client, programme):
    activity = programme.lines.get().actions.get().activities.get()
    figures = save_figures(activity, participants=350, first_timers=210)
    data = {
        "title": "Van waardering naar beeld",
        "line": str(programme.lines.get().pk),
        "activities": [str(activity.pk)],
        **management(3),
        **step(0, 3, "Sociaal-culturele effecten", "Het vak krijgt meer aanzien in de stad."),
        **step(1, 1, "Waardering & betrokkenheid", "Leraren voelen zich gezien.", [figures]),
        **step(2, 2, "Begrip & beeldvorming", "Anderen zien wat leraren doen."),
    }
    response = editor_a_client.post("/programmas/p/redeneerlijnen/nieuw/", data)
    assert response.status_code == 302
    reasoning = reasoning_lines_with_evidence(programme).get()
    steps = list(reasoning.steps.all())
    assert [s.ring for s in steps] == [1, 2, 3]  # ordered by ring, whatever the order typed
    assert [s.evidence for s in steps] == [1, 0, 0]
    page = editor_a_client.get("/en/programmas/p/").content.decode()
    assert page.count("No evidence yet") == 2


def test_a_chain_without_a_ring_3_step_is_refused(editor_a_client, programme, english):
    data = {
        "title": "Half",
        **management(2),
        **step(0, 1, "Ontmoeting & bereik", "Mensen ontmoeten elkaar."),
        **step(1, 2, "Houding & gedrag", "Ze werken anders."),
    }
    response = editor_a_client.post("/en/programmas/p/redeneerlijnen/nieuw/", data)
    assert response.status_code == 200
    assert "one on ring 3" in response.content.decode()
    assert not ReasoningLine.objects.exists()


@pytest.mark.parametrize("persona_client", ["anonymous", "editor_b"], indirect=True)
def test_only_the_programmes_editors_write_reasoning_lines(persona_client, programme):
    response = persona_client.get("/programmas/p/redeneerlijnen/nieuw/")
    assert response.status_code in (302, 403)
