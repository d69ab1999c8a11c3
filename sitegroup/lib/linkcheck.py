"""External link checking that is bounded and polite: a cap per run, a few parallel requests, a
delay between requests to the same host, and retries with back-off for transient failures.

Pure library (no Django). ``check_links(urls)`` returns one ``LinkResult`` per distinct URL; the
fetch function is injectable (tests and the benchmark pass their own or point at a local server).
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

USER_AGENT = "SitegroupHealthMonitor/1.0 (+link check; bot)"
RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None  # HTTP status of the last attempt; None when no answer came
    error: str  # "" when the link works
    attempts: int

    @property
    def is_broken(self) -> bool:
        return bool(self.error)


def urllib_fetch(url: str, timeout: float) -> int:
    """HEAD the URL (GET when HEAD is refused); returns the status, raises OSError on no answer."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked
                return response.status
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return error.code
    return 0


class _HostGate:
    """At most one request at a time per host, and ``delay`` seconds between the starts."""

    def __init__(self, delay: float, clock: Callable[[], float], sleep: Callable[[float], None]):
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    def lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            remaining = last + self.delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last[host] = self.clock()


def check_links(
    urls: Iterable[str],
    *,
    fetch: Callable[[str, float], int] = urllib_fetch,
    concurrency: int = 4,
    per_host_delay: float = 1.0,
    retries: int = 2,
    backoff: float = 1.0,
    timeout: float = 10.0,
    max_links: int = 500,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[LinkResult]:
    """Check up to ``max_links`` distinct http(s) URLs; a link is broken on 4xx/5xx or no answer
    after ``retries`` more attempts."""
    distinct = []
    for url in dict.fromkeys(urls):
        if urlsplit(url).scheme in ("http", "https"):
            distinct.append(url)
        if len(distinct) >= max_links:
            break
    gate = _HostGate(per_host_delay, clock, sleep)

    def check(url: str) -> LinkResult:
        host = urlsplit(url).netloc.lower()
        status, error = None, ""
        for attempt in range(1, retries + 2):
            with gate.lock(host):
                gate.wait_turn(host)
                try:
                    status, error = fetch(url, timeout), ""
                except (OSError, ValueError) as problem:
                    status, error = None, f"无法访问（{type(problem).__name__}）"
            if status is not None and status < 400:
                return LinkResult(url, status, "", attempt)
            if status is not None:
                error = f"HTTP {status}"
            if (status is not None and status not in RETRY_STATUSES) or attempt > retries:
                return LinkResult(url, status, error, attempt)
            sleep(backoff * attempt)
        return LinkResult(url, status, error, retries + 1)

    if not distinct:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(distinct)))) as pool:
        return list(pool.map(check, distinct))
