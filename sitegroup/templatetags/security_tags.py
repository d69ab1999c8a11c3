"""`{% csp_nonce %}`: the Content-Security-Policy nonce of the request being answered (sitegroup.security_headers).

For the few inline `<style>`/`<script>` elements that must stay inline (the theme colour, the error pages,
Wagtail's widget initialisers). It works where no request is in the template context (error pages, widgets).
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from sitegroup.security_headers import allow_inline, current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return current_nonce()


@register.tag
def csp_style(parser, token):
    """`{% csp_style %}…{% endcsp_style %}`: an inline `<style>` allowed by the hash of its content, not
    by the nonce, so the page stays the same for every visitor (a shared cache may keep it)."""
    nodelist = parser.parse(("endcsp_style",))
    parser.delete_first_token()
    return HashedStyleNode(nodelist)


class HashedStyleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        css = self.nodelist.render(context)
        request = context.get("request")
        if request is None:
            return format_html('<style nonce="{}">{}</style>', current_nonce(), mark_safe(css))  # noqa: S308
        allow_inline(request, "style-src", css)
        return format_html("<style>{}</style>", mark_safe(css))  # noqa: S308


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
