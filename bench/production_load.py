"""Production load (issue 15, "Measure"): nginx before two server processes on production settings, with
PostgreSQL and Redis, on loopback, the demo site group in the database.

1. Cached pages against a static file of the same size, in the same run: requests/s and p50/p95 of the portal
   home and the portal's newest article, each beside nginx serving a file of that page's byte size from the
   static root (the page's own bytes). Goal: cached pages ≥ 50 % of the static file's requests/s. The X-Cache
   values of every page response are counted (the cached runs must be HITs).
2. The same pages uncached: the server processes restarted with SITEGROUP_PAGE_CACHE=0.
3. A mixed load (default 60 s): page readers across all the demo's sites (home, a column, an article of each,
   taken in turn) beside interview viewers on WebSocket in the demo's live interview, the host posting once a
   second through the console (the real `live.post` service). Goal: page p95 < 200 ms, 0 errors, 0 lost.
   Baseline in the same run: the same readers alone (--baseline-seconds) before the viewers connect.

Reuses: scripts/services.sh (PostgreSQL + Redis, own ports), deploy/nginx/ (bench/production_stack.py renders
it as the integration stage does), bench/http_load.py's keep-alive worker and bench/interviews.py's viewers,
loss counting and console posts. The demo takes minutes to load: --reuse-demo keeps a loaded database.

    .venv/bin/python bench/production_load.py                       # loads the demo, then measures
    .venv/bin/python bench/production_load.py --reuse-demo --runs 3 --seconds 10 --mixed-seconds 60
    .venv/bin/python bench/production_load.py --reuse-demo --server uvicorn --phases cached,mixed

Bounded: every load phase ≤ 60 s, loopback only; the services are stopped at the end (also on failure)
unless --keep-services.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import http_load, interviews  # noqa: E402
from bench.production_stack import (  # noqa: E402
    HOST,
    ROOT,
    Nginx,
    Servers,
    database_has_demo,
    database_url,
    free_port,
    manage,
    production_env,
    recreate_database,
    services,
)

MAX_SECONDS = 60
SERVER_LABELS = {"serve": "manage.py serve (Daphne)", "uvicorn": "uvicorn (uvloop, httptools)"}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += interviews.cpu_seconds(pid)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def fetch(port: int, host: str, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": f"{host}:{port}", "User-Agent": "Mozilla/5.0 bench"})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


# -- the world: demo database, pages to read, the live interview ------------------------------------------


def prepare_database(args, exports: dict[str, str], work: Path) -> dict[str, str]:
    server_url = exports["DATABASE_URL"]
    env = production_env(
        database=database_url(server_url, args.database), redis=exports["REDIS_URL"], work=work, page_cache=True
    )
    for folder in ("var", "media", "static"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    if args.reuse_demo and database_has_demo(server_url, args.database):
        print(f"reusing the demo in database {args.database}", file=sys.stderr)
    else:
        started = time.monotonic()
        recreate_database(server_url, args.database)
        manage(env, "migrate", "--noinput", "-v0", stdout=sys.stderr)
        with (work / "demo-accounts.txt").open("wb") as accounts:
            manage(env, "load_demo", stdout=accounts)
        manage(env, "search_check", "--fix", "--show", "0", stdout=sys.stderr)
        print(f"demo loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)
    if not (work / "static" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0", stdout=sys.stderr)
    return env


def discover(env: dict[str, str]) -> dict:
    """Set Django up in this process on the same settings; the sites' pages and the live interview."""
    os.environ.update(env)
    import django

    django.setup()
    from wagtail.models import Site

    from interviews.models import InterviewPage, InterviewRole, InterviewRoleKind, InterviewRoom, InterviewState
    from interviews.services import live
    from sitegroup.models.pages import ArticlePage, ColumnPage

    def relative(page) -> str:
        return page.specific.get_url_parts()[2]

    sites = []
    for site in Site.objects.select_related("root_page").order_by("-is_default_site", "hostname"):
        root = site.root_page
        column = ColumnPage.objects.live().public().descendant_of(root).order_by("path").first()
        article = (
            ArticlePage.objects.live()
            .public()
            .descendant_of(root)
            .filter(link_url="", link_page__isnull=True)  # 外链稿件 only redirect
            .order_by("-first_published_at")
            .first()
        )
        sites.append(
            {
                "host": site.hostname,
                "portal": site.is_default_site,
                "paths": {
                    "home": "/",
                    **({"column": relative(column)} if column else {}),
                    **({"article": relative(article)} if article else {}),
                },
            }
        )
    portal = next(site for site in sites if site["portal"])
    room = InterviewRoom.objects.filter(state=InterviewState.LIVE).select_related("interview").first()
    if room is None:  # the demo's live interview has ended: start the announced one
        room = InterviewRoom.objects.filter(state=InterviewState.ANNOUNCED).select_related("interview").first()
        director = InterviewRole.objects.filter(interview=room.interview, role=InterviewRoleKind.DIRECTOR).first()
        live.start(room.interview, director.user)
    interview = InterviewPage.objects.get(pk=room.interview_id)
    host = InterviewRole.objects.filter(interview=interview, role=InterviewRoleKind.HOST).select_related("user")[0]
    return {
        "sites": sites,
        "portal": portal,
        "interview": {"id": interview.pk, "title": interview.title, "session": interviews.staff_session(host.user)},
    }


# -- load -----------------------------------------------------------------------------------------------


async def load(port: int, targets: list[tuple[str, str]], concurrency: int, seconds: float, *, think=None) -> dict:
    """`concurrency` keep-alive connections through nginx for `seconds`, taking `targets` in turn. A broken
    connection counts as an error and is opened again."""
    latencies: list[float] = []
    non_200: list[int] = []
    broken: list[str] = []
    cache: dict[str, int] = {}
    deadline = time.perf_counter() + seconds

    async def connection():
        while time.perf_counter() < deadline:
            try:
                await http_load.worker(
                    HOST, port, "", "", deadline, latencies, non_200, targets=targets, cache_counts=cache, think=think
                )
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                broken.append(repr(error))
                await asyncio.sleep(0.05)

    cpu_before = _own_cpu()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50": interviews._percentile(latencies, 0.5) * 1000,
        "p95": interviews._percentile(latencies, 0.95) * 1000,
        "errors": len(non_200) + len(broken),
        "broken": broken[:3],
        "cache": cache,
        "client_cpu": (_own_cpu() - cpu_before) / seconds,
    }


def _merge(counts: list[dict[str, int]]) -> str:
    total: dict[str, int] = {}
    for each in counts:
        for key, value in each.items():
            total[key] = total.get(key, 0) + value
    return ", ".join(f"{key} {value}" for key, value in sorted(total.items())) or "no X-Cache header"


def write_static_twins(port: int, world: dict, work: Path) -> dict[str, dict]:
    """For the portal home and article: the page's own bytes as a file in the static root, served by nginx."""
    portal = world["portal"]
    folder = work / "static" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    twins = {}
    for kind in ("home", "article"):
        path = portal["paths"][kind]
        status, headers, body = fetch(port, portal["host"], path)
        if status != 200:
            raise SystemExit(f"{portal['host']}{path} answered {status}")
        name = f"{kind}-{len(body)}.html"
        (folder / name).write_bytes(body)
        static_status, static_headers, static_body = fetch(port, portal["host"], f"/static/bench/{name}")
        if static_status != 200 or abs(len(static_body) - len(body)) > 0.1 * len(body):
            raise SystemExit(f"the static twin of {path} is not served at its size ({static_status})")
        if "content-length" not in headers or "content-length" not in static_headers:
            raise SystemExit("a response without Content-Length: the load worker cannot read it")
        twins[kind] = {"page": path, "static": f"/static/bench/{name}", "page_bytes": len(body)}
        twins[kind]["static_bytes"] = len(static_body)
    return twins


def compare(port: int, world: dict, twins: dict, args, pids, *, cached: bool) -> list[str]:
    host = f"{world['portal']['host']}:{port}"
    rows: dict[str, list[dict]] = {}
    order = []
    for kind in ("article", "home"):
        order += [
            (f"static file, {kind} size", twins[kind]["static"]),
            (f"{kind} ({'cached' if cached else 'uncached'})", twins[kind]["page"]),
        ]
    for _label, path in order:  # warm up: the first render stores the page (cached runs)
        asyncio.run(load(port, [(host, path)], 4, 1))
    for run in range(args.runs):
        for label, path in order:
            stack_before = _cpu(pids())
            result = asyncio.run(load(port, [(host, path)], args.concurrency, args.seconds))
            result["stack_ms"] = (_cpu(pids()) - stack_before) / max(1, result["requests"]) * 1000
            rows.setdefault(label, []).append(result)
            print(
                f"  run {run + 1} {label:<30} {result['rps']:8.1f} req/s  p50 {result['p50']:6.1f} ms  "
                f"p95 {result['p95']:6.1f} ms  errors {result['errors']}  X-Cache: {_merge([result['cache']])}  "
                f"client CPU {result['client_cpu'] * 100:.0f} %  stack {result['stack_ms']:.2f} ms CPU/request  "
                f"load {load_average()}",
                file=sys.stderr,
                flush=True,
            )
    lines = []
    for label, results in rows.items():
        lines.append(
            f"{label:<30} {statistics.median(r['rps'] for r in results):8.1f} req/s  "
            f"p50 {statistics.median(r['p50'] for r in results):6.1f} ms  "
            f"p95 {statistics.median(r['p95'] for r in results):6.1f} ms  errors {sum(r['errors'] for r in results)}  "
            f"X-Cache: {_merge([r['cache'] for r in results])}  "
            f"CPU per request: nginx+servers {statistics.median(r['stack_ms'] for r in results):.2f} ms  "
            f"load client {statistics.median(r['client_cpu'] for r in results) * 100:.0f} % of a core"
        )
    for kind in ("article", "home"):
        static = rows[f"static file, {kind} size"]
        page = rows[f"{kind} ({'cached' if cached else 'uncached'})"]
        ratios = [p["rps"] / s["rps"] for p, s in zip(page, static, strict=True)]
        lines.append(
            f"  {kind} {'cached' if cached else 'uncached'} / static file (same run): "
            + " / ".join(f"{ratio * 100:.0f} %" for ratio in ratios)
            + f"  median {statistics.median(ratios) * 100:.0f} %"
            + (f"  (goal ≥ 50 %: {'met' if statistics.median(ratios) >= 0.5 else 'NOT met'})" if cached else "")
            + f"  [{twins[kind]['page_bytes']:,} B page, {twins[kind]['static_bytes']:,} B file]"
        )
    return lines


async def mixed(port: int, world: dict, args, stack_pids) -> dict:
    """Readers across all sites beside viewers of the live interview and the host posting once a second."""
    targets = [(f"{site['host']}:{port}", path) for site in world["sites"] for path in site["paths"].values()]
    for host, path in targets:  # every page once, as a site in service has been visited before
        await asyncio.to_thread(fetch, port, host.split(":")[0], path)

    def think() -> float:
        return random.uniform(0.5 * args.think, 1.5 * args.think)

    pause = think if args.think else None
    # Baseline in the same run: the same readers alone, before any viewer connects.
    alone = await load(port, targets, args.readers, args.baseline_seconds, think=pause)
    interview = world["interview"]
    start_seq = await asyncio.to_thread(interviews.last_sequence, interview["id"])
    stop = asyncio.Event()
    gate = asyncio.Semaphore(200)
    connect_times: list[float] = []
    viewers = [interviews.Viewer(last=start_seq) for _ in range(args.viewers)]
    began = time.perf_counter()
    tasks = [
        asyncio.ensure_future(interviews.run_viewer(viewer, port, interview["id"], stop, gate, connect_times))
        for viewer in viewers
    ]
    joined = asyncio.ensure_future(asyncio.gather(*(viewer.connected.wait() for viewer in viewers)))
    await asyncio.wait([joined], timeout=120)
    connected = sum(viewer.connected.is_set() for viewer in viewers)
    connect_wall = time.perf_counter() - began
    print(f"  {connected} of {args.viewers} viewers connected in {connect_wall:.1f} s", file=sys.stderr, flush=True)
    await asyncio.sleep(2)

    cpu_before, client_before = _cpu(stack_pids()), _own_cpu()
    load_before = load_average()

    async def host_posting() -> tuple[int, int]:
        sent = failed = 0
        next_at = time.perf_counter()
        deadline = next_at + args.mixed_seconds
        while time.perf_counter() < deadline:
            ok = await asyncio.to_thread(interviews.post, port, interview, sent + failed + 1)
            sent += ok
            failed += not ok
            next_at += 1 / args.rate
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        return sent, failed

    pages, (sent, failed) = await asyncio.gather(
        load(port, targets, args.readers, args.mixed_seconds, think=pause), host_posting()
    )
    cpu_used, client_used = _cpu(stack_pids()) - cpu_before, _own_cpu() - client_before
    load_after = load_average()
    end_seq = await asyncio.to_thread(interviews.last_sequence, interview["id"])
    expected = set(range(start_seq + 1, end_seq + 1))
    drain_until = time.perf_counter() + 10
    while time.perf_counter() < drain_until and any(not expected <= viewer.seen for viewer in viewers):
        await asyncio.sleep(0.2)
    stop.set()
    joined.cancel()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    delivery = sorted(latency for viewer in viewers for latency in viewer.latencies)
    return {
        "targets": len(targets),
        "sites": len(world["sites"]),
        "pages": pages,
        "alone": alone,
        "viewers": args.viewers,
        "connected": connected,
        "connect_wall": connect_wall,
        "posts_sent": sent,
        "posts_failed": failed,
        "posts_committed": end_seq - start_seq,
        "lost": sum(len(expected - viewer.seen) for viewer in viewers),
        "reconnects": sum(viewer.reconnects for viewer in viewers),
        "delivery_p50": interviews._percentile(delivery, 0.5) * 1000,
        "delivery_p95": interviews._percentile(delivery, 0.95) * 1000,
        "delivery_max": (delivery[-1] if delivery else float("nan")) * 1000,
        "stack_cpu": cpu_used / args.mixed_seconds,
        "client_cpu": client_used / args.mixed_seconds,
        "load": f"{load_before} → {load_after}",
    }


def report_mixed(result: dict, args) -> list[str]:
    pages = result["pages"]
    goal = pages["p95"] < 200 and pages["errors"] == 0 and result["lost"] == 0 and result["connected"] == args.viewers
    return [
        f"mixed load {args.mixed_seconds:.0f} s: {args.readers} page readers over {result['targets']} pages of "
        f"{result['sites']} sites (think {args.think:g} s ±50 %) + {args.viewers} interview viewers, "
        f"{args.rate:g} post/s",
        f"  pages      {pages['requests']} requests ({pages['rps']:.1f}/s)  p50 {pages['p50']:.1f} ms  "
        f"p95 {pages['p95']:.1f} ms  errors {pages['errors']} {pages['broken'] or ''}  "
        f"X-Cache: {_merge([pages['cache']])}",
        f"  baseline   the same readers alone for {args.baseline_seconds:g} s before: {result['alone']['requests']} "
        f"requests  p50 {result['alone']['p50']:.1f} ms  p95 {result['alone']['p95']:.1f} ms  "
        f"errors {result['alone']['errors']}",
        f"  viewers    {result['connected']} of {result['viewers']} connected in {result['connect_wall']:.1f} s, "
        f"reconnects {result['reconnects']}",
        f"  posts      sent {result['posts_sent']} (failed {result['posts_failed']}), committed "
        f"{result['posts_committed']}, messages lost {result['lost']}  delivery p50 {result['delivery_p50']:.0f} ms  "
        f"p95 {result['delivery_p95']:.0f} ms  max {result['delivery_max']:.0f} ms",
        f"  CPU        nginx + servers {result['stack_cpu'] * 100:.0f} % of a core, load client "
        f"{result['client_cpu'] * 100:.0f} %; load average {result['load']}",
        f"  goal (p95 < 200 ms, 0 errors, 0 lost, all viewers connected): {'met' if goal else 'NOT met'}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="each requests/s run")
    parser.add_argument("--concurrency", type=int, default=20, help="connections of each requests/s run")
    parser.add_argument("--mixed-seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=100)
    parser.add_argument("--baseline-seconds", type=float, default=20, help="readers alone before the mixed load")
    parser.add_argument("--think", type=float, default=1.0, help="a reader's pause between pages (0: none)")
    parser.add_argument("--viewers", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=1.0, help="interview posts per second")
    parser.add_argument("--phases", default="cached,uncached,mixed")
    parser.add_argument("--server", choices=sorted(SERVER_LABELS), default="serve", help="the server processes")
    parser.add_argument("--reuse-demo", action="store_true", help="keep the demo already in --database")
    parser.add_argument("--database", default="sitegroup")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench-production-load")
    parser.add_argument("--services-dir", type=Path, default=Path("/tmp/prodload-services"))  # noqa: S108 - the services folder, like scripts/services.sh
    parser.add_argument("--pg-port", type=int, default=55481)
    parser.add_argument("--redis-port", type=int, default=56481)
    parser.add_argument("--keep-services", action="store_true", help="leave PostgreSQL and Redis running")
    args = parser.parse_args()
    if not all(0 < value <= MAX_SECONDS for value in (args.seconds, args.mixed_seconds, args.baseline_seconds)):
        parser.error(f"load phases are bounded to {MAX_SECONDS} s")
    if not (1 <= args.viewers <= 10_000 and 1 <= args.readers <= 1000 and 1 <= args.runs <= 9):
        parser.error("viewers 1..10000, readers 1..1000, runs 1..9")
    phases = set(args.phases.split(","))
    if interviews._raise_open_files() < args.viewers + args.readers + 200:
        parser.error("the open-file limit is too low for this many viewers")

    lines = [f"load average at start: {load_average()} ({os.cpu_count()} cores)"]
    servers = nginx = None
    try:
        exports = services("start", folder=args.services_dir, pg_port=args.pg_port, redis_port=args.redis_port)
        args.work.mkdir(parents=True, exist_ok=True)
        env = prepare_database(args, exports, args.work)
        world = discover(env)
        servers = Servers([free_port(), free_port()], args.work / "logs", kind=args.server)
        port, purge_port = free_port(), free_port()
        nginx = Nginx(run=args.work / "nginx", var=args.work, port=port, upstreams=servers.ports, purge_port=purge_port)
        # nginx keeps the pages the application offers it, purged by the application (docs/page-cache.md).
        env.update(
            SITEGROUP_PAGE_CACHE_PURGE_BACKENDS="sitegroup.services.frontend_cache.NginxPurgeBackend",
            SITEGROUP_PAGE_CACHE_PURGE_ORIGIN=f"http://127.0.0.1:{purge_port}",
            SITEGROUP_NGINX_PAGE_VIEW_LOG=str(args.work / "nginx" / "page-views.log"),
        )
        servers.start(env)
        nginx.start()
        nginx.clear_cache()  # nothing left from an earlier run
        twins = write_static_twins(port, world, args.work)

        def pids() -> list[int]:
            return servers.pids() + nginx.pids()

        lines.append(
            f"stack: nginx :{port} → 2 × {SERVER_LABELS[args.server]} (config.settings.production) → PostgreSQL "
            f":{args.pg_port}, Redis :{args.redis_port}; {len(world['sites'])} sites; "
            f"c={args.concurrency}, median of {args.runs} × {args.seconds:g} s"
        )
        if "cached" in phases:
            lines += ["cached (SITEGROUP_PAGE_CACHE=1):", *compare(port, world, twins, args, pids, cached=True)]
        if "uncached" in phases:
            servers.stop()
            servers.start({**env, "SITEGROUP_PAGE_CACHE": "0"})
            nginx.clear_cache()
            lines += ["uncached (SITEGROUP_PAGE_CACHE=0):", *compare(port, world, twins, args, pids, cached=False)]
            servers.stop()
            servers.start(env)
        if "mixed" in phases:
            result = asyncio.run(mixed(port, world, args, pids))
            lines += report_mixed(result, args)
        lines.append(f"load average at end: {load_average()}")
    finally:
        if nginx is not None:
            nginx.stop()
        if servers is not None:
            servers.stop()
        if not args.keep_services:
            services("stop", folder=args.services_dir, pg_port=args.pg_port, redis_port=args.redis_port)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
