"""Online applications at scale: the handlers' queue (网上申请办理) over 50,000 applications (p50/p95,
SQL queries per page) and the submission throughput of the application form with two PDF uploads,
the ID check, the captcha and the sensitive-word scan (requests/s on one core, in-process).

Applications are inserted in bulk across five departments' items, in every state; pages are requested
in-process (view + template, no HTTP server). SQLite by default; with DATABASE_URL set
(scripts/services.sh start) on PostgreSQL.
    .venv/bin/python bench/applications.py --applications 50000 --requests 100 --runs 3
    eval "$(scripts/services.sh start)"; DATABASE_URL=$DATABASE_URL .venv/bin/python bench/applications.py
"""

import argparse
import atexit
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-applications-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'applications.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402

connections["default"].settings_dict["CONN_MAX_AGE"] = 60

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from services_column.models import ApplicationState, ServiceApplication  # noqa: E402
from sitegroup.lib.captcha import solve  # noqa: E402
from sitegroup.models import OrganisationKind, Role  # noqa: E402
from tests.builders import make_organisation, make_user  # noqa: E402
from tests.services_column.application_builders import PDF, PERSON_ID, make_item  # noqa: E402

STATES = [
    (ApplicationState.CONCLUDED, 0.55),
    (ApplicationState.NOT_ACCEPTED, 0.05),
    (ApplicationState.SUBMITTED, 0.08),
    (ApplicationState.CORRECTION, 0.04),
    (ApplicationState.ACCEPTED, 0.06),
    (ApplicationState.HANDLING, 0.14),
    (ApplicationState.REVIEW, 0.05),
    (ApplicationState.REVIEWED, 0.03),
]
QUESTION = re.compile(r"验证问题：(.+?等于几？)")
TOKEN = re.compile(r'name="captcha_0" value="([^"]+)"')
QUEUE = "/admin/services/applications/"


def reset_database():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def populate(count: int, rng: random.Random):
    make_organisation("基准县人民政府", "localhost", kind=OrganisationKind.PORTAL)
    departments = [make_organisation(f"基准县第{number}局", f"d{number}.localhost") for number in range(1, 6)]
    items = [
        make_item(department.home_page, f"第{n}局事项{k}") for n, department in enumerate(departments) for k in range(4)
    ]
    handler = make_user("bench_handler", organisation=departments[0].organisation, role=Role.HANDLER)
    states, weights = zip(*STATES, strict=True)
    today = timezone.localdate()
    started = time.perf_counter()
    batch = []
    for number in range(count):
        item = rng.choice(items)
        received = today - timedelta(days=rng.randrange(0, 900))
        state = rng.choices(states, weights)[0]
        closed = state in (ApplicationState.CONCLUDED, ApplicationState.NOT_ACCEPTED)
        batch.append(
            ServiceApplication(
                organisation_id=item.organisation_id,
                item=item,
                item_title=item.title,
                lookup_code=f"B{number:013d}",
                state=state,
                received_on=received,
                due_on=received + timedelta(days=14),
                applicant_kind="person",
                name="王秀兰",
                id_number=PERSON_ID,
                phone="13912345678",
                promised_days=10,
                statutory_days=20,
                concluded_on=received + timedelta(days=10) if closed else None,
                result="approved" if state == ApplicationState.CONCLUDED else "",
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                ServiceApplication.objects.bulk_create(batch)
            batch = []
    if batch:
        ServiceApplication.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return items, handler, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client, plan, runs):
    for path, params in plan[:5]:
        client.get(path, params)
    timings, statuses = [], set()
    for _ in range(runs):
        run = []
        for path, params in plan:
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


def queries(client, path, params):
    captured = []

    def count_query(execute, sql, sql_params, many, context):
        captured.append(sql)
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(count_query):
        client.get(path, params)
    return len(captured)


def submissions(client, item, count, offset):
    """POST the application form `count` times with two PDF uploads (each from its own address, so
    the rate limit does not refuse); the captcha is read from a GET first; only the POST is timed."""
    url = item.url + "apply/"
    host = item.get_site().hostname
    fields = {
        f"field_{field.pk}": ("3" if field.kind == "number" else "家庭困难，申请救助。")
        for field in item.application_fields.all()
    }
    required = [material for material in item.materials.all() if material.is_required]
    elapsed, statuses = 0.0, set()
    for number in range(count):
        page = client.get(url, HTTP_HOST=host).content.decode()
        data = {
            "applicant_kind": "person",
            "person_name": "李秀英",
            "person_id": PERSON_ID,
            "phone": "13912345678",
            "consent": "on",
            **fields,
            **{f"material_{m.pk}": SimpleUploadedFile(f"{m.name}.pdf", PDF, "application/pdf") for m in required},
            "captcha_0": TOKEN.search(page).group(1),
            "captcha_1": solve(QUESTION.search(page).group(1)),
        }
        address = f"10.{(offset + number) // 250}.{(offset + number) % 250}.7"
        started = time.perf_counter()
        response = client.post(url, data, HTTP_HOST=host, REMOTE_ADDR=address)
        elapsed += time.perf_counter() - started
        statuses.add(response.status_code)
    return count / elapsed, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--submissions", type=int, default=150)
    args = parser.parse_args()
    reset_database()
    rng = random.Random(20261202)
    items, handler, build = populate(args.applications, rng)
    print(f"{connection.vendor}: {ServiceApplication.objects.count()} applications in {build:.1f} s")
    client = Client()
    client.force_login(handler)
    own_items = [item for item in items if item.organisation_id == handler_organisation(handler)]
    plan = []
    for _ in range(args.requests):
        params = {}
        roll = rng.random()
        if roll < 0.3:
            params["state"] = rng.choice([value for value, _weight in STATES])
        elif roll < 0.4:
            params["state"] = "all"
        if rng.random() < 0.3:
            params["item"] = rng.choice(own_items).pk
        if rng.random() < 0.3:
            params["page"] = rng.randint(2, 20)
        plan.append((QUEUE, params))
    p50, p95, statuses = measure(client, plan, args.runs)
    count_open = queries(client, QUEUE, {})
    count_all = queries(client, QUEUE, {"state": "all", "page": 3})
    print(
        f"handler queue (one department, ~{args.applications // 5} applications): p50 {p50:.1f} ms  p95 {p95:.1f} ms "
        f"(median of {args.runs} runs); {count_open} SQL queries (open), {count_all} (all, page 3); "
        f"statuses {sorted(statuses)}"
    )
    baseline = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for _ in range(10):
            client.get("/admin/interaction/messages/")  # an admin list page with nothing in it
        baseline.append((time.perf_counter() - started) * 100)
    print(f"baseline: an empty admin list page (群众来信) in the same process: {statistics.median(baseline):.1f} ms")
    rates = []
    for run in range(args.runs):
        rate, statuses = submissions(client, items[0], args.submissions // args.runs, run * 1000)
        rates.append(rate)
    print(
        f"submissions (form + ID check + captcha + 2 PDF uploads sniffed and stored + lookup code + event + "
        f"audit log): {statistics.median(rates):.1f} per second on one core (median of {args.runs} runs); "
        f"statuses {sorted(statuses)}"
    )


def handler_organisation(user):
    from sitegroup.models import OrganisationRole

    return OrganisationRole.objects.filter(group__user=user).values_list("organisation", flat=True).first()


if __name__ == "__main__":
    main()
