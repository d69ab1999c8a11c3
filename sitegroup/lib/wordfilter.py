"""Sensitive-word matching: one normalisation pass plus an Aho-Corasick automaton.

Pure library (no Django). The text is normalised character by character — NFKC (full width to
half width, circled digits …), lower case, traditional to simplified — and separators
(punctuation, spaces, symbols, emoji, control and combining characters) are dropped, so that
"法 輪·功", "ＦＬＧ" or "法😀轮功" match the listed word. Matches are reported with positions in
the *original* text, and a masked copy of the original is returned.

Trade-off, written down on purpose: because separators are removed everywhere, a listed word can
also match across a sentence boundary ("…大。法…"). For an editorial check that is a false
positive a reviewer dismisses; for evasion it is the only robust rule.

Speed: the text becomes a NumPy array of code points, one table gather normalises it, and the
automaton scans the UTF-8 bytes of the result; the map back to original positions is only
built when something matched. See docs/sensitive-words.md for the measured throughput.
"""

from __future__ import annotations

import enum
import functools
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

import ahocorasick_rs
import numpy as np

MAX_CODE_POINT = 0x110000
# Planes worth scanning for mappings: the BMP, SMP (emoji, symbols) and SIP (rare CJK).
_SCANNED_PLANES = range(0x30000)
_DROPPED_CATEGORIES = ("P", "Z", "S", "C", "M")


class Level(enum.IntEnum):
    """What a match means for the text that contains it (higher is stricter)."""

    MASK = 1  # publish, with the word masked
    REVIEW = 2  # hold for a person to review
    BLOCK = 3  # refuse


@dataclass(frozen=True)
class Match:
    word: str
    level: Level
    start: int  # index into the original text
    end: int  # exclusive index into the original text
    text: str  # the original characters that matched, separators included


@dataclass(frozen=True)
class ScanResult:
    matches: tuple[Match, ...]
    masked_text: str
    level: Level | None = field(default=None)

    @property
    def is_clean(self) -> bool:
        return not self.matches

    @property
    def is_blocked(self) -> bool:
        return self.level is Level.BLOCK

    @property
    def needs_review(self) -> bool:
        return self.level is Level.REVIEW

    @property
    def words(self) -> list[str]:
        return sorted({match.word for match in self.matches})


def _traditional_to_simplified() -> dict[str, str]:
    """Single-character traditional → simplified pairs from zhconv's table (data only)."""
    try:
        raw = resources.files("zhconv").joinpath("zhcdict.json").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - zhconv is pinned
        return {}
    pairs = json.loads(raw)["zh2Hans"]
    return {
        source: target
        for source, target in pairs.items()
        if len(source) == 1 and len(target) == 1 and unicodedata.category(source).startswith("L")
    }


@functools.cache
def translation_table() -> list[int | None]:
    """The normalisation table: index is a code point, value the normalised one or None (drop)."""
    table: list[int | None] = list(range(MAX_CODE_POINT))
    to_simplified = _traditional_to_simplified()
    for code_point in _SCANNED_PLANES:
        char = chr(code_point)
        category = unicodedata.category(char)
        if category.startswith(_DROPPED_CATEGORIES):
            table[code_point] = None
            continue
        normalised = unicodedata.normalize("NFKC", char)
        if len(normalised) != 1:
            continue
        normalised = normalised.lower()
        if len(normalised) != 1:
            continue
        normalised = to_simplified.get(normalised, normalised)
        if unicodedata.category(normalised).startswith(_DROPPED_CATEGORIES):
            table[code_point] = None
        elif normalised != char:
            table[code_point] = ord(normalised)
    # Emoji and symbols outside the scanned planes do not exist; private-use planes stay as is.
    return table


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@functools.cache
def _numpy_table() -> np.ndarray:
    """The table as a uint32 array; 0 marks a dropped character (U+0000 is itself dropped)."""
    return np.array([0 if value is None else value for value in translation_table()], dtype=np.uint32)


@dataclass(frozen=True)
class _Normalised:
    text: str
    kept: np.ndarray  # normalised code points
    keep_mask: np.ndarray  # per original character: kept or dropped

    def original_indices(self) -> np.ndarray:
        return np.flatnonzero(self.keep_mask)


def _normalise(text: str) -> _Normalised:
    mapped = _numpy_table()[_code_points(text)]
    keep_mask = mapped != 0
    kept = mapped[keep_mask]
    return _Normalised(kept.tobytes().decode("utf-32-le"), kept, keep_mask)


def normalise(text: str) -> str:
    """Normalise text the way the automaton sees it."""
    return _normalise(text).text


class WordFilter:
    """An automaton over a word list; build once, scan many texts (thread-safe for reading).

    The automaton runs over the UTF-8 bytes of the normalised text (the Rust aho-corasick crate
    through ahocorasick-rs); byte offsets become character offsets only for matches.
    """

    def __init__(self, words: Iterable[tuple[str, Level | int]]) -> None:
        strongest: dict[str, tuple[str, Level]] = {}
        for word, level in words:
            key = normalise(word.strip())
            if not key:
                continue
            level = Level(level)
            if key not in strongest or strongest[key][1] < level:
                strongest[key] = (word.strip(), level)
        self._entries = [(len(key), word, level) for key, (word, level) in strongest.items()]
        self.size = len(self._entries)
        self._automaton = (
            ahocorasick_rs.BytesAhoCorasick(
                [key.encode("utf-8") for key in strongest],
                matchkind=ahocorasick_rs.MatchKind.Standard,
                implementation=ahocorasick_rs.Implementation.ContiguousNFA,
            )
            if self.size
            else None
        )

    def scan(self, text: str) -> ScanResult:
        if self._automaton is None or not text:
            return ScanResult(matches=(), masked_text=text or "")
        normalised = _normalise(text)
        encoded = normalised.text.encode("utf-8", "surrogatepass")
        hits = self._automaton.find_matches_as_indexes(encoded, overlapping=True)
        if not hits:
            return ScanResult(matches=(), masked_text=text)
        code_points = normalised.kept
        utf8_lengths = 1 + (code_points >= 0x80).astype(np.int64) + (code_points >= 0x800) + (code_points >= 0x10000)
        byte_starts = np.concatenate(([0], np.cumsum(utf8_lengths)[:-1]))
        original = normalised.original_indices()
        matches = []
        for pattern_index, byte_start, _byte_end in hits:
            length, word, level = self._entries[pattern_index]
            first = int(np.searchsorted(byte_starts, byte_start))
            start = int(original[first])
            end = int(original[first + length - 1]) + 1
            matches.append(Match(word=word, level=level, start=start, end=end, text=text[start:end]))
        matches.sort(key=lambda match: (match.start, -match.end))
        return ScanResult(
            matches=tuple(matches),
            masked_text=mask(text, matches),
            level=max(match.level for match in matches),
        )


def mask(text: str, matches: Iterable[Match], symbol: str = "*") -> str:
    """Replace every matched span with the mask symbol, one per character, keeping the rest."""
    pieces = []
    cursor = 0
    for match in sorted(matches, key=lambda item: item.start):
        if match.end <= cursor:
            continue
        start = max(match.start, cursor)
        pieces.append(text[cursor:start])
        pieces.append(symbol * (match.end - start))
        cursor = match.end
    pieces.append(text[cursor:])
    return "".join(pieces)
