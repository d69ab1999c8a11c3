"""Strip what a photo says about its author (EXIF: GPS location, camera, time; XMP; comments). Pure.

The orientation EXIF carried is applied to the pixels first, so the picture still stands upright. The
colour profile stays (it is about colours, not people). Animated GIF/WebP are left as they are: GIF
has no EXIF, and re-encoding animations loses frames' timing.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "MPO": "JPEG"}
_TEXT_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "Description", "Author", "Comment")


class UnreadableImage(ValueError):
    """The bytes claim to be an image but Pillow cannot decode them."""


def has_metadata(image: Image.Image) -> bool:
    if len(image.getexif()):
        return True
    return any(key in image.info for key in _TEXT_KEYS) or any(
        isinstance(value, str) and key not in ("dpi", "gamma") for key, value in image.info.items()
    )


def strip_metadata(data: bytes) -> bytes | None:
    """The image re-encoded without metadata, or None when there is nothing to strip (keep the original)."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise UnreadableImage(str(error)) from None
    target = _FORMATS.get(image.format or "")
    if target is None or getattr(image, "n_frames", 1) > 1 or not has_metadata(image):
        return None
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    if target == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    # A new image holding only the pixels: Pillow's encoders copy XMP and EXIF from `info` otherwise.
    clean = Image.new(upright.mode, upright.size)
    if upright.mode == "P" and upright.getpalette():
        clean.putpalette(upright.getpalette())
    clean.paste(upright)
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if target == "JPEG":
        options.update(quality=92)
    elif target == "WEBP":
        options.update(quality=90)
    if "transparency" in upright.info and target == "PNG":
        options["transparency"] = upright.info["transparency"]
    output = io.BytesIO()
    clean.save(output, format=target, **options)
    return output.getvalue()
