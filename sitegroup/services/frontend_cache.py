"""nginx in front keeps anonymous pages too, so a hit never reaches Python (docs/page-cache.md, "nginx").

The application decides what nginx may keep and for how long: a response the page cache stored (a miss)
or served (a hit) carries `X-Accel-Expires: <seconds>` — what is left of that entry's life — and nginx
stores exactly those (deploy/nginx/sitegroup-locations.conf). nginx never stores anything else: no
header, no entry. Visitors nginx must not share a copy with (signed in, in the middle of a form, in the
elder-friendly mode) bypass nginx's cache by their cookies and are answered here.

nginx tells the application the key it stores a copy under (`X-Sitegroup-Cache-Key`: the Host as sent
and the request target as sent), so what is recorded for a purge is nginx's key itself, never a
reconstruction. Only a canonical request is offered (the path as Django would write it, no empty `?`,
`?page=N` without leading zeros): a visitor cannot fill nginx or the index with spellings of one page.

Purges stay tag-based: each key handed to nginx is recorded under the tags of the page it shows (Redis
sorted sets `pc:urls:<tag>`, scored by the copy's expiry, trimmed as they grow), and a purge of tags sends
`PURGE` for exactly the keys recorded under them to nginx's purge listener (the Debian package
libnginx-mod-http-cache-purge), whether the tag is one page, a site or everything. The set is taken
atomically (RENAME), so a key recorded during a purge waits for the next one; keys nginx could not be
told about are put back; and `PAGE_CACHE_FRONTEND_REPURGE_SECONDS` later the same keys, and any recorded
meanwhile, are purged again — for a copy that was on its way to nginx during the first purge.

One nginx (one purge listener) per index, as deployed (docs/deploy.md). Page views of nginx's hits are
counted from nginx's page-view log (sitegroup.services.frontend_views).
"""

from __future__ import annotations

import http.client
import logging
import re
import secrets
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import escape_uri_path

logger = logging.getLogger(__name__)

HEADER = "X-Accel-Expires"  # nginx's own: takes precedence over Cache-Control, never sent to the visitor
PAGE_HEADER = "X-Page-Id"  # the page a response shows, for nginx's page-view log
KEY_META = "HTTP_X_SITEGROUP_CACHE_KEY"  # set by nginx on every proxied request: `$http_host$request_uri`
CANONICAL_QUERY = re.compile(r"(page=[1-9][0-9]{0,4})?")


def enabled() -> bool:
    """nginx keeps pages only when its purges are configured: never a copy the application cannot purge."""
    from sitegroup.services import page_cache

    return any(isinstance(backend, NginxPurgeBackend) for backend in page_cache.backends())


def nginx_key(request) -> str | None:
    """nginx's key for this request, when it is the canonical spelling of the page; else None."""
    key = request.META.get(KEY_META, "")
    host = request.META.get("HTTP_HOST", "")
    if not key or not host or not key.startswith(host + "/"):
        return None
    query = request.META.get("QUERY_STRING", "")
    if not CANONICAL_QUERY.fullmatch(query):
        return None
    canonical = host + escape_uri_path(request.path) + (f"?{query}" if query else "")
    return key if key == canonical else None


def offer(request, response, entry: dict, *, elder: bool) -> None:
    """Let nginx keep what the page cache keeps (`entry`), for as long, recorded under its tags. Not an
    elder-friendly copy (nginx's key has no variant; those visitors bypass it by their cookie), and never a
    body that carried a CSP nonce (nginx would give that nonce to everyone). Never fails the response:
    without the index nginx simply keeps nothing."""
    tags, expires, page_id = entry["tags"], entry.get("expires"), entry.get("page_id")
    if elder or len(entry["parts"]) != 1:
        return
    if expires is None or request.method != "GET" or not enabled():
        return
    seconds = int(expires - time.time())
    key = nginx_key(request)
    if seconds < 1 or key is None:
        return
    try:
        url_index().add(tags, key, expires)
    except Exception:
        logger.exception("page cache: nginx's index is unavailable; the page is not offered to nginx")
        return
    response[HEADER] = str(seconds)
    if page_id:
        response[PAGE_HEADER] = str(page_id)


# --- which keys nginx holds, by tag -----------------------------------------------------------------------


def url_index():
    from sitegroup.services import page_cache

    backend = page_cache.store()
    if hasattr(getattr(backend, "client", None), "get_client"):  # django-redis (production)
        return RedisUrlIndex(backend.client.get_client(write=True), backend.make_key)
    if hasattr(getattr(backend, "_cache", None), "get_client"):  # Django's own Redis cache
        return RedisUrlIndex(backend._cache.get_client(write=True), backend.make_and_validate_key)
    return LockedUrlIndex(backend)


class RedisUrlIndex:
    """Sorted sets in the page cache's Redis, scored by each copy's expiry: ZADD when a key is offered (and
    what has expired trimmed), RENAME + ZRANGEBYSCORE to take a tag's live keys."""

    LIFE = 2 * 24 * 3600  # a set nobody adds to is gone after two days (nginx's copies last at most one)

    def __init__(self, client, make_key):
        self.client = client
        self.make_key = make_key

    def _key(self, tag: str) -> str:
        return self.make_key("pc:urls:" + tag)

    def add(self, tags, key: str, expires: float) -> None:
        pipe = self.client.pipeline(transaction=False)
        now = time.time()
        for tag in tags:
            pipe.zadd(self._key(tag), {key: expires})
            pipe.zremrangebyscore(self._key(tag), "-inf", now)
            pipe.expire(self._key(tag), self.LIFE)
        pipe.execute()

    def take(self, tags) -> set[str]:
        keys: set[str] = set()
        now = time.time()
        for tag in tags:
            taken = self._key(tag) + ":purging:" + secrets.token_hex(6)
            try:
                self.client.rename(self._key(tag), taken)
            except Exception as error:  # redis.ResponseError "no such key": nothing recorded under the tag
                if "no such key" not in str(error).lower():
                    raise
                continue
            keys.update(member.decode("utf-8") for member in self.client.zrangebyscore(taken, now, "+inf"))
            self.client.delete(taken)
        return keys


class LockedUrlIndex:
    """The same through the plain cache API, for a single process (tests, the embedded default)."""

    _lock = threading.Lock()

    def __init__(self, backend):
        self.backend = backend

    def add(self, tags, key: str, expires: float) -> None:
        with self._lock:
            for tag in tags:
                held = self.backend.get("pc:urls:" + tag, {})
                held[key] = expires
                self.backend.set("pc:urls:" + tag, held, timeout=None)

    def take(self, tags) -> set[str]:
        keys: set[str] = set()
        now = time.time()
        with self._lock:
            for tag in tags:
                held = self.backend.get("pc:urls:" + tag, {})
                keys.update(key for key, expires in held.items() if expires > now)
                self.backend.delete("pc:urls:" + tag)
        return keys


# --- purging ----------------------------------------------------------------------------------------------


class NginxPurgeBackend:
    """`PURGE` to nginx's purge listener (PAGE_CACHE_PURGE_ORIGIN) for every key nginx was given under the
    purged tags; the same keys, and any recorded meanwhile, once more after PAGE_CACHE_FRONTEND_REPURGE_SECONDS.
    Keys nginx could not be told about are recorded again (a later purge retries them). Never raises."""

    needs_urls = False

    def purge(self, *, tags: set[str], urls: list[str]) -> None:
        if not tags:
            return
        sent = self._purge_once(set(tags))
        delay = getattr(settings, "PAGE_CACHE_FRONTEND_REPURGE_SECONDS", 2.0)
        if delay > 0:
            timer = threading.Timer(delay, self._purge_once, args=(set(tags), sent))
            timer.daemon = True
            timer.start()

    def _purge_once(self, tags: set[str], again: set[str] = frozenset()) -> set[str]:
        try:
            index = url_index()
            keys = index.take(tags) | set(again)
        except Exception:
            logger.exception("page cache: nginx's index could not be read; nginx keeps its pages until they expire")
            return set(again)
        failed = send_purges(sorted(keys))
        if failed:
            try:
                for key in failed:
                    index.add(tags, key, time.time() + 24 * 3600)
            except Exception:
                logger.exception("page cache: %d keys nginx could not purge are lost", len(failed))
        return keys


def send_purges(keys: list[str]) -> list[str]:
    """PURGE each `host/path?query` key over one kept-alive connection; returns the keys that failed."""
    origin = urlsplit(getattr(settings, "PAGE_CACHE_PURGE_ORIGIN", "") or "http://127.0.0.1")
    failed = []
    connection = None
    for key in keys:
        host, _, target = key.partition("/")
        for attempt in (1, 2):
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(origin.hostname, origin.port or 80, timeout=5)
                connection.request("PURGE", "/" + target, headers={"Host": host})
                response = connection.getresponse()
                response.read()
                if response.status not in (200, 404):  # 404: nginx holds no copy (expired, or never stored)
                    raise http.client.HTTPException(f"nginx answered {response.status}")
                break
            except (OSError, http.client.HTTPException) as error:
                if connection is not None:
                    connection.close()
                connection = None
                if attempt == 2:
                    logger.warning("page cache: nginx purge of %s failed: %s", key, error)
                    failed.append(key)
    if connection is not None:
        connection.close()
    return failed
