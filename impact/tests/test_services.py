import pytest

from impact.models import ActivityFigures
from impact.services import NewFigures, create_activity_figures
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_create_activity_figures_stores_head_counts_with_the_organisations_involved():
    first, second = ActivityFactory(), ActivityFactory()
    partner = OrganisationFactory()
    created = create_activity_figures(
        [
            NewFigures(ActivityFigures(activity=first, participants=40, first_timers=12), involved=[partner.pk]),
            NewFigures(ActivityFigures(activity=second, participants=8, source="telling")),
        ]
    )
    assert all(figures.pk for figures in created)
    assert list(first.figures.involved_organisations.all()) == [partner]
    assert (second.figures.participants, second.figures.source) == (8, "telling")
    assert not second.figures.involved_organisations.exists()
