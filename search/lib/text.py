"""Chinese text for a full-text index: normalisation and overlapping character bigrams.

Every run of Chinese characters is indexed as its overlapping bigrams followed by its last character
("县政府" -> "县政 政府 府"), so any substring of two or more characters is found as a phrase of
consecutive bigrams, and a single character as a prefix. Latin letters and digits are kept as words.
"""

from __future__ import annotations

import re
import unicodedata
from operator import add

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
_RUN = re.compile(f"[{CJK_RANGES}]+|[0-9a-z]+")

# Bump when the output of index_terms changes: an index built by another version must be rebuilt.
TOKENIZER_VERSION = "bigram-1"


def normalise(text: str) -> str:
    """Full-width to half-width, compatibility forms folded, lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def normalise_aligned(text: str) -> str:
    """As normalise, but character by character, so that positions match the original text."""
    return "".join(_fold(char) for char in text)


def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    return folded if len(folded) == 1 else char


def is_cjk(run: str) -> bool:
    return bool(_CJK_CHAR.match(run))


def runs(text: str) -> list[str]:
    """The runs of Chinese characters and of latin letters/digits in normalised text, in order."""
    return _RUN.findall(normalise(text))


def bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a Chinese run, then its last character as a terminal token."""
    return [*map(add, run, run[1:]), run[-1]]


def index_terms(text: str) -> str:
    """The whitespace-separated tokens of a text, for an FTS5 column using the unicode61 tokenizer."""
    parts = []
    for run in runs(text):
        if is_cjk(run):
            parts.append(" ".join(map(add, run, run[1:])))
            parts.append(run[-1])
        else:
            parts.append(run)
    return " ".join(part for part in parts if part)
