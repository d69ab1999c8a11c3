"""Search on 100,000 generated Chinese documents: build time, size, query p50/p95 and recall.

The embedded backend (SQLite FTS5 + bigrams) side by side with Wagtail's own database search backend
(also SQLite FTS5, with its default tokenizer) and, when --elasticsearch (or ELASTICSEARCH_URL) names a
node, the Elasticsearch backend with the analyzer it detects there, on the same corpus, in the same run.
Recall is measured against substring ground truth: a document is relevant when it contains every query
word. The Elasticsearch index is deleted afterwards.
    .venv/bin/python bench/search.py --docs 100000 --queries 200 --runs 3 [--elasticsearch http://127.0.0.1:59200]
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
from bisect import bisect_right
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-search-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
# A file database of its own for the Wagtail baseline (the embedded index is a separate file anyway).
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'wagtail.sqlite3'}"

import django  # noqa: E402

django.setup()

from datetime import datetime  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from django.db import connection, models  # noqa: E402
from wagtail.search import index  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from search.backends import Scope, SearchQuery  # noqa: E402
from search.backends.embedded import EmbeddedBackend  # noqa: E402
from search.lib.query import parse  # noqa: E402
from search.lib.segment import segment  # noqa: E402
from search.registry import Document  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
SEEDS = ROOT / "sitegroup" / "demo" / "seeds"
CJK = ("\u4e00", "\u9fff")


def sentences() -> list[str]:
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for part in line.replace("！", "。").replace("？", "。").split("。"):
                part = part.strip()
                if 8 <= len(part) <= 120:
                    found.append(part + "。")
    return found


def corpus(count: int, rng: random.Random) -> list[tuple[str, str]]:
    pool = sentences()
    docs = []
    for _ in range(count):
        title = rng.choice(pool)[:30].rstrip("。，")
        body = "".join(rng.choice(pool) for _ in range(rng.randint(3, 8)))
        docs.append((title, body))
    return docs


def is_cjk(text: str) -> bool:
    return all(CJK[0] <= char <= CJK[1] for char in text)


def make_queries(docs, count: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """(query text, words that must all occur): single words, two-word queries and quoted phrases."""
    queries = []
    while len(queries) < count:
        title, body = rng.choice(docs)
        text = title + body
        kind = len(queries) % 3

        def word(length, text=text):
            start = rng.randrange(0, max(1, len(text) - length))
            return text[start : start + length]

        if kind == 0:
            chosen = word(rng.randint(2, 6))
            if is_cjk(chosen):
                queries.append((chosen, [chosen]))
        elif kind == 1:
            first, second = word(rng.randint(2, 4)), word(rng.randint(2, 4))
            if is_cjk(first) and is_cjk(second):
                queries.append((f"{first} {second}", [first, second]))
        else:
            phrase = word(rng.randint(7, 12))
            if is_cjk(phrase):
                queries.append((f'"{phrase}"', [phrase]))
    return queries


class Truth:
    """Substring ground truth over the whole corpus in one string (fast find + bisect)."""

    def __init__(self, docs):
        parts, self.starts, position = [], [], 0
        for title, body in docs:
            self.starts.append(position)
            text = f"{title}\n{body}\n\x00"
            parts.append(text)
            position += len(text)
        self.blob = "".join(parts)

    def containing(self, word: str) -> set[int]:
        found, start = set(), self.blob.find(word)
        while start != -1:
            found.add(bisect_right(self.starts, start) - 1)
            start = self.blob.find(word, start + 1)
        return found

    def relevant(self, words) -> set[int]:
        sets = [self.containing(word) for word in words]
        return set.intersection(*sets) if sets else set()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# -- embedded ------------------------------------------------------------------------------------


def embedded_documents(docs):
    for number, (title, body) in enumerate(docs):
        yield Document(
            key=f"bench:{number}",
            type="article",
            title=title,
            body=body,
            url=f"http://bench.localhost/{number}/",
            site_id=1 + number % 6,
            organisation_id=1 + number % 6,
            path=f"0001{1 + number % 18:04d}",
            date=datetime(2020 + number % 7, 1 + number % 12, 1 + number % 28, tzinfo=TZ),
        )


def bench_embedded(docs, queries, truth, runs):
    path = WORKDIR / "embedded.sqlite3"
    backend = EmbeddedBackend(path)
    started = time.perf_counter()
    backend.rebuild(embedded_documents(docs))
    build = time.perf_counter() - started
    size = backend.stats()["bytes"]
    parsed = [parse(text, segment=segment) for text, _ in queries]

    def page(query):  # what the result page asks: 10 hits, four facets, snippets
        return SearchQuery(parsed=query, facets=("site", "organisation", "type", "year"), limit=10)

    timings = []
    for _ in range(runs):
        per_query = []
        for query in parsed:
            started = time.perf_counter()
            backend.search(page(query))
            per_query.append((time.perf_counter() - started) * 1000)
        timings.append(per_query)
    recall_hits = recall_total = 0
    for query, (_text, words) in zip(parsed, queries, strict=True):
        expected = truth.relevant(words)
        found = {int(hit.key.split(":")[1]) for hit in backend.search(SearchQuery(parsed=query, limit=200_000)).hits}
        recall_hits += len(expected & found)
        recall_total += len(expected)
    site_scope = [SearchQuery(parsed=query, scope=Scope(site_id=2), limit=10) for query in parsed[:50]]
    scoped = []
    for request in site_scope:
        started = time.perf_counter()
        backend.search(request)
        scoped.append((time.perf_counter() - started) * 1000)
    backend.close()
    return build, size, timings, recall_hits / recall_total, statistics.median(scoped)


def bench_elasticsearch(url, docs, queries, truth, runs):
    import uuid

    from search.backends.elasticsearch import ElasticsearchBackend, build_search

    backend = ElasticsearchBackend(url, index=f"bench-search-{uuid.uuid4().hex[:8]}", timeout=120)
    try:
        started = time.perf_counter()
        written = backend.rebuild(embedded_documents(docs))
        build = time.perf_counter() - started
        if written != len(docs):
            sys.exit(f"Elasticsearch indexed {written} of {len(docs)} documents")
        backend.client.indices.forcemerge(index=backend.alias, max_num_segments=1)
        backend.client.indices.refresh(index=backend.alias)
        stats = backend.stats()
        if stats["documents"] != len(docs):
            sys.exit(f"Elasticsearch counts {stats['documents']} of {len(docs)} documents")
        parsed = [parse(text, segment=segment) for text, _ in queries]

        def page(query):
            return SearchQuery(parsed=query, facets=("site", "organisation", "type", "year"), limit=10)

        timings = []
        for _ in range(runs):
            per_query = []
            for query in parsed:
                started = time.perf_counter()
                backend.search(page(query))
                per_query.append((time.perf_counter() - started) * 1000)
            timings.append(per_query)
        recall_hits = recall_total = 0
        for query, (_text, words) in zip(parsed, queries, strict=True):
            expected = truth.relevant(words)
            request = build_search(
                SearchQuery(parsed=query, highlight=False), index=backend.alias, client=backend.client
            )
            found = {int(hit.key.split(":")[1]) for hit in request.source(["key"]).params(size=5000).scan()}
            recall_hits += len(expected & found)
            recall_total += len(expected)
        return build, stats["bytes"], timings, recall_hits / recall_total, stats["analyzer"]
    finally:
        names = list(backend.client.indices.get(index=f"{backend.alias}-*", allow_no_indices=True))
        if names:
            backend.client.indices.delete(index=",".join(names))
        backend.close()


# -- Wagtail's database backend (baseline) -------------------------------------------------------


class BenchDoc(index.Indexed, models.Model):
    title = models.CharField(max_length=255)
    body = models.TextField()
    search_fields = [index.SearchField("title", boost=10), index.SearchField("body")]

    class Meta:
        app_label = "search"

    def __str__(self):
        return self.title


def bench_wagtail(docs, queries, truth, runs):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with connection.schema_editor() as editor:
        editor.create_model(BenchDoc)
    BenchDoc.objects.bulk_create(BenchDoc(title=title, body=body) for title, body in docs)
    backend = get_search_backend("default")
    objects = list(BenchDoc.objects.order_by("pk"))
    started = time.perf_counter()
    for start in range(0, len(objects), 1000):
        backend.add_bulk(BenchDoc, objects[start : start + 1000])
    build = time.perf_counter() - started
    connection.close()
    size = (WORKDIR / "wagtail.sqlite3").stat().st_size  # includes the 100k source rows
    timings = []
    for _ in range(runs):
        per_query = []
        for text, _words in queries:
            started = time.perf_counter()
            list(backend.search(text, BenchDoc.objects.all())[:10])
            per_query.append((time.perf_counter() - started) * 1000)
        timings.append(per_query)
    recall_hits = recall_total = 0
    for text, words in queries:
        expected = truth.relevant(words)
        found = {obj.pk - 1 for obj in backend.search(text, BenchDoc.objects.all())}
        recall_hits += len(expected & found)
        recall_total += len(expected)
    return build, size, timings, recall_hits / recall_total


def summarise(name, build, size, timings, recall, docs):
    p50 = statistics.median(percentile(run, 0.5) for run in timings)
    p95 = statistics.median(percentile(run, 0.95) for run in timings)
    print(
        f"{name:<28} build {build:7.1f} s ({len(docs) / build:6.0f} docs/s)  size {size / 1e6:7.1f} MB  "
        f"query p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  recall {recall:.4f}"
    )
    return p50, p95


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-wagtail", action="store_true")
    parser.add_argument("--elasticsearch", default=os.environ.get("ELASTICSEARCH_URL", ""), help="node URL")
    args = parser.parse_args()
    rng = random.Random(20261124)
    docs = corpus(args.docs, rng)
    queries = make_queries(docs, args.queries, rng)
    truth = Truth(docs)
    characters = sum(len(title) + len(body) for title, body in docs)
    print(f"corpus: {len(docs)} documents, {characters / 1e6:.1f} M characters; ", end="")
    print(f"{len(queries)} queries; {args.runs} runs")
    segment("预热分词词典")
    build, size, timings, recall, scoped = bench_embedded(docs, queries, truth, args.runs)
    p50, p95 = summarise("embedded (bigram FTS5)", build, size, timings, recall, docs)
    print(f"{'':<28} site-scoped query median {scoped:.2f} ms")
    if args.elasticsearch:
        e_build, e_size, e_timings, e_recall, analyzer = bench_elasticsearch(
            args.elasticsearch, docs, queries, truth, args.runs
        )
        e50, e95 = summarise(f"elasticsearch ({analyzer})", e_build, e_size, e_timings, e_recall, docs)
        print(f"ratio embedded/elasticsearch: p50 {p50 / e50:.2f}x  p95 {p95 / e95:.2f}x  build {build / e_build:.2f}x")
    if not args.skip_wagtail:
        w_build, w_size, w_timings, w_recall = bench_wagtail(docs, queries, truth, args.runs)
        w50, w95 = summarise("wagtail database backend", w_build, w_size, w_timings, w_recall, docs)
        print(f"ratio embedded/wagtail: p50 {p50 / w50:.2f}x  p95 {p95 / w95:.2f}x  build {build / w_build:.2f}x")


if __name__ == "__main__":
    main()
