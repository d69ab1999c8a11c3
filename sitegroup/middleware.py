"""Request guards: refuse oversize bodies and hosts that are not one of our sites.

Every middleware of ours is sync- and async-capable (Django's "async middleware" pattern): under an ASGI
server the whole chain runs on the event loop and the only thread hop is the view's. A sync-only
middleware between async ones costs two hops per request and leaves worker threads waiting in
asgiref's AsyncToSync, which kept server processes from exiting on SIGTERM after a load.
"""

from __future__ import annotations

import time
from inspect import iscoroutinefunction

from asgiref.sync import markcoroutinefunction, sync_to_async
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.template.loader import render_to_string
from wagtail.models import Site

from sitegroup.views.errors import error_page

# Paths that are the same on every host: the admin, static and media files.
HOST_INDEPENDENT_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/")


class SyncAndAsyncMiddleware:
    """Base of our middleware: `check(request)` answers early or returns None; the rest passes through.

    Subclasses whose check needs the database override `acheck` (it runs `check` in a thread by default
    only when `check_needs_thread` says so for that request).
    """

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
        response = self.check(request)
        return response if response is not None else self.get_response(request)

    async def __acall__(self, request):
        response = await self.acheck(request)
        return response if response is not None else await self.get_response(request)

    def check(self, request):
        return None

    async def acheck(self, request):
        return self.check(request)


class UploadSizeLimitMiddleware(SyncAndAsyncMiddleware):
    """Refuse a request body over MAX_REQUEST_BODY_SIZE before anything reads it (413)."""

    def check(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_page(400)
        if length > settings.MAX_REQUEST_BODY_SIZE:
            return error_page(413, limit_mb=settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024))
        return None


SITES_CACHE_KEY = "sitegroup:sites-by-hostname"


def sites_by_hostname() -> dict[str, Site | None]:
    """hostname → Site (with its root page), from the cache; None where a hostname has several ports.

    Invalidated when a Site is saved or deleted (sitegroup.signals).
    """
    from django.core.cache import cache

    sites = cache.get(SITES_CACHE_KEY)
    if sites is None:
        sites = {}
        for site in Site.objects.select_related("root_page"):
            sites[site.hostname] = None if site.hostname in sites else site
        cache.set(SITES_CACHE_KEY, sites, 300)
    return sites


# The async path keeps the sites for a moment in the process, so a request needs no thread hop to read
# the shared cache; a new or renamed site reaches the other processes within this many seconds.
LOCAL_SITES_SECONDS = 2.0
_local_sites: tuple[float, dict] = (0.0, {})


def forget_local_sites() -> None:
    global _local_sites
    _local_sites = (0.0, {})


async def asites_by_hostname() -> dict[str, Site | None]:
    global _local_sites
    expires, sites = _local_sites
    now = time.monotonic()
    if now >= expires:
        sites = await sync_to_async(sites_by_hostname)()
        _local_sites = (now + LOCAL_SITES_SECONDS, sites)
    return sites


class KnownHostMiddleware(SyncAndAsyncMiddleware):
    """A malformed Host gets 400; a well-formed host that is none of our sites gets 404.

    Without this, Wagtail would serve the default site on any hostname.
    """

    def check(self, request):
        return self._check(request, None)

    async def acheck(self, request):
        if self._host_error(request) or request.path.startswith(HOST_INDEPENDENT_PREFIXES):
            return self._check(request, {})
        return self._check(request, await asites_by_hostname())

    @staticmethod
    def _host_error(request) -> bool:
        try:
            request.get_host()
        except DisallowedHost:
            return True
        return False

    def _check(self, request, sites):
        try:
            host = request.get_host()
        except DisallowedHost:
            return error_page(400)
        hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        port = host[len(hostname) + 1 :]
        if port and not (port.isdigit() and 0 < int(port) <= 65535):
            return error_page(400)  # Django accepts any run of digits as a port
        if request.path.startswith(HOST_INDEPENDENT_PREFIXES):
            return None
        if sites is None:
            sites = sites_by_hostname()
        hostname = hostname.lower()
        if sites and hostname not in sites and not self._is_default_alias(hostname):
            return HttpResponse(
                render_to_string("sitegroup/unknown_host.html", {"hostname": hostname}),
                status=404,
                content_type="text/html; charset=utf-8",
            )
        if sites.get(hostname) is not None:
            # Wagtail's Site.find_for_request() reuses this attribute: one query less per request.
            request._wagtail_site = sites[hostname]
        return None

    @staticmethod
    def _is_default_alias(hostname: str) -> bool:
        # Loopback addresses reach the default (portal) site, as tools and health checks use them.
        return hostname in ("127.0.0.1", "[::1]", "testserver")
