"""Serves anonymous visitors' pages from the page cache (sitegroup.services.page_cache, docs/page-cache.md).

Placed after the host check and before the session: a hit costs no session, user or database work. A
request that carries a session cookie (anyone signed in, or a citizen in the middle of a form), the
messages cookie, a preview or any query string other than ?page=N is answered afresh and never stored.
Responses say `X-Cache: HIT`, `MISS` (rendered and stored) or `BYPASS` (rendered, not stored).
"""

from __future__ import annotations

import logging
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings

from sitegroup.lib import page_cache as lib
from sitegroup.middleware import HOST_INDEPENDENT_PREFIXES
from sitegroup.services import frontend_cache, page_cache

logger = logging.getLogger(__name__)
ELDER_COOKIE = "elder_mode"  # themes.context_processors.ELDER_COOKIE: the pages differ in that mode


def bypass(request) -> bool:
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return True
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    return not lib.cacheable_query(request.GET)


class PageCacheMiddleware:
    """Sync and async: under an ASGI server the cache's own work (a few cache reads, and a page-view
    count on a hit) runs in a worker thread, the rest of the chain stays on the event loop."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        if not _eligible(request):
            return self.get_response(request)
        if bypass(request):
            return _mark_bypass(request, self.get_response(request))
        key = _key(request)
        entry = _lookup(key)
        if entry is not None:
            return _hit(request, entry)
        started = time.time()
        return _store(key, request, self.get_response(request), started)

    async def __acall__(self, request):
        if not _eligible(request):
            return await self.get_response(request)
        if bypass(request):
            return _mark_bypass(request, await self.get_response(request))
        key = _key(request)
        entry = await sync_to_async(_lookup)(key)
        if entry is not None:
            return await sync_to_async(_hit)(request, entry)
        started = time.time()
        response = await self.get_response(request)
        return await sync_to_async(_store)(key, request, response, started)


def _lookup(key):
    """The stored entry, or None — also when the cache's store is down: the page is then rendered."""
    try:
        return page_cache.lookup(key)
    except Exception:
        logger.exception("page cache: its store is unavailable; the page is rendered")
        return None


def _eligible(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and page_cache.enabled()
        and not request.path.startswith(HOST_INDEPENDENT_PREFIXES)
    )


def _key(request) -> str:
    return lib.cache_key(
        host=request.get_host(),
        path=request.path,
        query=request.META.get("QUERY_STRING", ""),
        variant="elder" if request.COOKIES.get(ELDER_COOKIE) == "1" else "",
    )


def _mark_bypass(request, response):
    if getattr(request, "_page_cache_tags", None) is not None:
        response["X-Cache"] = "BYPASS"
    return response


def _hit(request, entry):
    response = page_cache.replay(request, entry)
    response["X-Cache"] = "HIT"
    _offer_to_nginx(request, response, entry)
    return response


def _store(key, request, response, started):
    if request.method == "GET" and page_cache.storable(request, response):
        try:
            entry = page_cache.save(key, request, response, started=started)
        except Exception:
            logger.exception("page cache: its store is unavailable; the page is not kept")
            entry = None
        response["X-Cache"] = "MISS" if entry else "BYPASS"
        if entry:
            _offer_to_nginx(request, response, entry)
        return response
    return _mark_bypass(request, response)


def _offer_to_nginx(request, response, entry):
    frontend_cache.offer(request, response, entry, elder=request.COOKIES.get(ELDER_COOKIE) == "1")
