"""Small SVG charts drawn on the server with inline styles, so one drawing serves the web page, the PDF and
(converted to PNG) the Word document. Each chart comes with its data as a table in the report."""

from html import escape

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format

from impact.rings import drawing

COLOURS = ["#0b5f8a", "#7fbbe0", "#6a5fb5", "#97cc9f"]
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"'


def _number(value: float) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def bar_chart(title: str, categories: list[str], series: list[tuple[str, list]], width: int = 560) -> str:
    """Grouped vertical bars: one group per category, one bar per series (None counts as missing)."""
    height, left, bottom, top = 260, 70, 40, 30
    plot_width, plot_height = width - left - 10, height - bottom - top
    values = [value for _name, data in series for value in data if value is not None]
    highest = max(values, default=0) or 1
    group_width = plot_width / max(len(categories), 1)
    bar_width = min(40.0, (group_width - 12) / max(len(series), 1))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 10}" y2="{top + plot_height}" '
        'stroke="#555" stroke-width="1"/>',
    ]
    for step in range(5):
        value = highest * step / 4
        y = top + plot_height - plot_height * step / 4
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" {FONT} font-size="11" fill="#333" '
            f'text-anchor="end">{escape(_number(value))}</text>'
        )
        if step:
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>'
            )
    for index, category in enumerate(categories):
        group_x = left + index * group_width + (group_width - bar_width * len(series)) / 2
        for number, (_name, data) in enumerate(series):
            value = data[index]
            if value is None:
                continue
            bar_height = plot_height * float(value) / float(highest)
            x = group_x + number * bar_width
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_height - bar_height:.1f}" width="{bar_width - 2:.1f}" '
                f'height="{bar_height:.1f}" fill="{COLOURS[number % len(COLOURS)]}"/>'
            )
        parts.append(
            f'<text x="{left + (index + 0.5) * group_width:.1f}" y="{top + plot_height + 16}" '
            f'{FONT} font-size="11" fill="#333" text-anchor="middle">{escape(str(category))}</text>'
        )
    for number, (name, _data) in enumerate(series):
        x = left + number * 160
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[number % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 18}" y="16" {FONT} font-size="12" fill="#222">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def rings_svg(rings: list[tuple[int, list]], chosen_ids: set[int], title: str, svg_id: str) -> str:
    """The impact model's ring drawing as a standalone SVG (its colours inline), in the active language."""
    return render_to_string(
        "impact/_rings.html",
        {
            "rings": drawing(rings, chosen_ids),
            "svg_title": title,
            "svg_id": svg_id,
            "standalone": True,
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
