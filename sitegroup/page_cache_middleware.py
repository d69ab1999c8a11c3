"""Serves anonymous visitors' pages from the page cache (sitegroup.services.page_cache, docs/page-cache.md).

Placed after the host check and before the session: a hit costs no session, user or database work. A
request that carries a session cookie (anyone signed in, or a citizen in the middle of a form), the
messages cookie, a preview or any query string other than ?page=N is answered afresh and never stored.
Responses say `X-Cache: HIT`, `MISS` (rendered and stored) or `BYPASS` (rendered, not stored).
"""

from __future__ import annotations

import time

from django.conf import settings

from sitegroup.lib import page_cache as lib
from sitegroup.middleware import HOST_INDEPENDENT_PREFIXES
from sitegroup.services import page_cache

ELDER_COOKIE = "elder_mode"  # themes.context_processors.ELDER_COOKIE: the pages differ in that mode


def bypass(request) -> bool:
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return True
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    return not lib.cacheable_query(request.GET)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not page_cache.enabled()
            or request.path.startswith(HOST_INDEPENDENT_PREFIXES)
        ):
            return self.get_response(request)
        if bypass(request):
            response = self.get_response(request)
            if getattr(request, "_page_cache_tags", None) is not None:
                response["X-Cache"] = "BYPASS"
            return response
        key = lib.cache_key(
            host=request.get_host(),
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            variant="elder" if request.COOKIES.get(ELDER_COOKIE) == "1" else "",
        )
        entry = page_cache.lookup(key)
        if entry is not None:
            response = page_cache.replay(request, entry)
            response["X-Cache"] = "HIT"
            return response
        started = time.time()
        response = self.get_response(request)
        if request.method == "GET" and page_cache.storable(request, response):
            stored = page_cache.save(key, request, response, started=started)
            response["X-Cache"] = "MISS" if stored else "BYPASS"
        elif getattr(request, "_page_cache_tags", None) is not None:
            response["X-Cache"] = "BYPASS"
        return response
