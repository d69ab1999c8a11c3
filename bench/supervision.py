"""电子监察 at 200,000 cases across the registered kinds: the dashboard (warned cases, filters,
pages) and the statistics/performance page (month and year), p50/p95 and SQL queries per page.

Cases are bulk-inserted on the real models (disclosure requests and citizen messages, half each)
over five departments and 2023-2026, in every state, with ratings, overdue open cases, 督办 notices
and 差评 follow-ups; the hourly warning job is run once (timed) so the supervision log is filled.
Pages are requested in-process (view + template, no HTTP server). SQLite by default; with
DATABASE_URL set (scripts/services.sh start) on PostgreSQL.
    .venv/bin/python bench/supervision.py --cases 200000 --requests 60 --runs 3
    eval "$(scripts/services.sh start)"; DATABASE_URL=$DATABASE_URL .venv/bin/python bench/supervision.py
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
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-supervision-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'supervision.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402

connections["default"].settings_dict["CONN_MAX_AGE"] = 60

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from disclosure.models import DisclosureRequest, RequestState  # noqa: E402
from interaction.models import Message, MessageChannel, MessageState  # noqa: E402
from interaction.provisioning import ensure_interaction  # noqa: E402
from sitegroup.models import (  # noqa: E402
    OrganisationKind,
    PlatformRole,
    RatingFollowUp,
    SupervisionLogEntry,
    SupervisionNotice,
)
from sitegroup.services import case_supervision  # noqa: E402
from tests.builders import make_organisation, make_user  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 5000


def reset_database():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def _dates(rng, today, concluded_share):
    received = today - timedelta(days=rng.randrange(0, 1400))
    due = received + timedelta(days=28)
    closed = rng.random() < concluded_share or received < today - timedelta(days=120)
    concluded = received + timedelta(days=rng.randint(2, 40)) if closed else None
    if concluded and concluded > today:
        concluded = today
    return received, due, concluded


def _rating(rng, concluded):
    if not concluded or rng.random() > 0.3:
        return {}
    score = rng.choices([5, 4, 3, 2, 1], [50, 25, 12, 8, 5])[0]
    at = datetime(concluded.year, concluded.month, concluded.day, 15, tzinfo=SHANGHAI) + timedelta(days=2)
    return {"rating": score, "rated_at": at, "rating_comment": "" if score > 2 else "答复不清楚"}


def populate(count: int, rng: random.Random):
    portal = make_organisation("基准县人民政府", "localhost", kind=OrganisationKind.PORTAL)
    departments = [make_organisation(f"基准县第{number}局", f"d{number}.localhost") for number in range(1, 6)]
    for provisioned in [portal, *departments]:
        ensure_interaction(provisioned.organisation)
    channels = list(MessageChannel.objects.filter(organisation=portal.organisation))
    organisations = [department.organisation for department in departments]
    today = timezone.localdate()
    started = time.perf_counter()
    requests, messages = [], []
    for number in range(count):
        organisation = rng.choice(organisations)
        if number % 2:
            received, due, concluded = _dates(rng, today, 0.9)
            requests.append(
                DisclosureRequest(
                    organisation=organisation,
                    lookup_code=f"R{number:011d}",
                    state=RequestState.ANSWERED if concluded else RequestState.RECEIVED,
                    received_on=received,
                    due_on=due,
                    concluded_on=concluded,
                    kind="person",
                    name="张三",
                    id_number="11010519491231002X",
                    phone="13800001234",
                    description="本县低保资金发放情况",
                    delivery_form="electronic",
                    delivery_method="email",
                    **_rating(rng, concluded),
                )
            )
        else:
            received, due, concluded = _dates(rng, today, 0.92)
            messages.append(
                Message(
                    organisation=organisation,
                    channel=rng.choice(channels),
                    lookup_code=f"{number:010d}",
                    state=MessageState.PUBLISHED if concluded else MessageState.HANDLING,
                    received_on=received,
                    due_on=due,
                    concluded_on=concluded,
                    title=f"关于第{number}号事项的咨询",
                    body="请问办理需要哪些材料？",
                    name="群众",
                    phone="13800000000",
                    **_rating(rng, concluded),
                )
            )
        for model, batch in ((DisclosureRequest, requests), (Message, messages)):
            if len(batch) >= BATCH:
                with transaction.atomic():
                    model.objects.bulk_create(batch)
                batch.clear()
    DisclosureRequest.objects.bulk_create(requests)
    Message.objects.bulk_create(messages)
    cases_built = time.perf_counter() - started

    started = time.perf_counter()
    notices, follow_ups = [], []
    open_requests = list(
        DisclosureRequest.objects.filter(state=RequestState.RECEIVED).values_list(
            "pk", "lookup_code", "organisation_id"
        )
    )
    for pk, code, organisation_id in rng.sample(open_requests, min(2000, len(open_requests))):
        sent = today - timedelta(days=rng.randrange(0, 200))
        answered = sent + timedelta(days=rng.randint(1, 6)) if rng.random() < 0.7 else None
        notices.append(
            SupervisionNotice(
                case_kind="disclosure.request",
                case_id=pk,
                lookup_code=code,
                organisation_id=organisation_id,
                note="请尽快办理",
                sent_on=sent,
                due_on=sent + timedelta(days=4),
                answer="已办理" if answered else "",
                answered_on=answered,
            )
        )
    negative = Message.objects.filter(rating__lte=2).values_list("pk", "lookup_code", "organisation_id", "rated_at")
    for pk, code, organisation_id, rated_at in negative.iterator():
        opened = rated_at.astimezone(SHANGHAI).date()
        closed = opened + timedelta(days=rng.randint(1, 9)) if rng.random() < 0.85 else None
        follow_ups.append(
            RatingFollowUp(
                case_kind="interaction.message",
                case_id=pk,
                lookup_code=code,
                organisation_id=organisation_id,
                rating=2,
                opened_on=opened,
                due_on=opened + timedelta(days=7),
                state="closed" if closed else "open",
                closed_on=closed,
            )
        )
    SupervisionNotice.objects.bulk_create(notices, batch_size=BATCH)
    RatingFollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
    records_built = time.perf_counter() - started
    started = time.perf_counter()
    warnings = case_supervision.record_warnings(today)
    job = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return organisations, cases_built, records_built, warnings, job


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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reset_database()
    rng = random.Random(20261202)
    organisations, cases_built, records_built, warnings, job = populate(args.cases, rng)
    total = DisclosureRequest.objects.count() + Message.objects.count()
    open_cases = (
        DisclosureRequest.objects.filter(state=RequestState.RECEIVED).count()
        + Message.objects.filter(state=MessageState.HANDLING).count()
    )
    print(
        f"{connection.vendor}: {total} cases ({open_cases} open) bulk-inserted in {cases_built:.1f} s; "
        f"{SupervisionNotice.objects.count()} 督办 and {RatingFollowUp.objects.count()} follow-ups "
        f"in {records_built:.1f} s; "
        f"warning job: {warnings} log entries in {job:.1f} s"
    )
    supervisor = make_user("bench_supervisor", platform_role=PlatformRole.SUPERVISION)
    client = Client()
    client.force_login(supervisor)
    today = timezone.localdate()
    dashboard_plan, statistics_plan = [], []
    for _ in range(args.requests):
        params = {}
        if rng.random() < 0.4:
            params["organisation"] = rng.choice(organisations).pk
        if rng.random() < 0.4:
            params["level"] = rng.choice(["red", "yellow"])
        if rng.random() < 0.3:
            params["kind"] = rng.choice(["disclosure.request", "interaction.message"])
        if rng.random() < 0.3:
            params["page"] = rng.randint(2, 8)
        dashboard_plan.append(("/admin/sitegroup/supervision/", params))
        year = rng.choice([today.year, today.year - 1])
        statistics_plan.append(
            (
                "/admin/sitegroup/supervision/statistics/",
                {"year": year, "month": "" if rng.random() < 0.2 else rng.randint(1, 12)},
            )
        )
    log_plan = [("/admin/sitegroup/supervision/log/", {"page": rng.randint(1, 20)}) for _ in range(args.requests)]
    for label, plan in (("dashboard", dashboard_plan), ("statistics", statistics_plan), ("log", log_plan)):
        p50, p95, statuses = measure(client, plan, args.runs)
        first = queries(client, *plan[0])
        print(f"{label:>10}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {first} queries, statuses {sorted(statuses)}")
    print(f"supervision log rows: {SupervisionLogEntry.objects.count()}")


if __name__ == "__main__":
    main()
