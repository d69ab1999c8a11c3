"""Site health monitor at scale: daily runs over a site of 10,000 pages (each check timed), against the
baseline of rendering every content page once in-process (estimated from a sample of pages rendered in
the same run); and external links checked per second with the politeness rules (per-host delay,
bounded concurrency, retries), against the bound those rules set.

Pages are inserted under one site (100 columns) with the search index's auto-update off (the build is
not what is measured); every page links to another page of the site and every 50th to a local HTTP
server. Run 1 records the 防篡改 baselines (renders every page once — a one-off after installation);
the next runs are the daily runs: every page's stored content is compared, and a share of the pages
(``SITEGROUP_HEALTH_TAMPER``: every page once per 7-day cycle) is rendered and compared.
SQLite by default; with DATABASE_URL set, on PostgreSQL.
    .venv/bin/python bench/health.py --pages 10000 --runs 3
"""

import argparse
import atexit
import http.server
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="sitegroup-bench-health-"))
# Removed however the run ends (an exception or Ctrl-C too): a search run used to leave 435 MB behind.
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'health.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from sitegroup.lib.linkcheck import check_links  # noqa: E402
from sitegroup.models import ArticlePage, ColumnPage  # noqa: E402
from sitegroup.services import health  # noqa: E402
from tests.builders import make_organisation  # noqa: E402


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802
        self.send_response(404 if self.path.endswith("/gone") else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


def serve(count: int) -> list[str]:
    bases = []
    for _ in range(count):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bases.append(f"http://127.0.0.1:{server.server_port}")
    return bases


def build_site(pages: int, bases: list[str]):
    provisioned = make_organisation("基准测试局", "bench.localhost")
    home = provisioned.home_page
    columns = []
    for number in range(100):
        column = ColumnPage(title=f"栏目{number}", slug=f"c{number}", column_type="news")
        home.add_child(instance=column)
        columns.append(column)
    now = timezone.now()
    for number in range(pages):
        column = columns[number % len(columns)]
        other = f"/c{(number + 1) % 100}/"
        external = f' <a href="{bases[number % len(bases)]}/p{number}">外部</a>' if number % 50 == 0 else ""
        column.add_child(
            instance=ArticlePage(
                title=f"基准文章{number}",
                slug=f"a{number}",
                source="基准测试局",
                publish_time=now,
                first_published_at=now,
                last_published_at=now,
                summary="推进政务公开标准化规范化工作。",
                body=[
                    {
                        "type": "paragraph",
                        "value": f'<p>全面推进政务公开，详见<a href="{other}">相关栏目</a>。{external}</p>',
                    }
                ],
            )
        )
    return provisioned.organisation


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=300, help="pages rendered for the baseline")
    parser.add_argument("--links", type=int, default=300)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    bases = serve(args.hosts)
    settings.SITEGROUP_HEALTH_LINK_CHECK = {"per_host_delay": 0.0, "max_links": 1000, "retries": 0}
    search_backends = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**options, "AUTO_UPDATE": False} for name, options in search_backends.items()
    }
    built, organisation = timed(lambda: build_site(args.pages, bases))
    settings.WAGTAILSEARCH_BACKENDS = search_backends
    print(f"{connection.vendor}: built {args.pages} pages in {built:.0f} s")  # noqa: T201
    context = health.SiteContext(organisation)
    pages = [page for page in context.live_pages if health.records_digest(page)]

    monitor, per_check = [], {}
    for run in range(args.runs):
        seconds, result = timed(lambda: health.run_site_health(organisation))
        monitor.append(seconds)
        label = "records the baselines" if run == 0 else "daily run"
        print(  # noqa: T201
            f"run {run + 1} ({label}): {seconds:.1f} s, {result.pages_checked} pages, "
            f"{result.pages_rendered} rendered and compared, {result.links_checked} links, "
            f"{result.problems.count()} problems"
        )
    sample = pages[:: max(1, len(pages) // args.sample)][: args.sample]
    sampled, _ = timed(lambda: [context.fetch(health.page_path(page, context.site)) for page in sample])
    render_all = sampled / len(sample) * len(pages)
    checked = health.SiteContext(organisation)
    per_check["(load pages)"], _ = timed(lambda: checked.live_pages)
    for check in health.registered_checks():
        per_check[check.code], _ = timed(lambda check=check: check.run(checked))
    daily = statistics.median(monitor[1:] or monitor)
    print(  # noqa: T201
        f"\nsite of {args.pages} pages: daily run median {daily:.1f} s ({args.pages / daily:.0f} pages/s); "
        f"baseline (render every content page once, {sampled / len(sample) * 1000:.0f} ms a page over "
        f"{len(sample)} pages) {render_all:.1f} s; ratio {daily / render_all:.2f}; "
        f"first run (records every baseline) {monitor[0]:.1f} s"
    )
    for code, seconds in per_check.items():
        print(f"  {code:16s} {seconds:7.2f} s")  # noqa: T201

    urls = [
        f"{bases[number % len(bases)]}/l{number}" + ("/gone" if number % 10 == 0 else "")
        for number in range(args.links)
    ]
    rates = []
    for _ in range(args.runs):
        seconds, results = timed(
            lambda: check_links(
                urls, per_host_delay=args.delay, concurrency=args.concurrency, retries=2, max_links=args.links
            )
        )
        assert sum(result.is_broken for result in results) == args.links // 10  # noqa: S101
        rates.append(len(results) / seconds)
    bound = args.hosts / args.delay  # steady state: one request per host per delay
    print(  # noqa: T201
        f"\nexternal links: {args.links} over {args.hosts} hosts, delay {args.delay} s/host, "
        f"{args.concurrency} at a time: "
        f"median {statistics.median(rates):.1f} links/s; politeness bound {bound:.1f} links/s; "
        f"ratio {statistics.median(rates) / bound:.2f}"
    )


if __name__ == "__main__":
    main()
