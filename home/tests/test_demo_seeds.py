"""The demo shows the seed documents' figures and no others (issue 18 §4, §5).

The tables below are typed over from the seed documents (the five source texts of the network, kept outside the
repository): per figure its value and where it stands. The tests load the demo and compare what the dashboard,
the reports and the budget table show with them.
"""

import pytest
from django.db import transaction
from django.utils import translation

from attendance.models import AttendanceList
from home.demo import load_demo
from impact.models import ActivityFigures
from network.models import Organisation
from programmes.models import Programme
from programmes.services import budget_table, programme_activity_ids, rollup
from reports import data
from reports.data import FigureGrid
from reports.tests.conftest import section
from stories.models import Selection, SelectionRound, Story, Substantiation

pytestmark = pytest.mark.django_db

LNOS = "000 Impactverslag LNOS25"
LGKA = "004 Evaluatierapport Leidse Gelijke Kansen Aanpak"

# Figures the LNOS25 programme reports for the whole year: (label shown, value, qualifier, where in the seed).
LNOS25_REPORTED = [
    ("Activiteiten op de jaarkalender", 226, "exact", f"{LNOS}, voorwoord: 226 evenementen georganiseerd"),
    ("Betrokken partnerorganisaties", 80, "at_least", f"{LNOS}, 2.1: meer dan 80 partijen"),
    ("Deelnemers", 17_000, "at_least", f"{LNOS}, 2.1: ruim 17.000 deelnemers"),
]
# Head counts of single activities: (activity, participants, where in the seed).
ACTIVITY_COUNTS = [
    ("Nacht van de Leraar 2025", 350, f"{LNOS}, ambitie 1: ruim 350 bezoekers"),
    ("Duurzaamheidsfestival voor het onderwijs 2025", 180, f"{LNOS}, ambitie 2: zo'n 180 in totaal"),
    ("Officiële opening De Sleutelplaats", 100, f"{LNOS}, ambitie 2: meer dan 100 mensen"),
    ("Landelijk congres gelijke kansen", 500, f"{LGKA}, actie 2.2: zo'n 500 professionals"),
    ("Eerste Leidse Meidentop", 100, f"{LGKA}, actie 1.3: ruim 100 meiden"),
    ("Symposium Studio MOIO: jongeren over leerrecht", 100, f"{LGKA}, actie 3.3: zo'n 100 professionals"),
]
NACHT_FIRST_TIME_PERCENT = 60  # LNOS, ambitie 1: 60 % nam voor de eerste keer deel
NACHT_EDUCATORS_PERCENT = 75  # LNOS, ambitie 1: 75% was pedagogisch medewerker, leerkracht, leraar of docent
NACHT_VIDEO_VIEWS = 615  # LNOS, ambitie 1: 9 filmpjes, 615 keer bekeken

# LGKA, hoofdstuk 5, the realisation table: (item, line code or None for the costs of the whole programme,
# realised 2024, realised 2025). "€ -" in the table is 0.
LGKA_REALISATION = [
    ("Brugfunctionaris (subsidie, projectleiding, scholing en intervisie)", "1", 210_000, 254_000),
    ("Leidse Meidentop", "1", 0, 8_000),
    ("Overig actielijn 1", "1", 7_000, 3_000),
    ("Leidse Week van Gelijke Kansen", "2", 0, 77_000),
    ("Overig actielijn 2", "2", 8_000, 66_000),
    ("PS|theater", "3", 0, 19_000),
    ("Jan Stap", "3", 0, 12_000),
    ("Studio MOIO", "3", 0, 10_000),
    ("Overig actielijn 3", "3", 0, 1_000),
    ("Projectorganisatie", None, 149_000, 222_000),
    ("Communicatie: ontwerp en drukwerk", None, 13_000, 6_000),
]
LGKA_REALISED = {2024: 387_000, 2025: 678_000}  # the table's "Totaal" row
LGKA_REALISED_TOTAL = 1_065_000
# LGKA, hoofdstuk 5: once €300,000 (beleidsakkoord), then €500,000 a year for three years: €1,800,000 in all.
LGKA_PLANNED = {2024: 300_000 + 500_000, 2025: 500_000, 2026: 500_000}
LGKA_BUDGET = 1_800_000


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo as load_demo leaves it, once for the module (as reports/tests/conftest.py, without its quotes)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def lnos25(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return Programme.objects.get(slug="lnos25")


@pytest.fixture(scope="module")
def lgka(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return Programme.objects.get(slug="gelijke-kansen-2024-2026")


def test_the_lnos25_headline_is_the_seeds(lnos25, client):
    with translation.override("nl"):
        report = data.build("impact", lnos25, "nl")
    shown = {
        figure.label: figure
        for block in section(report, "first-degree").blocks
        if isinstance(block, FigureGrid)
        for figure in block.figures
    }
    for label, value, qualifier, where in LNOS25_REPORTED:
        figure = shown[label]
        assert figure.value == value, where
        assert figure.display == (f"{value:,}".replace(",", ".") + ("+" if qualifier == "at_least" else "")), where
        assert figure.source.startswith("Impactverslag LNOS25"), where

    # The head counts come from the seeds only: no made-up attendance list adds to them.
    assert not AttendanceList.objects.exists()
    totals = rollup(lnos25)
    counted = ActivityFigures.objects.filter(activity__in=programme_activity_ids(lnos25))
    seeds = {title: count for title, count, _where in ACTIVITY_COUNTS}
    assert {figures.activity.title: figures.participants for figures in counted} == {
        figures.activity.title: seeds[figures.activity.title] for figures in counted
    }
    lnos_counts = [seeds[figures.activity.title] for figures in counted]
    assert totals.participants == sum(lnos_counts)
    assert totals.first_timer_share == NACHT_FIRST_TIME_PERCENT
    assert shown["voor het eerst"].display == f"{NACHT_FIRST_TIME_PERCENT}%"
    assert shown["mediabereik"].value == NACHT_VIDEO_VIEWS
    dashboard = client.get(lnos25.get_absolute_url()).context["figures"]["totals"]
    assert (dashboard.participants, dashboard.first_timer_share) == (sum(lnos_counts), NACHT_FIRST_TIME_PERCENT)


def test_activity_counts_and_composition_are_the_seeds(demo):
    for title, participants, where in ACTIVITY_COUNTS:
        assert ActivityFigures.objects.get(activity__title=title).participants == participants, where
    nacht = ActivityFigures.objects.get(activity__title="Nacht van de Leraar 2025")
    assert nacht.first_timers == 350 * NACHT_FIRST_TIME_PERCENT // 100
    assert [part.share_percent for part in nacht.composition.all()] == [NACHT_EDUCATORS_PERCENT]


def test_the_equal_chances_budget_is_the_realisation_table(lgka, client):
    table = budget_table(lgka)
    rows = {row.line.code if row.line else None: row for row in table.rows}
    for label, code, in_2024, in_2025 in LGKA_REALISATION:
        (item,) = [item for item in rows[code].items if item.label == label]
        assert [realised for _planned, realised in item.cells[:2]] == [in_2024, in_2025], label
    for code, row in rows.items():
        items = [entry for entry in LGKA_REALISATION if entry[1] == code]
        assert row.realised[2024] == sum(entry[2] for entry in items), code
        assert row.realised[2025] == sum(entry[3] for entry in items), code
        # The plan budgets the programme as a whole; no line has planned amounts of its own.
        assert row.is_planned == (code is None), code
    assert rows["2"].realised_total == 151_000  # Week van Gelijke Kansen €77,000 and other costs €74,000
    assert rows[None].realised_total == 371_000 + 19_000  # project organisation and communication
    assert {year: realised for year, _planned, realised in table.year_totals if realised is not None} == LGKA_REALISED
    assert table.realised_total == LGKA_REALISED_TOTAL
    assert {year: planned for year, planned, _realised in table.year_totals} == LGKA_PLANNED
    assert table.planned_total == lgka.budget == LGKA_BUDGET
    assert not table.planned_per_line

    with translation.override("nl"):
        page = client.get(lgka.get_absolute_url()).content.decode()
        report = data.build("evaluation", lgka, "nl")
    assert "Programmabreed (niet onder een lijn)" in page
    assert page.count("niet per lijn begroot") == 1 + 3  # the explanation, then each action line
    assert "Leidse Meidentop" in page and "PS|theater" in page
    planned, realised = [
        figure
        for block in section(report, "budget").blocks
        if isinstance(block, FigureGrid)
        for figure in block.figures
    ]
    assert (planned.value, realised.value) == (LGKA_BUDGET, LGKA_REALISED_TOTAL)
    assert realised.display == "€ 1.065.000"


def test_nothing_made_up_is_shown_as_the_networks(lnos25):
    stories = Story.objects.filter(programme=lnos25)
    assert stories.count() >= 20
    # Retold in our own words: nothing between quotation marks, no panel that never met, no invented witness.
    assert not stories.exclude(quote="").exists()
    assert not SelectionRound.objects.exists() and not Selection.objects.exists()
    assert not Substantiation.objects.exists()


# Organisations the seeds name without saying what kind they are, or of a kind the sector list lacks.
STILL_OTHER = {
    "Leidse Aanpak",  # the seeds do not say which organisation is behind the name
    "SLIB",  # the seeds give only the abbreviation, as a partner of the eduroam project
    "Grachtwacht",  # volunteers who clean the canals: no sector for volunteer groups
    "Burgercoöperatie Land van Ons",  # a citizens' cooperative buying farmland for nature
    "DUWO",  # housing corporation: no housing sector
    "Woningcorporatie De Sleutels",  # housing corporation: no housing sector
}


def test_organisations_have_the_sector_the_seeds_give(demo):
    assert Organisation.objects.count() >= 130
    other = set(Organisation.objects.filter(sector="overig").values_list("name", flat=True))
    assert other == STILL_OTHER
    sectors = dict(Organisation.objects.values_list("name", "sector"))
    assert sectors["Ministerie van Onderwijs, Cultuur en Wetenschap"] == "overheid"
    assert sectors["Leiden Education Fieldlab"] == "netwerk"
    assert sectors["Jeugdeducatiefonds"] == "fonds"
    assert sectors["Alumninetwerk Universiteit Leiden"] == "wo"
