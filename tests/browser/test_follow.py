"""Following in a real browser, with axe: a member follows a line of the demo network, finds it under "What I
follow" and stops following it there; an asker accepts an offer of help and the helper is told."""

from network.models import Line
from notifications.models import Follow, Kind, Notification
from questions.models import Question
from questions.services import respond, save_question
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_follow_a_line_see_it_listed_and_unfollow(demo_site, page):
    member = UserFactory(username="volger", email="volger@example.org")
    line = Line.objects.order_by("name").first()
    _log_in(page, demo_site, "volger")

    page.goto(demo_site + line.get_absolute_url())
    page.get_by_role("button", name="Volgen", exact=True).click()
    page.get_by_text(f"Je volgt “{line.name}” nu.").wait_for()
    assert page.get_by_role("button", name="Je volgt dit · Niet meer volgen").count() == 1
    assert_accessible(page)
    assert Follow.objects.filter(user=member, line=line).exists()

    page.goto(demo_site + "/meldingen/")
    page.get_by_role("link", name="Wat ik volg").click()
    page.wait_for_url(lambda url: url.endswith("/meldingen/ik-volg/"))
    assert page.get_by_role("link", name=line.name).count() == 1
    assert_accessible(page)
    page.get_by_role("button", name=f"{line.name} niet meer volgen").click()
    page.wait_for_url(lambda url: url.endswith("/meldingen/ik-volg/"))
    assert page.get_by_text("Je volgt nog niets.").count() == 1
    assert_accessible(page)
    assert not Follow.objects.filter(user=member).exists()


def test_the_asker_accepts_an_offer_of_help(demo_site, page):
    asker = UserFactory(username="vrager", first_name="Vera", last_name="Vraag")
    helper = UserFactory(username="helper", first_name="Hans", last_name="Helper", email="hans@example.org")
    question = save_question(
        Question(title="Wie helpt ons met een leesclub?", looking_for="Een bibliotheek.", asker=asker),
        themes=[],
        sector_codes=[],
    )
    respond(question, helper, "Wij helpen graag.")
    _log_in(page, demo_site, "vrager")

    page.goto(demo_site + question.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Neem het aanbod van Hans Helper aan").click()
    page.get_by_text("Je hebt dit hulpaanbod aangenomen.").wait_for()
    assert page.get_by_text("Aangenomen", exact=True).count() == 1
    assert_accessible(page)
    assert Notification.objects.filter(recipient=helper, kind=Kind.OFFER_ACCEPTED).count() == 1
