"""What the load balancer, the monitoring and the log collector see (docs/deploy.md, "Operations").

- `/healthz`: the process is up and answering; touches nothing else (no database, no cache).
- `/readyz`: the database, the cache, the channel layer and the search index answer; 503 naming what
  failed otherwise, so the load balancer takes the process out of rotation.
- `/metrics`: request counts and latencies in Prometheus' text format, per process, answered only to
  the addresses in METRICS_ALLOWED_ADDRESSES (loopback by default) and never through nginx (its
  configuration answers 404 for it); anyone else gets the ordinary 404.
- Every request carries a request id: nginx's `X-Request-ID` when it sent a well-formed one, else a new
  one; it is echoed in the response and put on every log record written while the request runs
  (RequestIdFilter), and one JSON line per request goes to the `sitegroup.requests` logger.
- Client addresses: behind nginx, REMOTE_ADDR is nginx's; when (and only when) the peer is one of
  TRUSTED_PROXIES the address nginx saw (`X-Real-IP`, else the last `X-Forwarded-For` hop) replaces it,
  so rate limits and lock-outs count citizens, while a forged header from anyone else is ignored.

The middleware answering these runs first in the chain, sync- and async-capable, without a thread hop
except for /readyz.
"""

from __future__ import annotations

import contextvars
import ipaddress
import json
import logging
import re
import threading
import time
import uuid
from inspect import iscoroutinefunction

from asgiref.sync import markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from wagtail import hooks

request_logger = logging.getLogger("sitegroup.requests")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Latency buckets (seconds) of the request histogram.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record (`%(request_id)s`; "-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message (and the request fields)."""

    FIELDS = ("method", "path", "status", "duration_ms", "client", "host")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", _request_id.get()),
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class Metrics:
    """Per-process request counters and a latency histogram, rendered in Prometheus' text format."""

    def __init__(self):
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str], int] = {}
        self.bucket_counts = [0] * len(BUCKETS)
        self.duration_sum = 0.0
        self.duration_count = 0
        self.in_flight = 0

    def observe(self, method: str, status: int, seconds: float) -> None:
        key = (method if method in ("GET", "HEAD", "POST") else "other", f"{status // 100}xx")
        with self._lock:
            self.requests[key] = self.requests.get(key, 0) + 1
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    self.bucket_counts[index] += 1
            self.duration_sum += seconds
            self.duration_count += 1

    def render(self) -> str:
        with self._lock:
            lines = [
                "# HELP sitegroup_http_requests_total HTTP requests answered, by method and status class.",
                "# TYPE sitegroup_http_requests_total counter",
            ]
            for (method, status), count in sorted(self.requests.items()):
                lines.append(f'sitegroup_http_requests_total{{method="{method}",status="{status}"}} {count}')
            lines += [
                "# HELP sitegroup_http_request_duration_seconds Time from the request to its response.",
                "# TYPE sitegroup_http_request_duration_seconds histogram",
            ]
            for bound, count in zip(BUCKETS, self.bucket_counts, strict=True):
                lines.append(f'sitegroup_http_request_duration_seconds_bucket{{le="{bound}"}} {count}')
            lines.append(f'sitegroup_http_request_duration_seconds_bucket{{le="+Inf"}} {self.duration_count}')
            lines.append(f"sitegroup_http_request_duration_seconds_sum {self.duration_sum:.6f}")
            lines.append(f"sitegroup_http_request_duration_seconds_count {self.duration_count}")
            lines += [
                "# HELP sitegroup_http_requests_in_flight Requests being answered now.",
                "# TYPE sitegroup_http_requests_in_flight gauge",
                f"sitegroup_http_requests_in_flight {self.in_flight}",
            ]
        return "\n".join(lines) + "\n"


metrics = Metrics()


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


def forwarded_client(meta: dict) -> str | None:
    """The client address nginx saw, when the peer is a trusted proxy; None otherwise."""
    if not _in(meta.get("REMOTE_ADDR", ""), settings.TRUSTED_PROXIES):
        return None
    candidate = meta.get("HTTP_X_REAL_IP", "").strip()
    if not candidate:
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        candidate = hops[-1] if hops else ""
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def readiness() -> dict[str, str]:
    """Each dependency → "ok" or why it failed."""
    checks = {}

    def run(name, probe):
        try:
            probe()
            checks[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure makes the process not ready
            checks[name] = f"{type(error).__name__}: {error}"[:200]

    def database():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    def cache():
        from django.core.cache import cache as default_cache

        token = uuid.uuid4().hex
        default_cache.set("sitegroup:readyz", token, 10)
        if default_cache.get("sitegroup:readyz") != token:
            raise RuntimeError("cache did not keep a value")

    def channel_layer():
        from asgiref.sync import async_to_sync
        from channels.layers import InMemoryChannelLayer, get_channel_layer

        layer = get_channel_layer()
        if layer is None or isinstance(layer, InMemoryChannelLayer):
            return  # in-process: there whenever the process is
        async_to_sync(layer.send)("sitegroup.readyz", {"type": "readyz.probe"})

    run("database", database)
    run("cache", cache)
    run("channel_layer", channel_layer)
    # Other apps' dependencies (the search backend): hook `sitegroup_readiness_checks` returns
    # (name, check) pairs; a check raises when its dependency cannot be reached.
    for hook in hooks.get_hooks("sitegroup_readiness_checks"):
        for name, check in hook():
            run(name, check)
    return checks


def _ready_response(checks: dict[str, str]) -> JsonResponse:
    failed = [name for name, result in checks.items() if result != "ok"]
    return JsonResponse(
        {"status": "ok" if not failed else "unavailable", "failed": failed, "checks": checks},
        status=200 if not failed else 503,
        json_dumps_params={"ensure_ascii": False},
    )


class OperationsMiddleware:
    """First in the chain: request id, trusted client address, metrics, /healthz, /readyz, /metrics."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def _begin(self, request) -> tuple[contextvars.Token, float]:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if REQUEST_ID_PATTERN.match(given) else uuid.uuid4().hex
        client = forwarded_client(request.META)
        if client:
            request.META["SITEGROUP_PROXY_ADDR"] = request.META["REMOTE_ADDR"]
            request.META["REMOTE_ADDR"] = client
        with metrics._lock:
            metrics.in_flight += 1
        return _request_id.set(request.request_id), time.perf_counter()

    def _own(self, request):
        """The answer for an operations path, or None."""
        path = request.path
        if path == "/healthz":
            return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
        if path == "/metrics":
            if not _in(request.META.get("REMOTE_ADDR", ""), settings.METRICS_ALLOWED_ADDRESSES) or request.META.get(
                "SITEGROUP_PROXY_ADDR"
            ):
                return HttpResponseNotFound("", content_type="text/plain; charset=utf-8")
            return HttpResponse(metrics.render(), content_type="text/plain; version=0.0.4; charset=utf-8")
        return None

    def _end(self, request, response, token, started) -> None:
        seconds = time.perf_counter() - started
        with metrics._lock:
            metrics.in_flight -= 1
        if response is not None:
            response["X-Request-ID"] = request.request_id
            metrics.observe(request.method, response.status_code, seconds)
            if request.path not in ("/healthz", "/readyz", "/metrics"):
                request_logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round(seconds * 1000, 1),
                        "client": request.META.get("REMOTE_ADDR", ""),
                        "host": request.META.get("HTTP_HOST", ""),
                    },
                )
        _request_id.reset(token)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        token, started = self._begin(request)
        response = None
        try:
            response = self._own(request)
            if response is None and request.path == "/readyz":
                response = _ready_response(readiness())
            if response is None:
                response = self.get_response(request)
            return response
        finally:
            self._end(request, response, token, started)

    async def __acall__(self, request):
        token, started = self._begin(request)
        response = None
        try:
            response = self._own(request)
            if response is None and request.path == "/readyz":
                response = _ready_response(await sync_to_async(readiness)())
            if response is None:
                response = await self.get_response(request)
            return response
        finally:
            self._end(request, response, token, started)
