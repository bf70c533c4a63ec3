"""Issue 24's three questions, asked in a real browser by a member without themes, line or sectors: the projects
a broker would name are among the first five suggested, each with a reason that quotes a telling word of the
question. axe on every page."""

import re

from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.factories import PersonFactory, UserFactory

# (title, what the asker looks for, project codes that must all be among the first five, the one that comes first)
QUESTIONS = [
    (
        "Hoe kunnen leerlingen de natuur in hun eigen stad onderzoeken?",
        "Wij willen met onze leerlingen uitzoeken welke planten en dieren er in de wijk rond de school leven. "
        "Ze gaan zelf soorten zoeken, tellen en in kaart brengen. Wie doet dit al met bewoners of scholen en "
        "wil meedenken over lessen?",
        {"2a", "2c", "2h", "2m", "2n"},
        None,
    ),
    (
        "Onze studenten hebben veel stress en geldzorgen",
        "Steeds meer studenten lopen vast door druk en schulden. Wie werkt al aan het welzijn van studenten en "
        "wil kennis delen over wat helpt?",
        {"1b"},
        "1b",
    ),
    (
        "Hoe schoon is de lucht rond onze school?",
        "Ouders maken zich zorgen over fijnstof bij het schoolplein naast de drukke weg. Wie meet de "
        "luchtkwaliteit en kan uitleggen wat dat betekent voor de longen van kinderen?",
        {"2e"},
        "2e",
    ),
]
FILLER = {"leiden", "werken", "werkt", "lang", "onderwijs", "wie", "helpt"}
QUOTED = re.compile(r"“([^”]+)”")


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_a_member_asks_in_words_only_and_gets_the_projects_a_broker_would_name(demo_site, page):
    UserFactory(username="leerkracht", first_name="Lies", last_name="Leerkracht")
    _log_in(page, demo_site, "leerkracht")
    for title, looking_for, expected, first in QUESTIONS:
        page.goto(demo_site + "/vragen/nieuw/")
        page.locator("#id_title").fill(title)
        page.locator("#id_looking_for").fill(looking_for)
        page.locator("input[name=visibility][value=members]").check()
        page.locator("form.rimpel-form button[type=submit]").click()
        page.wait_for_url(lambda url: "/vragen/nieuw/" not in url)

        card = page.locator(".rimpel-card").filter(has=page.get_by_role("heading", name="Projecten", exact=True))
        items = card.locator(".rimpel-suggestions li")
        shown = {}
        for index in range(min(items.count(), 5)):
            item = items.nth(index)
            code = item.locator("a").inner_text().split()[0]
            shown[code] = item.locator(".rimpel-reason").inner_text()
        assert expected <= set(shown), (title, shown)
        if first:
            assert next(iter(shown)) == first, (title, shown)
        for code in expected:
            words = {word.casefold() for word in QUOTED.findall(shown[code])}
            assert words - FILLER, (title, code, shown[code])  # a telling word of the question, quoted
            assert not words & FILLER, (title, code, shown[code])
        assert_accessible(page)


def test_an_asker_chooses_to_see_their_own_organisation_too(demo_site, page):
    lumc = Organisation.objects.get(slug="leids-universitair-medisch-centrum")
    PersonFactory(name="Lars Long", organisation=lumc, user=UserFactory(username="longarts"))
    _log_in(page, demo_site, "longarts")
    page.goto(demo_site + "/vragen/nieuw/")
    assert_accessible(page)  # the form with the new choice
    title, looking_for, _expected, _first = QUESTIONS[2]  # air quality: the LUMC leads What's In The Air
    page.locator("#id_title").fill(title)
    page.locator("#id_looking_for").fill(looking_for)
    page.get_by_label("Ook mijn eigen organisatie voorstellen").check()
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/vragen/nieuw/" not in url)

    card = page.locator(".rimpel-card").filter(has=page.get_by_role("heading", name="Organisaties", exact=True))
    assert card.locator(".rimpel-suggestions li a", has_text=lumc.name).count() == 1
    assert_accessible(page)
