"""The service column over 20,000 items: the directory, a filtered directory and the in-column search
page, p50/p95 and SQL queries per page.

Items are made with services_column.demo.build_bulk_items (page-tree paths computed from each
column's materialised path, base Page rows with bulk_create, item rows with one multi-row insert per
batch, life events with bulk_create of the through table; no revisions), then indexed for search in
one pass (search.services.rebuild). The portal's 政务服务专栏 is requested in-process (view +
template, no HTTP server). Runs on SQLite by default; with DATABASE_URL set on PostgreSQL.
    .venv/bin/python bench/services_column.py --items 20000 --requests 100 --runs 3
    eval "$(scripts/services.sh start)"; DATABASE_URL=$DATABASE_URL .venv/bin/python bench/services_column.py
"""

import argparse
import atexit
import logging
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
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-services-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'services.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402

# Persistent connections as config.settings.production has them.
connections["default"].settings_dict["CONN_MAX_AGE"] = 60

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from search import services as search_services  # noqa: E402
from services_column.demo import build_bulk_items  # noqa: E402
from services_column.models import LifeEvent, PowerCategory, ServiceItemPage  # noqa: E402
from services_column.provisioning import ensure_service_column  # noqa: E402
from sitegroup.models import OrganisationKind  # noqa: E402
from tests.builders import make_organisation  # noqa: E402

logger = logging.getLogger("bench.services_column")
SEARCH_TERMS = ("登记", "审批", "备案", "补贴申领", "证明", "核准", "认定", "年检", "变更", "注销")


def reset_database():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def populate(count: int):
    portal = make_organisation("基准县人民政府", "localhost", kind=OrganisationKind.PORTAL)
    departments = [make_organisation(f"基准县第{number}局", f"d{number}.localhost") for number in range(1, 10)]
    townships = [
        make_organisation(f"基准县第{number}镇", f"t{number}.localhost", kind=OrganisationKind.TOWNSHIP)
        for number in range(1, 4)
    ]
    organisations = [provisioned.organisation for provisioned in (portal, *departments, *townships)]
    for organisation in organisations:
        ensure_service_column(organisation)
    started = time.perf_counter()
    build_bulk_items(count, organisations=organisations, batch=1000)
    built = time.perf_counter() - started
    started = time.perf_counter()
    indexed = search_services.rebuild()
    index_time = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return organisations, built, indexed, index_time


def plans(count, rng, organisations):
    events = list(LifeEvent.objects.values_list("pk", flat=True))
    categories = [value for value, _label in PowerCategory.choices]
    filtered, searches = [], []
    for _ in range(count):
        params = {}
        if rng.random() < 0.5:
            params["department"] = rng.choice(organisations).pk
        if rng.random() < 0.5:
            params["event"] = rng.choice(events)
        if rng.random() < 0.5 or not params:
            params["category"] = rng.choice(categories)
        if rng.random() < 0.3:
            params["page"] = rng.randint(2, 4)
        filtered.append(params)
        search = {"q": rng.choice(SEARCH_TERMS)}
        if rng.random() < 0.3:
            search["category"] = rng.choice(categories)
        searches.append(search)
    return filtered, searches


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client, path, plan, runs):
    statuses = set()
    for params in plan[:5]:
        client.get(path, params, HTTP_HOST="localhost")
    timings = []
    for _ in range(runs):
        run = []
        for params in plan:
            started = time.perf_counter()
            response = client.get(path, params, HTTP_HOST="localhost")
            run.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
        timings.append(run)
    p50 = statistics.median(percentile(run, 0.5) for run in timings)
    p95 = statistics.median(percentile(run, 0.95) for run in timings)
    return p50, p95, statuses


def queries(client, path, params):
    client.get(path, params, HTTP_HOST="localhost")
    captured = []

    def count_query(execute, sql, sql_params, many, context):
        captured.append(sql)
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(count_query):
        client.get(path, params, HTTP_HOST="localhost")
    return len(captured)


def report(text: str) -> None:
    sys.stdout.write(text + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reset_database()
    rng = random.Random(20261202)
    organisations, built, indexed, index_time = populate(args.items)
    total = ServiceItemPage.objects.live().count()
    report(
        f"{connection.vendor}: {total} items over {len(organisations)} organisations built in {built:.1f} s "
        f"(bulk); {indexed} documents indexed in {index_time:.1f} s; "
        f"{args.requests} requests per page kind × {args.runs} runs"
    )
    client = Client()
    filtered, searches = plans(args.requests, rng, organisations)
    rows = (
        ("directory (page 1..4)", "/zwfw/", [{"page": rng.randint(1, 4)} for _ in range(args.requests)], {}),
        ("filtered directory", "/zwfw/", filtered, {"category": "licensing", "event": filtered[0].get("event", 1)}),
        ("in-column search", "/zwfw/search/", searches, {"q": "审批"}),
        ("department directory", "/zwfw/", [{"page": 1}] * args.requests, None),
    )
    for label, path, plan, sample in rows:
        if sample is None:  # a department's own column, on its host
            host_client = Client(HTTP_HOST="d1.localhost")
            p50, p95, statuses = measure_host(host_client, path, plan, args.runs)
            count = queries_host(host_client, path, {})
        else:
            p50, p95, statuses = measure(client, path, plan, args.runs)
            count = queries(client, path, sample)
        report(
            f"{label}: p50 {p50:.1f} ms  p95 {p95:.1f} ms (median of {args.runs} runs); "
            f"{count} SQL queries per page; statuses {sorted(statuses)}"
        )


def measure_host(client, path, plan, runs):
    timings = []
    statuses = set()
    client.get(path)
    for _ in range(runs):
        run = []
        for params in plan:
            started = time.perf_counter()
            response = client.get(path, params)
            run.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
        timings.append(run)
    return (
        statistics.median(percentile(run, 0.5) for run in timings),
        statistics.median(percentile(run, 0.95) for run in timings),
        statuses,
    )


def queries_host(client, path, params):
    client.get(path, params)
    captured = []

    def count_query(execute, sql, sql_params, many, context):
        captured.append(sql)
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(count_query):
        client.get(path, params)
    return len(captured)


if __name__ == "__main__":
    main()
