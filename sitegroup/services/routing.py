"""Routing a public request to its page with what the process already knows.

Wagtail routes every request from the site's root page loaded afresh as its specific type (one query),
then asks the database which view restrictions (私密) apply to the page served (two more: its ancestors'
alias links, then the restrictions). The root page changes only when its site is purged (a home page is
published, moved or unpublished: sitegroup.signals), so a process keeps it per site and root
(page_cache.site_memo). The privacy settings of the whole site group (a few rows) are kept per process
until one of them changes (page_cache.privacy_memo) and matched to the routed page and its parents by
page id, which a move or a reorder does not change.

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
    # Keyed by the root page too: a process whose copy of the Site is a moment old never keeps the old root.
    kept_root, above = page_cache.site_memo(
        request, site.pk, f"root-page:{site.root_page_id}", lambda: _root_and_ancestors(site)
    )
    root = copy.copy(kept_root)
    components = [component for component in path.split("/") if component]
    try:
        result = _route(request, site, root, components)
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    if result is not None:
        restrictions = known_view_restrictions(root, above, result[0])
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


def _root_and_ancestors(site):
    """The site's root page as its specific type, and the ids of the pages above it (None when one of them
    is an alias: its original's privacy settings apply, which only Wagtail's own check looks up)."""
    root = site.root_page.get_specific()
    ancestors = list(root.get_ancestors().only("pk", "alias_of_id"))
    above = None if any(page.alias_of_id for page in ancestors) else frozenset(page.pk for page in ancestors)
    return root, above


def known_view_restrictions(root, above, page) -> list | None:
    """The restrictions on `page` and its ancestors, from the kept list of every restriction, matched by
    page id (a page moved or reordered keeps its id; its tree path changes without a signal). None when
    they cannot be told without the database: a page reached through an alias (it takes its original's
    restrictions), or a chain of routed parents that does not reach the site's root."""
    if above is None:
        return None
    ids = set(above)
    node = page
    while node is not None:
        if node.alias_of_id:
            return None
        ids.add(node.pk)
        if node.pk == root.pk:
            break
        node = node.__dict__.get("_cached_parent_obj")
    else:
        return None  # the chain of routed parents did not reach the root
    return [restriction for restriction in page_cache.privacy_memo(_all_restrictions) if restriction.page_id in ids]


def _all_restrictions() -> list[PageViewRestriction]:
    """Every privacy setting of the site group: a few rows, whatever the number of pages."""
    return list(PageViewRestriction.objects.order_by("pk"))
