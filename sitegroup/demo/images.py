"""Demo pictures drawn with Pillow: photo-like landscapes and street scenes (gradients, layered ridges,
grain) and bar/line charts with Chinese labels. No text in the photos, so each gets a describing alt text;
the charts' alt text states their figures."""

from __future__ import annotations

import io
import random
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

SCENES = [
    ("政务服务大厅窗口", "city"),
    ("田野与远山", "fields"),
    ("城区街景", "city"),
    ("学校操场", "fields"),
    ("社区会议", "city"),
    ("河道整治现场", "river"),
    ("乡村道路", "fields"),
    ("新建体育馆", "city"),
]
# Skies (top, horizon) and ground palettes: morning, noon, dusk.
SKIES = [((96, 146, 214), (214, 228, 240)), ((70, 130, 200), (190, 215, 235)), ((120, 110, 170), (246, 190, 140))]
GREENS = [(78, 120, 62), (96, 140, 70), (60, 98, 58), (120, 150, 80)]
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def _vertical_gradient(size, top, bottom) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(mask, black=top, white=bottom)


def _ridge(rnd: random.Random, width: int, base: int, amplitude: int) -> list[tuple[int, int]]:
    """A mountain or tree line: a random walk smoothed a little."""
    points, y = [], base + rnd.randint(-amplitude, amplitude)
    for x in range(0, width + 40, 40):
        y = max(base - amplitude, min(base + amplitude, y + rnd.randint(-amplitude // 3, amplitude // 3)))
        points.append((x, y))
    return points


def _shade(colour, amount: int):
    return tuple(max(0, min(255, channel + amount)) for channel in colour)


def _grain(image: Image.Image, rnd: random.Random, strength: float = 0.09) -> Image.Image:
    noise = Image.effect_noise(image.size, 40 + rnd.randint(0, 20)).convert("RGB")
    return Image.blend(image, noise, strength)


def draw_scene(seed: int, size=(960, 540)) -> tuple[bytes, str]:
    """A JPEG that reads as a photo at a glance; returns (bytes, description)."""
    rnd = random.Random(seed)
    name, kind = SCENES[seed % len(SCENES)]
    width, height = size
    horizon = int(height * rnd.uniform(0.42, 0.58))
    sky_top, sky_low = SKIES[seed % len(SKIES)]
    image = _vertical_gradient((width, horizon), sky_top, sky_low)
    image = image.resize((width, horizon))
    canvas = Image.new("RGB", size)
    canvas.paste(image, (0, 0))
    draw = ImageDraw.Draw(canvas, "RGBA")
    for _ in range(rnd.randint(2, 5)):  # soft clouds
        x, y = rnd.randint(0, width), rnd.randint(10, horizon // 2)
        for _puff in range(6):
            r = rnd.randint(20, 50)
            dx, dy = rnd.randint(-60, 60), rnd.randint(-12, 12)
            draw.ellipse([x + dx - r, y + dy - r // 2, x + dx + r, y + dy + r // 2], fill=(255, 255, 255, 70))
    for layer in range(3):  # distant ridges, paler further away
        tone = _shade((92, 112, 128), 60 - layer * 30)
        points = _ridge(rnd, width, horizon - 70 + layer * 25, 60 - layer * 15)
        draw.polygon([(0, height), *points, (width, height)], fill=tone)
    ground_top = _shade(GREENS[seed % len(GREENS)], 10)
    canvas.paste(_vertical_gradient((width, height - horizon), ground_top, _shade(ground_top, -45)), (0, horizon))
    if kind == "fields":  # furrows converging to a vanishing point
        vx = rnd.randint(width // 3, 2 * width // 3)
        for step in range(-12, 13):
            draw.line([(vx, horizon), (vx + step * 90, height)], fill=(40, 70, 30, 60), width=3)
        for step in range(6):
            y = horizon + int((height - horizon) * (step / 6) ** 1.6)
            draw.line([(0, y), (width, y)], fill=(200, 200, 120, 35), width=2)
    elif kind == "river":
        top, bottom = rnd.randint(width // 3, width // 2), rnd.randint(width // 4, width // 2)
        draw.polygon(
            [(top, horizon), (top + 60, horizon), (bottom + 420, height), (bottom - 120, height)],
            fill=(120, 160, 190, 230),
        )
        for _ in range(40):
            y = rnd.randint(horizon + 5, height)
            x = rnd.randint(bottom - 80, bottom + 380)
            draw.line([(x, y), (x + rnd.randint(10, 40), y)], fill=(235, 245, 250, 90), width=1)
    else:  # buildings along the horizon, windows lit
        x = -rnd.randint(0, 40)
        while x < width:
            w, h = rnd.randint(50, 130), rnd.randint(60, int(horizon * 0.8))
            wall = _shade((150, 150, 160), rnd.randint(-40, 40))
            draw.rectangle([x, horizon - h, x + w, horizon + 30], fill=wall)
            for wy in range(horizon - h + 10, horizon + 20, 16):
                for wx in range(x + 8, x + w - 10, 14):
                    draw.rectangle([wx, wy, wx + 6, wy + 8], fill=_shade(wall, rnd.choice((-50, -35, 40))))
            x += w + rnd.randint(0, 12)
        draw.rectangle([0, horizon + 30, width, horizon + 70], fill=(90, 90, 95))  # road
        for dash in range(0, width, 60):
            draw.rectangle([dash, horizon + 48, dash + 30, horizon + 51], fill=(240, 240, 240))
    for _ in range(rnd.randint(3, 8)):  # trees in the foreground
        tx, ty = rnd.randint(0, width), rnd.randint(horizon + 20, height - 20)
        r = rnd.randint(18, 46)
        draw.rectangle([tx - 3, ty, tx + 3, ty + r], fill=(70, 50, 35))
        draw.ellipse([tx - r, ty - r * 1.4, tx + r, ty + r * 0.2], fill=_shade(GREENS[rnd.randrange(4)], -25))
    canvas = canvas.filter(ImageFilter.GaussianBlur(0.8))
    canvas = _grain(canvas, rnd)
    return _jpeg(canvas), f"示意图：{name}"


@cache
def cjk_font_path() -> str | None:
    """An installed font with Chinese glyphs (`fc-list :lang=zh`), or None: charts then go without labels."""
    for candidate in CJK_FONTS:
        if Path(candidate).exists():
            return candidate
    return None


def _font(size: int):
    path = cjk_font_path()
    return ImageFont.truetype(path, size) if path else None


CHARTS = [
    ("2026年1—11月全区一般公共预算收入", "亿元", ("1月", "3月", "5月", "7月", "9月", "11月"), "bar"),
    ("近五年城乡居民医保参保人数", "万人", ("2022年", "2023年", "2024年", "2025年", "2026年"), "line"),
    ("2026年各镇（街道）政务服务办件量", "件", ("高资", "高桥", "辛丰", "谷阳", "上党", "宝堰"), "bar"),
    ("2026年12345热线诉求按月统计", "件", ("7月", "8月", "9月", "10月", "11月"), "line"),
]


def draw_chart(seed: int, size=(960, 540)) -> tuple[bytes, str]:
    """A bar or line chart with a title and Chinese axis labels; returns (bytes, alt text with the figures)."""
    rnd = random.Random(seed)
    title, unit, labels, kind = CHARTS[seed % len(CHARTS)]
    base = rnd.uniform(8, 60)
    values = [round(base * (1 + 0.08 * i) * rnd.uniform(0.9, 1.1), 1) for i in range(len(labels))]
    width, height = size
    canvas = Image.new("RGB", size, (252, 252, 250))
    draw = ImageDraw.Draw(canvas)
    left, right, top, bottom = 90, width - 40, 90, height - 70
    title_font, label_font = _font(30), _font(20)
    if title_font:
        draw.text((left, 28), title, fill=(30, 30, 30), font=title_font)
        draw.text((right, 40), f"单位：{unit}", fill=(90, 90, 90), font=label_font, anchor="rm")
    peak = max(values) * 1.15
    for tick in range(5):  # gridlines and values
        y = bottom - (bottom - top) * tick / 4
        draw.line([(left, y), (right, y)], fill=(225, 225, 225), width=1)
        if label_font:
            draw.text((20, y - 12), f"{peak * tick / 4:.0f}", fill=(90, 90, 90), font=label_font)
    draw.line([(left, bottom), (right, bottom)], fill=(60, 60, 60), width=2)
    slot = (right - left) / len(values)
    points = []
    for number, (label, value) in enumerate(zip(labels, values, strict=True)):
        cx = left + slot * (number + 0.5)
        y = bottom - (bottom - top) * value / peak
        if kind == "bar":
            draw.rectangle([cx - slot * 0.3, y, cx + slot * 0.3, bottom], fill=(179, 38, 30))
        points.append((cx, y))
        if label_font:
            draw.text((cx, bottom + 12), label, fill=(50, 50, 50), font=label_font, anchor="mt")
            draw.text((cx, y - 8), f"{value}", fill=(30, 30, 30), font=label_font, anchor="mb")
    if kind == "line":
        draw.line(points, fill=(29, 79, 145), width=4)
        for x, y in points:
            draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=(29, 79, 145))
    figures = "，".join(f"{label}{value}{unit}" for label, value in zip(labels, values, strict=True))
    return _jpeg(canvas), f"统计图：{title}（{figures}）"


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()
