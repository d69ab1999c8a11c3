"""Colour arithmetic for design tokens (WCAG relative luminance and contrast). Pure."""

from __future__ import annotations

import re

from sitegroup.lib.contrast import contrast_ratio, luminance

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def darken(hex_colour: str, factor: float) -> str:
    red, green, blue = (int(hex_colour[index : index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{max(0, min(255, round(channel * factor))):02x}" for channel in (red, green, blue))


__all__ = ["HEX_COLOUR", "contrast_ratio", "darken", "luminance"]
