"""Routing a public request to its page with what the process already knows.

Wagtail routes every request from the site's root page loaded afresh as its specific type (one query),
then asks the database which view restrictions (私密) apply to the page served (two more: its ancestors'
alias links, then the restrictions). Both change only when the site is purged (a home page is published,
moved or unpublished, a privacy setting changes: sitegroup.signals), so a process keeps them per site
(page_cache.site_memo) and a request reads them with the site's purge tokens it reads anyway.

The pages on a path (an article and its columns, each one query, and most of a render's ORM work) are
kept too, per path (page_cache.bounded_memo, the most recently used 500), under the tags of those pages:
publishing, moving, withdrawing or deleting any of them purges the kept path. Only a page served at its
own address, of a type the page cache keeps (`page_cache = True`: every change to it purges it), is kept
so: a routable page's sub-URL (a listing page, a disclosure form) is routed afresh.
Each request gets its own copies: what a request attaches to a page stays with it.
"""

from __future__ import annotations

import copy

from django.http import Http404
from wagtail.models import PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from sitegroup.services import page_cache


def prepare_route(request, path: str) -> None:
    """Route `path` as Wagtail's `Page.route_for_request` would, from the site's kept root page, and
    attach the view restrictions that apply to the page found. Previews and unknown hosts are left to Wagtail."""
    if hasattr(request, "_wagtail_route_for_request") or getattr(request, "is_preview", False):
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    root = copy.copy(page_cache.site_memo(request, site.pk, "root-page", site.root_page.get_specific))
    components = [component for component in path.split("/") if component]
    try:
        result = _route(request, site, root, components)
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    if result is not None:
        restrictions = known_view_restrictions(request, site, root, result[0])
        if restrictions is not None:
            result[0]._sg_view_restrictions = restrictions


def _route(request, site, root, components):
    if not components:
        return root.route(request, components)
    built = []

    def build():
        result = root.route(request, components)
        built.append(result)
        chain = _plain_chain(root, result)
        return chain, (None if chain is None else [f"page:{page.pk}" for page in chain])

    chain = page_cache.bounded_memo(request, f"route:{site.pk}:{root.pk}:{'/'.join(components)}", build)
    if built:
        return built[0]  # routed just now: Wagtail's own objects
    parent = root
    for kept in chain:
        page = copy.copy(kept)
        page._cached_parent_obj = parent
        parent = page
    return RouteResult(parent)


def _plain_chain(root, result) -> list | None:
    """The pages from below `root` to the page routed, as clean copies to keep; None when the route is not
    the page itself at its own address (a routable page's view, arguments) or a parent is missing."""
    from sitegroup.models.pages import _PLAIN_ROUTES

    page, args, kwargs = result
    # Only page types whose every change purges them (those the page cache keeps: `page_cache = True`).
    if args or kwargs or type(page).route not in _PLAIN_ROUTES or not getattr(type(page), "page_cache", False):
        return None
    chain = []
    node = page
    while node is not None and node.pk != root.pk:
        chain.append(node)
        node = node.__dict__.get("_cached_parent_obj")
    if node is None:
        return None
    kept = []
    for node in reversed(chain):
        clean = copy.copy(node)
        for name in REQUEST_ATTRIBUTES:
            clean.__dict__.pop(name, None)
        kept.append(clean)
    return kept


# What routing and serving attach to a page for one request: never part of a kept copy.
REQUEST_ATTRIBUTES = ("_cached_parent_obj", "_sg_view_restrictions")


def known_view_restrictions(request, site, root, page) -> list | None:
    """The restrictions on `page` and its ancestors, from the site's kept list; None when they cannot be
    told without the database: a page reached through an alias (it takes its original's restrictions), or
    a root page that is not a child of the tree's root (its ancestors were not loaded)."""
    if root.depth > 2:
        return None
    node = page
    while node is not None:
        if node.alias_of_id:
            return None
        if node.pk == root.pk:
            break
        node = node.__dict__.get("_cached_parent_obj")
    else:
        return None  # the chain of routed parents did not reach the root
    restrictions = page_cache.site_memo(request, site.pk, "view-restrictions", lambda: _site_restrictions(root))
    return [restriction for path, restriction in restrictions if page.path.startswith(path)]


def _site_restrictions(root) -> list[tuple[str, PageViewRestriction]]:
    """Every view restriction on the site's root page, below it or above it, with its page's tree path."""
    above = [root.path[: i * root.steplen] for i in range(1, root.depth)]
    rows = PageViewRestriction.objects.filter(page__path__startswith=root.path) | PageViewRestriction.objects.filter(
        page__path__in=above
    )
    return [(restriction.page.path, restriction) for restriction in rows.select_related("page").order_by("pk")]
