"""HTTP load on loopback: requests/s and p50/p95 latency at a fixed concurrency for a fixed time.

Starts its own Daphne on --port (dev settings with DEBUG off, the demo database in var/: run `make run` once
first), then drives keep-alive connections from asyncio workers. Bounded: --seconds (default 10).
    .venv/bin/python bench/http_load.py --concurrency 20 --seconds 10 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def worker(
    host: str,
    port: int,
    header_host: str,
    path: str,
    deadline: float,
    latencies: list[float],
    errors: list[int],
    *,
    targets: list[tuple[str, str]] | None = None,
    cache_counts: dict[str, int] | None = None,
    think: Callable[[], float] | None = None,
) -> None:
    """One keep-alive connection issuing GETs until `deadline`. Optional: `targets` (Host, path) pairs to take
    in turn instead of one; `cache_counts` counts the responses' X-Cache values (nginx's own X-Cache-Nginx
    as "nginx …"); `think` gives a pause after each answer (a reader reading the page)."""
    reader, writer = await asyncio.open_connection(host, port)
    requests = [
        f"GET {target_path} HTTP/1.1\r\nHost: {target_host}\r\nUser-Agent: Mozilla/5.0 bench\r\n\r\n".encode()
        for target_host, target_path in (targets or [(header_host, path)])
    ]
    turn = random.randrange(len(requests))
    try:
        while time.perf_counter() < deadline:
            request = requests[turn % len(requests)]
            turn += 1
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            closing = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                lower = line.lower()
                if lower.startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                elif lower.startswith(b"connection:") and b"close" in lower:
                    closing = True  # e.g. nginx after keepalive_requests (1,000) on one connection
                elif cache_counts is not None and lower.startswith((b"x-cache:", b"x-cache-nginx:")):
                    value = line.split(b":", 1)[1].strip().decode("latin-1")
                    key = f"nginx {value}" if lower.startswith(b"x-cache-nginx:") else value
                    cache_counts[key] = cache_counts.get(key, 0) + 1
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if not status_line.startswith(b"HTTP/1.1 200"):
                errors.append(1)
            if closing:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
            if think is not None:
                await asyncio.sleep(think())
    finally:
        writer.close()


async def run_load(port: int, header_host: str, path: str, concurrency: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.perf_counter() + seconds
    await asyncio.gather(
        *(worker("127.0.0.1", port, header_host, path, deadline, latencies, errors) for _ in range(concurrency))
    )
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "errors": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "0"}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "daphne"), "-b", "127.0.0.1", "-p", str(args.port), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4)
        targets = [
            ("portal home", "localhost", "/"),
            ("article page", "edu.localhost", "/news/news-1/"),
            ("baseline: robots.txt (no page tree, no template)", "localhost", "/robots.txt"),
        ]
        for label, host, path in targets:
            asyncio.run(run_load(args.port, host, path, 4, 1))  # warm up
            runs = [
                asyncio.run(run_load(args.port, host, path, args.concurrency, args.seconds)) for _ in range(args.runs)
            ]
            rps = statistics.median(run["rps"] for run in runs)
            p50 = statistics.median(run["p50"] for run in runs)
            p95 = statistics.median(run["p95"] for run in runs)
            errors = sum(run["errors"] for run in runs)
            print(
                f"{label:<48} {rps:7.1f} req/s  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  non-200: {errors}"
                f"  (median of {args.runs} × {args.seconds:.0f}s, c={args.concurrency})"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
