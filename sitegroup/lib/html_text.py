"""The visible text of an HTML fragment, and masking of character spans inside it without touching tags.

Pure library (no Django). Rich text is stored as HTML; the sensitive-word engine scans its visible
text (text nodes joined, entities decoded), and masking must replace exactly those characters while
leaving tags, attributes and links intact — a word split by inline markup ("代<b>开</b>发票") is
found and masked across the tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape, unescape

_TAG = re.compile(r"(<[^>]*>)")


def _pieces(html: str) -> list[tuple[str | None, str]]:
    """(decoded text or None for a tag, raw piece) in document order."""
    pieces = []
    for index, raw in enumerate(_TAG.split(html or "")):
        if raw:
            pieces.append((unescape(raw) if index % 2 == 0 else None, raw))
    return pieces


def visible_text(html: str) -> str:
    """The text a reader sees, as one string (the coordinates `mask_spans` works in)."""
    return "".join(text for text, _raw in _pieces(html) if text is not None)


def mask_spans(html: str, spans: Iterable[tuple[int, int]], symbol: str = "＊") -> str:
    """Replace the characters of `visible_text(html)` in each [start, end) span with `symbol`."""
    masked_positions = set()
    for start, end in spans:
        masked_positions.update(range(start, end))
    if not masked_positions:
        return html
    output = []
    cursor = 0
    for text, raw in _pieces(html):
        if text is None:
            output.append(raw)
            continue
        hits = [offset for offset in range(len(text)) if cursor + offset in masked_positions]
        cursor += len(text)
        if not hits:
            output.append(raw)  # untouched text keeps its original entities
            continue
        characters = list(text)
        for offset in hits:
            characters[offset] = symbol
        output.append(escape("".join(characters), quote=False))
    return "".join(output)
