"""`{% csp_nonce %}`: the Content-Security-Policy nonce of the request being answered (sitegroup.security_headers).

For the few inline `<style>`/`<script>` elements that must stay inline (the theme colour, the error pages,
Wagtail's widget initialisers). It works where no request is in the template context (error pages, widgets).
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from sitegroup.security_headers import current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return current_nonce()


@register.simple_tag
def csrf_field():
    """`{% csrf_field %}` instead of `{% csrf_token %}` in a form on a page served from the page cache
    (docs/page-cache.md): an empty token field that a static script fills from /csrf-token/, so the page
    carries no visitor's token and sets no cookie."""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-url="{}"><script src="{}" defer></script>',
        reverse("sitegroup_csrf_token"),
        static("sitegroup/csrf-field.js"),
    )
