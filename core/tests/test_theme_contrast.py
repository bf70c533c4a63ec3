"""Every theme's text/background pairs pass WCAG AA, computed from the token values in core/static/rimpel/tokens.css
(the default rimpel theme, and each theme of settings.RIMPEL_THEMES as overrides of its base tokens)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TOKENS = Path(__file__).resolve().parent.parent / "static" / "rimpel" / "tokens.css"
# (text, background, minimum ratio): 4.5 for text, 3 for a field's border against the page (WCAG 1.4.11).
PAIRS = [
    ("text", "surface", 4.5),
    ("text", "surface-subtle", 4.5),
    ("text", "brand-soft", 4.5),
    ("muted", "surface", 4.5),
    ("muted", "surface-subtle", 4.5),
    ("muted", "brand-soft", 4.5),
    ("brand", "surface", 4.5),
    ("brand", "surface-subtle", 4.5),
    ("brand", "brand-soft", 4.5),
    ("brand-hover", "surface", 4.5),
    ("brand-hover", "brand-soft", 4.5),
    ("brand-active", "surface", 4.5),
    ("on-brand", "brand", 4.5),
    ("on-brand", "brand-hover", 4.5),
    ("on-brand", "brand-active", 4.5),
    ("error", "surface", 4.5),
    ("focus", "focus-background", 4.5),
    ("border-strong", "surface", 3),
]


def _block(css: str, selector: str) -> dict[str, str]:
    body = re.search(re.escape(selector) + r"\s*\{(.*?)\}", css, re.S)
    assert body, f"no {selector} block in {TOKENS.name}"
    return dict(re.findall(r"--rimpel-color-([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", body.group(1)))


def theme_colours(theme: str) -> dict[str, str]:
    css = TOKENS.read_text()
    colours = _block(css, ".rimpel-theme ")
    if theme != "rimpel":
        colours |= _block(css, f".rimpel-theme.rimpel-theme-{theme} ")
    return colours


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", settings.RIMPEL_THEMES)
def test_every_text_and_background_pair_passes_aa(theme):
    colours = theme_colours(theme)
    failing = [
        f"{text} on {background}: {contrast(colours[text], colours[background]):.2f} < {minimum}"
        for text, background, minimum in PAIRS
        if contrast(colours[text], colours[background]) < minimum
    ]
    assert not failing, f"theme {theme}: " + "; ".join(failing)


def test_a_theme_brands_with_another_colour_only_through_its_base_tokens():
    css = TOKENS.read_text()
    override = re.search(r"\.rimpel-theme\.rimpel-theme-gemeente\s*\{(.*?)\}", css, re.S).group(1)
    assert re.findall(r"--([a-z0-9-]+):", override)
    assert all(name.startswith("rimpel-") for name in re.findall(r"--([a-z0-9-]+):", override))
    assert theme_colours("gemeente")["brand"] != theme_colours("rimpel")["brand"]


@pytest.mark.django_db
@pytest.mark.parametrize("theme", settings.RIMPEL_THEMES)
def test_the_setting_alone_switches_the_theme(client, settings, theme):
    settings.RIMPEL_THEME = theme
    html = client.get("/account/inloggen/").content.decode()
    assert f'class="utrecht-root voorbeeld-theme rimpel-theme rimpel-theme-{theme}"' in html
