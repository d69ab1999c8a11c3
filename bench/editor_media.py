"""Editor media costs: drawing a watermark on a body-image rendition, and converting a Word file to PDF.

Prints medians of several runs. Baseline (same run): making the plain rendition — decode a 4000×3000 photo,
resize to width 960, encode JPEG — which Wagtail does anyway; the watermark is drawn on the resized copy,
so the ratio is the price of the watermark per new rendition (renditions are made once and cached).
The LibreOffice conversion of a one-page DOCX is timed when soffice is installed (it runs in the periodic
jobs, never in a request).
    .venv/bin/python bench/editor_media.py [--runs 7]
"""

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from sitegroup.lib import watermark  # noqa: E402


def photo(width: int = 4000, height: int = 3000) -> bytes:
    image = Image.effect_mandelbrot((width, height), (-2, -1.2, 1, 1.2), 60).convert("RGB")
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rendition(data: bytes, mark: bool) -> bytes:
    picture = Image.open(io.BytesIO(data))
    picture = picture.resize((960, round(picture.height * 960 / picture.width)), Image.Resampling.LANCZOS)
    if mark:
        picture = watermark.apply(picture, text="丹徒区人民政府", opacity=0.7, font_path=watermark.cjk_font_path())
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=76)
    return output.getvalue()


def docx_conversion(runs: int) -> float | None:
    if shutil.which("soffice") is None:
        return None
    import docx

    from sitegroup.services.previews import convert_to_pdf

    document = docx.Document()
    document.add_paragraph("关于做好冬季森林防火巡查工作的通知。" * 20)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / "notice.docx"
            document.save(source)
            start = time.perf_counter()
            convert_to_pdf(source, Path(work), timeout=120)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = photo()
    plain = timed(lambda: rendition(data, mark=False), args.runs)
    marked = timed(lambda: rendition(data, mark=True), args.runs)
    print(f"photo 4000x3000 JPEG {len(data) / 1e6:.1f} MB -> width-960 rendition, median of {args.runs}")
    print(f"plain rendition: {plain * 1000:.0f} ms; with text watermark: {marked * 1000:.0f} ms")
    small = Image.open(io.BytesIO(rendition(data, mark=False)))
    small.load()
    font = watermark.cjk_font_path()
    alone = timed(lambda: watermark.apply(small, text="丹徒区人民政府", opacity=0.7, font_path=font), args.runs * 4)
    print(
        f"drawing the watermark alone on the 960 px copy: {alone * 1000:.1f} ms "
        f"({alone / plain:.3f}x the plain rendition)"
    )
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    conversion = docx_conversion(max(3, args.runs // 2))
    if conversion is None:
        print("LibreOffice (soffice) not installed: conversion not measured")
    else:
        print(f"DOCX -> PDF with LibreOffice headless (fresh profile per file), median: {conversion:.2f} s")


if __name__ == "__main__":
    main()
