"""The API documentation and the coordinator's token pages in a real browser, with axe on each; then the
issued token reads the organisation's drafts over HTTP, as another system would."""

import json
import urllib.request

from api.models import ApiToken
from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory


def test_api_docs_and_tokens(demo_site, page):
    page.goto(demo_site + "/api/docs")
    assert page.get_by_role("heading", name="GET /api/activities/", exact=True).count() == 1
    assert page.locator("pre code").first.inner_text().startswith("curl")
    assert_accessible(page)

    UserFactory(username="coordinator-api", is_coordinator=True)
    page.goto(demo_site + "/account/inloggen/")
    page.locator("#id_username").fill("coordinator-api")
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)

    organisation = Organisation.objects.order_by("name").first()
    page.goto(f"{demo_site}/api-sleutels/nieuw/?organisatie={organisation.slug}")
    assert_accessible(page)
    page.locator("#id_label").fill("Website")
    page.locator("form.rimpel-form button[type=submit]").click()
    secret = page.locator("#api-token").input_value()
    assert secret.startswith("rimpel_")
    assert_accessible(page)

    request = urllib.request.Request(
        demo_site + "/api/activities/?status=draft", headers={"Authorization": f"Bearer {secret}"}
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 (the live test server)
        assert response.status == 200
        assert "count" in json.load(response)

    page.goto(f"{demo_site}/api-sleutels/?organisatie={organisation.slug}")
    assert_accessible(page)
    page.locator("a[href$='/intrekken/']").click()
    assert_accessible(page)
    page.locator("form.rimpel-actions button[type=submit]").click()
    page.wait_for_url(lambda url: "/api-sleutels/?" in url)
    assert ApiToken.objects.get().revoked_at is not None
