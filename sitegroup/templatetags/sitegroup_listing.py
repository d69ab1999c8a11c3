"""Template tags of article listings: where a listed article leads (link-out target or its own address)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def article_href(context, article):
    return article.href_for(context.get("request"))
