"""SQL queries to render the home page, a column page and an article page, as the column grows.

The test suite asserts the counts do not grow (tests/sitegroup/test_pages.py::TestQueryCounts);
this prints them for docs/benchmarks.md.
    .venv/bin/python bench/queries.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def main() -> None:
    setup_test_environment()
    from django.conf import settings

    settings.PAGE_CACHE_RACE_MARGIN_SECONDS = 0.0  # a memo built right after a publication is kept
    connection.creation.create_test_db(verbosity=0)
    from tests.builders import make_article, make_column, make_organisation

    site = make_organisation("基准测试局", "bench.localhost")
    column = make_column(site.home_page)
    client = Client()
    first = make_article(column, "第一篇稿件")
    paths = {"home": "/", "column": "/news/", "article": f"/news/{first.slug}/"}
    rows = []
    total = 1
    for target in (20, 200):
        while total < target:
            make_article(column, f"基准稿件{total}")
            total += 1
        counts = {}
        for name, path in paths.items():
            first_render = count_queries(client, path)  # right after the publications: every memo built
            counts[name] = (first_render, count_queries(client, path))  # the memos kept (page cache off)
        rows.append((target, counts))
    print("queries: first render after the publications / the next render")
    for articles, counts in rows:
        print(f"{articles:>4} articles: " + ", ".join(f"{name} {a} / {b}" for name, (a, b) in counts.items()))


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path, HTTP_HOST="bench.localhost").status_code
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    return len(queries)


if __name__ == "__main__":
    main()
