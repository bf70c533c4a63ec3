"""The network map's service: ties per kind, filters, brokers, cross-sector ties, new ties, the edges of the
network, 'not yet connected' suggestions and the cache that follows every change."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from core import invalidation
from core.invalidation import VERSIONS_KEPT
from core.models import CacheVersion, PublicationStatus
from networkmap import analytics, cache, ties
from networkmap.cache import MAP
from networkmap.shapes import Filters
from programmes.models import Action, Programme, ProgrammeLine
from tests.factories import (
    ActivityFactory,
    LineFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    ThemeFactory,
    bulk_activities,
)

pytestmark = pytest.mark.django_db


def on(year, month=3, day=1):
    return timezone.make_aware(dt.datetime(year, month, day, 10))


def ties_of(network):
    """{(name, name): tie} with the names in alphabetical order."""
    names = {pk: node.name for pk, node in network.nodes.items()}
    return {tuple(sorted((names[tie.a], names[tie.b]))): tie for tie in network.ties}


def public(filters=None):
    return cache.network(filters or Filters(), cache.public_viewer())


def organisations(*names, sector="po"):
    return [OrganisationFactory(name=name, sector=sector) for name in names]


class TestTiesPerKind:
    def test_organisers_of_one_activity_are_tied_in_pairs(self):
        a, b, c = organisations("A", "B", "C")
        activity = ActivityFactory(organisers=[a, b, c], start=on(2025))

        ties = ties_of(public())

        assert set(ties) == {("A", "B"), ("A", "C"), ("B", "C")}
        tie = ties["A", "B"]
        assert (tie.kinds, tie.records, tie.weight, tie.first_year) == (
            ("activiteit",),
            (("activiteit", activity.pk),),
            1,
            2025,
        )

    def test_a_draft_activity_ties_only_for_those_who_may_see_it(self, coordinator, editor_a, org_a, org_b, member):
        ActivityFactory(organisers=[org_a, org_b], publication_status=PublicationStatus.DRAFT)

        assert public().ties == []
        assert cache.network(Filters(), cache.viewer_for(member)).ties == []
        assert len(cache.network(Filters(), cache.viewer_for(coordinator)).ties) == 1
        # The editor of A sees A's own draft, as in every other list.
        assert len(cache.network(Filters(), cache.viewer_for(editor_a)).ties) == 1

    def test_leads_and_partners_of_a_project_are_tied_dated_by_its_updates(self):
        lead, partner, other = organisations("Trekker", "Partner", "Ander")
        project = ProjectFactory(leads=[lead], partners=[partner, other])
        ProjectUpdateFactory(project=project, date=dt.date(2024, 5, 1))
        ProjectUpdateFactory(project=project, date=dt.date(2025, 5, 1))
        ProjectFactory(leads=[other], partners=[partner])  # no updates: no year

        ties = ties_of(public())

        assert set(ties) == {("Partner", "Trekker"), ("Ander", "Trekker"), ("Ander", "Partner")}
        assert ties["Partner", "Trekker"].kinds == ("project",)
        assert ties["Partner", "Trekker"].first_year == 2024
        assert ties["Partner", "Trekker"].years == (2024, 2025)
        assert ties["Ander", "Partner"].weight == 2
        assert ties["Ander", "Partner"].first_year == 2024

    def test_a_draft_project_is_not_on_the_public_map(self):
        ProjectFactory(
            leads=organisations("A"), partners=organisations("B"), publication_status=PublicationStatus.DRAFT
        )
        assert public().ties == []

    def test_organisations_of_the_holders_of_one_line_are_tied(self):
        a, b = organisations("A", "B")
        line = LineFactory()
        line.holders.set([PersonFactory(organisation=a), PersonFactory(organisation=a), PersonFactory(organisation=b)])

        ties = ties_of(public())

        assert list(ties) == [("A", "B")]
        assert ties["A", "B"].kinds == ("lijn",)
        assert ties["A", "B"].first_year is None

    def test_one_pair_sums_its_kinds_and_records(self):
        a, b = organisations("A", "B")
        ActivityFactory(organisers=[a, b], start=on(2025))
        ActivityFactory(organisers=[a, b], start=on(2023))
        ProjectFactory(leads=[a], partners=[b])
        LineFactory().holders.set([PersonFactory(organisation=a), PersonFactory(organisation=b)])

        tie = ties_of(public())["A", "B"]

        assert tie.kinds == ("activiteit", "project", "lijn")
        assert tie.weight == 4
        assert tie.first_year == 2023

    def test_every_organisation_is_on_the_unfiltered_map_with_its_activities(self):
        a, b = organisations("A", "B")
        organisations("Alleen")
        ActivityFactory(organisers=[a, b])
        ActivityFactory(organisers=[a])

        nodes = {node.name: node for node in public().nodes.values()}

        assert list(nodes) == ["A", "Alleen", "B"]
        assert (nodes["A"].activities, nodes["A"].degree) == (2, 1)
        assert (nodes["Alleen"].activities, nodes["Alleen"].degree) == (0, 0)


class TestFilters:
    def test_theme_keeps_its_records_and_the_organisations_that_carry_it(self):
        theme = ThemeFactory(name="Duurzaamheid")
        a, b, c, d = organisations("A", "B", "C", "D")
        ActivityFactory(organisers=[a, b], themes=[theme])
        ActivityFactory(organisers=[c, d])
        carrier = OrganisationFactory(name="Drager")
        carrier.themes.add(theme)

        network = public(Filters(theme=theme.slug))

        assert set(ties_of(network)) == {("A", "B")}
        assert sorted(node.name for node in network.nodes.values()) == ["A", "B", "Drager"]

    def test_theme_applies_to_projects_and_lines_too(self):
        theme = ThemeFactory()
        a, b, c, d = organisations("A", "B", "C", "D")
        ProjectFactory(leads=[a], partners=[b], themes=[theme])
        ProjectFactory(leads=[c], partners=[d])
        line = LineFactory()
        line.themes.add(theme)
        line.holders.set([PersonFactory(organisation=c), PersonFactory(organisation=a)])

        assert set(ties_of(public(Filters(theme=theme.slug)))) == {("A", "B"), ("A", "C")}

    def test_year_keeps_that_years_records_but_a_tie_keeps_its_first_year(self):
        a, b, c = organisations("A", "B", "C")
        ActivityFactory(organisers=[a, b], start=on(2024))
        ActivityFactory(organisers=[a, b], start=on(2025))
        ActivityFactory(organisers=[b, c], start=on(2024))
        LineFactory().holders.set([PersonFactory(organisation=a), PersonFactory(organisation=c)])

        network = public(Filters(year=2025))

        ties = ties_of(network)
        assert list(ties) == [("A", "B")]
        assert (ties["A", "B"].weight, ties["A", "B"].first_year, ties["A", "B"].years) == (1, 2024, (2025,))
        assert sorted(node.name for node in network.nodes.values()) == ["A", "B"]

    def test_the_year_follows_local_time(self):
        a, b = organisations("A", "B")
        # 23:30 UTC on 31 December is already New Year in Leiden.
        ActivityFactory(organisers=[a, b], start=dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC))
        assert ties_of(public(Filters(year=2026)))["A", "B"].first_year == 2026

    def test_sector_keeps_ties_whose_both_ends_are_chosen(self):
        school = OrganisationFactory(name="School", sector="po")
        museum = OrganisationFactory(name="Museum", sector="cultuur")
        town = OrganisationFactory(name="Gemeente", sector="gemeente")
        ActivityFactory(organisers=[school, museum, town])

        network = public(Filters(sectors=("cultuur", "po")))

        assert set(ties_of(network)) == {("Museum", "School")}
        assert sorted(node.name for node in network.nodes.values()) == ["Museum", "School"]

    def test_kind_chooses_the_ties_and_keeps_the_organisations(self):
        a, b, c = organisations("A", "B", "C")
        ActivityFactory(organisers=[a, b])
        LineFactory().holders.set([PersonFactory(organisation=b), PersonFactory(organisation=c)])

        network = public(Filters(kinds=("lijn",)))

        assert set(ties_of(network)) == {("B", "C")}
        assert len(network.nodes) == 3
        assert network.nodes[a.pk].activities == 1

    def test_programme_keeps_its_published_activities_and_their_organisers(self, coordinator):
        a, b, c, d = organisations("A", "B", "C", "D")
        programme = Programme.objects.create(
            slug="p",
            name="P",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            publication_status="published",
        )
        line = ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A1", title="Ambitie")
        action = Action.objects.create(line=line, code="A1.1", title="Actie")
        action.activities.add(
            ActivityFactory(organisers=[a, b]),
            ActivityFactory(organisers=[a, c], publication_status=PublicationStatus.DRAFT),
        )
        ActivityFactory(organisers=[c, d])
        ProjectFactory(leads=[a], partners=[d])

        network = cache.network(Filters(programme="p"), cache.viewer_for(coordinator))

        assert set(ties_of(network)) == {("A", "B")}
        assert sorted(node.name for node in network.nodes.values()) == ["A", "B"]


def clique_edges(members):
    return [[first, second] for index, first in enumerate(members) for second in members[index + 1 :]]


class TestBrokers:
    def test_the_bridge_between_two_cliques_is_the_top_broker(self):
        left = organisations("L1", "L2", "L3", "L4")
        right = organisations("R1", "R2", "R3", "R4")
        bridge = OrganisationFactory(name="Brug")
        pairs = clique_edges(left) + clique_edges(right) + [[left[3], bridge], [bridge, right[0]]]
        bulk_activities([{"start": on(2025), "organisers": pair} for pair in pairs])

        metrics = analytics.summarise(public(), 2025)

        assert [node.name for node in metrics.brokers] == ["Brug", "L4", "R1"]
        # Of the 28 pairs of other organisations, the 16 across the bridge pass through it.
        assert metrics.brokers[0].betweenness_percent == pytest.approx(100 * 16 / 28, abs=0.1)
        assert metrics.brokers[1].betweenness_percent == pytest.approx(100 * 15 / 28, abs=0.1)
        assert metrics.brokers[0].broker_rank == 1
        assert public().nodes[left[0].pk].broker_rank is None
        assert metrics.sampled == 0

    def test_a_large_network_is_estimated_from_a_fixed_sample(self, monkeypatch):
        monkeypatch.setattr(analytics, "BETWEENNESS_BUDGET", 10)
        monkeypatch.setattr(analytics, "BETWEENNESS_MIN_SAMPLE", 4)
        hub = OrganisationFactory(name="Hub")
        spokes = organisations(*(f"S{n}" for n in range(8)))
        bulk_activities([{"start": on(2025), "organisers": [hub, spoke]} for spoke in spokes])

        first = ties.build(Filters(), AnonymousUser())
        again = ties.build(Filters(), AnonymousUser())

        assert first.sampled == 4
        assert [(n.name, n.broker_rank) for n in first.nodes.values()] == [
            (n.name, n.broker_rank) for n in again.nodes.values()
        ]
        assert first.nodes[hub.pk].broker_rank == 1


class TestFigures:
    def test_cross_sector_ties_by_pair_of_sectors(self, english):
        school, other_school = organisations("School", "Andere school", sector="po")
        college = OrganisationFactory(name="Mbo", sector="mbo")
        ActivityFactory(organisers=[school, other_school, college])

        metrics = analytics.summarise(public(), 2025)

        assert (metrics.ties, metrics.cross_sector, metrics.cross_sector_percent) == (3, 2, 67)
        assert [(pair.first, pair.second, pair.ties) for pair in metrics.sector_pairs] == [("po", "mbo", 2)]
        assert metrics.sector_pairs[0].labels == "Primary education – Vocational education (mbo)"

    def test_new_ties_this_year_are_the_ones_first_seen_this_year(self):
        a, b, c = organisations("A", "B", "C")
        ActivityFactory(organisers=[a, b], start=on(2025))
        ActivityFactory(organisers=[a, b], start=on(2026))
        ActivityFactory(organisers=[b, c], start=on(2026))

        metrics = analytics.summarise(public(), 2026)

        assert metrics.new_this_year == 1
        assert [(row.year, row.organisations, row.ties, row.new_ties) for row in metrics.per_year] == [
            (2025, 2, 1, 1),
            (2026, 3, 2, 1),
        ]

    def test_isolated_and_peripheral_organisations(self):
        a, b, c = organisations("A", "B", "C")
        organisations("Alleen")
        ActivityFactory(organisers=[a, b])
        ActivityFactory(organisers=[b, c])

        metrics = analytics.summarise(public(), 2025)

        assert [node.name for node in metrics.isolated] == ["Alleen"]
        assert [node.name for node in metrics.peripheral] == ["A", "C"]

    def test_the_legend_counts_organisations_per_sector_in_sector_order(self):
        organisations("Museum", sector="cultuur")
        organisations("School 1", "School 2", sector="po")

        metrics = analytics.summarise(public(), 2025)

        assert [(row.sector, row.organisations) for row in metrics.sectors] == [("po", 2), ("cultuur", 1)]

    def test_a_programmes_network(self):
        a, b = organisations("A", "B")
        programme = Programme.objects.create(
            slug="p",
            name="P",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            publication_status="published",
        )
        line = ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A1", title="Ambitie")
        Action.objects.create(line=line, code="A1.1", title="Actie").activities.add(
            ActivityFactory(organisers=[a, b], start=on(2025))
        )
        ActivityFactory(organisers=organisations("C", "D"))

        metrics = cache.programme_network(programme, this_year=2025)

        assert (metrics.organisations, metrics.ties, metrics.new_this_year) == (2, 1, 1)


class TestNotYetConnected:
    def test_pairs_sharing_themes_or_lines_without_working_together_most_in_common_first(self, coordinator, english):
        science, nature, art = ThemeFactory(name="Wetenschap"), ThemeFactory(name="Natuur"), ThemeFactory(name="Kunst")
        a, b, c, d, e, f = organisations("A", "B", "C", "D", "E", "F")
        a.themes.set([science, nature])
        b.themes.set([science, nature])
        c.themes.set([science])
        e.themes.set([art])
        f.themes.set([art])
        line = LineFactory(name="Lijn Taal")
        line.holders.set([PersonFactory(organisation=b), PersonFactory(organisation=d)])
        ActivityFactory(organisers=[e, f])  # they already work together

        suggestions = cache.not_yet_connected(Filters(), cache.viewer_for(coordinator))

        assert [(s.first.name, s.second.name) for s in suggestions] == [("A", "B"), ("A", "C"), ("B", "C"), ("B", "D")]
        assert suggestions[0].themes == ["Natuur", "Wetenschap"]
        assert [ref.title for ref in suggestions[3].lines] == ["Lijn Taal"]
        assert suggestions[3].themes == []

    def test_a_project_together_counts_as_connected_but_a_shared_line_does_not(self, coordinator):
        theme = ThemeFactory()
        a, b, c = organisations("A", "B", "C")
        for organisation in (a, b, c):
            organisation.themes.add(theme)
        ProjectFactory(leads=[a], partners=[b])
        LineFactory().holders.set([PersonFactory(organisation=b), PersonFactory(organisation=c)])

        suggestions = cache.not_yet_connected(Filters(), cache.viewer_for(coordinator))

        assert [(s.first.name, s.second.name) for s in suggestions] == [("B", "C"), ("A", "C")]

    def test_a_theme_filter_keeps_the_pairs_that_share_it(self, coordinator):
        science, art = ThemeFactory(name="Wetenschap"), ThemeFactory(name="Kunst")
        a, b, c, d = organisations("A", "B", "C", "D")
        a.themes.set([science])
        b.themes.set([science])
        c.themes.set([art])
        d.themes.set([art])

        suggestions = cache.not_yet_connected(Filters(theme=science.slug), cache.viewer_for(coordinator))

        assert [(s.first.name, s.second.name) for s in suggestions] == [("A", "B")]


def graph_publish(activity):
    activity.publication_status = PublicationStatus.PUBLISHED
    activity.save()


def move(person, organisation):
    person.organisation = organisation
    person.save()


class TestCache:
    def test_a_new_co_organised_activity_shows_at_once(self):
        a, b = organisations("A", "B")
        assert cache.metrics(Filters(), cache.public_viewer(), 2025).ties == 0

        ActivityFactory(organisers=[a, b])

        assert cache.metrics(Filters(), cache.public_viewer(), 2025).ties == 1

    def test_results_are_cached_until_the_version_changes(self):
        a, b = organisations("A", "B")
        viewer = cache.public_viewer()
        assert cache.metrics(Filters(), viewer, 2025).ties == 0
        # A bulk insert sends no signals, yet it renews the version (core.invalidation sees the statement).
        bulk_activities([{"start": on(2025), "organisers": [a, b]}])
        assert cache.metrics(Filters(), viewer, 2025).ties == 0  # cached under the version read before

        assert cache.metrics(Filters(), cache.public_viewer(), 2025).ties == 1

    @pytest.mark.parametrize(
        "change",
        [
            "publish",
            "organiser",
            "theme",
            "project partner",
            "project update",
            "line holder",
            "person moves",
            "organisation theme",
            "organisation",
            "programme action",
        ],
    )
    def test_every_change_behind_the_map_renews_the_version(self, change):
        a, b = organisations("A", "B")
        activity = ActivityFactory(organisers=[a], publication_status=PublicationStatus.DRAFT)
        project = ProjectFactory(leads=[a])
        line = LineFactory()
        person = PersonFactory(organisation=a)
        programme = Programme.objects.create(
            slug="p", name="P", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31)
        )
        action = Action.objects.create(
            line=ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A1", title="A"),
            code="A1.1",
            title="Actie",
        )
        before = cache.current_version()

        {
            "publish": lambda: graph_publish(activity),
            "organiser": lambda: activity.organisers.add(b),
            "theme": lambda: activity.themes.add(ThemeFactory()),
            "project partner": lambda: project.partners.add(b),
            "project update": lambda: ProjectUpdateFactory(project=project),
            "line holder": lambda: line.holders.add(person),
            "person moves": lambda: move(person, b),
            "organisation theme": lambda: b.themes.add(ThemeFactory()),
            "organisation": lambda: b.delete(),
            "programme action": lambda: action.activities.add(activity),
        }[change]()

        assert cache.current_version() != before

    def test_the_version_lives_in_the_database(self):
        token = cache.current_version()
        assert CacheVersion.objects.filter(topic=MAP).order_by("-pk").first().token == token
        CacheVersion.objects.create(topic=MAP, token="elsewhere")  # as another process would
        assert cache.current_version() == "elsewhere"

    def test_the_version_row_comes_back_after_a_flush(self):
        CacheVersion.objects.all().delete()
        assert cache.current_version()
        assert CacheVersion.objects.filter(topic=MAP).count() == 1

    def test_old_versions_are_pruned(self):
        for _ in range(3 * VERSIONS_KEPT):
            invalidation.renew(MAP)
        # Pruned whenever a row's number is a multiple of VERSIONS_KEPT (numbers need not start at 1).
        assert CacheVersion.objects.filter(topic=MAP).count() <= 2 * VERSIONS_KEPT
        assert cache.current_version() == CacheVersion.objects.filter(topic=MAP).order_by("-pk").first().token
