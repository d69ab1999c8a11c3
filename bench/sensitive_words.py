"""Sensitive-word throughput: MB/s per core on Chinese text with a 10,000-word list.

Prints the median of several runs for the full scan (normalisation included) and, as a same-run
baseline, a plain `str.encode` of the same text and the normalisation alone. The matches are checked
against an independent count (every listed word ends in "违禁": each occurrence of that marker in the
normalised text is looked up in a plain set), and the run fails when they differ.
    .venv/bin/python bench/sensitive_words.py [--mb 50] [--runs 5]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegroup.lib.wordfilter import Level, WordFilter, normalise  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "sitegroup" / "demo" / "seeds"


def build_words(text: str, count: int, rnd: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        start = rnd.randrange(len(text) - 6)
        word = text[start : start + rnd.randint(2, 6)]
        if all("\u4e00" <= char <= "\u9fff" for char in word):
            words.add(word + "违禁")  # real fragments, made unlikely to match by chance
    return sorted(words)


def independent_count(normalised: str, words: set[str], marker: str = "违禁") -> int:
    """Occurrences of the listed words, found without the automaton: all of them end in `marker`."""
    lengths = sorted({len(word) for word in words})
    count = 0
    position = normalised.find(marker)
    while position != -1:
        end = position + len(marker)
        count += sum(1 for length in lengths if end - length >= 0 and normalised[end - length : end] in words)
        position = normalised.find(marker, position + 1)
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args()
    seed = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    rnd = random.Random(2026)
    words = build_words(seed, args.words, rnd)
    text = seed * int(args.mb * 1_000_000 / len(seed.encode("utf-8")))
    # Plant some real hits, with evasions, so the position mapping is exercised too.
    planted = [words[rnd.randrange(len(words))] for _ in range(200)]
    pieces = [
        text[i : i + len(text) // 200] + " ·".join(word)
        for i, word in zip(range(0, len(text), len(text) // 200), planted, strict=False)
    ]
    text = "".join(pieces)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    started = time.perf_counter()
    word_filter = WordFilter((word, Level.REVIEW) for word in words)
    build_seconds = time.perf_counter() - started
    normalise("预热")

    def timed(function) -> float:
        samples = []
        for _ in range(args.runs):
            begin = time.perf_counter()
            function()
            samples.append(time.perf_counter() - begin)
        return statistics.median(samples)

    scan = timed(lambda: word_filter.scan(text))
    only_normalise = timed(lambda: normalise(text))
    encode = timed(lambda: text.encode("utf-8"))
    hits = len(word_filter.scan(text).matches)
    expected = independent_count(normalise(text), set(words))
    if hits != expected or hits < len(planted):
        sys.exit(
            f"matches do not check out: the scan found {hits}, the independent count {expected}, planted {len(planted)}"
        )
    print(f"text: {size_mb:.1f} MB of Chinese (UTF-8), words: {len(words)}, automaton build: {build_seconds:.3f} s")
    print(
        f"scan (normalise + match + positions), median of {args.runs}: {size_mb / scan:.1f} MB/s, {hits} matches"
        f" (independent count: {expected}, planted: {len(planted)})"
    )
    print(f"baseline normalise only: {size_mb / only_normalise:.1f} MB/s; str.encode: {size_mb / encode:.1f} MB/s")
    print(f"scan / encode time ratio: {scan / encode:.1f}x")


if __name__ == "__main__":
    main()
