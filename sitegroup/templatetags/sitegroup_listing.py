"""Template tags of article listings: where a listed article leads (link-out target or its own address),
and a listing block rendered once for as long as the listings it shows are kept."""

from django import template

register = template.Library()

# One rendered copy per block name and site (elder mode apart); a bound all the same.
KEPT_COPIES = 32


@register.simple_tag(takes_context=True)
def article_href(context, article):
    return article.href_for(context.get("request"))


@register.tag
def kept(parser, token):
    """{% kept "name" %}…{% endkept %}: the enclosed listing markup is rendered once and reused while the
    listings it shows are kept (the `kept_fragments` dict that home_listings keeps with them, renewed when
    they are rebuilt after a purge). Without that dict (a preview) it is rendered every time. Only for
    markup that is the same for every visitor of a site: no user, no form token, no nonce."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('{% kept "名称" %} 需要且只需要一个名称')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(bits[1]))


class KeptNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        copies = context.get("kept_fragments")
        request = context.get("request")
        if copies is None or request is None:
            return self.nodelist.render(context)
        # Per site, not per Host header: page URLs depend only on the site a request is for.
        site = getattr(request, "_wagtail_site", None)
        where = site.pk if site is not None else request.get_host()
        key = (self.name.resolve(context), where, context.get("elder_mode", False))
        html = copies.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(copies) < KEPT_COPIES:
                copies[key] = html
        return html
