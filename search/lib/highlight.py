"""Highlighted, escaped text: every occurrence of the query words wrapped in <mark>."""

from __future__ import annotations

from html import escape

from search.lib.text import normalise_aligned


def spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of the words in the text, compared after normalisation."""
    folded = normalise_aligned(text)
    found = []
    for word in words:
        if not word:
            continue
        start = folded.find(word)
        while start != -1:
            found.append((start, start + len(word)))
            start = folded.find(word, start + 1)
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, words: list[str]) -> str:
    """The whole text, HTML-escaped, with matches marked. Safe to output as HTML."""
    return _render(text, spans(text, words), 0, len(text))


def snippet(text: str, words: list[str], length: int = 150) -> str:
    """About `length` characters around the first match (or the start), escaped and marked."""
    text = " ".join(text.split())
    found = spans(text, words)
    start = max(0, found[0][0] - length // 4) if found else 0
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    html = _render(text, found, start, end)
    return ("…" if start > 0 else "") + html + ("…" if end < len(text) else "")


def _render(text: str, found: list[tuple[int, int]], start: int, end: int) -> str:
    out = []
    position = start
    for span_start, span_end in found:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end or span_start < position:
            continue
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return "".join(out)
