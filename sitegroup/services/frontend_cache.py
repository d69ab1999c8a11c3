"""nginx in front keeps anonymous pages too, so a hit never reaches Python (docs/page-cache.md, "nginx").

The application decides what nginx may keep and for how long: a response the page cache stored (a miss)
or served (a hit) carries `X-Accel-Expires: <seconds>` — what is left of that entry's life — and nginx
stores exactly those, under `$host$request_uri` (deploy/nginx/sitegroup-locations.conf). nginx never
stores anything else: no header, no entry. Visitors nginx must not share a copy with (signed in, in the
middle of a form, in the elder-friendly mode) bypass nginx's cache by their cookies and are answered here.

Purges stay tag-based: each URL handed to nginx is recorded under the tags of the page it shows (Redis
sets, `pc:urls:<tag>`), and a purge of tags sends `PURGE` for exactly the URLs recorded under them (the
Debian package libnginx-mod-http-cache-purge), whether the tag is one page, a site or everything. The set
is taken atomically (RENAME), so a URL recorded during a purge waits for the next one; and the purge runs
again `PAGE_CACHE_FRONTEND_REPURGE_SECONDS` later, for a copy that was on its way to nginx while the
first one ran.

Page views of nginx's hits are counted from nginx's page-view log (sitegroup.services.frontend_views).
"""

from __future__ import annotations

import http.client
import logging
import secrets
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

HEADER = "X-Accel-Expires"  # nginx's own: takes precedence over Cache-Control, never sent to the visitor
PAGE_HEADER = "X-Page-Id"  # the page a response shows, for nginx's page-view log


def enabled() -> bool:
    """nginx keeps pages only when its purges are configured: never a copy the application cannot purge."""
    from sitegroup.services import page_cache

    return any(isinstance(backend, NginxPurgeBackend) for backend in page_cache.backends())


def request_uri(request) -> str:
    """The URL as nginx's `$request_uri` sees it: the path exactly as the visitor sent it, and the query."""
    scope = getattr(request, "scope", None)
    raw = scope.get("raw_path") if scope else None
    path = raw.decode("latin-1") if raw else request.get_full_path().split("?", 1)[0]
    query = request.META.get("QUERY_STRING", "")
    return path + (f"?{query}" if query else "")


def offer(request, response, *, tags, expires: float | None, page_id: int | None) -> None:
    """Let nginx keep this page-cache response until `expires` (epoch seconds), recorded under `tags`."""
    if expires is None or request.method != "GET" or not enabled():
        return
    seconds = int(expires - time.time())
    if seconds < 1:
        return
    host = request.get_host().lower()
    url_index().add(tags, f"{host}{request_uri(request)}")
    response[HEADER] = str(seconds)
    if page_id:
        response[PAGE_HEADER] = str(page_id)


# --- which URLs nginx holds, by tag -----------------------------------------------------------------------


def url_index():
    from sitegroup.services import page_cache

    backend = page_cache.store()
    if hasattr(getattr(backend, "client", None), "get_client"):  # django-redis (production)
        return RedisUrlIndex(backend.client.get_client(write=True), backend.make_key)
    if hasattr(getattr(backend, "_cache", None), "get_client"):  # Django's own Redis cache
        return RedisUrlIndex(backend._cache.get_client(write=True), backend.make_and_validate_key)
    return LockedUrlIndex(backend)


class RedisUrlIndex:
    """Sets in the page cache's Redis: SADD when a URL is offered, RENAME + SMEMBERS to take a tag's URLs."""

    def __init__(self, client, make_key):
        self.client = client
        self.make_key = make_key

    def _key(self, tag: str) -> str:
        return self.make_key("pc:urls:" + tag)

    def add(self, tags, url: str) -> None:
        pipe = self.client.pipeline(transaction=False)
        for tag in tags:
            pipe.sadd(self._key(tag), url)
        pipe.execute()

    def take(self, tags) -> set[str]:
        urls: set[str] = set()
        for tag in tags:
            taken = self._key(tag) + ":purging:" + secrets.token_hex(6)
            try:
                self.client.rename(self._key(tag), taken)
            except Exception as error:  # redis.ResponseError "no such key": nothing recorded under the tag
                if "no such key" not in str(error).lower():
                    raise
                continue
            urls.update(member.decode("utf-8") for member in self.client.smembers(taken))
            self.client.delete(taken)
        return urls


class LockedUrlIndex:
    """The same through the plain cache API, for a single process (tests, the embedded default)."""

    _lock = threading.Lock()

    def __init__(self, backend):
        self.backend = backend

    def add(self, tags, url: str) -> None:
        with self._lock:
            for tag in tags:
                key = "pc:urls:" + tag
                self.backend.set(key, {*self.backend.get(key, set()), url}, timeout=None)

    def take(self, tags) -> set[str]:
        urls: set[str] = set()
        with self._lock:
            for tag in tags:
                urls.update(self.backend.get("pc:urls:" + tag, set()))
                self.backend.delete("pc:urls:" + tag)
        return urls


# --- purging ----------------------------------------------------------------------------------------------


class NginxPurgeBackend:
    """`PURGE` to nginx (PAGE_CACHE_PURGE_ORIGIN, its loopback listener) for every URL nginx was given
    under the purged tags; then once more after PAGE_CACHE_FRONTEND_REPURGE_SECONDS. Failures are logged."""

    needs_urls = False

    def purge(self, *, tags: set[str], urls: list[str]) -> None:
        if not tags:
            return
        self._purge_once(tags)
        delay = getattr(settings, "PAGE_CACHE_FRONTEND_REPURGE_SECONDS", 2.0)
        if delay > 0:
            timer = threading.Timer(delay, self._purge_once, args=(set(tags),))
            timer.daemon = True
            timer.start()

    def _purge_once(self, tags: set[str]) -> int:
        try:
            urls = url_index().take(tags)
        except Exception:
            logger.exception("page cache: nginx's URL index could not be read; nginx keeps pages until expiry")
            return 0
        return send_purges(sorted(urls))


def send_purges(urls: list[str]) -> int:
    """PURGE each `host/path?query` over one kept-alive connection; returns how many nginx removed."""
    origin = urlsplit(getattr(settings, "PAGE_CACHE_PURGE_ORIGIN", "") or "http://127.0.0.1")
    removed = 0
    connection = None
    for url in urls:
        host, _, path = url.partition("/")
        for attempt in (1, 2):
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(origin.hostname, origin.port or 80, timeout=5)
                connection.request("PURGE", "/" + path, headers={"Host": host})
                response = connection.getresponse()
                response.read()
                removed += response.status == 200
                break
            except (OSError, http.client.HTTPException) as error:
                if connection is not None:
                    connection.close()
                connection = None
                if attempt == 2:
                    logger.warning("page cache: nginx purge of %s failed: %s", url, error)
    if connection is not None:
        connection.close()
    return removed
