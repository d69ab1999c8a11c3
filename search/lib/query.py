"""What a citizen typed, turned into search terms: cleaned, bounded, segmented, with synonyms.

Quoted text ("…" or “…”) is kept as one phrase per run of Chinese characters. Unquoted Chinese
runs longer than two characters are split into words by the segmenter (jieba); function words of
one character are dropped and other one-character words join their neighbour. Every term is found as a substring by the
index, so splitting only ever adds results: whatever contains the whole run contains its words.
The unsplit run is kept as a phrase so that exact matches can rank first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import zhconv

from search.lib.text import is_cjk, normalise, runs

MAX_QUERY_CHARS = 50
MAX_TERMS = 8
MAX_SINGLE_CHARACTER_TERMS = 2
FUNCTION_WORDS = frozenset("的了和与及或在是对把被从向于为以之其而等")

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”')
_SPACES = re.compile(r"\s+")
# Search-engine operators people paste or try: fuzzy "低保~2", boost "低保^3". Their numbers are no
# words to look for (a range such as "2023~2024" is kept); every other symbol (brackets, +, -, *,
# emoji) is dropped by `runs` anyway.
_OPERATOR_SUFFIX = re.compile(r"(?<![0-9０-９])[~^～＾][0-9０-９.]*")


@dataclass(frozen=True)
class Term:
    """One required term; any of its alternatives (the term first, then its synonyms) satisfies it."""

    alternatives: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.alternatives[0]


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...]
    phrases: tuple[str, ...]
    truncated: bool

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def words(self) -> list[str]:
        """Every word to highlight: terms, their synonyms and whole phrases, longest first."""
        found = {word for term in self.terms for word in term.alternatives} | set(self.phrases)
        return sorted(found, key=lambda word: (-len(word), word))


def clean(raw: str) -> tuple[str, bool]:
    """Drop control and format characters, collapse white space, cut to MAX_QUERY_CHARS."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw[: MAX_QUERY_CHARS * 4])
    text = _SPACES.sub(" ", text).strip()
    truncated = len(text) > MAX_QUERY_CHARS or len(raw) > MAX_QUERY_CHARS * 4
    return text[:MAX_QUERY_CHARS].strip(), truncated


def to_simplified(text: str) -> str:
    """Traditional characters to simplified, character by character (no regional word changes)."""
    return zhconv.convert(text, "zh-hans")


def normalised(text: str) -> str:
    """Cleaned text as the parser reads it: operators removed, simplified, folded, lower case."""
    return normalise(to_simplified(_OPERATOR_SUFFIX.sub(" ", text)))


def canonical(raw: str) -> str:
    """The one written form of a query for statistics and 热搜词: its words, as the parser sees
    them, joined by single spaces ("(低保", "低保~2" and "😀🏛️低保" are all "低保")."""
    text, _truncated = clean(raw)
    return " ".join(runs(normalised(text)))[:MAX_QUERY_CHARS]


def parse(
    raw: str,
    *,
    segment: Callable[[str], list[str]],
    synonyms: Mapping[str, tuple[str, ...]] | None = None,
) -> ParsedQuery:
    synonyms = synonyms or {}
    text, truncated = clean(raw)
    simplified = normalised(text)
    words: list[str] = []
    phrases: list[str] = []
    position = 0
    for match in _QUOTED.finditer(simplified):
        _add_unquoted(simplified[position : match.start()], words, phrases, segment, synonyms)
        words.extend(runs(match.group(1) if match.group(1) is not None else match.group(2)))
        position = match.end()
    _add_unquoted(simplified[position:], words, phrases, segment, synonyms)

    words, dropped = _bound_single_characters(words)
    truncated = truncated or dropped
    terms: list[Term] = []
    seen: set[str] = set()
    for word in words:
        if word in seen:
            continue
        seen.add(word)
        alternatives = synonyms.get(word, ())
        terms.append(Term((word, *(alt for alt in alternatives if alt != word))))
        if len(terms) == MAX_TERMS:
            truncated = truncated or len(set(words)) > MAX_TERMS
            break
    kept = {term.text for term in terms}
    return ParsedQuery(
        text=text,
        terms=tuple(terms),
        phrases=tuple(phrase for phrase in dict.fromkeys(phrases) if phrase not in kept),
        truncated=truncated,
    )


def _bound_single_characters(words: list[str]) -> tuple[list[str], bool]:
    """One-character Chinese terms are costly prefix scans that say little: drop them next to longer
    terms, and keep at most MAX_SINGLE_CHARACTER_TERMS when the query has nothing else."""
    single = [word for word in words if len(word) == 1 and is_cjk(word)]
    if not single:
        return words, False
    longer = [word for word in words if not (len(word) == 1 and is_cjk(word))]
    if longer:
        return longer, False
    kept = list(dict.fromkeys(single))[:MAX_SINGLE_CHARACTER_TERMS]
    return kept, len(set(single)) > len(kept)


def _add_unquoted(chunk, words, phrases, segment, synonyms) -> None:
    for run in runs(chunk):
        if not is_cjk(run) or len(run) <= 2 or run in synonyms:
            words.append(run)
            continue
        parts = _split(run, segment, synonyms)
        if len(parts) > 1:
            phrases.append(run)
        words.extend(parts)


def _split(run: str, segment, synonyms) -> list[str]:
    """Synonym terms first (longest match), the rest by the segmenter; one-character words dropped."""
    longest = max((len(key) for key in synonyms), default=0)
    pieces: list[str] = []
    pending = ""
    index = 0
    while index < len(run):
        for length in range(min(longest, len(run) - index), 1, -1):
            if run[index : index + length] in synonyms:
                pieces.extend(_segment(pending, segment))
                pending = ""
                pieces.append(run[index : index + length])
                index += length
                break
        else:
            pending += run[index]
            index += 1
    pieces.extend(_segment(pending, segment))
    return _attach_single_characters(pieces) or [run]


def _attach_single_characters(pieces: list[str]) -> list[str]:
    """Function words (的, 和 …) are dropped; any other one-character word joins its neighbour.

    Joined pieces are still contiguous parts of the run, so they never lose a result that contains
    the whole run, while "旧标题" stays one term instead of becoming just "标题".
    """
    words: list[str] = []
    carry = ""
    for piece in pieces:
        if len(piece) == 1 and piece in FUNCTION_WORDS:
            if carry and words and words[-1]:
                words[-1] += carry
            elif carry:
                words.append(carry)
            carry = ""
            words.append("")  # a function word breaks adjacency
            continue
        if len(piece) == 1:
            carry += piece
            continue
        words.append(carry + piece)
        carry = ""
    if carry:
        if words and words[-1]:
            words[-1] += carry
        else:
            words.append(carry)
    return [word for word in words if word]


def _segment(text: str, segment) -> list[str]:
    if not text:
        return []
    if len(text) <= 2:
        return [text]
    return [word for word in segment(text) if word.strip()]
