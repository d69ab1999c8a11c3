"""Readable ASCII URL slugs from Chinese titles: one pinyin syllable per hyphen, cut at a syllable.

"教育局工作动态" -> "jiao-yu-ju-gong-zuo-dong-tai". Latin letters and digits are kept as they are
(lower case, full-width folded), everything else separates words. Polyphonic characters follow
pypinyin's phrase dictionary ("重庆" -> "chong-qing"). Pure: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pypinyin import Style, lazy_pinyin

MAX_SLUG_LENGTH = 50
FALLBACK_SLUG = "page"

_WORD = re.compile(r"[a-z0-9]+")


def words_of(text: str) -> list[str]:
    """Pinyin syllables and latin/digit words of a text, in order, lower case."""
    folded = unicodedata.normalize("NFKC", text)
    # Characters pypinyin does not know come back unchanged; they are split into words below.
    syllables = lazy_pinyin(folded, style=Style.NORMAL, errors="default", v_to_u=False)
    words: list[str] = []
    for piece in syllables:
        # Accented latin letters lose their accents ("café" -> "cafe").
        plain = unicodedata.normalize("NFKD", piece.lower()).encode("ascii", "ignore").decode()
        words.extend(_WORD.findall(plain))
    return words


def slug_from_text(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """The slug of a title: syllables joined by hyphens, cut at a whole syllable within max_length."""
    slug = ""
    for word in words_of(text):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:  # one very long latin word: cut it
                slug = word[:max_length]
            break
        slug = candidate
    return slug or FALLBACK_SLUG


def unique_slug(base: str, is_taken: Callable[[str], bool], max_length: int = MAX_SLUG_LENGTH) -> str:
    """base, or base-2, base-3 … (the suffix fits within max_length) — the first one not taken."""
    if not is_taken(base):
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        stem = base[: max_length - len(suffix)].rstrip("-")
        candidate = f"{stem}{suffix}"
        if not is_taken(candidate):
            return candidate
        number += 1
