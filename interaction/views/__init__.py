"""Views of 政民互动: thin — parse with a form, call one service, render."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

ALLOWED_METHODS = ("GET", "HEAD", "POST")


def method_not_allowed(request, allowed=ALLOWED_METHODS):
    response = HttpResponseNotAllowed(
        allowed, "不支持这种请求方式。".encode(), content_type="text/plain; charset=utf-8"
    )
    return response


def render(request, page, template: str, status: int = 200, **extra):
    """A page of ours with its context; never cached (it carries a CSRF token and a captcha question)."""
    context = page.get_context(request)
    context.update(extra)
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    return response
