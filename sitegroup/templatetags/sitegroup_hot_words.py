"""`{% hot_words %}…{% end_hot_words %}`: link the hot words of the current site in the enclosed HTML."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class HotWordsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        from sitegroup.services.hot_words import link_hot_words

        html = self.nodelist.render(context)
        site = context.get("current_site")
        return mark_safe(link_hot_words(html, getattr(site, "pk", None)))  # noqa: S308 - rendered HTML, links escaped


@register.tag("hot_words")
def hot_words(parser, token):
    nodelist = parser.parse(("end_hot_words",))
    parser.delete_first_token()
    return HotWordsNode(nodelist)
