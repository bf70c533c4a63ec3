"""Issue 17's new pages in a real browser, with axe: a coordinator invites an editor, the invitation mail's link
sets a name and password, the new editor lands on Mijn werk; the People list, the notifications and their
settings, and the password reset pages."""

import re

from django.core import mail

from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_an_invitation_from_the_form_to_mijn_werk(demo_site, browser, page):
    UserFactory(username="coordinatie", is_coordinator=True)
    _log_in(page, demo_site, "coordinatie")

    page.goto(demo_site + "/uitnodigingen/nieuw/?organisatie=hogeschool-leiden")
    assert_accessible(page)
    page.locator("#id_email").fill("nieuwe.redacteur@example.org")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/uitnodigingen/nieuw/" not in url)
    [message] = [m for m in mail.outbox if m.to == ["nieuwe.redacteur@example.org"]]
    link = re.search(r"https?://\S+(/uitnodiging/\S+/)", message.body).group(1)

    for path in ("/gebruikers/", "/meldingen/", "/meldingen/instellingen/"):
        page.goto(demo_site + path)
        assert_accessible(page)

    invitee = browser.new_page()
    invitee.goto(demo_site + link)
    assert_accessible(invitee)
    invitee.locator("#id_first_name").fill("Nieuwe")
    invitee.locator("#id_last_name").fill("Redacteur")
    invitee.locator("#id_password1").fill("Lange-zin-voor-rimpel-42")
    invitee.locator("#id_password2").fill("Lange-zin-voor-rimpel-42")
    invitee.locator("form.rimpel-form button[type=submit]").click()
    invitee.wait_for_url(lambda url: url.endswith("/account/mijn-werk/"))
    assert_accessible(invitee)
    invitee.goto(demo_site + link)
    assert_accessible(invitee)  # the used link explains itself
    invitee.close()


def test_the_password_reset_pages(demo_site, page):
    page.goto(demo_site + "/account/inloggen/")
    page.get_by_role("link", name=re.compile("wachtwoord", re.IGNORECASE)).first.click()
    assert_accessible(page)
    page.locator("#id_email").fill("iemand@example.org")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/verstuurd/"))
    assert_accessible(page)
