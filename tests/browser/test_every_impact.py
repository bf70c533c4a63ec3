"""axe with every impact (minor and moderate included) on the main pages, in Dutch and in English, logged in as a
coordinator so Mijn werk and People are among them (issue 22 §8). Landmarks of one role need distinct labels
(`landmark-unique`): every nav and aside in the shared templates carries its own aria-label."""

import pytest

from activities.models import Activity
from core.models import PublicationStatus
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from tests.browser.accessibility import EVERY_IMPACT, axe_problems
from tests.factories import UserFactory

PAGES = [
    "/",
    "/agenda/",
    "/agenda/?weergave=maand",
    "/organisaties/",
    "/organisaties/hogeschool-leiden/",
    "/projecten/",
    "/aanbod/",
    "/open-dagen/",
    "/programmas/",
    "/programmas/lnos25/",
    "/verhalen/",
    "/zoeken/?q=leraar",
    "/vragen/",
    "/lijnen/",
    "/netwerk/",
    "/netwerk/lijst/",
    "/account/mijn-werk/",
    "/gebruikers/",
]


def _records() -> list[str]:
    """One published record of each kind with a page, and the LNOS25 programme's sub-pages."""
    published = {"publication_status": PublicationStatus.PUBLISHED}
    lnos = Programme.objects.get(slug="lnos25")
    action = lnos.lines.first().actions.first()
    return [
        Project.objects.filter(**published).first().get_absolute_url(),
        Activity.objects.filter(**published).first().get_absolute_url(),
        Offering.objects.filter(**published).first().get_absolute_url(),
        f"/programmas/{lnos.slug}/activiteiten/",
        f"/programmas/{lnos.slug}/verhalen/",
        f"/programmas/{lnos.slug}/verhalen/patronen/",
        f"/programmas/{lnos.slug}/acties/{action.pk}/",
    ]


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_no_axe_violation_of_any_impact_on_the_main_pages(demo_site, page, prefix):
    UserFactory(username="coordinatie", is_coordinator=True)
    _log_in(page, demo_site, "coordinatie")
    problems = {}
    for path in PAGES + _records():
        page.goto(demo_site + prefix + path)
        if found := axe_problems(page, EVERY_IMPACT):
            problems[prefix + path] = found
    assert not problems, problems
