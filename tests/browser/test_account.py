"""Each person's own account in a real browser, with axe: the account page (reached from the header), the e-mail
change form and its confirmation link, the close confirmation page, and the privacy statement (from the footer)."""

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


def test_the_account_pages(demo_site, browser, page):
    UserFactory(username="eigenaar", email="eigenaar@example.org", first_name="Eva", last_name="Eigenaar")
    _log_in(page, demo_site, "eigenaar")

    page.get_by_role("link", name=re.compile("Eva Eigenaar")).click()
    page.wait_for_url(lambda url: url.endswith("/account/"))
    assert_accessible(page)

    page.get_by_role("link", name="E-mailadres wijzigen").first.click()
    assert_accessible(page)
    page.locator("#id_new_email").fill("eva@nieuw.example.org")
    page.locator("#id_password").fill("fout")
    page.locator("form.rimpel-form button[type=submit]").click()
    assert_accessible(page)  # the wrong password, with what was typed kept
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/account/"))
    assert_accessible(page)  # the confirmation message
    [message] = [m for m in mail.outbox if m.to == ["eva@nieuw.example.org"]]
    link = re.search(r"https?://\S+(/account/e-mail/\S+/)", message.body).group(1)

    page.goto(demo_site + link)
    assert_accessible(page)
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/account/"))
    assert "eva@nieuw.example.org" in page.content()
    page.goto(demo_site + link)
    assert_accessible(page)  # the used link explains itself

    page.goto(demo_site + "/account/wachtwoord-wijzigen/")
    assert_accessible(page)
    page.goto(demo_site + "/account/opheffen/")
    assert_accessible(page)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/account/opgeheven/"))
    assert_accessible(page)

    page.get_by_role("link", name="Privacyverklaring").click()
    page.wait_for_url(lambda url: url.endswith("/privacy/"))
    assert_accessible(page)
    page.goto(demo_site + "/en/privacy/")
    assert_accessible(page)
