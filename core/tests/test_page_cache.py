"""The public page cache (core.pagecache): served to anonymous visitors, renewed by every kind of write.

These tests commit their writes (transaction=True), as a running site does: the page version is added once the
writing transaction commits (core.invalidation).
"""

import datetime as dt
import threading

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from api import tokens
from core import invalidation
from core.models import CacheVersion
from core.pagecache import PAGES, PageCacheMiddleware
from network.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LIST_URL = "/organisaties/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def page_versions() -> int:
    return CacheVersion.objects.filter(topic=PAGES).count()


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_second_visit_is_served_from_the_cache_with_one_query():
    OrganisationFactory(name="Bibliotheek Rijnland")
    client = Client()
    first, page = queries_for(client, LIST_URL)
    second, again = queries_for(client, LIST_URL)
    assert first > 1 and "Bibliotheek Rijnland" in page
    assert second == 1  # the page version
    assert again == page


def test_a_save_outside_a_transaction_renews_the_page():
    client = Client()
    queries_for(client, LIST_URL)
    OrganisationFactory(name="Kinderopvang De Vlinder")  # autocommit: the version follows the statement
    _, page = queries_for(client, LIST_URL)
    assert "Kinderopvang De Vlinder" in page


def test_a_bulk_update_renews_the_page():
    OrganisationFactory(name="Oude naam")
    client = Client()
    assert "Oude naam" in queries_for(client, LIST_URL)[1]
    Organisation.objects.update(name="Nieuwe naam")  # no signals are sent for this
    assert "Nieuwe naam" in queries_for(client, LIST_URL)[1]


def test_raw_sql_renews_the_page():
    organisation = OrganisationFactory(name="Voor de wijziging")
    client = Client()
    queries_for(client, LIST_URL)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Organisation._meta.db_table} SET name = %s WHERE id = %s",  # noqa: S608
            ["Na de wijziging", organisation.pk],
        )
    assert "Na de wijziging" in queries_for(client, LIST_URL)[1]


def test_a_transaction_adds_one_version_however_many_rows_it_writes():
    before = page_versions()
    with transaction.atomic():
        for number in range(20):
            OrganisationFactory(name=f"School {number}")
        Organisation.objects.bulk_create([Organisation(name="Bulk", slug="bulk")])
    assert page_versions() == before + 1


def test_a_rolled_back_transaction_keeps_the_cached_page():
    client = Client()
    queries_for(client, LIST_URL)
    before = page_versions()
    with pytest.raises(RuntimeError), transaction.atomic():
        OrganisationFactory(name="Nooit opgeslagen")
        raise RuntimeError
    assert page_versions() == before
    count, page = queries_for(client, LIST_URL)
    assert count == 1 and "Nooit opgeslagen" not in page


def test_a_write_after_a_rolled_back_savepoint_still_renews_the_page():
    client = Client()
    queries_for(client, LIST_URL)
    with transaction.atomic():
        try:
            with transaction.atomic():
                OrganisationFactory(name="Teruggedraaid")
                raise RuntimeError
        except RuntimeError:
            pass
        OrganisationFactory(name="Wel bewaard")  # the savepoint took the first version row with it
    _, page = queries_for(client, LIST_URL)
    assert "Wel bewaard" in page and "Teruggedraaid" not in page


def test_sessions_and_version_rows_do_not_renew_the_page():
    before = page_versions()
    session = SessionStore()
    session["seen"] = True
    session.create()
    assert page_versions() == before


def test_logged_in_users_always_get_a_fresh_page():
    OrganisationFactory(name="Zichtbaar")
    user = UserFactory(username="lezer")
    client = Client()
    client.force_login(user)
    queries_for(client, LIST_URL)
    count, page = queries_for(client, LIST_URL)
    assert count > 1 and reverse("accounts:logout") in page


def test_pages_with_a_form_token_are_not_cached():
    first = Client().get(reverse("accounts:login"))
    second = Client().get(reverse("accounts:login"))
    assert b"csrfmiddlewaretoken" in first.content
    # Rendered again for the second visitor, with a token matching the visitor's own new cookie.
    assert "csrftoken" in second.cookies and second.content != first.content


def test_cached_public_pages_carry_no_form_token_and_link_to_the_other_language():
    OrganisationFactory(name="Taalschool")
    client = Client()
    queries_for(client, LIST_URL)
    count, page = queries_for(client, LIST_URL)
    assert count == 1
    assert "csrfmiddlewaretoken" not in page and 'href="/en/organisaties/"' in page
    with translation.override("en"):
        count, english = queries_for(client, "/en/organisaties/")
    assert count > 1 and 'href="/organisaties/"' in english  # its own key: not the Dutch page


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page():
    client = Client()
    queries_for(client, LIST_URL)
    client.cookies["messages"] = "waiting"
    count, _ = queries_for(client, LIST_URL)
    assert count > 1


def test_the_query_string_is_part_of_the_key():
    OrganisationFactory(name="Alfa")
    client = Client()
    queries_for(client, LIST_URL)
    count, _ = queries_for(client, LIST_URL + "?q=alfa")
    assert count > 1


def test_never_cache_views_are_left_alone():
    client = Client()
    client.get("/health")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/health").status_code == 200
    assert len(queries) > 1


def test_anonymous_api_reads_are_cached_but_still_counted_and_renewed(settings):
    settings.API_LIMIT_PER_ADDRESS = 3
    cache.clear()
    OrganisationFactory(name="Eerste")
    client = Client()
    assert "Eerste" in queries_for(client, "/api/organisations/")[1]
    count, _ = queries_for(client, "/api/organisations/")
    assert count == 1
    OrganisationFactory(name="Tweede")
    assert "Tweede" in queries_for(client, "/api/organisations/")[1]
    assert client.get("/api/organisations/").status_code == 429  # the fourth read in the window
    cache.clear()


def test_api_reads_with_a_token_are_not_cached(settings):
    organisation = OrganisationFactory(name="Met sleutel")
    secret = tokens.issue(organisation, "Website", UserFactory(username="beheer", is_coordinator=True))[1]
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    client.get("/api/activities/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/activities/").status_code == 200
    assert len(queries) > 1


def test_a_zero_lifetime_switches_the_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    queries_for(client, LIST_URL)
    count, _ = queries_for(client, LIST_URL)
    assert count > 1


def test_the_key_changes_with_the_day(monkeypatch):
    request = RequestFactory().get(LIST_URL)
    today = PageCacheMiddleware.key(request)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2031, 1, 1))
    assert PageCacheMiddleware.key(request) != today


def test_the_shared_cache_table_does_not_renew_the_page():
    # Rate-limit counts live there: the table is in no topic, so writing to it renews nothing.
    assert not invalidation.topics_written_by("UPDATE rimpel_cache SET value = 1")
    assert {PAGES, "pages.network", "map", "organisation-page"} <= invalidation.topics_written_by(
        'UPDATE "network_organisation" SET name = 1'
    )


def test_pages_that_follow_the_visitors_language_are_not_cached():
    english = Client(headers={"Accept-Language": "en"}).get("/api/docs")
    dutch = Client(headers={"Accept-Language": "nl"}).get("/api/docs")
    assert english["Content-Language"] == "en" and dutch["Content-Language"] == "nl"
    assert english.content != dutch.content


def test_a_page_carrying_a_message_is_not_stored():
    request = RequestFactory().get(LIST_URL)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = HttpResponse("<p>page</p>")
    assert PageCacheMiddleware.cacheable_response(request, response)
    messages.warning(request, "Een filter is genegeerd.")
    assert not PageCacheMiddleware.cacheable_response(request, response)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time in")
def test_a_long_transaction_committing_after_a_short_one_still_renews_the_page():
    """Writers on PostgreSQL overlap: a version numbered inside the long transaction would be older than the
    short one's, and pages cached in between would never show the long transaction's write."""
    first, second = OrganisationFactory(name="Lang voor"), OrganisationFactory(name="Kort voor")
    client = Client()
    wrote, may_commit = threading.Event(), threading.Event()

    def long_transaction():
        try:
            with transaction.atomic():
                Organisation.objects.filter(pk=first.pk).update(name="Lang na")
                wrote.set()
                may_commit.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=long_transaction)
    worker.start()
    assert wrote.wait(10)
    Organisation.objects.filter(pk=second.pk).update(name="Kort na")
    assert "Kort na" in queries_for(client, LIST_URL)[1]
    may_commit.set()
    worker.join(10)
    assert "Lang na" in queries_for(client, LIST_URL)[1]


def test_pages_without_a_language_prefix_keep_the_language_form():
    page = Client().get("/api/docs").content.decode()
    assert f'action="{reverse("set_language")}"' in page and 'name="language" value="en"' in page
    english = Client().post("/i18n/setlang/", {"language": "en", "next": "/api/docs"}, follow=True)
    assert english.headers["Content-Language"] == "en"
