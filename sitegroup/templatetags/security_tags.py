"""`{% csp_nonce %}`: the Content-Security-Policy nonce of the request being answered (sitegroup.security_headers).

For the few inline `<style>`/`<script>` elements that must stay inline (the theme colour, the error pages,
Wagtail's widget initialisers). It works where no request is in the template context (error pages, widgets).
"""

from django import template

from sitegroup.security_headers import current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return current_nonce()
