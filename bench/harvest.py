"""信息抓取: how long one run takes to fetch and parse N list-page articles from a local server that answers
each request after a delay (a slow remote site), with the default concurrency and per-host politeness,
against the same run fetching one request at a time (the baseline, measured in the same run). Also the
parse + sanitise + digest rate per article (in-process, no network).

    .venv/bin/python bench/harvest.py --articles 40 --latency 0.05 --runs 3
"""

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.test import override_settings  # noqa: E402

from sitegroup.lib import harvest_parse  # noqa: E402
from sitegroup.models import HarvestSource, HarvestSourceKind  # noqa: E402
from sitegroup.services.harvest import _collect  # noqa: E402

ARTICLE = (ROOT / "sitegroup" / "demo" / "harvest" / "news-1.html").read_bytes()


HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")  # four "sites" on loopback


def serve(articles: int, latency: float):
    page = b""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            time.sleep(latency)
            if "/img/" in self.path:
                body = (ROOT / "sitegroup" / "demo" / "harvest" / "img" / "photo-1.png").read_bytes()
            elif self.path.startswith("/a/"):
                body = ARTICLE.replace(b"</h1>", f" {self.path}</h1>".encode())
            else:
                body = page
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    servers = []
    for host in HOSTS:
        server = ThreadingHTTPServer((host, 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    links = []
    for number in range(articles):
        host, port = servers[number % len(servers)].server_address[:2]
        links.append(f'<li><a href="http://{host}:{port}/a/{number}.html">{number}</a></li>')
    page = f'<ul class="news-list">{"".join(links)}</ul>'.encode()
    return servers


def one_run(port: int, concurrency: int, delay: float) -> float:
    source = HarvestSource(
        kind=HarvestSourceKind.HTML,
        url=f"http://127.0.0.1:{port}/list.html",
        link_selector="ul.news-list a",
        title_selector="h1",
        date_selector=".pubdate",
        body_selector="div.article-body",
        max_items=200,
    )
    with override_settings(HARVEST_CONCURRENCY=concurrency, HARVEST_HOST_DELAY_SECONDS=delay):
        started = time.perf_counter()
        collected = asyncio.run(_collect(source, set()))
        elapsed = time.perf_counter() - started
    if collected.errors or len(collected.entries) != collected.found:
        raise SystemExit(f"抓取出错：{collected.errors[:3]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    servers = serve(args.articles, args.latency)
    port = servers[0].server_address[1]
    baseline = statistics.median(one_run(port, 1, 0.0) for _ in range(args.runs))
    concurrent = statistics.median(one_run(port, 4, 0.0) for _ in range(args.runs))
    polite = statistics.median(one_run(port, 4, 0.2) for _ in range(args.runs))
    for server in servers:
        server.shutdown()
    requests = 1 + args.articles * 2  # list, each article, its image
    out = sys.stdout.write
    out(
        f"harvest fetch, {args.articles} articles + images on {len(HOSTS)} hosts, "
        f"server latency {args.latency * 1000:.0f} ms/request\n"
    )
    out(f"  one request at a time (baseline): {baseline:.2f} s ({requests / baseline:.1f} req/s)\n")
    out(f"  concurrency 4, no host delay:     {concurrent:.2f} s ({baseline / concurrent:.1f}x baseline)\n")
    out(
        f"  concurrency 4, 0.2 s host delay:  {polite:.2f} s "
        f"(politeness bound: >= {0.2 * (requests - 1) / len(HOSTS):.1f} s)\n"
    )
    html = ARTICLE.decode()
    rounds = 500
    started = time.perf_counter()
    for _ in range(rounds):
        entry = harvest_parse.parse_article(
            html, "http://x.cn/a.html", title_selector="h1", date_selector=".pubdate", body_selector="div.article-body"
        )
        body = harvest_parse.sanitise(entry.body_html, entry.url)
        harvest_parse.split_body(body)
        harvest_parse.content_digest(entry.title, body)
    rate = rounds / (time.perf_counter() - started)
    out(f"  parse + sanitise + split + digest: {rate:.0f} articles/s (one core, in-process)\n")


if __name__ == "__main__":
    main()
