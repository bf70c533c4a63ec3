"""An organiser records an activity's first-degree figures."""

import pytest

from impact.models import ActivityFigures
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def post_data(**fields):
    data = {**management("composition", 1), **management("media"), **management("survey")}
    data.update(fields)
    return data


@pytest.fixture
def activity(org_a):
    return ActivityFactory(title="Nacht van de Leraar", organisers=[org_a])


def url(activity):
    return f"/agenda/{activity.slug}/cijfers/"


def test_organiser_records_head_counts_and_composition(editor_a_client, activity):
    response = editor_a_client.post(
        url(activity),
        post_data(
            participants="350",
            first_timers="210",
            source="telling bij de deur",
            **{
                "composition-0-group": "onderwijsprofessionals",
                "composition-0-share_percent": "75",
                "composition-0-base": "350",
            },
        ),
    )
    assert response.status_code == 302
    figures = ActivityFigures.objects.get(activity=activity)
    assert (figures.participants, figures.first_timers) == (350, 210)
    assert figures.composition.get().group == "onderwijsprofessionals"
    page = editor_a_client.get(activity.get_absolute_url()).content.decode()
    assert "350" in page and "onderwijsprofessionals" in page


@pytest.mark.parametrize(
    "fields",
    [
        {"participants": "-3"},
        {"participants": "10", "first_timers": "11"},
        {
            "participants": "10",
            "composition-0-group": "ouders",
            "composition-0-share_percent": "120",
            "composition-0-base": "10",
        },
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(editor_a_client, activity, fields):
    response = editor_a_client.post(url(activity), post_data(**fields))
    assert response.status_code == 200
    assert response.context["form"].errors or any(
        formset.errors and any(formset.errors) for _title, formset in response.context["formsets"]
    )
    assert not ActivityFigures.objects.exists()
    assert f'value="{fields["participants"]}"' in response.content.decode()  # what was typed is kept


@pytest.mark.parametrize("persona_client", ["anonymous", "editor_b"], indirect=True)
def test_only_the_organisers_editors_and_coordinators_record_figures(persona_client, activity):
    response = persona_client.post(url(activity), post_data(participants="5"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/account/inloggen/" in response["Location"]
    assert not ActivityFigures.objects.exists()
