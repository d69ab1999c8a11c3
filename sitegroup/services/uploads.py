"""The one gate every uploaded file passes: citizens' attachments, editors' images and documents, the
interview console's pictures.

It reads the content (never the name or the declared type) with sitegroup.lib.file_types, refuses
active content with a Chinese reason (web pages, SVG, XML, programs, scripts, macro documents), and
re-encodes photos without their metadata (EXIF location, camera, XMP) so the stored original is clean.

    kind = check_upload(uploaded, allowed=file_types.IMAGES, max_bytes=10 * 1024 * 1024)
"""

from __future__ import annotations

import io
import logging

from sitegroup.lib import file_types
from sitegroup.lib.image_metadata import UnreadableImage, strip_metadata

logger = logging.getLogger(__name__)

RefusedFile = file_types.RefusedFile


def check_upload(uploaded, *, allowed, max_bytes: int) -> str:
    """The upload's kind; RefusedFile when it may not be stored. Images come back stripped, in place."""
    if uploaded.size is not None and uploaded.size > max_bytes:
        raise RefusedFile(f"文件超过 {max(max_bytes // (1024 * 1024), 1)} MB，请压缩后再上传。", code="size")
    uploaded.seek(0)
    content = uploaded.read(max_bytes + 1)
    uploaded.seek(0)
    kind = file_types.check(content, uploaded.name or "", frozenset(allowed), max_bytes)
    if kind in file_types.IMAGES:
        try:
            stripped = strip_metadata(content)
        except UnreadableImage:
            raise RefusedFile(f"图片“{file_types._safe_name(uploaded.name or '')}”已损坏，无法打开。") from None
        if stripped is not None:
            _replace_content(uploaded, stripped)
            logger.info("upload %s: image metadata removed (%d → %d bytes)", kind, len(content), len(stripped))
    uploaded.detected_kind = kind
    return kind


def strip_image_metadata(uploaded) -> None:
    """An image already known to be one (Wagtail's profile-picture form decodes it) loses its metadata in
    place; an unreadable one is left for the form that accepted it."""
    uploaded.seek(0)
    content = uploaded.read()
    uploaded.seek(0)
    try:
        stripped = strip_metadata(content)
    except UnreadableImage:
        return
    if stripped is not None:
        _replace_content(uploaded, stripped)
        logger.info("upload: image metadata removed (%d → %d bytes)", len(content), len(stripped))


def _replace_content(uploaded, data: bytes) -> None:
    """Put new bytes into an UploadedFile, whether Django kept it in memory or in a temporary file
    (storage moves a temporary file by its path, so its bytes must change on disk)."""
    if hasattr(uploaded, "temporary_file_path"):
        uploaded.file.seek(0)
        uploaded.file.truncate()
        uploaded.file.write(data)
        uploaded.file.flush()
    else:
        uploaded.file = io.BytesIO(data)
    uploaded.size = len(data)
    uploaded.seek(0)
