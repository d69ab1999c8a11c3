"""Hot words (扩展热字): link listed keywords in article HTML, using the sensitive-word automaton.

Pure library (no Django). `HotWordLinker(entries).apply(html)`:

- the HTML is split into tags and text with one regular expression; text inside <a>, <h1>–<h6>,
  <script>, <style>, <code>, <pre>, <button>, <textarea>, <label>, <select> and <option> is left
  alone, and attributes are never touched (they are inside tags);
- every remaining text run is unescaped and the runs are scanned together, once, by the
  Aho-Corasick engine of `sitegroup.lib.wordfilter` (runs are joined by a separator the engine
  drops, and a match is accepted only when it contains no dropped character — so no match spans
  two runs, and "法 輪" style evasions, useful for sensitive words, do not turn into links);
- longest match first, only the first free occurrence of each word, matches never overlap;
- each link is `<a class="hot-word" href="…">word</a>` with the URL escaped; nothing opens a
  new window.

Matching follows the engine's normalisation: case-insensitive, full width = half width,
traditional = simplified.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sitegroup.lib.wordfilter import Level, WordFilter, normalise

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
SKIPPED_ELEMENTS = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "code", "pre", "button", "textarea", "label"}
    | {"select", "option", "svg", "math", "title"}
)
# Elements whose content is raw text: nothing inside is a tag until the matching end tag.
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title"})
_SEPARATOR = "\n"  # dropped by the engine's normalisation


@dataclass(frozen=True)
class HotWord:
    word: str
    url: str


class HotWordLinker:
    """Built once per word list; `apply` is thread-safe."""

    def __init__(self, entries: Iterable[HotWord | tuple[str, str]]) -> None:
        urls: dict[str, str] = {}
        lengths: dict[str, int] = {}
        for entry in entries:
            word, url = (entry.word, entry.url) if isinstance(entry, HotWord) else entry
            word = (word or "").strip()
            key = normalise(word)
            if not key or not url or word in urls:
                continue
            urls[word] = url
            lengths[word] = len(key)
        self._urls = urls
        self._lengths = lengths
        self._filter = WordFilter((word, Level.MASK) for word in urls)
        self.size = self._filter.size

    def links(self, text: str) -> list[tuple[int, int, str]]:
        """The (start, end, word) spans to link in plain text, in text order."""
        if not self.size or not text:
            return []
        result = self._filter.scan(text)
        if result.is_clean:
            return []
        candidates = [
            match
            for match in result.matches
            if match.word in self._urls and match.end - match.start == self._lengths[match.word]
        ]
        candidates.sort(key=lambda match: (-(match.end - match.start), match.start))
        chosen: list[tuple[int, int, str]] = []
        linked: set[str] = set()
        taken = bytearray(len(text))  # 1 where a chosen link already covers the character
        for match in candidates:
            if match.word in linked or taken.find(1, match.start, match.end) != -1:
                continue
            chosen.append((match.start, match.end, match.word))
            linked.add(match.word)
            taken[match.start : match.end] = b"\x01" * (match.end - match.start)
        chosen.sort()
        return chosen

    def apply(self, fragment: str) -> str:
        """The HTML fragment with hot words linked (unchanged when nothing matches)."""
        if not self.size or not fragment:
            return fragment
        pieces: list[str] = []  # tags and text, in order
        runs: list[int] = []  # indexes into pieces of text that may be linked
        skipping: list[str] = []
        raw_until: str | None = None
        cursor = 0
        for token in _TOKEN.finditer(fragment):
            if token.start() > cursor:
                text = fragment[cursor : token.start()]
                if raw_until is None and not skipping:
                    runs.append(len(pieces))
                pieces.append(text)
            tag = token.group()
            pieces.append(tag)
            cursor = token.end()
            name_match = _TAG_NAME.match(tag)
            if name_match is None:
                continue
            closing, name = name_match.group(1) == "/", name_match.group(2).lower()
            if raw_until is not None:
                if closing and name == raw_until:
                    raw_until = None
                    if skipping and skipping[-1] == name:
                        skipping.pop()
                continue
            if name not in SKIPPED_ELEMENTS:
                continue
            if closing:
                if name in skipping:
                    while skipping and skipping.pop() != name:
                        pass
            elif not tag.rstrip(">").rstrip().endswith("/"):
                skipping.append(name)
                if name in RAW_TEXT_ELEMENTS:
                    raw_until = name
        if cursor < len(fragment):
            if raw_until is None and not skipping:
                runs.append(len(pieces))
            pieces.append(fragment[cursor:])
        if not runs:
            return fragment
        texts = [html.unescape(pieces[index]) for index in runs]
        joined = _SEPARATOR.join(texts)
        spans = self.links(joined)
        if not spans:
            return fragment
        offset = 0
        span_index = 0
        for index, text in zip(runs, texts, strict=True):
            end_of_run = offset + len(text)
            local = []
            while span_index < len(spans) and spans[span_index][0] < end_of_run:
                start, end, word = spans[span_index]
                local.append((start - offset, end - offset, word))
                span_index += 1
            if local:
                pieces[index] = self._linked(text, local)
            offset = end_of_run + len(_SEPARATOR)
        return "".join(pieces)

    def _linked(self, text: str, spans: list[tuple[int, int, str]]) -> str:
        out = []
        cursor = 0
        for start, end, word in spans:
            out.append(html.escape(text[cursor:start], quote=False))
            url = html.escape(self._urls[word], quote=True)
            out.append(f'<a class="hot-word" href="{url}">{html.escape(text[start:end], quote=False)}</a>')
            cursor = end
        out.append(html.escape(text[cursor:], quote=False))
        return "".join(out)
