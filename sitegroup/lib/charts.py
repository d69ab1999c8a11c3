"""Server-side SVG bar charts: accessible (a table beside them), no JavaScript needed. Pure.

Labels never overlap: under a column chart only every n-th bar is labelled, n chosen from the bar
width and the label width; a chart with one bar per name (organisations) is drawn horizontally, one
row per name with the name to the left of its bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

CJK_CHARACTER_WIDTH = 1.0  # in font sizes
LATIN_CHARACTER_WIDTH = 0.6


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Tick:
    """A label under the axis, centred on its bar except at the ends, where it is anchored inside the box."""

    x: float
    label: str
    anchor: str  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class Row:
    """One row of a horizontal chart: the name at the left, the bar after it, the value after the bar."""

    y: float
    label: str
    value: int
    label_x: float  # right end of the name (text-anchor end)
    bar_x: float
    bar_width: float
    bar_height: float
    text_y: float
    value_x: float


def text_width(text: str, font_size: float) -> float:
    """Approximate rendered width: Chinese characters are square, latin letters and digits narrower."""
    return sum(CJK_CHARACTER_WIDTH if ord(char) > 0x2E7F else LATIN_CHARACTER_WIDTH for char in text) * font_size


def bar_chart(points: list[tuple[str, int]], width: int = 720, height: int = 200, gap: float = 2.0) -> list[Bar]:
    """Lay out one bar per point, scaled to the largest value, bottom-aligned in the box."""
    if not points:
        return []
    peak = max(value for _label, value in points) or 1
    slot = width / len(points)
    bars = []
    for position, (label, value) in enumerate(points):
        bar_height = round(height * value / peak, 1)
        bars.append(
            Bar(
                x=round(position * slot + gap / 2, 1),
                y=round(height - bar_height, 1),
                width=round(max(slot - gap, 1.0), 1),
                height=bar_height,
                label=label,
                value=value,
            )
        )
    return bars


def axis_ticks(bars: list[Bar], width: int = 720, font_size: float = 11, spacing: float = 12) -> list[Tick]:
    """Labels for every n-th bar (n from the bar and label widths), each at least `spacing` from the last one
    kept; the first and last are anchored inside the box."""
    if not bars:
        return []
    slot = bars[1].x - bars[0].x if len(bars) > 1 else width
    widest = max(text_width(bar.label, font_size) for bar in bars)
    step = max(1, ceil((widest + spacing) / slot))
    ticks: list[Tick] = []
    last_right = float("-inf")
    for bar in bars[::step]:
        label_width = text_width(bar.label, font_size)
        centre = bar.x + bar.width / 2
        if centre - label_width / 2 < 0:
            tick, left = Tick(x=round(bar.x, 1), label=bar.label, anchor="start"), bar.x
        elif centre + label_width / 2 > width:
            right = bar.x + bar.width
            tick, left = Tick(x=round(right, 1), label=bar.label, anchor="end"), right - label_width
        else:
            tick, left = Tick(x=round(centre, 1), label=bar.label, anchor="middle"), centre - label_width / 2
        if left >= last_right + spacing:
            ticks.append(tick)
            last_right = left + label_width
    return ticks


def horizontal_bar_chart(
    points: list[tuple[str, int]],
    width: int = 720,
    row_height: float = 26,
    font_size: float = 13,
    value_space: float = 60,
) -> list[Row]:
    """One row per point; the name column is as wide as the longest name, bars share the rest."""
    if not points:
        return []
    label_width = max(text_width(label, font_size) for label, _value in points) + 12
    bar_space = max(width - label_width - value_space, 40)
    peak = max(value for _label, value in points) or 1
    bar_height = row_height * 0.7
    rows = []
    for position, (label, value) in enumerate(points):
        top = position * row_height
        bar_width = round(bar_space * value / peak, 1)
        rows.append(
            Row(
                y=round(top + (row_height - bar_height) / 2, 1),
                label=label,
                value=value,
                label_x=round(label_width - 6, 1),
                bar_x=round(label_width, 1),
                bar_width=bar_width,
                bar_height=round(bar_height, 1),
                text_y=round(top + row_height / 2 + font_size * 0.35, 1),
                value_x=round(label_width + bar_width + 6, 1),
            )
        )
    return rows
