"""Request guards: refuse oversize bodies and hosts that are not one of our sites."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.template.loader import render_to_string
from wagtail.models import Site

from sitegroup.views.errors import error_page

# Paths that are the same on every host: the admin, static and media files.
HOST_INDEPENDENT_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/")


class UploadSizeLimitMiddleware:
    """Refuse a request body over MAX_REQUEST_BODY_SIZE before anything reads it (413)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_page(400)
        if length > settings.MAX_REQUEST_BODY_SIZE:
            return error_page(413, limit_mb=settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024))
        return self.get_response(request)


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


class KnownHostMiddleware:
    """A malformed Host gets 400; a well-formed host that is none of our sites gets 404.

    Without this, Wagtail would serve the default site on any hostname.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            host = request.get_host()
        except DisallowedHost:
            return error_page(400)
        hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        port = host[len(hostname) + 1 :]
        if port and not (port.isdigit() and 0 < int(port) <= 65535):
            return error_page(400)  # Django accepts any run of digits as a port
        if request.path.startswith(HOST_INDEPENDENT_PREFIXES):
            return self.get_response(request)
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
        return self.get_response(request)

    @staticmethod
    def _is_default_alias(hostname: str) -> bool:
        # Loopback addresses reach the default (portal) site, as tools and health checks use them.
        return hostname in ("127.0.0.1", "[::1]", "testserver")
