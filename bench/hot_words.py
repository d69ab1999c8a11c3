"""扩展热字: added render time per article page with 2,000 hot words, against the same page without.

An article of about 3,000 characters (demo seed text: paragraphs, headings, a link) is rendered
in-process (view + template, no HTTP server) with no hot words, then with 2,000 group-wide hot
words taken from the same text (so a few dozen really match). Prints medians over several runs of
the median per render, the added time, the ratio, the SQL queries per render in both cases, the
time to build the automaton once after a change, and the linking step alone.
    .venv/bin/python bench/hot_words.py [--words 2000] [--requests 200] [--runs 5]
"""

import argparse
import atexit
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-hot-words-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'hot_words.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sitegroup.lib.hot_words import HotWordLinker  # noqa: E402
from sitegroup.models import HotWord  # noqa: E402
from sitegroup.services import hot_words  # noqa: E402
from tests.builders import make_article, make_column, make_organisation  # noqa: E402

SEEDS = ROOT / "sitegroup" / "demo" / "seeds"
HOST = "bench.localhost"


def article_body(text: str) -> list[dict]:
    paragraphs = [line.strip() for line in text.splitlines() if len(line.strip()) > 20][:36]
    blocks = []
    for number, paragraph in enumerate(paragraphs):
        html = f"<p>{paragraph[:220]}</p>"
        if number % 5 == 0:
            html = f"<h2>{paragraph[:12]}</h2>" + html
        if number % 4 == 1:
            html += f'<p>详见<a href="/zwgk/">{paragraph[:8]}</a>。</p>'
        blocks.append({"type": "paragraph", "value": html})
    return blocks


def _fragments(text: str, count: int, rng: random.Random, exclude: str = "") -> set[str]:
    words: set[str] = set()
    while len(words) < count:
        start = rng.randrange(len(text) - 8)
        word = text[start : start + rng.randint(3, 6)]
        if all("\u4e00" <= char <= "\u9fff" for char in word) and word not in exclude:
            words.add(word)
    return words


def build_words(seed: str, body: str, count: int, rng: random.Random) -> list[str]:
    """A realistic list: phrases of 3–6 characters, 40 of them taken from the article itself."""
    planted = _fragments(body, 40, rng)
    return sorted(planted | _fragments(seed, count - len(planted), rng, exclude=body))


def time_renders(client: Client, path: str, requests: int) -> float:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST=HOST)
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return statistics.median(timings)


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path, HTTP_HOST=HOST)
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    rng = random.Random(2026)
    site = make_organisation("基准测试局", HOST)
    column = make_column(site.home_page)
    body = article_body(seed)
    article = make_article(column, "热字基准稿件", body=body)
    path = f"/news/{article.slug}/"
    client = Client()
    body_text = "".join(block["value"] for block in body)
    words = build_words(seed, body_text, args.words, rng)

    HotWord.objects.bulk_create(HotWord(word=word, url=f"/rd/{number}/") for number, word in enumerate(words))
    hot_words.invalidate()
    started = time.perf_counter()
    linker = hot_words.linker_for(site.site.pk)
    first_build_seconds = time.perf_counter() - started  # includes the engine's normalisation table
    hot_words.invalidate()
    started = time.perf_counter()
    linker = hot_words.linker_for(site.site.pk)
    build_seconds = time.perf_counter() - started
    real_linker_for = hot_words.linker_for
    empty = HotWordLinker([])
    html = "".join(str(block.render()) for block in article.specific.body)
    query_counts = {}
    without, with_words, linking = [], [], []
    for _ in range(args.runs):
        # Interleaved A/B on the same page: "without" swaps in an empty word list, nothing else changes.
        timings = {"without": [], "with": []}
        for number in range(args.requests * 2):
            mode = "without" if number % 2 == 0 else "with"
            hot_words.linker_for = (lambda site_id: empty) if mode == "without" else real_linker_for
            timings[mode].append(time_renders(client, path, 1))
        hot_words.linker_for = real_linker_for
        without.append(statistics.median(timings["without"]))
        with_words.append(statistics.median(timings["with"]))
        started = time.perf_counter()
        for _ in range(args.requests):
            linked = linker.apply(html)
        linking.append((time.perf_counter() - started) / args.requests)
    for mode in ("without", "with"):
        hot_words.linker_for = (lambda site_id: empty) if mode == "without" else real_linker_for
        query_counts[mode] = queries(client, path)
    hot_words.linker_for = real_linker_for
    page_without = statistics.median(without) * 1000
    page_with = statistics.median(with_words) * 1000
    links = linked.count('class="hot-word"')
    print(f"article body: {len(html)} characters of HTML, {len(words)} hot words, {links} linked")
    print(f"page without hot words:  median {page_without:.2f} ms, {query_counts['without']} SQL queries")
    print(f"page with {len(words)} hot words: median {page_with:.2f} ms, {query_counts['with']} SQL queries")
    print(f"added per render: {page_with - page_without:.2f} ms (ratio {page_with / page_without:.2f})")
    print(f"linking step alone: median {statistics.median(linking) * 1000:.2f} ms per article")
    print(
        f"automaton rebuild after a change: {build_seconds * 1000:.0f} ms per process and site "
        f"(first in a process, with the normalisation table: {first_build_seconds * 1000:.0f} ms)"
    )
    print(f"runs {args.runs} × {args.requests} renders, {connection.vendor}")


if __name__ == "__main__":
    main()
