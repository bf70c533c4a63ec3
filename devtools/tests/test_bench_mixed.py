"""The mixed mode of `make bench` (devtools/bench/mixed.py): its sessions log in, its writes write, and a fifth of the
clients are the logged-in ones."""

import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from activities.models import Activity
from offerings.models import Offering
from stories.models import Story
from stories.tests.factories import make_line, make_programme
from tests.factories import ActivityFactory, OrganisationFactory, UserFactory

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from mixed import split  # noqa: E402

pytestmark = pytest.mark.django_db


def test_a_fifth_of_the_clients_are_logged_in():
    assert split(32) == (26, 6)
    assert split(3) == (2, 1)


def test_the_sessions_belong_to_a_coordinator_and_editors(capsys):
    editor = UserFactory(username="redacteur")
    OrganisationFactory().editors.add(editor)
    call_command("bench_mixed", "--sessions", "3")
    keys = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert len(keys) == 2  # the coordinator and the only editor
    users = []
    for key in keys:
        client = Client()
        client.cookies["sessionid"] = key
        users.append(client.get(reverse("home:home")).wsgi_request.user)
    assert [user.username for user in users] == ["bench-coordinator", "redacteur"]
    assert User.objects.get(username="bench-coordinator").is_coordinator


def test_the_writes_are_a_story_an_activity_edit_and_an_offer_in_turn(capsys):
    organisation = OrganisationFactory()
    activity = ActivityFactory(title="Voorleesochtend", organisers=[organisation])
    make_line(make_programme(slug="p"))
    call_command("bench_mixed", "--writes", "1")
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {
        "writes": {"story": 1, "activity_edit": 0, "offer": 0}
    }
    assert Story.objects.count() == 1
    assert Activity.objects.get(pk=activity.pk).title == "Voorleesochtend"
    assert not Offering.objects.exists()
