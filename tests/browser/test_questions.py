"""A teacher brings a question to the demo network in a real browser and gets explained suggestions; another
member offers help; the teacher closes the question. axe on every page on the way."""

from questions.models import Question, QuestionStatus, Response
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory


def _log_in(page, site, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_a_teacher_asks_and_a_member_offers_help(demo_site, browser, page):
    UserFactory(username="leerkracht", first_name="Lies", last_name="Leerkracht")
    UserFactory(username="helper", first_name="Henk", last_name="Helper")

    page.goto(demo_site + "/vragen/")
    assert page.locator("#results li.rimpel-card").count() >= 3  # the demo's public questions
    assert_accessible(page)

    _log_in(page, demo_site, "leerkracht")
    page.goto(demo_site + "/vragen/nieuw/?lijn=duurzaamheid")
    assert_accessible(page)
    page.locator("#id_title").fill("Wie helpt ons een moestuin op het schoolplein te beginnen?")
    page.locator("#id_looking_for").fill("Onze groepen 5 en 6 willen zelf groente kweken en leren over natuur.")
    page.get_by_label("Duurzaamheid", exact=True).check()
    page.locator("input[name=sector_codes][value=po]").check()
    page.locator("input[name=visibility][value=public]").check()
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/vragen/wie-helpt" in url)

    suggestions = page.locator(".rimpel-suggestions li")
    assert suggestions.count() >= 10
    reasons = page.locator(".rimpel-suggestions .rimpel-reason").all_inner_texts()
    assert all(reason.strip() for reason in reasons)  # every suggestion says why
    assert page.get_by_role("link", name="Naturalis Biodiversity Center").count() == 1
    assert page.get_by_role("link", name="Bas Hoekstra").count() == 1  # a holder of the line, for members
    assert_accessible(page)
    question_url = page.url

    helper_context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    helper = helper_context.new_page()
    _log_in(helper, demo_site, "helper")
    helper.goto(question_url)
    helper.locator("#id_message").fill("Wij hebben een schooltuin met bakken; kom gerust kijken.")
    helper.locator("form[action$='/reageren/'] button[type=submit]").click()
    helper.wait_for_load_state()
    assert helper.locator(".rimpel-messages").count() == 1
    assert_accessible(helper)
    helper_context.close()

    page.reload()
    assert "kom gerust kijken" in page.content()
    page.locator("button[name=answered][value='1']").click()
    page.wait_for_load_state()
    question = Question.objects.get(title__startswith="Wie helpt ons een moestuin")
    assert question.status == QuestionStatus.ANSWERED
    assert Response.objects.filter(question=question).count() == 1
    assert_accessible(page)
