"""Invalidation by topic (core.pagecache.READS): each public page is keyed on the topics of the apps whose tables it
reads, so a write renews exactly the pages that read it, and a login renews none.

The first test builds the world of tests/test_view_permissions.py, renders every public page a visitor may open and
checks that every table its queries read lies in a topic the page declares (else a write to that table would leave
the page stale). The others commit their writes (transaction=True), as a running site does.
"""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from activities.models import Activity
from core import invalidation
from core.models import CacheVersion
from core.pagecache import PAGES, READS, page_topics
from impact.defaults import create_defaults
from impact.models import Dimension, ImpactModel, Ring, TargetGroup
from network.models import Organisation
from offerings.tests.factories import OfferingFactory
from programmes.models import Programme
from stories.tests.factories import make_line, make_programme, make_story
from tests.access import ACCESS, OK
from tests.factories import ActivityFactory, OrganisationFactory, ProjectFactory, UserFactory
from tests.test_view_permissions import build_world, walk

READ = re.compile(r"\b(?:FROM|JOIN)\s+[\"`]?(\w+)", re.IGNORECASE)


def tables_read(queries: list[dict]) -> set[str]:
    return {table.lower() for query in queries for table in READ.findall(query["sql"])}


def apps_read(tables: set[str]) -> set[str]:
    """The apps whose page topics hold the tables (tables in no page topic, such as sessions, renew no page)."""
    prefix = PAGES + "."
    return {
        topic.removeprefix(prefix)
        for topic, held in invalidation.topics().items()
        if topic.startswith(prefix) and held & tables
    }


@pytest.mark.django_db
def test_every_declared_page_reads_only_the_apps_it_declares(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.API_LIMIT_PER_ADDRESS = 1_000_000
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    undeclared, rendered = {}, set()
    for name, entries in ACCESS.items():
        for entry in entries:
            if name not in READS or entry.method != "get" or entry.rule.anonymous != OK:
                continue
            url = reverse(name, args=entry.args(world)) + (f"?{entry.query(world)}" if entry.query else "")
            with CaptureQueriesContext(connection) as queries:
                response = Client().get(url)
            if response.status_code != 200:  # a merged organisation's old address redirects
                continue
            rendered.add(name)
            if missing := apps_read(tables_read(queries.captured_queries)) - set(READS[name]):
                undeclared[name] = sorted(missing)
    assert not undeclared, f"add these apps to the pages' entries in core.pagecache.READS: {undeclared}"
    assert rendered == set(READS)


def test_the_declarations_name_existing_urls_and_apps():
    names = {name for name, _route, _view in walk()}
    apps = {topic.removeprefix(PAGES + ".") for topic in invalidation.topics() if topic.startswith(PAGES + ".")}
    assert set(READS) <= names
    assert set().union(*READS.values()) <= apps


def test_an_undeclared_page_or_path_follows_every_public_table():
    with translation.override("nl"):
        assert page_topics("/account/inloggen/", "nl") == (PAGES,)
        assert page_topics("/bestaat-niet/", "nl") == (PAGES,)
        assert page_topics(reverse("activities:calendar"), "nl") == ("pages.activities", "pages.network")


# --- writes against pages -----------------------------------------------------------------------------------------

PAGE_NAMES = [
    "activities:calendar",
    "stories:book",
    "programmes:detail",
    "home:home",
    "network:organisation_list",
    "offerings:list",
    "projects:portfolio",
    "impact:model",
]


def page_url(name: str) -> str:
    return reverse(name, args=("p",)) if name == "programmes:detail" else reverse(name)


def keys() -> dict[str, str]:
    """Each page's version: the tokens of the topics it is keyed on."""
    versions = {}
    for name in PAGE_NAMES:
        tokens = invalidation.current_of(page_topics(page_url(name), "nl"))
        versions[name] = ":".join(tokens[topic] for topic in sorted(tokens))
    return versions


def impact_model() -> None:
    if not ImpactModel.objects.exists():  # the migration makes it; a flushed database may not have it
        create_defaults(ImpactModel, Ring, Dimension, TargetGroup)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("write", "renewed"),
    [
        (lambda: make_story(programme=Programme.objects.get()), {"stories:book", "programmes:detail", "home:home"}),
        (
            lambda: Activity.objects.update(title="Nieuwe titel"),
            {"activities:calendar", "stories:book", "programmes:detail", "home:home", "network:organisation_list"},
        ),
        (lambda: OfferingFactory(provider=Organisation.objects.get()), {"offerings:list"}),
        (
            lambda: ProjectFactory(leads=[Organisation.objects.get()]),
            {"programmes:detail", "home:home", "projects:portfolio"},
        ),
        (lambda: OrganisationFactory(), set(PAGE_NAMES) - {"impact:model"}),
        (lambda: Ring.objects.update(name="Kring"), {"stories:book", "programmes:detail", "home:home", "impact:model"}),
        (lambda: UserFactory(username="nieuw"), set()),
    ],
    ids=["story", "activity edit", "offer of help", "project", "organisation", "impact model", "user"],
)
def test_a_write_renews_exactly_the_pages_that_read_its_tables(write, renewed):
    impact_model()
    ActivityFactory(organisers=[OrganisationFactory(name="Bibliotheek")])
    make_line(make_programme(slug="p"))
    with translation.override("nl"):
        before = keys()
        write()
        after = keys()
    assert {name for name in PAGE_NAMES if after[name] != before[name]} == renewed


@pytest.mark.django_db(transaction=True)
def test_a_new_story_renews_the_story_book_and_its_programme_not_the_calendar(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    impact_model()
    programme = make_programme(slug="p", name="Lezen in de wijk")
    make_line(programme)
    ActivityFactory(title="Voorleesochtend")
    visitor = Client()
    pages = ["/agenda/", "/verhalen/", f"/programmas/{programme.slug}/"]
    for url in pages:
        assert visitor.get(url).status_code == 200

    make_story(programme=programme, quote="Mijn leerlingen lezen nu elke dag.")

    served = {}
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            response = visitor.get(url)
        served[url] = len(queries) == 1  # only the page version: from the cache
        assert response.status_code == 200
    assert served == {"/agenda/": True, "/verhalen/": False, f"/programmas/{programme.slug}/": False}
    caches["pages"].clear()


@pytest.mark.django_db(transaction=True)
def test_a_login_through_the_login_page_renews_nothing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    UserFactory(username="lezer")
    rows = CacheVersion.objects.count()
    newest = CacheVersion.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = Client().post(reverse("accounts:login"), {"username": "lezer", "password": "password"})
    assert response.status_code == 302
    assert CacheVersion.objects.count() == rows
    assert CacheVersion.objects.order_by("-pk").values_list("pk", flat=True).first() == newest
