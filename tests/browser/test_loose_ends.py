"""Loose ends in a real browser, with axe on every page: the organiser cancels someone's place with a reason (the
first one waiting moves up), and a line's meetings as one list, reached from the line's workspace."""

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

from attendance.models import Registration
from attendance.services import registration as signup
from meetings.models import Meeting
from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.factories import ActivityFactory, LineFactory, UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_the_organiser_cancels_a_place_and_reads_a_lines_meetings(demo_site, page):
    organisation = Organisation.objects.order_by("pk").first()
    activity = ActivityFactory(title="Open les techniek", organisers=[organisation])
    organiser = UserFactory(username="organisator")
    organisation.editors.add(organiser)
    signup.save_setup(activity, capacity=1, deadline=None, audience="public", questions=[], base_url=demo_site)
    for name in ("Anna", "Bram"):
        signup.register(
            activity,
            name=name,
            email=f"{name.lower()}@voorbeeld.invalid",
            answers=[],
            consent=False,
            user=None,
            base_url=demo_site,
        )
    _log_in(page, demo_site, "organisator")

    page.goto(f"{demo_site}/agenda/{activity.slug}/aanmeldingen/")
    page.get_by_role("link", name="Afmelden Anna").click()
    assert_accessible(page)
    page.locator("#id_reason").fill("De zaal is kleiner dan gedacht.")
    page.get_by_role("button", name="Ja, afmelden").click()
    page.wait_for_url(lambda url: url.endswith("/aanmeldingen/"))
    assert_accessible(page)
    assert Registration.objects.get(email="bram@voorbeeld.invalid").status == "registered"
    cancelled = [message for message in mail.outbox if message.to == ["anna@voorbeeld.invalid"]][-1]
    assert "kleiner dan gedacht" in cancelled.body

    line = LineFactory(name="Lijn Welzijn")
    now = timezone.now()
    for days in (-30, 14):
        Meeting.objects.create(line=line, title=f"Overleg {days:+d}", starts_at=now + dt.timedelta(days=days))
    page.goto(demo_site + line.get_absolute_url())
    page.get_by_role("link", name=re.compile("Alle overleggen")).click()
    page.wait_for_url(lambda url: url.endswith("/overleggen/"))
    assert_accessible(page)
    assert page.get_by_role("heading", name="Komende overleggen").is_visible()
