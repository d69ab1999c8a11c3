"""Security headers on every response: a strict Content-Security-Policy with a per-request nonce,
frame, type-sniffing, referrer and permissions policies (等保 2.0 三级; see docs/security-web.md).

Django 5.2 has no CSP of its own, so this is a small middleware instead of a dependency. The nonce
is kept in a context variable as well as on the request, because Wagtail's admin widgets render
their initialising `<script>` without a request in their template context (templates/wagtailadmin/…
and sitegroup.wagtail_hooks add it). Only our templates and Wagtail's own scripts carry the nonce:
markup a visitor or editor manages to store can never run, since it cannot know the nonce.

Views widen the policy for one response with `allow_sources(request, "media-src", origin)` (the
interview room's stream host), never by editing the header themselves.

A response whose body does not carry the nonce gets a policy without one. Public pages carry none: the
theme colour `<style>` is allowed by its hash (`{% csp_style %}`), so one page's response — headers and
body — is the same for every visitor and a shared cache (nginx, docs/page-cache.md) may keep it whole
without ever showing one visitor's nonce to another.
"""

from __future__ import annotations

import base64
import contextvars
import hashlib
import secrets
from inspect import iscoroutinefunction
from urllib.parse import urlsplit

from asgiref.sync import markcoroutinefunction
from django.conf import settings
from django.core.exceptions import DisallowedHost

_nonce: contextvars.ContextVar[str] = contextvars.ContextVar("sitegroup_csp_nonce", default="")

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
JCROP_PROBE_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(b"return;").digest()).decode() + "'"


def current_nonce() -> str:
    """The nonce of the request being answered ("" outside a request)."""
    return _nonce.get()


def allow_sources(request, directive: str, *sources: str) -> None:
    """Add sources (origins such as https://live.example.cn) to one directive of this response's policy."""
    extra = getattr(request, "csp_extra_sources", None)
    if extra is None:
        extra = request.csp_extra_sources = {}
    for source in sources:
        origin = origin_of(source)
        if origin:
            extra.setdefault(directive, []).append(origin)


def allow_inline(request, directive: str, content: str) -> None:
    """Allow one inline element (e.g. a `<style>`) by the SHA-256 hash of its exact content."""
    digest = base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode("ascii")
    extra = getattr(request, "csp_extra_sources", None)
    if extra is None:
        extra = request.csp_extra_sources = {}
    extra.setdefault(directive, []).append(f"'sha256-{digest}'")


def origin_of(url: str) -> str:
    """scheme://host[:port] of an http(s) URL, or "" when it is not one (nothing else may enter a header)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host or not all(c.isalnum() or c in ".-" for c in host):
        return ""
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def build_policy(*, nonce: str, admin: bool, host: str = "", extra: dict[str, list[str]] | None = None) -> str:
    """The Content-Security-Policy header value for one response (no nonce source when `nonce` is "")."""
    sockets = [f"ws://{host}", f"wss://{host}"] if host else []
    nonces = [f"'nonce-{nonce}'"] if nonce else []
    directives: dict[str, list[str]] = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *nonces],
        # Wagtail's admin sets style="" attributes in its templates and scripts (panels, Draftail,
        # choosers, the sidebar): the admin needs 'unsafe-inline' for styles. Public pages do not.
        "style-src": ["'self'", "'unsafe-inline'"] if admin else ["'self'", *nonces],
        "img-src": ["'self'", "data:", "blob:"],
        # No inline handlers anywhere, except on the admin the no-op "return;" that Wagtail's focal-point
        # cropper (jquery.Jcrop) sets to test which events the browser supports.
        "script-src-attr": ["'unsafe-hashes'", JCROP_PROBE_HASH] if admin else ["'none'"],
        "font-src": ["'self'", "data:"],
        # hls.js feeds the player through Media Source Extensions (blob: URLs).
        "media-src": ["'self'", "blob:"],
        # The interview room's live feed is a WebSocket to this same host.
        "connect-src": ["'self'", *sockets],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    for directive, sources in (getattr(settings, "CSP_EXTRA_SOURCES", None) or {}).items():
        directives.setdefault(directive, []).extend(sources)
    for directive, sources in (extra or {}).items():
        directives.setdefault(directive, []).extend(sources)
    parts = []
    for directive, sources in directives.items():
        unique = list(dict.fromkeys(sources))
        parts.append(" ".join([directive, *unique]))
    if getattr(settings, "CSP_UPGRADE_INSECURE_REQUESTS", False):
        parts.append("upgrade-insecure-requests")
    return "; ".join(parts)


class SecurityHeadersMiddleware:
    """Sets the nonce before the view runs and the headers after, on every response (error pages too).

    Sync- and async-capable (see sitegroup.middleware)."""

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
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce
        token = _nonce.set(nonce)
        try:
            response = self.get_response(request)
        finally:
            _nonce.reset(token)
        return self._headers(request, response, nonce)

    async def __acall__(self, request):
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce
        token = _nonce.set(nonce)
        try:
            response = await self.get_response(request)
        finally:
            _nonce.reset(token)
        return self._headers(request, response, nonce)

    @staticmethod
    def _headers(request, response, nonce):
        try:
            host = request.get_host()
        except DisallowedHost:
            host = ""
        if not all(c.isalnum() or c in ".-:[]" for c in host):
            host = ""
        admin = request.path.startswith(ADMIN_PREFIXES)
        if not admin and not response.streaming and nonce.encode("ascii") not in response.content:
            nonce = ""  # nothing in this body uses it: the policy names no nonce (see the module's docstring)
        if "Content-Security-Policy" not in response:
            header = "Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY else "Content-Security-Policy"
            response[header] = build_policy(
                nonce=nonce, admin=admin, host=host, extra=getattr(request, "csp_extra_sources", None)
            )
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def nonce_wagtail_choosers() -> None:
    """Wagtail's chooser widgets (page, image, document, snippet, task) end in a bare `<script>` built in
    Python (wagtail.admin.widgets.chooser.BaseChooser.render); give it this request's nonce.

    The widget's own HTML is rendered with autoescaping, so the only literal `<script>` in it is Wagtail's.
    """
    from django.utils.safestring import mark_safe
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "adds_csp_nonce", False):
        return
    original = BaseChooser.render

    def render(self, name, value, attrs=None, renderer=None):
        html = original(self, name, value, attrs=attrs, renderer=renderer)
        return mark_safe(html.replace("<script>", f'<script nonce="{current_nonce()}">'))  # noqa: S308

    render.adds_csp_nonce = True
    BaseChooser.render = render
