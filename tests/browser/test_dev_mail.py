"""The development mail page in a real browser, with axe: a mail written to the folder is listed, opens, and the
link in its text is clickable."""

from core import mail
from tests.browser.accessibility import assert_accessible

LINK = "http://127.0.0.1/account/uitnodiging/abc/"


def test_the_development_mail_page(transactional_db, live_server, page, settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "core.mail_backends.EmlFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    mail.send("core/mail/test", to="nieuwe.redacteur@example.org", context={}, unsubscribe_url=LINK)

    page.goto(live_server.url + "/dev/mail/")
    assert_accessible(page)
    page.get_by_role("link", name="[Leiden Education Fieldlab] Testbericht").click()
    page.wait_for_url(lambda url: url.endswith(".eml"))
    assert page.get_by_text("nieuwe.redacteur@example.org").count() == 1
    assert page.locator(f'pre a[href="{LINK}"]').count() == 1
    assert_accessible(page)
