"""Demo pictures drawn with Pillow (no text in them, so every one gets a describing alt text)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

SCENES = [
    ("政务服务大厅窗口", (179, 38, 30)),
    ("田野与远山", (46, 125, 50)),
    ("城区街景", (29, 79, 145)),
    ("学校操场", (230, 126, 34)),
    ("社区会议", (123, 31, 162)),
    ("河道整治现场", (0, 121, 107)),
    ("乡村道路", (121, 85, 72)),
    ("新建体育馆", (55, 71, 79)),
]


def draw_scene(seed: int, size=(960, 540)) -> tuple[bytes, str]:
    """A PNG of simple landscape shapes; returns (bytes, description)."""
    rnd = random.Random(seed)
    name, colour = SCENES[seed % len(SCENES)]
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):  # sky gradient
        shade = int(255 - 90 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade - 40, shade - 10, 255))
    for _ in range(4):  # hills or buildings
        x = rnd.randint(-200, width)
        w = rnd.randint(200, 500)
        h = rnd.randint(120, 300)
        tint = tuple(max(0, min(255, channel + rnd.randint(-30, 30))) for channel in colour)
        if seed % 2:
            draw.ellipse([x, height - h, x + w, height + h], fill=tint)
        else:
            draw.rectangle([x, height - h, x + w // 3, height], fill=tint)
    draw.ellipse([width - 160, 40, width - 80, 120], fill=(255, 214, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), f"示意图：{name}"
