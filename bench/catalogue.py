"""The disclosure catalogue over 100,000 items: filtered catalogue pages, p50/p95, queries per page.

Items are inserted in bulk (page-tree rows and item rows), then the platform catalogue page is
requested in-process (view + template, no HTTP server) with random combinations of topic,
organisation, genre, year and catalogue item, and a page number. Runs on SQLite by default;
with DATABASE_URL set (scripts/services.sh start) on PostgreSQL.
    .venv/bin/python bench/catalogue.py --items 100000 --requests 200 --runs 3
    eval "$(scripts/services.sh start)"; DATABASE_URL=$DATABASE_URL .venv/bin/python bench/catalogue.py
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
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-catalogue-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'catalogue.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402

# Persistent connections as config.settings.production has them (the test settings close them after
# every request, which on PostgreSQL would add a connection setup to each page).
connections["default"].settings_dict["CONN_MAX_AGE"] = 60

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402

from disclosure.models import CatalogueItem, DisclosureItemPage, Genre, Topic  # noqa: E402
from sitegroup.models import OrganisationKind  # noqa: E402
from tests.builders import make_organisation  # noqa: E402
from tests.disclosure.builders import make_disclosure_column  # noqa: E402

COLUMNS = (
    "page_ptr_id, index_number, organisation_id, document_number, written_on, published_on, topic_id, genre_id, "
    "catalogue_item_id, validity, validity_changed_on, keywords, summary, body, interprets_id"
)


def reset_database():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def populate(count: int, rng: random.Random):
    portal = make_organisation("基准县人民政府", "localhost", kind=OrganisationKind.PORTAL)
    departments = [make_organisation(f"基准县第{number}局", f"d{number}.localhost") for number in range(1, 6)]
    catalogues = [make_disclosure_column(portal.home_page, is_platform=True)]
    catalogues += [make_disclosure_column(department.home_page) for department in departments]
    organisations = [portal.organisation] + [department.organisation for department in departments]
    topics = list(Topic.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    genres = list(Genre.objects.values_list("pk", flat=True))
    items = list(CatalogueItem.objects.values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(DisclosureItemPage)
    locale_id = catalogues[0].locale_id
    per_catalogue = count // len(catalogues)
    started = time.perf_counter()
    for catalogue, organisation in zip(catalogues, organisations, strict=True):
        pages, rows = [], []
        for number in range(1, per_catalogue + 1):
            slug = f"item-{number}"
            published = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 4300))
            pages.append(
                Page(
                    title=f"关于第{number}项政府信息的公告",
                    draft_title=f"关于第{number}项政府信息的公告",
                    slug=slug,
                    content_type=content_type,
                    path=DisclosureItemPage._get_path(catalogue.path, catalogue.depth + 1, number),
                    depth=catalogue.depth + 1,
                    numchild=0,
                    url_path=f"{catalogue.url_path}{slug}/",
                    live=True,
                    locale_id=locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
            rows.append(
                [
                    f"{organisation.code}/{published.year}-{number:05d}",
                    organisation.pk,
                    "",
                    published,
                    published,
                    rng.choice(topics),
                    rng.choice(genres),
                    rng.choice(items),
                    "valid",
                    None,
                    "",
                    "内容概述",
                    "<p>正文</p>",
                    None,
                ]
            )
        with transaction.atomic():
            created = Page.objects.bulk_create(pages, batch_size=2000)
            marks = ", ".join(["%s"] * 15)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO disclosure_disclosureitempage ({COLUMNS}) VALUES ({marks})",  # noqa: S608
                    [[page.pk, *row] for page, row in zip(created, rows, strict=True)],
                )
            Page.objects.filter(pk=catalogue.pk).update(numchild=per_catalogue)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return organisations, topics, genres, items, time.perf_counter() - started


def requests(count, rng, organisations, topics, genres, items):
    first_levels = list(Topic.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    made = []
    for _ in range(count):
        params = {}
        for name, choices in (
            ("topic", topics + first_levels),
            ("organisation", [organisation.pk for organisation in organisations]),
            ("genre", genres),
            ("year", list(range(2015, 2027))),
            ("catalogue", items),
        ):
            if rng.random() < 0.35:
                params[name] = rng.choice(choices)
        if rng.random() < 0.3:
            params["page"] = rng.randint(2, 5)
        made.append(params)
    return made


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reset_database()
    rng = random.Random(20261124)
    organisations, topics, genres, items, build = populate(args.items, rng)
    total = DisclosureItemPage.objects.count()
    print(f"{connection.vendor}: {total} items in {build:.1f} s; {args.requests} filtered requests × {args.runs} runs")
    client = Client()
    plan = requests(args.requests, rng, organisations, topics, genres, items)
    statuses = set()
    for params in plan[:10]:  # warm the caches of the process (sites, settings, classification)
        client.get("/xxgk/catalogue/", params, HTTP_HOST="localhost")
    timings = []
    for _ in range(args.runs):
        run = []
        for params in plan:
            started = time.perf_counter()
            response = client.get("/xxgk/catalogue/", params, HTTP_HOST="localhost")
            run.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
        timings.append(run)
    sample = {"year": 2020, "genre": genres[0]}
    client.get("/xxgk/catalogue/", sample, HTTP_HOST="localhost")
    captured = []

    def count_query(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_query):
        client.get("/xxgk/catalogue/", sample, HTTP_HOST="localhost")
    baseline = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for _ in range(50):
            client.get("/robots.txt", HTTP_HOST="localhost")
        baseline.append((time.perf_counter() - started) * 1000 / 50)
    p50 = statistics.median(percentile(run, 0.5) for run in timings)
    p95 = statistics.median(percentile(run, 0.95) for run in timings)
    print(
        f"filtered catalogue page: p50 {p50:.1f} ms  p95 {p95:.1f} ms  (median of {args.runs} runs); "
        f"{len(captured)} SQL queries per page; statuses {sorted(statuses)}"
    )
    print(f"baseline robots.txt in the same process: {statistics.median(baseline):.2f} ms per request")


if __name__ == "__main__":
    main()
