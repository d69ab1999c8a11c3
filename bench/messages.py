"""Message channels at scale: the published-replies list and the statistics page over 100,000
messages (p50/p95, SQL queries per page), and the submission throughput of the writing form with
the sensitive-word scan and the captcha check (requests/s on one core, in-process).

Messages are inserted in bulk across the portal's channels and five departments, in every state;
pages are requested in-process (view + template, no HTTP server). SQLite by default; with
DATABASE_URL set (scripts/services.sh start) on PostgreSQL.
    .venv/bin/python bench/messages.py --messages 100000 --requests 200 --runs 3
    eval "$(scripts/services.sh start)"; DATABASE_URL=$DATABASE_URL .venv/bin/python bench/messages.py
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
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-messages-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'messages.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402

connections["default"].settings_dict["CONN_MAX_AGE"] = 60

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from interaction.models import Message, MessageChannel, MessageState  # noqa: E402
from interaction.provisioning import ensure_interaction  # noqa: E402
from sitegroup.lib.captcha import solve  # noqa: E402
from sitegroup.models import OrganisationKind, SensitiveWord, SensitiveWordLevel  # noqa: E402
from tests.builders import make_organisation  # noqa: E402

STATES = [
    (MessageState.PUBLISHED, 0.55),
    (MessageState.ANSWERED, 0.15),
    (MessageState.HANDLING, 0.12),
    (MessageState.TRIAGE, 0.05),
    (MessageState.REVIEW, 0.05),
    (MessageState.REJECTED, 0.04),
    (MessageState.MERGED, 0.02),
    (MessageState.HELD, 0.02),
]
QUESTION = re.compile(r"验证问题：(.+?等于几？)")
TOKEN = re.compile(r'name="captcha_0" value="([^"]+)"')


def reset_database():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def populate(count: int, rng: random.Random):
    portal = make_organisation("基准县人民政府", "localhost", kind=OrganisationKind.PORTAL)
    departments = [make_organisation(f"基准县第{number}局", f"d{number}.localhost") for number in range(1, 6)]
    for provisioned in [portal, *departments]:
        ensure_interaction(provisioned.organisation)
    channels = list(MessageChannel.objects.filter(organisation=portal.organisation))
    organisations = [department.organisation for department in departments]
    states, weights = zip(*STATES, strict=True)
    started = time.perf_counter()
    batch = []
    for number in range(count):
        received = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 1700))
        state = rng.choices(states, weights)[0]
        answered = state in (MessageState.PUBLISHED, MessageState.ANSWERED)
        organisation = rng.choice(organisations)
        batch.append(
            Message(
                organisation=organisation,
                channel=rng.choice(channels),
                lookup_code=f"{number:010d}",
                state=state,
                received_on=received,
                due_on=received + timedelta(days=7),
                title=f"关于第{number}号事项的咨询",
                body="请问办理需要哪些材料？" * 5,
                name="群众",
                phone="13800000000",
                reply="您好，请携带身份证件到窗口办理。" if answered else "",
                reply_organisation=organisation if answered else None,
                replied_on=received + timedelta(days=3) if answered else None,
                concluded_on=received + timedelta(days=4) if answered else None,
                working_days_taken=rng.randint(1, 9) if answered else None,
                was_late=answered and rng.random() < 0.08,
                published_title=f"关于第{number}号事项的咨询" if state == MessageState.PUBLISHED else "",
                published_body="请问办理需要哪些材料？" if state == MessageState.PUBLISHED else "",
                published_reply="您好，请携带身份证件到窗口办理。" if state == MessageState.PUBLISHED else "",
                published_on=received + timedelta(days=4) if state == MessageState.PUBLISHED else None,
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                Message.objects.bulk_create(batch)
            batch = []
    if batch:
        Message.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return channels, organisations, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client, plan, runs):
    for path, params in plan[:10]:
        client.get(path, params, HTTP_HOST="localhost")
    timings, statuses = [], set()
    for _ in range(runs):
        run = []
        for path, params in plan:
            started = time.perf_counter()
            response = client.get(path, params, HTTP_HOST="localhost")
            run.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
        timings.append(run)
    p50 = statistics.median(percentile(run, 0.5) for run in timings)
    p95 = statistics.median(percentile(run, 0.95) for run in timings)
    return p50, p95, statuses


def queries(client, path, params):
    captured = []

    def count_query(execute, sql, sql_params, many, context):
        captured.append(sql)
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(count_query):
        client.get(path, params, HTTP_HOST="localhost")
    return len(captured)


def submissions(client, channel, count):
    """POST the writing form `count` times (each from its own address, so the rate limit does not
    refuse): the form's captcha is read from a GET first, as a person would; only the POST is timed."""
    SensitiveWord.objects.get_or_create(word="法轮功", defaults={"level": SensitiveWordLevel.BLOCK})
    SensitiveWord.objects.get_or_create(word="办证", defaults={"level": SensitiveWordLevel.REVIEW})
    url = f"/hudong/write/{channel.pk}/"
    elapsed, statuses = 0.0, set()
    for number in range(count):
        page = client.get(url, HTTP_HOST="localhost").content.decode()
        data = {
            "title": "咨询低保办理",
            "body": "我母亲七十岁独居，想申请低保，请问需要准备哪些材料，在哪里办理？" * 8,
            "name": "李秀英",
            "phone": "13912345678",
            "wants_public": "1",
            "captcha_0": TOKEN.search(page).group(1),
            "captcha_1": solve(QUESTION.search(page).group(1)),
        }
        started = time.perf_counter()
        response = client.post(url, data, HTTP_HOST="localhost", REMOTE_ADDR=f"10.{number // 250}.{number % 250}.9")
        elapsed += time.perf_counter() - started
        statuses.add(response.status_code)
    return count / elapsed, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--submissions", type=int, default=200)
    args = parser.parse_args()
    reset_database()
    rng = random.Random(20261202)
    channels, organisations, build = populate(args.messages, rng)
    print(f"{connection.vendor}: {Message.objects.count()} messages in {build:.1f} s")
    client = Client()
    replies_plan = []
    for _ in range(args.requests):
        params = {}
        if rng.random() < 0.4:
            params["channel"] = rng.choice(channels).pk
        if rng.random() < 0.4:
            params["department"] = rng.choice(organisations).pk
        if rng.random() < 0.3:
            params["page"] = rng.randint(2, 5)
        replies_plan.append(("/hudong/replies/", params))
    for label, plan in (
        ("published replies list", replies_plan),
        ("statistics page (portal, every department)", [("/hudong/statistics/", {})] * args.requests),
    ):
        p50, p95, statuses = measure(client, plan, args.runs)
        count = queries(client, plan[0][0], plan[0][1])
        print(
            f"{label}: p50 {p50:.1f} ms  p95 {p95:.1f} ms (median of {args.runs} runs); "
            f"{count} SQL queries per page; statuses {sorted(statuses)}"
        )
    from django.core.cache import cache

    cold = []
    for _ in range(args.runs):
        cache.clear()
        started = time.perf_counter()
        client.get("/hudong/statistics/", HTTP_HOST="localhost")
        cold.append((time.perf_counter() - started) * 1000)
    print(f"statistics page, its 10-minute cache empty: {statistics.median(cold):.1f} ms (median of {args.runs})")
    baseline = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for _ in range(50):
            client.get("/robots.txt", HTTP_HOST="localhost")
        baseline.append((time.perf_counter() - started) * 1000 / 50)
    print(f"baseline robots.txt in the same process: {statistics.median(baseline):.2f} ms per request")
    rates = []
    for _ in range(args.runs):
        rate, statuses = submissions(client, channels[1], args.submissions // args.runs)
        rates.append(rate)
    print(
        f"submissions (form + captcha + sensitive words + lookup code + event + audit log): "
        f"{statistics.median(rates):.0f} per second on one core (median of {args.runs} runs); "
        f"statuses {sorted(statuses)}"
    )


if __name__ == "__main__":
    main()
