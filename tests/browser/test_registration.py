"""Sign-up for an activity in a real browser, with axe on every page: the organiser opens it with two places and a
question, three visitors sign up on the activity's page (the third waits), one cancels by the link in the mail
and the third moves up, and the organiser turns the list into the attendance list."""

import re

from django.core import mail

from attendance.models import Registration
from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.factories import ActivityFactory, UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_sign_up_from_opening_to_the_attendance_list(demo_site, browser, page):
    organisation = Organisation.objects.order_by("pk").first()
    activity = ActivityFactory(title="Open les techniek", organisers=[organisation])
    organiser = UserFactory(username="organisator")
    organisation.editors.add(organiser)
    _log_in(page, demo_site, "organisator")

    page.goto(f"{demo_site}/agenda/{activity.slug}/aanmeldingen/instellen/")
    assert_accessible(page)
    page.locator("#id_capacity").fill("2")
    page.locator("#id_questions").fill("Heb je een dieet?")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/aanmeldingen/"))
    assert_accessible(page)

    visitor = browser.new_page()
    for name in ("Anna", "Bram", "Chris"):
        visitor.goto(f"{demo_site}/agenda/{activity.slug}/")
        if name == "Anna":
            assert_accessible(visitor)
        visitor.locator("#id_name").fill(name)
        visitor.locator("#id_email").fill(f"{name.lower()}@voorbeeld.invalid")
        visitor.locator("#id_answer_0").fill("Nee")
        visitor.locator("#id_consent").check()
        visitor.get_by_role("button", name="Aanmelden").click()
        visitor.wait_for_url(lambda url: url.endswith("/aanmelden/verstuurd/"))
    assert_accessible(visitor)
    assert Registration.objects.get(email="chris@voorbeeld.invalid").status == "waiting"

    [confirmation] = [message for message in mail.outbox if message.to == ["anna@voorbeeld.invalid"]]
    link = re.search(r"https?://[^/\s]+(/aanmelding/annuleren/\S+/)", confirmation.body).group(1)
    visitor.goto(demo_site + link)
    assert_accessible(visitor)
    visitor.get_by_role("button", name="Ja, afmelden").click()
    visitor.wait_for_load_state()
    assert_accessible(visitor)
    assert Registration.objects.get(email="chris@voorbeeld.invalid").status == "registered"
    assert any("plek vrij" in message.subject for message in mail.outbox if message.to == ["chris@voorbeeld.invalid"])
    visitor.close()

    page.goto(f"{demo_site}/agenda/{activity.slug}/aanmeldingen/")
    assert_accessible(page)
    page.get_by_role("button", name="Iedereen die is aangemeld, is gekomen").click()
    page.wait_for_load_state()
    assert "2 → 2 →" in page.locator("main").inner_text()  # registered → came → for the first time
    assert_accessible(page)
