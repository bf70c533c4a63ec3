"""The ring drawing's labels never overlap: each other, the core's word, or the drawing's edge.

The SVG is parsed as a browser would lay it out, with an upper estimate of each label's size (its longest
line's characters × 0.6 em, bold × 0.66 em; its lines 1.1 em apart), for the drawings the site and the
reports make: the bare model (report cover, model page) and every route's turned rings (programme page,
route editor), in both languages. The SVG scales as a whole, so one check covers every size it is shown at.
"""

import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from impact.models import Dimension
from impact.rings import LABEL_FONT_SIZE, drawing
from impact.services import active_rings, current_model
from reports.charts import rings_svg

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Label:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Label") -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


def _em(value: str) -> float:
    assert value.endswith("em"), value
    return float(value[:-2])


def labels(svg: str, font_size: float) -> tuple[float, list[Label]]:
    """The drawing's width and every label's box, from the SVG text as rendered."""
    root = ET.fromstring(svg if "xmlns=" in svg else svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    boxes = []
    for text in root.iter(f"{SVG}text"):
        size = float(text.get("font-size", font_size))
        bold = (
            text.get("font-weight") == "700" or "--chosen" in text.get("class", "") or "--core" in text.get("class", "")
        )
        lines = [span.text or "" for span in text.iter(f"{SVG}tspan")] or [text.text or ""]
        offsets = [_em(span.get("dy", "0em")) for span in text.iter(f"{SVG}tspan")] or [_em(text.get("dy", "0em"))]
        baselines = list(itertools.accumulate(offset * size for offset in offsets))
        width = max(len(line) for line in lines) * (0.66 if bold else 0.6) * size
        x, y = float(text.get("x")), float(text.get("y"))
        boxes.append(
            Label(
                " ".join(lines),
                x - width / 2,
                y + baselines[0] - 0.8 * size,
                x + width / 2,
                y + baselines[-1] + 0.25 * size,
            )
        )
    return float(root.get("width")), boxes


def assert_apart(svg: str, font_size: float = LABEL_FONT_SIZE) -> None:
    size, boxes = labels(svg, font_size)
    assert len(boxes) > 1
    for box in boxes:
        assert box.left >= 0 and box.right <= size and box.top >= 0 and box.bottom <= size, box
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second), (first, second)


def route_choices(rings) -> list[set[int]]:
    """Nothing chosen (the cover), and every route through one dimension of each ring."""
    return [set(), *({d.pk for d in combination} for combination in itertools.product(*(dims for _n, dims in rings)))]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_labels_of_the_default_model_never_overlap_on_the_cover_or_any_route(language):
    rings = active_rings(current_model())
    with translation.override(language):
        for chosen in route_choices(rings):
            # The report's standalone drawing (its font size written on each label) and the site's (size from CSS).
            assert_apart(rings_svg(rings, chosen, "Rings", "cover"))
            assert_apart(render_to_string("impact/_rings.html", {"rings": drawing(rings, chosen), "svg_id": "page"}))


def test_labels_stay_apart_with_more_dimensions_and_longer_names():
    model = current_model()
    third = model.rings.get(number=3)
    for position, name in enumerate(["Gezondheid en welzijn in de wijk", "Werkgelegenheid", "Duurzaamheid"], start=3):
        Dimension.objects.create(ring=third, name=name, name_en=name, position=position)
    rings = active_rings(current_model())
    assert [len(dims) for _n, dims in rings] == [3, 3, 6]
    for chosen in route_choices(rings)[::5]:
        assert_apart(rings_svg(rings, chosen, "Rings", "cover"))


def test_the_check_finds_labels_that_overlap():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="420">'
        '<text x="100" y="100" font-size="11"><tspan x="100" dy="0.35em">Ontmoeting &amp; bereik</tspan></text>'
        '<text x="150" y="105" font-size="11"><tspan x="150" dy="0.35em">Kennis</tspan></text></svg>'
    )
    with pytest.raises(AssertionError):
        assert_apart(svg)
