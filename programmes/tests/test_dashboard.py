"""The programme page: numbers that lead to their records, and a query count that does not grow with activities."""

import datetime as dt

import pytest

from impact.figures import save_figures
from programmes.models import Action, Programme, ProgrammeLine
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return Programme.objects.create(
        slug="p",
        name="Programma",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        publication_status="published",
    )


def add_activities(programme, count):
    line = programme.lines.first() or ProgrammeLine.objects.create(
        programme=programme, kind="ambition", code="A1", title="Ambitie"
    )
    action = line.actions.first() or Action.objects.create(line=line, code="A1.1", title="Actie")
    for _n in range(count):
        activity = ActivityFactory()
        action.activities.add(activity)
        save_figures(activity, participants=10, first_timers=4)


def test_dashboard_query_count_does_not_grow_with_activities(client, programme, count_queries):
    add_activities(programme, 3)
    _response, few = count_queries(client, "/programmas/p/")
    add_activities(programme, 60)
    response, many = count_queries(client, "/programmas/p/")
    assert few == many
    totals = response.context["figures"]["totals"]
    assert (totals.activities, totals.participants, totals.first_timer_share) == (63, 630, 40.0)


def test_the_activity_count_leads_to_the_records_behind_it(client, programme):
    add_activities(programme, 30)
    page = client.get("/programmas/p/").content.decode()
    assert 'href="/programmas/p/activiteiten/"' in page
    listing = client.get("/programmas/p/activiteiten/")
    assert listing.context["page"].paginator.count == 30
    assert len(listing.context["page"].object_list) == 25
    assert client.get("/programmas/p/activiteiten/?page=2").context["page"].object_list[0].figures.participants == 10


def test_a_draft_programme_is_hidden_from_the_public(client, programme):
    Programme.objects.filter(pk=programme.pk).update(publication_status="draft")
    assert client.get("/programmas/p/").status_code == 404
    assert list(client.get("/programmas/").context["programmes"]) == []


def test_a_lines_activity_count_leads_to_that_lines_activities(client, programme):
    add_activities(programme, 2)
    other = ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A2", title="Tweede")
    Action.objects.create(line=other, code="A2.1", title="Actie").activities.add(ActivityFactory())
    page = client.get("/programmas/p/").content.decode()
    assert f'href="/programmas/p/activiteiten/?lijn={other.pk}"' in page
    assert client.get(f"/programmas/p/activiteiten/?lijn={other.pk}").context["page"].paginator.count == 1
    assert client.get("/programmas/p/activiteiten/?lijn=nope").context["page"].paginator.count == 3


def test_breakdown_counts_lead_to_the_same_activities(client, programme):
    from tests.factories import ThemeFactory

    add_activities(programme, 2)
    theme = ThemeFactory(name="Natuur")
    themed = ActivityFactory(themes=[theme])
    programme.lines.first().actions.first().activities.add(themed)
    page = client.get("/programmas/p/")
    row = next(r for title, _c, rows, key in page.context["figures"]["breakdowns"] if key == "theme" for r in rows)
    assert (row["theme"], row["activities"]) == ("Natuur", 1)
    assert f"?thema={theme.slug}" in page.content.decode()
    listing = client.get(f"/programmas/p/activiteiten/?thema={theme.slug}")
    assert [a.pk for a in listing.context["page"].object_list] == [themed.pk]
    year = themed.local_start.year
    assert client.get(f"/programmas/p/activiteiten/?jaar={year}").context["page"].paginator.count >= 1


def test_a_large_action_shows_its_last_five_activities_and_leads_to_all_of_them(client, programme):
    add_activities(programme, 4)
    action = Action.objects.get()
    small = client.get("/programmas/p/").content.decode()
    assert all(f'href="{activity.get_absolute_url()}"' in small for activity in action.activities.all())  # as before
    for day in (3, 1, 2):  # later and earlier than the first four
        action.activities.add(ActivityFactory(start=dt.datetime(2025, 6, day, 10, tzinfo=dt.UTC)))
    activities = list(action.activities.order_by("start"))
    page = client.get("/programmas/p/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    shown = [activity for activity in activities if f'href="{activity.get_absolute_url()}"' in page]
    assert shown == activities[-5:]
    assert "7 activiteiten, de laatste vijf op datum:" in page
    assert f'href="/programmas/p/acties/{action.pk}/#links-heading">Alle 7 activiteiten van actie A1.1</a>' in page
    full = client.get(f"/programmas/p/acties/{action.pk}/").content.decode()
    assert all(f'href="{activity.get_absolute_url()}"' in full for activity in activities)
