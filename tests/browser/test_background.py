"""Background work (core.tasks) in a real browser, with axe: a visitor asks for a report file, sees the job's page
and downloads the file; a job's page follows its progress by itself (htmx) until the file is there."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.models import BackgroundJob
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory


def test_a_visitor_asks_for_a_report_file_and_downloads_it(demo_site, page):
    page.goto(demo_site + "/programmas/lnos25/rapport/")
    page.locator("a[href='/programmas/lnos25/rapport/impact.docx']").click()
    page.wait_for_url(lambda url: url.endswith("/impact.docx"))
    assert_accessible(page)
    page.get_by_role("button", name="Maak het bestand").click()  # the worker makes it: here inside the request
    page.wait_for_url(lambda url: "/taken/" in url)
    assert page.get_by_text("Het bestand wordt gemaakt.").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="lnos25-impact.docx downloaden").click()
    assert download.value.suggested_filename == "lnos25-impact.docx"
    # Asked again while nothing changed, the link gives the kept file at once.
    with page.expect_download() as again:
        page.evaluate("url => { window.location.href = url }", demo_site + "/programmas/lnos25/rapport/impact.docx")
    assert again.value.suggested_filename == "lnos25-impact.docx"


def test_the_job_page_follows_the_progress_until_the_file_is_there(demo_site, page):
    UserFactory(username="coordinatie", is_coordinator=True)
    page.goto(demo_site + "/account/inloggen/")
    page.locator("#id_username").fill("coordinatie")
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)
    job = BackgroundJob.objects.create(
        kind="network_export", title="Export van het hele netwerk", requested_by=None, session_hash="",
        status=BackgroundJob.Status.RUNNING, done=12, total=48, message="Gegevens lezen",
        heartbeat_at=timezone.now(),
    )  # fmt: skip

    page.goto(f"{demo_site}/taken/{job.pk}/")
    progress = page.locator("progress")
    assert progress.get_attribute("value") == "12" and progress.get_attribute("max") == "48"
    assert page.get_by_text("12 van 48 (25%)").is_visible()
    assert_accessible(page)

    # The worker finishes; the page asks every 2 s and shows the file without a reload.
    name = default_storage.save("jobs/test/rimpel-netwerk.json", ContentFile(b"{}"))
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=BackgroundJob.Status.DONE, done=48, result_file=name, result_name="rimpel-netwerk.json",
        result_type="application/json", finished_at=timezone.now(),
    )  # fmt: skip
    link = page.get_by_role("link", name="rimpel-netwerk.json downloaden")
    link.wait_for(timeout=10_000)
    assert page.locator("progress").count() == 0
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "rimpel-netwerk.json"
