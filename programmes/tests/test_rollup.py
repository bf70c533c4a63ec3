"""Roll-ups of first-degree figures: activities counted once, rates with their denominator."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from impact.figures import save_figures
from impact.models import ActivityFigures
from programmes.models import Action, Indicator, Measurement, Programme, ProgrammeLine
from programmes.services import (
    add_measurement,
    indicator_progress,
    programme_activities,
    rollup,
    rollup_by,
    rollup_by_year,
    summed,
)
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def programme():
    return Programme.objects.create(
        slug="p", name="Programma", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31)
    )


def _line(programme, code):
    line = ProgrammeLine.objects.create(programme=programme, kind="ambition", code=code, title=f"Ambitie {code}")
    return line, Action.objects.create(line=line, code=f"{code}.1", title="Actie")


def test_an_activity_in_two_ambitions_is_counted_once_in_the_programme(programme):
    (line_a, action_a), (line_b, action_b) = _line(programme, "A"), _line(programme, "B")
    school, museum = OrganisationFactory(name="School"), OrganisationFactory(name="Museum")
    shared = ActivityFactory(organisers=[school, museum])
    only_a = ActivityFactory(organisers=[school])
    draft = ActivityFactory(organisers=[museum], publication_status="draft")
    action_a.activities.set([shared, only_a, draft])
    action_b.activities.set([shared])
    save_figures(shared, participants=350, first_timers=210)
    save_figures(only_a, participants=100)  # no first-timers counted here
    save_figures(draft, participants=999, first_timers=1)

    total = rollup(programme)
    assert (total.activities, total.participants, total.partners) == (2, 450, 2)
    # The rate only uses participants of activities that counted first-timers.
    assert (total.first_timers, total.first_timer_base, total.first_timer_share) == (210, 350, 60.0)
    assert rollup(programme, line_b).participants == 350
    assert rollup(programme, line_a).participants == 450


def test_the_dashboards_sums_of_records_read_once_equal_the_databases_rollup(programme):
    """The dashboard sums the programme's activities read once in memory; this fails if those sums drift from the
    database's (rollup, as the API and reports use): a draft, an activity without figures or without first-timers,
    one serving two lines, a line without activities."""
    (line_a, action_a), (line_b, action_b), (line_c, _empty) = (_line(programme, code) for code in "ABC")
    shared, only_a, uncounted = ActivityFactory(), ActivityFactory(), ActivityFactory()
    # Late on New Year's Eve in UTC is the new year in Amsterdam: the years are local ones, in memory as in SQL.
    only_a.start = dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC)
    only_a.save()
    draft = ActivityFactory(publication_status="draft")
    action_a.activities.set([shared, only_a, draft, uncounted])
    action_b.activities.set([shared, draft])
    save_figures(shared, participants=350, first_timers=210)
    save_figures(only_a, participants=100)
    save_figures(draft, participants=999, first_timers=1)
    ActivityFigures.objects.create(activity=uncounted)  # a figures row without head counts

    records = programme_activities(programme)
    assert summed(records, partners=rollup(programme).partners) == rollup(programme)
    for line in (line_a, line_b, line_c):
        assert summed(records, line) == rollup(programme, line, with_partners=False)
    assert sorted(records.linked) == sorted(a.pk for a in (shared, only_a, draft, uncounted))
    for key in ("year", "theme", "line"):
        assert rollup_by(programme, key, records.ids) == rollup_by(programme, key)
    assert rollup_by_year(records) == rollup_by(programme, "year")


def test_an_empty_programme_rolls_up_to_zero_without_a_rate(programme):
    total = rollup(programme)
    assert (total.activities, total.participants, total.partners, total.first_timer_share) == (0, 0, 0, None)


def test_bad_head_counts_are_refused_and_nothing_is_saved():
    activity = ActivityFactory()
    with pytest.raises(ValidationError):
        save_figures(activity, participants=-3)
    with pytest.raises(ValidationError, match="more first-time participants"):
        save_figures(activity, participants=10, first_timers=11)
    assert not ActivityFigures.objects.filter(activity=activity).exists()


def test_indicator_progress_towards_target_and_unit_check(programme):
    _line_, action = _line(programme, "C")
    up = Indicator.objects.create(
        action=action, name="Scholen met brugfunctionaris", unit="scholen", baseline=0, target=20
    )
    add_measurement(up, date=dt.date(2025, 6, 1), value=15, unit="scholen", source="monitor")
    assert indicator_progress(up).percent == 75.0
    with pytest.raises(ValidationError, match="measured in"):
        add_measurement(up, date=dt.date(2025, 7, 1), value=3, unit="uren", source="x")
    assert Measurement.objects.count() == 1
    down = Indicator.objects.create(
        action=action, name="Wachttijd", unit="weken", baseline=10, target=4, direction="down"
    )
    add_measurement(down, date=dt.date(2025, 6, 1), value=7, unit="weken", source="x")
    assert indicator_progress(down).percent == 50.0
    assert indicator_progress(Indicator.objects.create(action=action, name="Leeg", unit="x")).latest is None
    assert Decimal(indicator_progress(up).latest.value) == 15


def test_breakdowns_per_year_theme_and_line_and_model_coverage(programme):
    from impact.models import TargetGroup
    from impact.services import find_dimension
    from programmes.services import model_coverage, rollup_by, save_route
    from tests.factories import LineFactory, ThemeFactory, in_days

    (line, action) = _line(programme, "A")
    nature, language = ThemeFactory(name="Natuur"), ThemeFactory(name="Taal")
    network_line = LineFactory(name="Duurzaamheid")
    both = ActivityFactory(
        themes=[nature, language], lines=[network_line], start=in_days(-400), end=in_days(-400, hour=12)
    )
    one = ActivityFactory(themes=[nature])
    action.activities.set([both, one])
    save_figures(both, participants=100)
    save_figures(one, participants=20)

    by_theme = {row["theme"]: (row["activities"], row["participants"]) for row in rollup_by(programme, "theme")}
    assert by_theme == {"Natuur": (2, 120), "Taal": (1, 100)}
    assert [(r["line"], r["participants"]) for r in rollup_by(programme, "line")] == [("Duurzaamheid", 100)]
    by_year = {row["year"]: row["participants"] for row in rollup_by(programme, "year")}
    assert sum(by_year.values()) == 120 and len(by_year) == 2

    save_route(
        line,
        TargetGroup.objects.get(slug="community"),
        find_dimension(1, "Ontmoeting & bereik"),
        find_dimension(2, "Houding & gedrag"),
        find_dimension(3, "Economische effecten"),
    )
    coverage = {row.dimension.name: row.routes for row in model_coverage(programme)}
    assert coverage["Houding & gedrag"] == 1 and coverage["Begrip & beeldvorming"] == 0
    assert len(coverage) == 9


def test_partners_count_organisers_and_involved_organisations_once(programme):
    (_line_a, action) = _line(programme, "A")
    school, museum, library = (OrganisationFactory(name=n) for n in ("School", "Museum", "Bibliotheek"))
    activity = ActivityFactory(organisers=[school])
    other = ActivityFactory(organisers=[museum])
    action.activities.set([activity, other])
    figures = save_figures(activity, participants=50)
    figures.involved_organisations.set([library, museum])
    assert rollup(programme).partners == 3


def test_involved_organisations_uses_subqueries_not_a_join_explosion(programme):
    """OR over two many-to-many joins plus DISTINCT took 0.5 s per query at city scale (issue 9's benchmark)."""
    from programmes.services import involved_organisations, programme_activity_ids

    (_line_a, action) = _line(programme, "A")
    school, museum, library = (OrganisationFactory(name=n) for n in ("School", "Museum", "Bibliotheek"))
    OrganisationFactory(name="Elders")
    activity = ActivityFactory(organisers=[school, museum])
    action.activities.set([activity])
    save_figures(activity, participants=50).involved_organisations.set([library, museum])
    found = involved_organisations(programme_activity_ids(programme))
    assert sorted(found.values_list("name", flat=True)) == ["Bibliotheek", "Museum", "School"]
    sql = str(found.query)
    assert "DISTINCT" not in sql and "JOIN" not in sql.split(" WHERE ")[0]
