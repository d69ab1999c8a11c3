"""Server-side SVG bar charts: accessible (a table beside them), no JavaScript needed. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


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
