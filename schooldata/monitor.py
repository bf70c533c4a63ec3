"""The segregation monitor's figures, per school year, from the imported releases (schooldata.models).

Which groups: DUO does not publish a pupil's background, only the pupil's home postcode per school location. CBS
publishes per wijk the share of low-income households. So each pupil is placed in the wijk of their postcode, and a
wijk counts as a "wijk with many low-income households" when its share is above the median of the city's wijken.
The indices compare pupils from those wijken with pupils from the other wijken of the city. It is an estimate from
area data, not a pupil's own background; pupils from outside the city are not in either group.

Per school the monitor also estimates the share of pupils from low-income households (each pupil counted with
their wijk's share) and puts it beside the share in the school's own wijk: the mix the school would have if its
pupils all lived around it. The difference is the gap.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from network.models import Organisation
from schooldata import measures
from schooldata.models import (
    AreaFigure,
    AreaKind,
    DataRelease,
    PostcodeArea,
    PupilsByPostcode,
    ReleaseKind,
    SchoolWeighting,
)

GROUP, OTHER = "low", "other"
# CBS's columns for the share of low-income households, in order of preference: "huishoudens met een laag
# inkomen" and, in older files, "huishoudens onder of rond het sociaal minimum". Both are percentages.
LOW_INCOME_COLUMNS = ("p_hh_li", "p_hh_osm")


@dataclass
class Source:
    """A release a year's figures come from, as the notes name it."""

    release: DataRelease
    rows: int

    @property
    def text(self) -> str:
        return _("%(release)s, file “%(file)s”, imported on %(date)s: %(rows)s rows used.") % {
            "release": self.release,
            "file": self.release.source_name,
            "date": date_format(timezone.localtime(self.release.imported_at), "j F Y"),
            "rows": self.rows,
        }


@dataclass
class SchoolRow:
    organisation: Organisation
    wijk_code: str  # the school's own wijk, from its postcode
    wijk_name: str
    pupils: int  # counted: from postcode cells DUO published
    group: float | None
    other: float | None
    outside_city: int
    suppressed_cells: int  # postcode cells DUO wrote as "<5"
    left_out: list[str]  # groups with no pupils counted at this school but a cell DUO suppressed: 1 to 4 pupils
    estimated_share: float | None
    own_wijk_share: float | None
    outside_own_wijk: float | None
    weighting: Decimal | None

    def count_of(self, group: str) -> int | str:
        """A group's pupils as published. Published cells hold 5 or more pupils, so a count is 0 or at least 5;
        "<5" only when nothing was counted but DUO suppressed a cell of the group, else a 0 is a 0."""
        value = self.group if group == GROUP else self.other
        return measures.shown(None) if group in self.left_out else round(value or 0)

    @property
    def group_shown(self) -> str:
        return str(self.count_of(GROUP))

    @property
    def other_shown(self) -> str:
        return str(self.count_of(OTHER))

    @property
    def group_share(self) -> float | None:
        counted = (self.group or 0) + (self.other or 0)
        return (self.group or 0) / counted if counted and GROUP not in self.left_out else None

    @property
    def gap(self) -> float | None:
        if self.estimated_share is None or self.own_wijk_share is None:
            return None
        return self.estimated_share - self.own_wijk_share


@dataclass
class Flow:
    wijk_code: str
    wijk_name: str
    low_income: bool
    pupils: int
    schools: list[tuple[str, int]]  # school name, pupils (shown as "<5" when small)
    own_wijk: float | None  # share of the wijk's pupils who go to school in the wijk itself

    @property
    def shown_schools(self) -> list[tuple[str, str]]:
        return [(name, measures.shown(pupils)) for name, pupils in self.schools]


@dataclass
class Year:
    school_year: str
    release: DataRelease
    indices: measures.Indices | None
    threshold: float | None  # the median share of low-income households over the city's wijken
    wijken: list[tuple[str, float, bool]] = field(default_factory=list)  # name, share, above the median
    schools: list[SchoolRow] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why figures are missing
    # Pupils whose postcode lies in the city but in a wijk without a known share of low-income households (none
    # published, or a wijk code the key figures do not hold): in neither group, and not from outside the city.
    unknown_wijk_pupils: int = 0

    @property
    def low_wijken(self) -> list[tuple[str, float]]:
        return [(name, share) for name, share, low in self.wijken if low]

    @property
    def left_out_schools(self) -> list[SchoolRow]:
        return [school for school in self.schools if school.left_out or school.suppressed_cells]


def _nearest(kind: str, on: dt.date) -> DataRelease | None:
    """The release of a kind that describes the date best: the latest on or before it, else the earliest after."""
    releases = DataRelease.objects.filter(kind=kind)
    return (
        releases.filter(reference_date__lte=on).order_by("-reference_date", "-pk").first()
        or releases.order_by("reference_date", "pk").first()
    )


def low_income_share(figures: dict) -> float | None:
    """The share (0–1) of low-income households in an area's CBS figures, None when CBS gives none."""
    by_column = {str(key).lower(): value for key, value in figures.items()}
    for column in LOW_INCOME_COLUMNS:
        try:
            return float(by_column[column]) / 100
        except (KeyError, TypeError, ValueError):  # not in the file, not published (None), or not a number
            continue
    return None


def years() -> list[Year]:
    """The monitor per school year, oldest first, from the latest release of pupils by postcode in that school year
    (DUO may publish a school year twice, e.g. a correction; counting both would show the year twice)."""
    releases = DataRelease.objects.filter(kind=ReleaseKind.PUPILS_BY_POSTCODE).order_by("reference_date", "pk")
    latest = {release.school_year: release for release in releases}  # later releases overwrite earlier ones
    return [year_of(release) for release in sorted(latest.values(), key=lambda release: release.reference_date)]


def year_of(release: DataRelease) -> Year:
    year = Year(release.school_year, release, None, None)
    cells = list(PupilsByPostcode.objects.filter(release=release).values_list("organisation_id", "postcode4", "pupils"))
    year.sources.append(Source(release, len(cells)))
    postcode_release = _nearest(ReleaseKind.POSTCODE_AREAS, release.reference_date)
    area_release = _nearest(ReleaseKind.AREA_FIGURES, release.reference_date)
    if postcode_release is None or area_release is None:
        year.problems.append(
            _("Import CBS's postcodes by wijk and CBS's key figures of the wijken to compute the figures.")
        )
        return year
    wijk_of = dict(PostcodeArea.objects.filter(release=postcode_release).values_list("postcode4", "wijk_code"))
    areas = AreaFigure.objects.filter(release=area_release, kind=AreaKind.WIJK).only("code", "name", "figures")
    names = {area.code: area.name for area in areas}
    shares = {area.code: low_income_share(area.figures) for area in areas}
    year.sources.append(Source(postcode_release, len(wijk_of)))
    year.sources.append(Source(area_release, len(names)))
    known = {code: share for code, share in shares.items() if share is not None}
    year.threshold = median(known.values()) if known else None
    if year.threshold is None:
        year.problems.append(_("The key figures give no share of low-income households for any wijk."))
        return year
    low = {code for code, share in known.items() if share > year.threshold}
    year.wijken = sorted(((names[code], share, code in low) for code, share in known.items()), key=lambda w: -w[1])

    weighting_release = (
        DataRelease.objects.filter(kind=ReleaseKind.SCHOOL_WEIGHTING, school_year=release.school_year)
        .order_by("-reference_date", "-pk")
        .first()
    )
    weightings: dict[int, Decimal] = {}
    if weighting_release is not None:
        weightings = dict(
            SchoolWeighting.objects.filter(release=weighting_release).values_list("organisation_id", "weighting")
        )
        year.sources.append(Source(weighting_release, len(weightings)))

    by_school: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # wijk (or "") → pupils
    suppressed: dict[int, int] = defaultdict(int)
    suppressed_groups: dict[int, set[str]] = defaultdict(set)  # the groups a school's suppressed cells belong to
    for organisation_id, postcode4, pupils in cells:
        if pupils is None or measures.is_small(pupils):
            suppressed[organisation_id] += 1
            if (code := wijk_of.get(postcode4)) in known:
                suppressed_groups[organisation_id].add(GROUP if code in low else OTHER)
            continue
        by_school[organisation_id][wijk_of.get(postcode4, "")] += pupils  # "": a postcode outside the city
    organisations = Organisation.objects.filter(pk__in={cell[0] for cell in cells}).only("name", "slug", "postcode")
    counts: dict[str, dict[str, float | None]] = {}
    flows: dict[str, dict[int, int]] = defaultdict(dict)  # wijk → school → pupils
    for organisation in organisations:
        pupils_by_wijk = by_school.get(organisation.pk, {})
        in_city = {code: n for code, n in pupils_by_wijk.items() if code in known}
        group = sum(n for code, n in in_city.items() if code in low)
        other = sum(n for code, n in in_city.items() if code not in low)
        counts[str(organisation.pk)] = {GROUP: group, OTHER: other}
        own = wijk_of.get(organisation.postcode.replace(" ", "")[:4], "")
        total = sum(pupils_by_wijk.values())
        year.unknown_wijk_pupils += sum(n for code, n in pupils_by_wijk.items() if code and code not in known)
        for code, n in pupils_by_wijk.items():
            if code in names:
                flows[code][organisation.pk] = n
        year.schools.append(
            SchoolRow(
                organisation=organisation,
                wijk_code=own,
                wijk_name=names.get(own, ""),
                pupils=total,
                group=group,
                other=other,
                outside_city=pupils_by_wijk.get("", 0),
                suppressed_cells=suppressed.get(organisation.pk, 0),
                left_out=[],
                estimated_share=measures.weighted_share(pupils_by_wijk, shares),
                own_wijk_share=shares.get(own),
                outside_own_wijk=(total - pupils_by_wijk.get(own, 0)) / total if total and own in names else None,
                weighting=weightings.get(organisation.pk),
            )
        )
    counted = measures.drop_small(counts)
    for school in year.schools:
        small = counted.left_out.get(str(school.organisation.pk), [])
        school.left_out = [group for group in small if group in suppressed_groups[school.organisation.pk]]
    year.indices = measures.indices(counted.counts, GROUP, OTHER)
    if year.indices is None:
        year.problems.append(_("Too few pupils were counted in one of the two groups to compute the indices."))
    school_names = {row.organisation.pk: row.organisation.name for row in year.schools}
    school_wijk = {
        row.organisation.pk: wijk_of.get(row.organisation.postcode.replace(" ", "")[:4]) for row in year.schools
    }
    for code, schools in sorted(flows.items(), key=lambda item: names[item[0]]):
        total = sum(schools.values())
        in_own_wijk = sum(n for pk, n in schools.items() if school_wijk[pk] == code)
        year.flows.append(
            Flow(
                code,
                names[code],
                code in low,
                total,
                [
                    (school_names[pk], n)
                    for pk, n in sorted(schools.items(), key=lambda item: (-item[1], school_names[item[0]]))
                ],
                in_own_wijk / total if total else None,
            )
        )
    return year
