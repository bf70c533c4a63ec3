"""The monitor's trend chart: an SVG line chart drawn on the server (no script, no outside service), with its
colours as attributes so the same drawing serves the page and the evaluation report's PDF. Every chart is shown
with its data as a table beside it."""

from html import escape

from django.utils.translation import gettext as _

from schooldata.monitor import Year

COLOURS = ["#0b5f8a", "#b8420f", "#4d4d4d"]
DASHES = ["", "6 4", "2 3"]  # a second cue besides colour
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"'


def line_chart(title: str, categories: list[str], series: list[tuple[str, list[float | None]]]) -> str:
    """Lines of shares (0–1) over the categories (school years), the axis from 0% to 100%."""
    width, height, left, right, top, bottom = 560, 260, 70, 50, 40, 40
    plot_width, plot_height = width - left - right, height - top - bottom
    step = plot_width / max(len(categories) - 1, 1)

    def x(index: int) -> float:
        return left + (index * step if len(categories) > 1 else plot_width / 2)

    def y(value: float) -> float:
        return top + plot_height * (1 - value)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        # Its own white ground: the drawing reads the same in the site's dark theme and on paper.
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    for tick in range(5):
        value = tick / 4
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - right}" y2="{y(value):.1f}" '
            f'stroke="{"#555" if tick == 0 else "#ddd"}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" {FONT} font-size="11" fill="#333" '
            f'text-anchor="end">{tick * 25}%</text>'
        )
    for index, category in enumerate(categories):
        parts.append(
            f'<text x="{x(index):.1f}" y="{top + plot_height + 18}" {FONT} font-size="11" fill="#333" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    for number, (name, values) in enumerate(series):
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        points = [(x(index), y(value)) for index, value in enumerate(values) if value is not None]
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attribute}/>'
            )
        parts.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>' for px, py in points)
        legend_x = left + number * 170
        parts.append(
            f'<line x1="{legend_x}" y1="14" x2="{legend_x + 22}" y2="14" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attribute}/>"
        )
        parts.append(f'<text x="{legend_x + 28}" y="18" {FONT} font-size="12" fill="#222">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def trend_chart(years: list[Year]) -> str:
    with_indices = [year for year in years if year.indices]
    return line_chart(
        _("Segregation index per school year"),
        [year.school_year for year in with_indices],
        [
            (_("Dissimilarity"), [year.indices.dissimilarity for year in with_indices if year.indices]),
            (_("Isolation"), [year.indices.isolation for year in with_indices if year.indices]),
            (_("Share in the city"), [year.indices.share for year in with_indices if year.indices]),
        ],
    )
