"""The measures against numbers worked out with a pen. The monitor page explains the same example.

Four schools, 100 pupils from wijken with many low-income households ("low") and 100 from the others ("other"):

    school  low  other  total   low/100  other/100  |difference|  low/total
    A        40     10     50      0.40       0.10          0.30       0.80
    B        10     40     50      0.10       0.40          0.30       0.20
    C        30     20     50      0.30       0.20          0.10       0.60
    D        20     30     50      0.20       0.30          0.10       0.40

Dissimilarity D = ½ × (0.30 + 0.30 + 0.10 + 0.10) = 0.40.
Isolation = 0.40×0.80 + 0.10×0.20 + 0.30×0.60 + 0.20×0.40 = 0.32 + 0.02 + 0.18 + 0.08 = 0.60,
against the group's share in the city 100/200 = 0.50. Exposure to the others = 1 − 0.60 = 0.40.
"""

import pytest

from schooldata import measures

EXAMPLE = {
    "A": {"low": 40, "other": 10},
    "B": {"low": 10, "other": 40},
    "C": {"low": 30, "other": 20},
    "D": {"low": 20, "other": 30},
}


def counted(counts: dict) -> dict:
    return measures.drop_small(counts).counts


def test_dissimilarity_of_the_worked_example() -> None:
    assert measures.dissimilarity(counted(EXAMPLE), "low", "other") == pytest.approx(0.40)


def test_isolation_and_exposure_of_the_worked_example() -> None:
    counts = counted(EXAMPLE)
    assert measures.isolation(counts, "low") == pytest.approx(0.60)
    assert measures.exposure(counts, "low", "other") == pytest.approx(0.40)
    assert measures.exposure(counts, "other", "low") == pytest.approx(0.40)  # symmetric here: equal group sizes


def test_indices_bundle_with_the_city_share() -> None:
    result = measures.indices(counted(EXAMPLE), "low", "other")
    assert result is not None
    assert (result.dissimilarity, result.isolation, result.exposure, result.share) == pytest.approx(
        (0.40, 0.60, 0.40, 0.50)
    )
    assert (result.group_pupils, result.pupils, result.schools) == (100, 200, 4)


def test_even_spread_and_complete_separation() -> None:
    even = {"A": {"low": 10, "other": 30}, "B": {"low": 20, "other": 60}}
    assert measures.dissimilarity(even, "low", "other") == pytest.approx(0.0)
    assert measures.isolation(even, "low") == pytest.approx(0.25)  # the city share: no isolation
    apart = {"A": {"low": 10, "other": 0}, "B": {"low": 0, "other": 60}}
    assert measures.dissimilarity(apart, "low", "other") == pytest.approx(1.0)
    assert measures.isolation(apart, "low") == pytest.approx(1.0)


def test_unequal_groups_by_hand() -> None:
    # A: 30 low, 10 other; B: 10 low, 50 other. A=40, B=60.
    # D = ½(|30/40 − 10/60| + |10/40 − 50/60|) = ½(0.5833 + 0.5833) = 0.5833.
    # Isolation = 30/40 × 30/40 + 10/40 × 10/60 = 0.5625 + 0.0417 = 0.6042; share 40/100 = 0.40.
    counts = {"A": {"low": 30, "other": 10}, "B": {"low": 10, "other": 50}}
    assert measures.dissimilarity(counts, "low", "other") == pytest.approx(7 / 12)
    assert measures.isolation(counts, "low") == pytest.approx(0.5625 + 1 / 24)
    assert measures.exposure(counts, "low", "other") == pytest.approx(30 / 40 * 10 / 40 + 10 / 40 * 50 / 60)


def test_small_cells_are_shown_as_under_five_and_left_out() -> None:
    # School E has 3 pupils of one group and a cell DUO suppressed: both left out, so the indices stay those of the
    # worked example, and the page can say which school lost which cells.
    result = measures.drop_small({**EXAMPLE, "E": {"low": 3, "other": None}, "F": {"low": 4, "other": 25}})
    assert result.left_out == {"E": ["low", "other"], "F": ["low"]}
    assert result.counts["F"] == {"other": 25.0}
    indices = measures.indices({k: v for k, v in result.counts.items() if k != "F"}, "low", "other")
    assert indices is not None and indices.dissimilarity == pytest.approx(0.40)
    assert [measures.shown(value) for value in (None, 0, 4, 5, 12.4)] == ["<5", "<5", "<5", "5", "12"]


def test_no_indices_without_both_groups() -> None:
    assert measures.indices({"A": {"low": 10}}, "low", "other") is None
    assert measures.indices({}, "low", "other") is None
    with pytest.raises(ValueError):
        measures.dissimilarity({"A": {"low": 10}}, "low", "other")


def test_weighted_share_from_area_figures() -> None:
    # 30 pupils from a wijk with 20% low-income households, 10 from one with 60%, 5 from one without a figure:
    # (30×0.20 + 10×0.60) / 40 = 0.30.
    share = measures.weighted_share({"WK1": 30, "WK2": 10, "WK3": 5}, {"WK1": 0.20, "WK2": 0.60, "WK3": None})
    assert share == pytest.approx(0.30)
    assert measures.weighted_share({"WK3": 5}, {"WK3": None}) is None
