"""A second review of the segregation monitor: a second example worked by hand, two releases of one school year,
leaks through the page cache, and hostile query parameters."""

import csv
import datetime as dt
import hashlib
import io

import pytest
from django.test import override_settings
from django.urls import reverse

from schooldata import figures, monitor
from schooldata.models import AreaFigure, DataRelease, PostcodeArea, PupilCount, PupilsByPostcode, ReleaseKind
from schooldata.tests.monitor_world import build_world
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("segregation:monitor")

# Wijken and their share of low-income households; W5 has no published share. The median of the four known shares
# (5, 15, 25, 35) is 20%, so W3 and W4 are the wijken with many low-income households (group A).
SHARES = {"WK1": 5, "WK2": 15, "WK3": 25, "WK4": 35, "WK5": None}
# 1006 lies in a wijk the key figures do not hold (CBS renumbered it, say): in the city, but in neither group.
POSTCODES = {"1001": "WK1", "1002": "WK2", "1003": "WK3", "1004": "WK4", "1005": "WK5", "1006": "WK9"}


def _release(kind: str, on: dt.date) -> DataRelease:
    return DataRelease.objects.create(
        kind=kind,
        reference_date=on,
        source_name=f"{kind}-{on}.csv",
        sha256=hashlib.sha256(f"{kind}{on}".encode()).hexdigest(),
        rows_imported=1,
    )


def _pupils(on: dt.date, cells: dict) -> DataRelease:
    release = _release(ReleaseKind.PUPILS_BY_POSTCODE, on)
    PupilsByPostcode.objects.bulk_create(
        PupilsByPostcode(release=release, organisation=school, postcode4=pc4, pupils=n, suppressed=n is None)
        for school, by_postcode in cells.items()
        for pc4, n in by_postcode.items()
    )
    return release


@pytest.fixture
def hand(db) -> dict:
    postcodes = _release(ReleaseKind.POSTCODE_AREAS, dt.date(2023, 1, 1))
    PostcodeArea.objects.bulk_create(
        PostcodeArea(release=postcodes, postcode4=pc4, wijk_code=code) for pc4, code in POSTCODES.items()
    )
    areas = _release(ReleaseKind.AREA_FIGURES, dt.date(2023, 1, 1))
    AreaFigure.objects.bulk_create(
        AreaFigure(
            release=areas,
            code=code,
            kind="wijk",
            name=code,
            municipality_code="GM0001",
            figures={"p_hh_li": share} if share is not None else {"p_hh_li": None},
        )
        for code, share in SHARES.items()
    )
    schools = {
        "S1": OrganisationFactory(name="Eerste School", sector="po", postcode="9998 AA"),  # a postcode in no wijk
        "S2": OrganisationFactory(name="Tweede School", sector="po", postcode="1001 AB"),
        "S3": OrganisationFactory(name="Derde School", sector="po", postcode="1002 AC"),
    }
    cells = {
        schools["S1"]: {"1003": 20, "1004": 10, "1001": 10},  # A 30, B 10
        schools["S2"]: {"1001": 30, "1002": 10, "1003": None},  # A 0 (+ a suppressed cell), B 40
        schools["S3"]: {"1002": 10, "1004": 10, "9999": 6, "1005": 8, "1006": 7},  # A 10, B 10, 6 outside, 15 unknown
    }
    _pupils(dt.date(2023, 10, 1), cells)
    return schools


def test_a_second_example_worked_by_hand(hand):
    (year,) = monitor.years()
    assert year.threshold == pytest.approx(0.20)
    assert sorted(name for name, _share in year.low_wijken) == ["WK3", "WK4"]
    indices = year.indices
    assert indices is not None
    # A = 30 + 0 + 10 = 40, B = 10 + 40 + 10 = 60.
    # D = ½ (|30/40 − 10/60| + |0 − 40/60| + |10/40 − 10/60|) = ½ (7/12 + 8/12 + 1/12) = 2/3.
    # Isolation = (30/40)(30/40) + (10/40)(10/20) = 0.5625 + 0.125 = 0.6875; exposure = 1 − isolation.
    assert (indices.group_pupils, indices.pupils, indices.schools) == (40, 100, 3)
    assert indices.share == pytest.approx(0.4)
    assert indices.dissimilarity == pytest.approx(2 / 3)
    assert indices.isolation == pytest.approx(0.6875)
    assert indices.exposure == pytest.approx(0.3125)
    rows = {row.organisation.name: row for row in year.schools}
    first, third = rows["Eerste School"], rows["Derde School"]
    # The school's own wijk is unknown: no share there, no gap, no share "from outside the own wijk".
    assert (first.wijk_code, first.own_wijk_share, first.gap, first.outside_own_wijk) == ("", None, None, None)
    # (20 × 25% + 10 × 35% + 10 × 5%) / 40 = 22.5%.
    assert first.estimated_share == pytest.approx(0.225)
    # Derde School: 41 pupils counted, 6 from outside the city, 15 from wijken without a share (in neither group).
    assert (third.pupils, third.outside_city, third.group, third.other) == (41, 6, 10, 10)
    # (10 × 15% + 10 × 35%) / 20 = 25%, against 15% in its own wijk WK2: a gap of +10 points.
    assert third.estimated_share == pytest.approx(0.25)
    assert third.gap == pytest.approx(0.10)
    assert third.outside_own_wijk == pytest.approx(31 / 41)
    assert year.unknown_wijk_pupils == 15
    assert [flow.wijk_code for flow in year.flows] == ["WK1", "WK2", "WK3", "WK4", "WK5"]


def test_the_hand_example_on_the_page_and_in_the_downloads(client, hand):
    page = client.get(URL).content.decode()
    assert "66,7%" in page and "68,8%" in page and "40,0%" in page
    assert "Eerste School" not in page
    assert "15 leerlingen wonen in een wijk van de stad" in page
    response = client.get(reverse("segregation:download"), {"formaat": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1:7] == ["3", "100", "40.0", "66.7", "68.8", "31.2"]


def test_two_releases_of_one_school_year_count_once_the_latest(hand):
    later = _pupils(dt.date(2024, 3, 1), {hand["S1"]: {"1003": 50, "1001": 50}, hand["S2"]: {"1001": 40, "1004": 10}})
    years = monitor.years()
    assert [year.school_year for year in years] == ["2023-2024"]
    assert years[0].release == later
    assert years[0].indices is not None and years[0].indices.pupils == 150


def test_all_pupils_in_one_group_gives_no_indices_and_no_error(client, db):
    world = build_world()
    PupilsByPostcode.objects.filter(postcode4__in=["2311", "2313"]).delete()  # only Noord and Oost are left
    first = monitor.years()[0]
    assert first.indices is None and first.problems
    assert client.get(URL).status_code == 200
    assert world


@override_settings(PAGE_CACHE_SECONDS=600)
def test_the_details_never_reach_a_visitor_through_the_page_cache(client, hand):
    coordinator = UserFactory(is_coordinator=True)
    client.force_login(coordinator)
    assert "Eerste School" in client.get(URL).content.decode()
    client.logout()
    client.cookies.clear()
    for _ in range(2):
        page = client.get(URL).content.decode()
        assert "Eerste School" not in page
    assert "15 leerlingen wonen in een wijk van de stad" in page


HOSTILE = ["x" * 5000, "<script>alert(1)</script>\x00💥", "-1", "9" * 400]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_query_parameters_are_never_an_error(client, hand, value):
    client.force_login(UserFactory(is_coordinator=True))  # sees the details too: the widest page
    guide = reverse("schools:list")
    urls = [
        (URL, "jaar"),
        (reverse("segregation:download"), "formaat"),
        (reverse("segregation:download_details", args=["scholen"]), "formaat"),
        *((guide, name) for name in ("wijk", "page", "volgorde", "q", "taal", "soort", "richting")),
        (reverse("schools:map"), "wijk"),
    ]
    for url, name in urls:
        for query in ({name: value}, {name: [value, "csv"], name + "[]": value}):
            response = client.get(url, query, **({"HTTP_HX_REQUEST": "true"} if url == guide else {}))
            assert response.status_code < 500, (url, query, response.status_code)


def test_a_group_with_no_pupils_is_zero_not_under_five(client, hand):
    """Published cells hold 5 or more pupils, so a group's count is 0 or at least 5. "<5" is only true when DUO
    suppressed a cell of that group; otherwise the school has none, and nothing was left out."""
    release = DataRelease.objects.get(kind=ReleaseKind.PUPILS_BY_POSTCODE)
    fourth = OrganisationFactory(name="Vierde School", sector="po", postcode="1001 AD")
    PupilsByPostcode.objects.create(release=release, organisation=fourth, postcode4="1001", pupils=12)
    (year,) = monitor.years()
    rows = {row.organisation.name: row for row in year.schools}
    vierde, tweede = rows["Vierde School"], rows["Tweede School"]
    assert (vierde.group_shown, vierde.other_shown, vierde.left_out, vierde.group_share) == ("0", "12", [], 0.0)
    assert vierde not in year.left_out_schools
    # Tweede School: no published cell from group A, but one suppressed cell in WK3 (group A): 1 to 4 pupils.
    assert (tweede.group_shown, tweede.left_out, tweede.group_share) == ("<5", ["low"], None)
    client.force_login(UserFactory(is_coordinator=True))
    response = client.get(reverse("segregation:download_details", args=["scholen"]), {"formaat": "csv"})
    rows_csv = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert next(row for row in rows_csv if row[1] == "Vierde School")[5:7] == ["0", "12"]
    assert next(row for row in rows_csv if row[1] == "Tweede School")[5:7] == ["<5", "40"]


def test_the_detail_downloads_name_their_releases(client, hand):
    client.force_login(UserFactory(is_coordinator=True))
    for table in ("scholen", "wijken"):
        response = client.get(reverse("segregation:download_details", args=[table]), {"formaat": "csv"})
        header, first, *_rest = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        assert header[-1] == "Bronnen"
        assert "pupils_by_postcode-2023-10-01.csv" in first[-1] and "area_figures-2023-01-01.csv" in first[-1]


def test_the_hand_example_per_school_on_the_page(client, hand):
    client.force_login(UserFactory(is_coordinator=True))
    page = client.get(URL).content.decode()
    derde = page[page.index("Derde School") :][:1500]
    # 41 pupils; estimated 25,0% against 15,0% in WK2: +10,0 points; 31 of 41 from outside the own wijk: 75,6%.
    assert all(figure in derde for figure in (">41<", "25,0%", "15,0%", "+10,0", "75,6%"))


def test_ties_at_the_median_of_an_even_number_of_wijken(db):
    """Shares 10, 20, 20, 30: the median is 20%. Only a wijk above it counts as one with many low-income
    households, so a wijk at the median is not one."""
    postcodes = _release(ReleaseKind.POSTCODE_AREAS, dt.date(2023, 1, 1))
    areas = _release(ReleaseKind.AREA_FIGURES, dt.date(2023, 1, 1))
    for number, share in enumerate((10, 20, 20, 30), start=1):
        PostcodeArea.objects.create(release=postcodes, postcode4=f"200{number}", wijk_code=f"WK{number}")
        AreaFigure.objects.create(
            release=areas,
            code=f"WK{number}",
            kind="wijk",
            name=f"W{number}",
            municipality_code="GM1",
            figures={"p_hh_li": share},
        )
    school = OrganisationFactory(name="School", sector="po", postcode="2001 AA")
    _pupils(dt.date(2023, 10, 1), {school: {"2003": 10, "2004": 20}})
    (year,) = monitor.years()
    assert year.threshold == pytest.approx(0.20)
    assert year.low_wijken == [("W4", pytest.approx(0.30))]
    assert (year.schools[0].group, year.schools[0].other) == (20, 10)


def test_the_guide_shows_each_school_year_once_from_its_latest_release(db):
    school = OrganisationFactory(name="School", sector="po")
    for on, total in ((dt.date(2023, 10, 1), 200), (dt.date(2024, 2, 1), 204), (dt.date(2024, 10, 1), 210)):
        PupilCount.objects.create(release=_release(ReleaseKind.PUPILS, on), organisation=school, total=total)
    assert figures.pupil_histories([school.pk]) == {school.pk: [("2023-2024", 204), ("2024-2025", 210)]}
