"""Two small school years for the monitor's tests, built as rows (as an import would leave them).

Four wijken with their share of low-income households: Centrum 10%, Zuid 20%, Noord 30%, Oost 40%. The median is
25%, so Noord and Oost are the "wijken with many low-income households" (group A). In 2023-2024 the four schools
hold the worked example of test_measures.py (A/B: 40/10, 10/40, 30/20, 20/30: dissimilarity 40%, isolation 60%);
school 2 also has a postcode DUO suppressed, school 4 seven pupils from outside the city, and Kleine School only
suppressed cells. In 2024-2025 the mix is 30/20, 20/30, 25/25, 25/25: dissimilarity 10%, isolation 51%.
"""

import datetime as dt
import hashlib
from itertools import count

from schooldata.models import (
    AreaFigure,
    DataRelease,
    PostcodeArea,
    PupilsByPostcode,
    ReleaseKind,
    SchoolWeighting,
)
from tests.factories import OrganisationFactory

WIJKEN = {"2311": ("WK054601", "Centrum", 10), "2313": ("WK054603", "Zuid", 20), "2312": ("WK054602", "Noord", 30)}
WIJKEN["2314"] = ("WK054604", "Oost", 40)
_files = count(1)

FIRST = {  # school → postcode → pupils (None: DUO wrote "<5")
    "De Noordster": {"2312": 25, "2314": 15, "2311": 10},
    "Centrumschool": {"2312": 10, "2311": 30, "2313": 10, "2314": None},
    "De Oosthoek": {"2314": 30, "2313": 20},
    "Zuiderlicht": {"2312": 20, "2313": 30, "9999": 7},
    "Kleine School": {"2312": None, "2313": None},
}
SECOND = {
    "De Noordster": {"2312": 30, "2311": 20},
    "Centrumschool": {"2314": 20, "2311": 30},
    "De Oosthoek": {"2314": 25, "2313": 25},
    "Zuiderlicht": {"2312": 25, "2313": 25},
}
SCHOOL_POSTCODES = {
    "De Noordster": "2312 AA",
    "Centrumschool": "2311 AB",
    "De Oosthoek": "2314 AC",
    "Zuiderlicht": "2313 AD",
    "Kleine School": "2311 AE",
}


def release(kind: str, year: int, **extra: object) -> DataRelease:
    number = next(_files)
    return DataRelease.objects.create(
        kind=kind,
        reference_date=dt.date(year, 10, 1),
        source_name=f"{kind}-{year}.csv",
        sha256=hashlib.sha256(f"{kind}{year}{number}".encode()).hexdigest(),
        rows_imported=1,
        **extra,
    )


def build_world() -> dict:
    schools = {
        name: OrganisationFactory(name=name, sector="po", postcode=postcode, vestigingscode=f"12AB{index:02d}")
        for index, (name, postcode) in enumerate(SCHOOL_POSTCODES.items())
    }
    postcodes = release(ReleaseKind.POSTCODE_AREAS, 2023)
    PostcodeArea.objects.bulk_create(
        PostcodeArea(release=postcodes, postcode4=pc4, wijk_code=code) for pc4, (code, _n, _s) in WIJKEN.items()
    )
    areas = release(ReleaseKind.AREA_FIGURES, 2023)
    AreaFigure.objects.bulk_create(
        AreaFigure(
            release=areas, code=code, kind="wijk", name=name, municipality_code="GM0546", figures={"p_hh_li": share}
        )
        for code, name, share in WIJKEN.values()
    )
    years = {}
    for year, cells in ((2023, FIRST), (2024, SECOND)):
        pupils = release(ReleaseKind.PUPILS_BY_POSTCODE, year)
        PupilsByPostcode.objects.bulk_create(
            PupilsByPostcode(release=pupils, organisation=schools[name], postcode4=pc4, pupils=n, suppressed=n is None)
            for name, by_postcode in cells.items()
            for pc4, n in by_postcode.items()
        )
        years[year] = pupils
    weighting = release(ReleaseKind.SCHOOL_WEIGHTING, 2023)
    SchoolWeighting.objects.create(release=weighting, organisation=schools["De Noordster"], weighting="31.25")
    return {"schools": schools, "years": years}
