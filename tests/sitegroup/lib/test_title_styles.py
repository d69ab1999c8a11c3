"""The headline palette: every colour stays AA-readable on every background a listing is drawn on."""

from pathlib import Path

from sitegroup.lib.title_styles import (
    AA_NORMAL_TEXT,
    TITLE_COLOURS,
    contrast_ratio,
    css_rules,
    title_classes,
    weakest_contrast,
)

# Where listings are drawn: page and panel backgrounds of both themes (themes/static/themes/*.css),
# the elder-friendly mode (white) and the repealed-notice tint used beside lists.
THEME_BACKGROUNDS = ["#ffffff", "#eef2f7", "#f3f6fa", "#f6f6f6", "#f4f6f9", "#fbfcfe"]
CSS = Path(__file__).resolve().parents[3] / "themes" / "static" / "themes"


class TestPalette:
    def test_every_colour_keeps_aa_contrast_on_every_theme_background(self):
        key, background, ratio = weakest_contrast(THEME_BACKGROUNDS)[0]
        assert ratio >= AA_NORMAL_TEXT, f"{key} on {background}: {ratio:.2f}"

    def test_the_backgrounds_listed_are_those_of_the_theme_stylesheets(self):
        stylesheets = "".join(path.read_text() for path in CSS.glob("*.css")).lower()
        for background in THEME_BACKGROUNDS[1:]:
            assert background in stylesheets

    def test_contrast_arithmetic_matches_wcag_reference_values(self):
        assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
        assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54
        assert contrast_ratio("#ffffff", "#ffffff") == 1.0

    def test_a_too_light_colour_would_be_caught(self):
        assert contrast_ratio("#ff4d4d", "#eef2f7") < AA_NORMAL_TEXT

    def test_classes_for_colour_and_weight(self):
        assert title_classes("red", True) == "sg-title--red sg-title--bold"
        assert title_classes("", False) == ""
        assert title_classes("purple-not-in-palette", False) == ""

    def test_stylesheet_carries_every_palette_rule(self):
        common = (CSS / "common.css").read_text()
        for rule in css_rules().splitlines():
            assert rule in common

    def test_labels_are_chinese_and_default_first(self):
        assert TITLE_COLOURS[0].label == "默认" and TITLE_COLOURS[0].hex is None
