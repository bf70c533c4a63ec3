"""Self sign-up in a real browser, with axe: a professional finds the sign-up from the questions page, reads the link
in the mail, chooses a password, lands on Mijn werk and asks a question; a sign-up whose organisation is not in the
list waits, and a coordinator approves it."""

import re

from django.core import mail

from questions.models import Question
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory

PASSWORD = "Lange-zin-voor-rimpel-42"


def _fill_sign_up(page, email: str, organisation: str) -> None:
    page.locator("#id_first_name").fill("Sanne")
    page.locator("#id_last_name").fill("de Vries")
    page.locator("#id_email").fill(email)
    page.locator("#id_organisation").fill(organisation)


def _link_for(email: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [email]]
    return re.search(r"https?://\S+(/aanmelden/\S+/)", message.body).group(1)


def _choose_password(page) -> None:
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form.rimpel-form button[type=submit]").click()


def test_a_professional_signs_up_and_asks_a_question(demo_site, page):
    page.goto(demo_site + "/vragen/")
    page.get_by_role("link", name=re.compile("Meld je aan")).click()
    page.wait_for_url(lambda url: url.endswith("/aanmelden/"))
    assert page.locator("datalist#organisation-names option[value='Hogeschool Leiden']").count() == 1
    assert_accessible(page)

    _fill_sign_up(page, "sanne.devries@example.org", "Hogeschool Leiden")
    page.locator("#id_consent").check()
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/aanmelden/verstuurd/"))
    assert_accessible(page)

    link = _link_for("sanne.devries@example.org")
    page.goto(demo_site + link)
    assert_accessible(page)
    _choose_password(page)
    page.wait_for_url(lambda url: url.endswith("/account/mijn-werk/"))
    assert "Hogeschool Leiden" in page.locator(".utrecht-alert, [role=status], main").first.inner_text()
    assert_accessible(page)

    page.goto(demo_site + "/vragen/nieuw/")
    page.locator("#id_title").fill("Wie denkt mee over ouderbetrokkenheid in het mbo?")
    page.locator("#id_looking_for").fill("Een school of onderzoeker die ervaring heeft met ouderavonden in het mbo.")
    page.locator("input[name=sector_codes][value=mbo]").check()
    page.locator("input[name=visibility][value=public]").check()
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/vragen/wie-denkt-mee" in url)
    assert Question.objects.get(title__startswith="Wie denkt mee").asker.email == "sanne.devries@example.org"

    page.goto(demo_site + link)  # the used link explains itself
    assert_accessible(page)


def test_a_sign_up_outside_the_list_waits_for_a_coordinator(demo_site, browser, page):
    page.goto(demo_site + "/aanmelden/")
    _fill_sign_up(page, "nieuw.lid@example.org", "Basisschool De Regenboog")
    page.locator("form.rimpel-form button[type=submit]").click()  # without the tick and consent
    assert page.locator(".utrecht-form-field-error-message").count() >= 2
    assert_accessible(page)
    page.locator("#id_not_listed").check()
    page.locator("#id_consent").check()
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/aanmelden/verstuurd/"))
    page.goto(demo_site + _link_for("nieuw.lid@example.org"))
    _choose_password(page)
    page.get_by_role("heading", name=re.compile("wacht op een coördinator")).wait_for()
    assert_accessible(page)

    UserFactory(username="coordinatie", is_coordinator=True)
    coordinator = browser.new_page()
    coordinator.goto(demo_site + "/account/inloggen/?next=/aanmeldingen/")
    coordinator.locator("#id_username").fill("coordinatie")
    coordinator.locator("#id_password").fill("password")
    coordinator.locator("form.rimpel-form button[type=submit]").click()
    coordinator.wait_for_url(lambda url: url.endswith("/aanmeldingen/"))
    assert "Basisschool De Regenboog" in coordinator.locator("main").inner_text()
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Sanne de Vries").click()
    assert_accessible(coordinator)
    coordinator.locator("#id_organisation").fill("Hogeschool Leiden")
    coordinator.locator("button[value=approve]").click()
    coordinator.wait_for_url(lambda url: url.endswith("/aanmeldingen/"))
    assert "Er wachten geen aanmeldingen" in coordinator.locator("main").inner_text()
    coordinator.close()
    assert any(m.to == ["nieuw.lid@example.org"] and "goedgekeurd" in m.subject for m in mail.outbox)
