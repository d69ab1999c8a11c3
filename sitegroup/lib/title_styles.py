"""Headline emphasis in listings: a fixed palette of title colours, each AA-readable on the theme backgrounds.

Pure: the palette, the CSS class names the templates use (classes, never inline style: the public
pages' Content-Security-Policy and the conventions forbid `style=`), and the WCAG contrast arithmetic
that proves every colour keeps at least 4.5:1 on every background a listing is drawn on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegroup.lib.contrast import contrast_ratio

AA_NORMAL_TEXT = 4.5


@dataclass(frozen=True)
class TitleColour:
    key: str
    label: str
    hex: str | None  # None: the theme's own link colour

    @property
    def css_class(self) -> str:
        return f"sg-title--{self.key}" if self.hex else ""


TITLE_COLOURS: tuple[TitleColour, ...] = (
    TitleColour("", "默认", None),
    TitleColour("red", "红色", "#b00012"),
    TitleColour("blue", "深蓝", "#0a3d7a"),
    TitleColour("green", "深绿", "#14602b"),
    TitleColour("brown", "棕色", "#8a3d00"),
)
CHOICES = [(colour.key, colour.label) for colour in TITLE_COLOURS]
_BY_KEY = {colour.key: colour for colour in TITLE_COLOURS}


def title_classes(colour: str, bold: bool) -> str:
    """The classes of a listed title: colour (unknown keys are ignored) and weight."""
    classes = []
    found = _BY_KEY.get(colour or "")
    if found and found.css_class:
        classes.append(found.css_class)
    if bold:
        classes.append("sg-title--bold")
    return " ".join(classes)


def weakest_contrast(backgrounds: list[str]) -> list[tuple[str, str, float]]:
    """(colour key, background, ratio) for every palette colour on every background, lowest first."""
    rows = [
        (colour.key, background, contrast_ratio(colour.hex, background))
        for colour in TITLE_COLOURS
        if colour.hex
        for background in backgrounds
    ]
    return sorted(rows, key=lambda row: row[2])


def css_rules() -> str:
    """The stylesheet rules of the palette (kept in common.css; a test checks they match)."""
    rules = [f".{colour.css_class}{{color:{colour.hex}}}" for colour in TITLE_COLOURS if colour.hex]
    rules.append(".sg-title--bold{font-weight:bold}")
    return "\n".join(rules)
