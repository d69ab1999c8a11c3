"""`{% hot_words [page] %}…{% end_hot_words %}`: link the hot words of the current site in the enclosed HTML.

Given the page whose body is enclosed, the linked HTML is kept per process (sitegroup.services.page_cache
`bounded_memo`) until that page, its site, the hot words or any image or document change — every one of
them purges a tag the kept copy depends on — so rendering an article again costs no block rendering.
Previews and pages not live are rendered afresh every time.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class HotWordsNode(template.Node):
    def __init__(self, nodelist, page=None):
        self.nodelist = nodelist
        self.page = page

    def render(self, context):
        page = self.page.resolve(context) if self.page is not None else None
        request = context.get("request")
        site = context.get("current_site")
        if page is None or request is None or getattr(request, "is_preview", False) or not page.pk or not page.live:
            return self._linked(context, site)
        from sitegroup.services import page_cache

        key = f"hot-words-body:{getattr(site, 'pk', None)}:{page.pk}:{page.live_revision_id}"
        return page_cache.bounded_memo(request, key, lambda: (self._linked(context, site), [f"page:{page.pk}"]))

    def _linked(self, context, site):
        from sitegroup.services.hot_words import link_hot_words

        html = self.nodelist.render(context)
        return mark_safe(link_hot_words(html, getattr(site, "pk", None)))  # noqa: S308 - rendered HTML, links escaped


@register.tag("hot_words")
def hot_words(parser, token):
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("{% hot_words [page] %} takes at most one argument")
    nodelist = parser.parse(("end_hot_words",))
    parser.delete_first_token()
    return HotWordsNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)
