"""The cache topics (core.invalidation): each renewed once its transaction commits a write to one of its declared
tables, whoever writes; writes to other tables (logins, sessions, form tokens, checked uploads) renew nothing.

These tests commit their writes (transaction=True), as a running site does.
"""

import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from attendance import services as attendance
from attendance.models import Participant
from attendance.reading import Reading
from attendance.tests.helpers import activity_on, rows
from core import invalidation
from core.models import CacheVersion
from core.pagecache import PAGES
from core.services import record_form_token
from network.models import Line, Organisation
from networkmap import cache as map_cache
from networkmap.cache import MAP
from networkmap.shapes import Filters
from tests.factories import LineFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOPICS = (PAGES, MAP, attendance.TOPIC)
LIST_URL = "/organisaties/"
# Tables that no topic reads: writing to them must renew nothing. A new model lands here or in a topic on purpose.
IN_NO_TOPIC = {
    "accounts_user",
    "accounts_user_groups",
    "accounts_user_user_permissions",
    "api_apitoken",
    "attendance_attendanceturn",
    "core_backgroundjob",  # reports, imports and exports being made: on no public page
    "core_cacheversion",
    "core_outgoingmail",  # mail on its way out: on no page
    "core_ratecounter",  # rate-limit counts: on no page
    "core_stagedupload",
    "core_usedformtoken",
    "exchange_importedevent",
    "exchange_importmapping",
    # A line's meetings, decisions and follow-ups: for logged-in members only, on no public page.
    "meetings_decision",
    "meetings_followup",
    "meetings_meeting",
    "meetings_meeting_invitees",
    "network_signup",  # sign-ups in flight: on no page
    # Each person's own notifications, settings, follows (the button shows to logged-in people only), sent batches
    # and reminders: on no public page.
    "notifications_batch",
    "notifications_follow",
    "notifications_notification",
    "notifications_preferences",
    "notifications_reminder",
}


def versions() -> dict[str, int]:
    return {topic: CacheVersion.objects.filter(topic=topic).count() for topic in TOPICS}


def renewed_since(before: dict[str, int]) -> set[str]:
    return {topic for topic, count in versions().items() if count != before[topic]}


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _is_project_app(path: str) -> bool:
    return path.startswith(str(settings.BASE_DIR)) and "site-packages" not in path


def test_every_table_of_the_project_is_in_a_topic_or_known_to_renew_nothing():
    project = [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        # Django's own apps live in site-packages, which may itself lie in the project folder (.venv).
        if _is_project_app(apps.get_app_config(model._meta.app_label).path)
    ]
    declared = set().union(*invalidation.topics().values())
    assert {table for table in project if table not in declared} == IN_NO_TOPIC


def test_a_login_a_session_a_form_token_and_a_checked_upload_renew_nothing(page_cache_on):
    OrganisationFactory(name="Bibliotheek Rijnland")
    user = UserFactory(username="lezer")
    activity = activity_on("2025-03-01")
    visitor = Client()
    assert "Bibliotheek Rijnland" in visitor.get(LIST_URL).content.decode()
    viewer = map_cache.public_viewer()
    map_cache.metrics(Filters(), viewer, 2025)
    before = versions()

    assert Client().login(username="lezer", password="password")  # UPDATE accounts_user SET last_login, a session
    session = SessionStore()
    session["seen"] = True
    session.create()
    record_form_token(str(uuid.uuid4()), user, "/ergens/")
    attendance.hold(activity, user, Reading(rows=rows("a@x.nl")))

    assert renewed_since(before) == set()
    with CaptureQueriesContext(connection) as queries:
        visitor.get(LIST_URL)
    assert len(queries) == 1  # the page version; the page itself from the cache
    assert map_cache.public_viewer().version == viewer.version


@pytest.mark.parametrize(
    ("write", "renewed"),
    [
        (lambda: OrganisationFactory(), {PAGES, MAP}),
        (lambda: Organisation.objects.bulk_create([Organisation(name="Bulk", slug="bulk")]), {PAGES, MAP}),
        (lambda: Line.objects.update(name="Nieuwe naam"), {PAGES, MAP}),
        (lambda: Activity.objects.update(title="Nieuwe titel"), {PAGES, MAP, attendance.TOPIC}),
        (lambda: Participant.objects.bulk_create([Participant(key="k" * 64)]), {PAGES, attendance.TOPIC}),
        (lambda: Participant.objects.update(display_name="Anna"), {PAGES, attendance.TOPIC}),
    ],
    ids=["save", "bulk_create", "queryset update", "activity update", "participant bulk_create", "participant update"],
)
def test_a_write_to_a_topics_table_renews_that_topic(write, renewed):
    LineFactory()
    activity_on("2025-03-01")
    before = versions()
    write()
    assert renewed_since(before) == renewed


def test_raw_sql_renews_the_topics_of_its_table():
    line = LineFactory(name="Voor")
    before = versions()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Line._meta.db_table} SET name = %s WHERE id = %s", ["Na", line.pk])  # noqa: S608
    assert renewed_since(before) == {PAGES, MAP}


def test_a_transaction_renews_each_topic_once_after_it_commits():
    before = versions()
    with transaction.atomic():
        for number in range(5):
            OrganisationFactory(name=f"School {number}")
        Line.objects.bulk_create([Line(name="Lijn", slug="lijn")])
        assert renewed_since(before) == set()  # not before the commit
    after = versions()
    assert {topic: after[topic] - before[topic] for topic in TOPICS} == {PAGES: 1, MAP: 1, attendance.TOPIC: 0}


def test_a_rolled_back_transaction_renews_nothing():
    activity = activity_on("2025-03-01")
    before = versions()
    with pytest.raises(RuntimeError), transaction.atomic():
        OrganisationFactory(name="Nooit opgeslagen")
        Activity.objects.filter(pk=activity.pk).update(title="Nooit hernoemd")
        attendance.save_list(activity, rows("a@x.nl"), None)
        raise RuntimeError
    assert renewed_since(before) == set()


def test_cached_results_survive_a_rollback_and_follow_a_commit():
    viewer = map_cache.public_viewer()
    assert map_cache.metrics(Filters(), viewer, 2025).organisations == 0
    with pytest.raises(RuntimeError), transaction.atomic():
        OrganisationFactory(name="Nooit opgeslagen")
        raise RuntimeError
    assert map_cache.public_viewer().version == viewer.version
    OrganisationFactory(name="Wel opgeslagen")
    assert map_cache.metrics(Filters(), map_cache.public_viewer(), 2025).organisations == 1


def test_saves_in_autocommit_prune_old_versions():
    for number in range(invalidation.VERSIONS_KEPT):  # each INSERT … RETURNING renews while its rows are read
        OrganisationFactory(name=f"School {number}")
    # Pruning keeps the last VERSIONS_KEPT rows, those since, and the newest row of every topic (not only TOPICS).
    assert CacheVersion.objects.count() <= 2 * invalidation.VERSIONS_KEPT + len(invalidation.topics())
    assert map_cache.current_version() == CacheVersion.objects.filter(topic=MAP).order_by("-pk").first().token
