"""Segregation measures on plain numbers: school → group → pupils. No database here, so every figure the monitor
shows can be checked by hand (see schooldata/tests/test_measures.py for the worked example the page explains).

Small numbers follow DUO's rule: a cell under 5 pupils (or one DUO already suppressed, None) is shown as "<5" and
its pupils are left out of the indices; the school stays in with its other cells.
"""

from collections.abc import Mapping
from dataclasses import dataclass

SMALL_NUMBER = 5

Counts = Mapping[str, Mapping[str, float | None]]


def is_small(value: float | None) -> bool:
    """Whether a cell is suppressed: unknown (DUO wrote "<5") or under 5 pupils."""
    return value is None or value < SMALL_NUMBER


def shown(value: float | None) -> str:
    """A count as published: "<5" for a small cell, else the whole number."""
    return "<5" if is_small(value) else str(round(value or 0))


@dataclass(frozen=True)
class Counted:
    """The cells that count, and per school the groups whose cell was small and so left out."""

    counts: dict[str, dict[str, float]]
    left_out: dict[str, list[str]]


def drop_small(counts: Counts) -> Counted:
    kept: dict[str, dict[str, float]] = {}
    left_out: dict[str, list[str]] = {}
    for school, groups in counts.items():
        kept[school] = {
            group: float(value) for group, value in groups.items() if value is not None and value >= SMALL_NUMBER
        }
        small = sorted(group for group, value in groups.items() if is_small(value))
        if small:
            left_out[school] = small
    return Counted(kept, left_out)


def _total(counts: Mapping[str, Mapping[str, float]], group: str) -> float:
    return sum(groups.get(group, 0.0) for groups in counts.values())


def dissimilarity(counts: Mapping[str, Mapping[str, float]], group: str, other: str) -> float:
    """Duncan's D = ½ Σ |a_i/A − b_i/B|: the share of either group that would have to change school for every
    school to have the city's mix. 0 is an even spread, 1 complete separation."""
    a_total, b_total = _total(counts, group), _total(counts, other)
    if not a_total or not b_total:
        raise ValueError("both groups need pupils")
    return 0.5 * sum(abs(g.get(group, 0.0) / a_total - g.get(other, 0.0) / b_total) for g in counts.values())


def exposure(counts: Mapping[str, Mapping[str, float]], group: str, other: str) -> float:
    """xPy = Σ (x_i/X)(y_i/t_i): the share of the other group at the school of an average pupil of the group."""
    x_total = _total(counts, group)
    if not x_total:
        raise ValueError("the group needs pupils")
    result = 0.0
    for groups in counts.values():
        school_total = sum(groups.values())
        if school_total:
            result += groups.get(group, 0.0) / x_total * groups.get(other, 0.0) / school_total
    return result


def isolation(counts: Mapping[str, Mapping[str, float]], group: str) -> float:
    """xPx = Σ (x_i/X)(x_i/t_i): the share of their own group at the school of an average pupil of the group.
    Compare it with the group's share in the city: equal means no isolation."""
    return exposure(counts, group, group)


@dataclass(frozen=True)
class Indices:
    dissimilarity: float
    isolation: float
    exposure: float
    share: float  # the group's share of all pupils counted: what isolation would be with an even spread
    group_pupils: float
    pupils: float
    schools: int


def indices(counts: Mapping[str, Mapping[str, float]], group: str, other: str) -> Indices | None:
    """All indices for a group against the other; None when either group has no pupils counted."""
    a_total, b_total = _total(counts, group), _total(counts, other)
    if not a_total or not b_total:
        return None
    return Indices(
        dissimilarity=dissimilarity(counts, group, other),
        isolation=isolation(counts, group),
        exposure=exposure(counts, group, other),
        share=a_total / (a_total + b_total),
        group_pupils=a_total,
        pupils=a_total + b_total,
        schools=sum(1 for groups in counts.values() if groups.get(group, 0.0) + groups.get(other, 0.0)),
    )


def weighted_share(pupils_by_area: Mapping[str, float], area_shares: Mapping[str, float | None]) -> float | None:
    """The estimated share of pupils with a trait, from the share in the area each lives in: Σ n_w·s_w / Σ n_w over
    the areas whose share is known. None when no pupil lives in an area with a known share."""
    known = {area: pupils for area, pupils in pupils_by_area.items() if area_shares.get(area) is not None}
    total = sum(known.values())
    if not total:
        return None
    return sum(pupils * float(area_shares[area] or 0) for area, pupils in known.items()) / total
