"""Template tags of the public pages: the site menu and the link back to the portal."""

from django import template
from wagtail.models import Page, Site

from sitegroup.services import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context):
    request = context.get("request")
    cache_name = "_sitegroup_menu"
    if request is not None and hasattr(request, cache_name):
        return getattr(request, cache_name)
    site = Site.find_for_request(request) if request else None
    if site is None:
        items = []
    else:
        # Shared by the requests of this process until the site is purged (a menu page changed).
        items = page_cache.site_memo(
            request,
            site.pk,
            "menu",
            lambda: list(Page.objects.child_of(site.root_page).live().in_menu().order_by("path")),
        )
    if request is not None:
        setattr(request, cache_name, items)
    return items


@register.simple_tag(takes_context=True)
def portal_link(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return ""
    portal = page_cache.site_memo(request, site.pk, "portal", lambda: Site.objects.filter(is_default_site=True).first())
    if portal is None or site is None or portal.pk == site.pk:
        return ""
    return portal.root_url + "/"


@register.filter
def breadcrumb_ancestors(page):
    """The page's ancestors below the tree root, top down (home page first): the parents that routing
    found (SiteGroupPage.route keeps each on its child, loaded in one query), else one query."""
    trail, current = [], page
    while (parent := getattr(current, "_cached_parent_obj", None)) is not None and parent.depth > 1:
        trail.append(parent)
        current = parent
    if trail and trail[-1].depth == 2:
        return trail[::-1]
    return list(page.get_ancestors())[1:]
