"""Shared personas for every test: a coordinator, editors of organisations A and B, and an anonymous visitor."""

import tempfile

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from tests.factories import OrganisationFactory, UserFactory

# Tests run inside a transaction that never commits, so the page version is renewed once per test at most: the
# page cache (core.pagecache) is off for the whole run, including module-level requests made while collecting;
# core/tests/test_page_cache.py switches it on around tests whose writes commit.
settings.PAGE_CACHE_SECONDS = 0
# Uploaded documents of the whole run go to a directory of its own, never into the working copy's var/media.
settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="rimpel-test-media-")


@pytest.fixture(autouse=True)
def renew_at_each_write(request, monkeypatch):
    """Most tests run inside a transaction that never commits, so a cache topic (core.invalidation), renewed after
    commit, would never move on: there each write renews its topics at once, as if it had committed. Tests that
    commit (transaction=True, live servers) take the real path."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker is not None and marker.kwargs.get("transaction")):
        return
    from core import invalidation

    monkeypatch.setattr(
        invalidation, "renew_after_commit", lambda connection, topic: invalidation.renew(topic, connection.alias)
    )


@pytest.fixture(autouse=True)
def enqueue_mail_at_once(request, monkeypatch):
    """Mail is enqueued after commit (core.mail.after_commit), which tests inside a never-committed transaction
    would never reach: there it is enqueued at once, and the immediate task backend delivers it into
    django.core.mail.outbox. Tests that commit (transaction=True, live servers) take the real path."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker is not None and marker.kwargs.get("transaction")):
        return
    from core import mail

    monkeypatch.setattr(mail, "after_commit", lambda enqueue: enqueue())


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Organisatie A", sector="vo")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Organisatie B", sector="hbo")


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", is_coordinator=True)


@pytest.fixture
def editor_a(org_a):
    user = UserFactory(username="editor-a")
    org_a.editors.add(user)
    return user


@pytest.fixture
def editor_b(org_b):
    user = UserFactory(username="editor-b")
    org_b.editors.add(user)
    return user


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous_client(db):
    return Client()


@pytest.fixture
def coordinator_client(coordinator):
    return _client_for(coordinator)


@pytest.fixture
def editor_a_client(editor_a):
    return _client_for(editor_a)


@pytest.fixture
def editor_b_client(editor_b):
    return _client_for(editor_b)


@pytest.fixture
def persona_client(request, anonymous_client, coordinator, editor_a, editor_b):
    """A client logged in as the persona named by indirect parametrisation."""
    users = {"anonymous": None, "coordinator": coordinator, "editor_a": editor_a, "editor_b": editor_b}
    return _client_for(users[request.param])


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language. The test client runs requests in the test's thread, and
    LocaleMiddleware leaves the last request's language active, so after a test that opened an /en/ page, reverse()
    and mails composed outside a request would otherwise come out in English."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Personas are created for nearly every test; a cheap hasher keeps the suite fast. Session-wide, so that it
    also holds in module fixtures (demo_network's thirteen demo logins took ~4 s of PBKDF2 per module)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def member(db):
    """Logged in, but an editor of no organisation."""
    return UserFactory(username="member")


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def count_queries():
    """A function that fetches a URL with a client and returns (response, number of queries)."""

    def count(client, url, **extra):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, **extra)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        return response, len(context.captured_queries)

    return count


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}"


def pytest_terminal_summary(terminalreporter):
    """Say plainly when the browser tests did not run, and how to make them run."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any("Browser tests skipped" in str(report.longrepr) for report in skipped):
        terminalreporter.write_sep("!", "BROWSER TESTS WERE SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(
            "Chromium was not found at /usr/bin/chromium, so the Playwright tests (with axe) did not run."
        )
        terminalreporter.write_line(
            "Enable them with `apt-get install chromium`, or point RIMPEL_CHROMIUM at a Chromium."
        )


@pytest.fixture
def english():
    """Messages in English, for tests that read what a service says."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker):
    """The demo network with its logins, loaded once for a test module (a load takes seconds): in a transaction
    rolled back at the module's end, so other modules never see it; each test's own writes are rolled back to a
    savepoint inside it by the usual `db` fixture, which the tests still ask for."""
    from core import invalidation
    from home.demo import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo(with_users=True)
            # Its cache topics would be renewed when it commits, which it never does: renew them here, or blocks
            # cached under the versions of an empty database (core.fragments) would show the demo to later tests.
            for topic in invalidation.topics():
                invalidation.renew(topic)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
