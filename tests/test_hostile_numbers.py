"""Issue 20, "What was found" 3: numbers that gave server errors. Each probe as a test; the mechanisms are
core.parsing (ASCII digits in a range, years the calendar handles), core.lookups (an id above 2⁶³ matches nothing)
and core.parsing.YearField (no decimal step check to crash on 1e309). tests/test_fuzz.py sends such values to
every view."""

import pytest
from django.urls import reverse

from activities.models import Activity
from core.parsing import FIRST_YEAR, LAST_YEAR, parse_id, parse_int, parse_year
from programmes.models import Action
from projects.models import Project
from stories.models import Selection
from tests import test_view_permissions
from tests.test_view_permissions import client_for

# The permission matrix's world and its fresh rate limits, as fixtures of this module too.
world = test_view_permissions.world
fresh_limits = test_view_permissions.fresh_limits

HUGE = str(2**63 + 7)


def test_parse_int_accepts_ascii_digits_in_range_only():
    assert parse_int("42") == 42 and parse_int("-3", -5, 5) == -3
    for text in ("²", "٣", "4.0", "1e3", " 4", "", None, "9" * 5000, str(2**63)):
        assert parse_int(text) is None, text
    assert parse_id("0") is None and parse_id(str(2**63 - 1)) == 2**63 - 1
    assert parse_year(str(FIRST_YEAR)) == FIRST_YEAR and parse_year(str(LAST_YEAR + 1)) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/verhalen/?dimensie=99999999999999999999999",
        f"/verhalen/?dimensie={HUGE}",
        "/verhalen/?jaar=1e309",
        "/verhalen/?jaar=²",
        "/programmas/programma-a/activiteiten/?jaar=-1",
        "/programmas/programma-a/activiteiten/?jaar=99999",
        f"/programmas/programma-a/activiteiten/?jaar={HUGE}",
        f"/programmas/programma-a/activiteiten/?lijn={HUGE}",
    ],
)
def test_numbers_in_filters_are_no_server_error(world, path):
    client, _headers = client_for(world, "anonymous", False)
    assert client.get(path).status_code == 200


def _multi_selects(w):
    """(URL, model, record, field) for every multi-select the probe broke."""
    return [
        (reverse("activities:edit", args=[w.activity.slug]), Activity, w.activity, "organisers"),
        (reverse("activities:edit", args=[w.activity.slug]), Activity, w.activity, "themes"),
        (reverse("projects:edit", args=[w.project.slug]), Project, w.project, "leads"),
        (reverse("projects:edit", args=[w.project.slug]), Project, w.project, "partners"),
        (reverse("projects:edit", args=[w.project.slug]), Project, w.project, "themes"),
        (reverse("network:organisation_edit", args=[w.org_a.slug]), None, w.org_a, "themes"),
        (reverse("offerings:edit", args=[w.offering.slug]), None, w.offering, "themes"),
        (reverse("questions:edit", args=[w.question.slug]), None, w.question, "themes"),
        (reverse("impact:activity_figures", args=[w.activity.slug]), None, w.activity, "involved_organisations"),
        (
            reverse("programmes:action_edit", args=[w.programme.slug, w.action.pk]),
            Action,
            w.action,
            "activities",
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(10))
def test_an_id_above_64_bits_in_a_multi_select_is_a_form_error(world, index):
    url, _model, record, field = _multi_selects(world)[index]
    client, _headers = client_for(world, "coordinator", False)
    page = client.get(url)
    assert page.status_code == 200, url
    response = client.post(url, {field: [HUGE]})
    assert response.status_code in (200, 400), f"{url} {field}: {response.status_code}"
    forms = [value for context in response.context for value in context.flatten().values() if hasattr(value, "errors")]
    assert any(field in getattr(form, "errors", {}) for form in forms), f"{url}: no error on {field}"
    before = record.updated_at if hasattr(record, "updated_at") else None
    record.refresh_from_db()
    assert (record.updated_at if hasattr(record, "updated_at") else None) == before


@pytest.mark.django_db
@pytest.mark.parametrize("story", ["²", "٣", HUGE, "-1", ""])
def test_a_selection_round_refuses_a_story_that_is_no_id(world, story):
    client, _headers = client_for(world, "coordinator", False)
    url = reverse("stories:round", args=[world.programme.slug, world.selection_round.pk])
    assert client.post(url, {"story": story, "action": "select"}).status_code == 404
    assert not Selection.objects.filter(round=world.selection_round).exists()


@pytest.mark.django_db
def test_a_notification_id_that_is_no_id_marks_all_read_without_error(world):
    client, _headers = client_for(world, "member", False)
    assert client.post(reverse("notifications:read"), {"notification": "²"}).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("back", [str(2**63), "notifications:list", "x"])
def test_a_follow_with_a_next_that_is_no_path_is_no_server_error(world, back):
    """Found by tests/test_fuzz.py: redirect() read a `next` without a slash as a URL name to reverse."""
    client, _headers = client_for(world, "member", False)
    url = reverse("notifications:follow", args=["question", world.question.pk])
    assert client.post(url, {"next": back}).status_code == 302


@pytest.mark.parametrize(
    ("url", "status"),
    [("/organisaties/%00/", 404), ("/agenda/?organisator=%00", 200), ("/projecten/?q=a%00b", 200)],
)
def test_a_nul_byte_in_an_address_or_parameter_is_no_server_error(client, db, url, status):
    """PostgreSQL cannot compare text with a NUL byte: the fuzz test's NUL gave 500s there on four pages."""
    assert client.get(url).status_code == status
