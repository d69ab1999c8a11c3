"""Image watermarks (水印): text or a logo drawn onto a picture at a corner or the centre, half-transparent.

Pure Pillow: the caller passes the picture, the text or logo, and a font file; nothing here reads settings.
"""

from __future__ import annotations

import glob
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

POSITIONS = ("bottom-right", "bottom-left", "top-right", "top-left", "center")
# Debian's CJK fonts, most likely first (fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei).
CJK_FONT_PATTERNS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK*.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/**/*CJK*.tt[cf]",
)


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    for pattern in CJK_FONT_PATTERNS:
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    return None


def needs_cjk(text: str) -> bool:
    return any(ord(character) > 0x7F for character in text)


def _anchor(position: str, canvas: tuple[int, int], mark: tuple[int, int], margin: int) -> tuple[int, int]:
    width, height = canvas
    mark_width, mark_height = mark
    left = {"left": margin, "right": width - mark_width - margin}
    top = {"top": margin, "bottom": height - mark_height - margin}
    if position == "center":
        return (width - mark_width) // 2, (height - mark_height) // 2
    vertical, horizontal = position.split("-")
    return left[horizontal], top[vertical]


def text_mark(text: str, size: int, opacity: float, font_path: str | None) -> Image.Image:
    """The text as an RGBA stamp: white glyphs with a dark outline, readable on light and dark pictures."""
    font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default(size)
    stroke = max(1, size // 12)
    box = ImageDraw.Draw(Image.new("RGBA", (1, 1))).textbbox((0, 0), text, font=font, stroke_width=stroke)
    stamp = Image.new("RGBA", (box[2] - box[0] + 2, box[3] - box[1] + 2), (0, 0, 0, 0))
    alpha = round(255 * opacity)
    ImageDraw.Draw(stamp).text(
        (1 - box[0], 1 - box[1]),
        text,
        font=font,
        fill=(255, 255, 255, alpha),
        stroke_width=stroke,
        stroke_fill=(0, 0, 0, alpha),
    )
    return stamp


def logo_mark(logo: Image.Image, width: int, opacity: float) -> Image.Image:
    logo = logo.convert("RGBA")
    height = max(1, round(logo.height * width / logo.width))
    stamp = logo.resize((width, height), Image.Resampling.LANCZOS)
    stamp.putalpha(stamp.getchannel("A").point(lambda value: round(value * opacity)))
    return stamp


def apply(
    picture: Image.Image,
    *,
    text: str = "",
    logo: Image.Image | None = None,
    position: str = "bottom-right",
    opacity: float = 0.5,
    font_path: str | None = None,
) -> Image.Image:
    """A copy of ``picture`` with the watermark; the logo wins over the text when both are given.

    Text needing CJK glyphs without a CJK font is not drawn (it would show boxes): the picture comes back as is.
    """
    if position not in POSITIONS:
        raise ValueError(f"unknown watermark position: {position}")
    opacity = min(1.0, max(0.05, opacity))
    shortest = min(picture.size)
    margin = max(4, shortest // 40)
    if logo is not None:
        stamp = logo_mark(logo, max(16, picture.width // 5), opacity)
    elif text and (font_path or not needs_cjk(text)):
        stamp = text_mark(text, max(12, shortest // 18), opacity, font_path)
    else:
        return picture
    if stamp.width + 2 * margin > picture.width or stamp.height + 2 * margin > picture.height:
        stamp.thumbnail((max(1, picture.width - 2 * margin), max(1, picture.height - 2 * margin)))
    mode = picture.mode
    canvas = picture.convert("RGBA")
    canvas.alpha_composite(stamp, _anchor(position, canvas.size, stamp.size, margin))
    return canvas if mode == "RGBA" else canvas.convert("RGB")
