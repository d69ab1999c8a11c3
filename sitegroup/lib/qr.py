"""QR codes of page addresses, for reading an article on a phone (扫码分享)."""

from __future__ import annotations

import io

import segno


def qr_png(url: str, scale: int = 6) -> bytes:
    """A PNG QR code encoding ``url`` (error correction M, a quiet zone of 4 modules as the standard asks)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
