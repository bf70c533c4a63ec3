"""The activity page shows what impact contributes to it: its counted figures, and for its editors the link to
record or change them (next to attendance's link to the attendance list)."""

import pytest

from impact.models import ActivityFigures, Composition, MediaReach, SurveyResult
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(org_a):
    return ActivityFactory(title="Nacht van de Leraar", organisers=[org_a])


def page(client, activity) -> str:
    return client.get(f"/en/agenda/{activity.slug}/").content.decode()


def record_figures(activity, details: int = 1) -> ActivityFigures:
    figures = ActivityFigures.objects.create(activity=activity, participants=350, first_timers=210, source="telling")
    for number in range(details):
        Composition.objects.create(figures=figures, group=f"groep {number}", share_percent=50, base=350)
        MediaReach.objects.create(figures=figures, kind="social", count=1, reach=100 + number, unit="views")
        SurveyResult.objects.create(figures=figures, question=f"Vraag {number}?", share_percent=80, respondents=40)
    return figures


def test_the_figures_show_once_recorded(anonymous_client, activity):
    assert 'id="figures-heading"' not in page(anonymous_client, activity)
    record_figures(activity)
    html = page(anonymous_client, activity)
    assert 'id="figures-heading"' in html
    assert "350 participants, of whom 210 for the first time" in html
    assert "50% groep 0 (of 350)" in html
    assert "“Vraag 0?”: 80% of 40 respondents" in html
    assert "Source: telling" in html


def test_editors_get_the_links_to_record_figures_and_the_attendance_list(anonymous_client, editor_a_client, activity):
    figures_url = f"/en/agenda/{activity.slug}/cijfers/"
    attendance_url = f"/en/agenda/{activity.slug}/aanwezigheid/"
    html = page(editor_a_client, activity)
    assert "Record figures (participants, first-timers, reach)" in html
    assert html.index(figures_url) < html.index(attendance_url)
    record_figures(activity)
    assert "Change the figures" in page(editor_a_client, activity)
    visitor = page(anonymous_client, activity)
    assert figures_url not in visitor and attendance_url not in visitor


@pytest.mark.parametrize("persona", ["anonymous_client", "editor_a_client"])
def test_query_count_does_not_grow_with_the_figures(request, persona, count_queries, activity):
    client = request.getfixturevalue(persona)
    figures = record_figures(activity)
    _response, with_few = count_queries(client, f"/agenda/{activity.slug}/")
    figures.delete()
    record_figures(activity, details=10)
    _response, with_many = count_queries(client, f"/agenda/{activity.slug}/")
    assert with_few == with_many, f"{with_few} queries with one row of each, {with_many} with ten"
