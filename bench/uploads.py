"""Upload gate cost: checking a phone photo (content sniffing + EXIF stripping, re-encoding) and a PDF.

Prints medians of several runs; the same-run baseline is Pillow decoding the photo alone (what Wagtail
does anyway to read an image's size), so the ratio is the price of stripping its metadata.
    .venv/bin/python bench/uploads.py [--runs 7] [--width 4000 --height 3000]
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from sitegroup.lib import file_types  # noqa: E402
from sitegroup.lib.image_metadata import strip_metadata  # noqa: E402


def photo(width: int, height: int) -> bytes:
    image = Image.effect_mandelbrot((width, height), (-2, -1.2, 1, 1.2), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (32.0, 8.0, 30.0), 3: "E", 4: (119.0, 26.0, 10.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90, exif=exif.tobytes())
    return output.getvalue()


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    args = parser.parse_args()
    data = photo(args.width, args.height)
    pdf = b"%PDF-1.7\n" + b"0" * (5 << 20)

    def decode():
        Image.open(io.BytesIO(data)).load()

    baseline = timed(decode, args.runs)
    sniff = timed(lambda: file_types.check(data, "photo.jpg", file_types.IMAGES, 20 << 20), args.runs)
    strip = timed(lambda: strip_metadata(data), args.runs)
    pdf_check = timed(lambda: file_types.check(pdf, "a.pdf", file_types.DOCUMENTS, 20 << 20), args.runs)
    mb = len(data) / (1 << 20)
    sys.stdout.write(
        f"photo {args.width}×{args.height} JPEG {mb:.1f} MB, median of {args.runs}\n"
        f"  decode only (baseline)      {baseline * 1000:7.1f} ms\n"
        f"  sniff content               {sniff * 1000:7.3f} ms\n"
        f"  strip metadata (re-encode)  {strip * 1000:7.1f} ms  ({strip / baseline:.1f}× decode)\n"
        f"PDF 5 MB sniff                {pdf_check * 1000:7.3f} ms\n"
    )


if __name__ == "__main__":
    main()
