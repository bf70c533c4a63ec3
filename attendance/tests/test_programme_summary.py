"""The year table restricted to a programme's published activities, and its include for the programme page."""

import pytest
from django.template.loader import render_to_string

from attendance.services import programme_attendance, save_list
from attendance.tests.helpers import activity_on, rows
from stories.tests.factories import make_line, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def programme(settings):
    settings.ATTENDANCE_CORE_MINIMUM = 2
    programme = make_programme(slug="lnos25")
    inside = [activity_on("2024-05-01"), activity_on("2025-05-01"), activity_on("2025-06-01")]
    draft = activity_on("2025-07-01", publication_status="draft")
    make_line(programme, "1", activities=[*inside[:2], draft])
    make_line(programme, "2", activities=inside[1:])  # an activity on two lines counts once
    outside = activity_on("2025-03-01")
    save_list(inside[0], rows("a@x.nl", "b@x.nl"), None)
    save_list(inside[1], rows("a@x.nl", "c@x.nl"), None)
    save_list(inside[2], rows("a@x.nl", "d@x.nl"), None)
    save_list(draft, rows("e@x.nl", "a@x.nl"), None)
    save_list(outside, rows("c@x.nl", "f@x.nl"), None)
    return programme


def test_only_the_programmes_published_activities_count(programme):
    table = programme_attendance(programme)
    assert [(year.year, year.activities, year.participants, year.core) for year in table.years] == [
        (2024, 1, 2, 0),
        (2025, 2, 3, 1),
    ]
    # First-timers stay network-wide: c came to an activity outside the programme first.
    assert table.years[1].first_timers == 1
    assert table.core_minimum == 2


def test_the_include_is_an_accessible_table(programme):
    html = render_to_string("attendance/_programme_summary.html", {"attendance_years": programme_attendance(programme)})
    assert '<caption class="utrecht-table__caption">' in html
    assert html.count('scope="col"') == 7 and html.count('scope="row"') == 2
    assert "Returning core (at 2 or more activities a year)" in html and "(+1)" in html


def test_the_include_without_lists(db):
    html = render_to_string(
        "attendance/_programme_summary.html", {"attendance_years": programme_attendance(make_programme(slug="leeg"))}
    )
    assert "None of the programme's activities has an attendance list yet." in html
