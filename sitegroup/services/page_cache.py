"""The page cache for anonymous visitors (docs/page-cache.md).

Rendering marks a response cacheable and records what it showed as dependency tags:

- ``all`` and ``site:<id>`` on every cached page (the broad purges);
- ``page:<id>`` for the page served and for every other page whose content it shows (the originals of
  accepted submissions on a portal column); the sitemap records its site's home page.

A change purges tags, never keys: each tag has a token in the cache; an entry remembers the tokens of its
tags when it was stored, and is served only while every one is unchanged. A purge gives its tags new
tokens, so every entry that recorded them is stale at once, on every process and server that shares the
cache (the file cache of the embedded default, Redis in production). A missing token (evicted) makes the
entry stale too. Purging a page purges ``page:<id>`` of the page and of each ancestor: its column
listings (every page of them and the RSS feed, which all record the column), the site's home page and
its sitemap (both record the home page). A page that has children or shows in the menu purges its whole
site instead, since every page of the site shows its title in the menu or breadcrumbs.

Purges run after the transaction commits and go to every backend in ``PAGE_CACHE_PURGE_BACKENDS``:
the local cache by default, and a CDN or nginx cache (URLs) where one is configured.
"""

from __future__ import annotations

import copy
import logging
import secrets
import threading
import time
from collections import OrderedDict
from functools import cache as memoize
from urllib.parse import urljoin, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

from sitegroup.lib import page_cache as lib

logger = logging.getLogger(__name__)

# Response headers a cached page keeps; the security headers and the CSP (with a fresh nonce) are added
# to every response by sitegroup.security_headers, outside the cache.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options", "Vary", "Cache-Control", "Last-Modified")
ENTRY_VERSION = 1


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", False))


def store() -> object:
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "pages")]


# --- at render time -----------------------------------------------------------------------------------


def mark_cacheable(request, page=None, *tags: str) -> None:
    """This response may be cached for anonymous visitors; it depends on `page` and on `tags`."""
    if getattr(request, "_page_cache_off", False):
        return
    site = getattr(request, "_wagtail_site", None)
    recorded = getattr(request, "_page_cache_tags", None)
    if recorded is None:
        recorded = request._page_cache_tags = {"all"}
        if site is not None:
            recorded.add(f"site:{site.pk}")
    if page is not None:
        recorded.add(f"page:{page.pk}")
        request._page_cache_page_id = page.pk
    recorded.update(tags)


def depends_on(request, *tags: str) -> None:
    """Record more tags for a response being rendered (no effect when it is not cacheable)."""
    if request is not None and getattr(request, "_page_cache_tags", None) is not None:
        request._page_cache_tags.update(tags)


def depends_on_pages(request, page_ids) -> None:
    depends_on(request, *(f"page:{page_id}" for page_id in page_ids))


def expires_at(request, when) -> None:
    """A cached copy of this response must not outlive `when` (an aware datetime): e.g. the start or end
    of a scheduled mourning period changes every page of the site at that moment, with no publication."""
    if request is None or when is None or when <= timezone.now():
        return
    current = getattr(request, "_page_cache_expires", None)
    if current is None or when < current:
        request._page_cache_expires = when


def never_cache_this(request) -> None:
    """A view or route that shows personal data (or anything not purged on change) calls this."""
    request._page_cache_off = True
    request._page_cache_tags = None


def cacheable_view(tags_for_request):
    """Decorator for a view outside the page tree (the sitemap): `tags_for_request(request)` gives its tags."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            mark_cacheable(request, None, *tags_for_request(request))
            return view(request, *args, **kwargs)

        wrapped.__name__ = getattr(view, "__name__", "view")
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


def site_home_tags(request) -> list[str]:
    site = getattr(request, "_wagtail_site", None)
    return [f"page:{site.root_page_id}"] if site is not None else []


# --- serving ------------------------------------------------------------------------------------------


def _new_token(*, purge: bool = True) -> str:
    """A purge's token carries its time (a render that started before it is not stored); a token made
    for a tag that had none (never purged, or evicted) carries 0."""
    return f"{time.time() if purge else 0:.6f}:{secrets.token_hex(6)}"


def _token_time(token: str) -> float:
    try:
        return float(token.split(":", 1)[0])
    except (ValueError, AttributeError):
        return float("inf")


def _current_tokens(backend, keys: list[str]) -> dict:
    """The current token of each tag key; a tag that has none yet gets one (never purged: time 0)."""
    current = backend.get_many(keys)
    missing = [tag_key for tag_key in keys if tag_key not in current]
    for tag_key in missing:
        backend.add(tag_key, _new_token(purge=False), timeout=None)
    if missing:
        current.update(backend.get_many(missing))
    return current


def _purged_since(current: dict, keys: list[str], started: float) -> bool:
    """Whether one of these tags was purged after `started` (or just before: clock skew between servers),
    so what was built since may miss that change."""
    margin = getattr(settings, "PAGE_CACHE_RACE_MARGIN_SECONDS", 1.0)
    return any(_token_time(current.get(tag_key, "")) >= started - margin for tag_key in keys)


def lookup(key: str) -> dict | None:
    """The entry stored under `key` while none of its tags was purged since; else None."""
    backend = store()
    entry = backend.get(key)
    if not entry or entry.get("v") != ENTRY_VERSION:
        return None
    tokens = entry["tags"]
    current = backend.get_many([lib.tag_key(tag) for tag in tokens])
    for tag, token in tokens.items():
        if current.get(lib.tag_key(tag)) != token:
            return None
    return entry


def save(key: str, request, response, *, started: float) -> dict | None:
    """Store a freshly rendered response and return its entry; None when a purge happened while it rendered."""
    backend = store()
    tags = sorted(request._page_cache_tags)
    keys = [lib.tag_key(tag) for tag in tags]
    current = _current_tokens(backend, keys)
    if _purged_since(current, keys, started):
        return None
    nonce = getattr(request, "csp_nonce", "")
    entry = {
        "v": ENTRY_VERSION,
        "status": response.status_code,
        "parts": lib.split_on_nonce(response.content, nonce),
        "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
        "tags": {tag: current.get(lib.tag_key(tag)) for tag in tags},
        "page_id": getattr(request, "_page_cache_page_id", None),
        "csp_extra": getattr(request, "csp_extra_sources", None),
    }
    now = timezone.localtime()
    timeout = min(settings.PAGE_CACHE_SECONDS, lib.seconds_until_midnight(now))
    expires = getattr(request, "_page_cache_expires", None)
    if expires is not None:
        timeout = min(timeout, max(1, int((expires - now).total_seconds())))
    entry["expires"] = time.time() + timeout
    backend.set(key, entry, timeout=timeout)
    return entry


def replay(request, entry: dict) -> HttpResponse:
    """The stored page, with this request's own CSP nonce where the rendered one was."""
    content = lib.join_with_nonce(entry["parts"], getattr(request, "csp_nonce", ""))
    response = HttpResponse(content, status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["Content-Length"] = str(len(content))
    if entry.get("csp_extra"):
        request.csp_extra_sources = {k: list(v) for k, v in entry["csp_extra"].items()}
    if entry.get("page_id") and request.method == "GET":
        from sitegroup.services.pageviews import record_page_view

        record_page_view(request, entry["page_id"])
    return response


def storable(request, response) -> bool:
    if getattr(request, "_page_cache_tags", None) is None or getattr(request, "is_preview", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


# --- purging ------------------------------------------------------------------------------------------


class PurgeBackend:
    """Where purges go. `needs_urls`: the backend purges URLs (a CDN, nginx), so they are worked out."""

    needs_urls = False

    def purge(self, *, tags: set[str], urls: list[str]) -> None:
        raise NotImplementedError


class LocalPurgeBackend(PurgeBackend):
    """The application's own page cache: new tokens for the tags."""

    def purge(self, *, tags: set[str], urls: list[str]) -> None:
        if tags:
            store().set_many({lib.tag_key(tag): _new_token() for tag in tags}, timeout=None)


class HTTPPurgeBackend(PurgeBackend):
    """Sends `PURGE <url>` for each URL (nginx with a purge module, Varnish), to PAGE_CACHE_PURGE_ORIGIN
    when set (the cache's own address), else to the URL's host. A failure is logged, never raised."""

    needs_urls = True

    def purge(self, *, tags: set[str], urls: list[str]) -> None:
        origin = getattr(settings, "PAGE_CACHE_PURGE_ORIGIN", "").rstrip("/")
        for url in urls:
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            target = origin + path if origin else url
            host = parts.netloc
            try:
                urlopen(Request(target, method="PURGE", headers={"Host": host}), timeout=2).close()  # noqa: S310
            except OSError as error:
                logger.warning("page cache: purge of %s failed: %s", url, error)


class WagtailFrontendCacheBackend(PurgeBackend):
    """Wagtail's frontend cache invalidators (Cloudflare, CloudFront, Azure, HTTP): configure
    `wagtail.contrib.frontend_cache` and WAGTAILFRONTENDCACHE as Wagtail documents."""

    needs_urls = True

    def purge(self, *, tags: set[str], urls: list[str]) -> None:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        if urls:
            purge_urls_from_cache(urls)


@memoize
def _backends(paths: tuple[str, ...]) -> list[PurgeBackend]:
    return [import_string(path)() for path in paths]


def backends() -> list[PurgeBackend]:
    return _backends(
        tuple(getattr(settings, "PAGE_CACHE_PURGE_BACKENDS", ["sitegroup.services.page_cache.LocalPurgeBackend"]))
    )


def purge_tags(tags, urls_of=None) -> None:
    """Purge now (call after commit). `urls_of()` lists the URLs for backends that purge URLs."""
    tags = set(tags)
    urls: list[str] | None = None
    for backend in backends():
        if backend.needs_urls and urls is None:
            urls = sorted(set(urls_of())) if urls_of else []
        backend.purge(tags=tags, urls=urls or [])


def purge_after_commit(tags, urls_of=None) -> None:
    """Purge the local cache at once (this process's next render sees the change even before the commit)
    and everything again after the commit (a render that read the old data meanwhile is not kept)."""
    LocalPurgeBackend().purge(tags=set(tags), urls=[])
    transaction.on_commit(lambda: purge_tags(tags, urls_of))


def purge_everything() -> None:
    purge_after_commit({"all"})


def purge_site(site_id: int) -> None:
    purge_after_commit({f"site:{site_id}"})


def page_tags(page, *, ancestor_ids=None) -> set[str]:
    """The tags a change of `page` purges: the page and each ancestor below the tree root."""
    if ancestor_ids is None:
        ancestor_ids = page.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True)
    return {f"page:{page.pk}", *(f"page:{pk}" for pk in ancestor_ids)}


def affects_whole_site(page) -> bool:
    """Home pages, their children (the menu's candidates), pages with children and menu pages show (in
    menus, breadcrumbs, meta) on every page of their site."""
    return page.depth <= 3 or page.numchild > 0 or page.show_in_menus


def sites_of(page) -> list[int]:
    from wagtail.models import Site

    prefixes = [page.path[: i * page.steplen] for i in range(1, page.depth + 1)]
    return list(Site.objects.filter(root_page__path__in=prefixes).values_list("pk", flat=True))


def sites_under(page) -> list[int]:
    """The sites whose root page is `page` or below it."""
    from wagtail.models import Site

    return list(Site.objects.filter(root_page__path__startswith=page.path).values_list("pk", flat=True))


def purge_privacy_change(page_id: int) -> None:
    """A privacy setting on a page changed: that page and everything below it must stop (or start) being
    served to anonymous visitors from any cache. Rare, so whole sites are purged: the page's own, and any
    site rooted below it (their pages sit behind it too; each site keeps its list of restrictions:
    sitegroup.services.routing), with every page below it wherever else it shows (the portal's copy of a
    submitted article)."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    site_ids = sorted({*sites_of(page), *sites_under(page)}) if page is not None else []
    if not site_ids:
        purge_everything()
        return
    below = Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    # PRIVACY_TAG: the list of privacy settings each process keeps (sitegroup.services.routing).
    purge_after_commit({PRIVACY_TAG, *(f"site:{site_id}" for site_id in site_ids), *(f"page:{pk}" for pk in below)})


def purge_page(page, *, extra_ancestor_ids=()) -> None:
    """Something about `page` that visitors see changed (published, unpublished, moved, deleted)."""
    if affects_whole_site(page):
        tags = {f"site:{site_id}" for site_id in sites_of(page)} or {"all"}
        tags |= {f"page:{page.pk}"}
    else:
        tags = page_tags(page) | {f"page:{pk}" for pk in extra_ancestor_ids}
    tags |= _columns_referencing(page)
    pages = [page]
    purge_after_commit(tags, lambda: _urls_of_pages(pages, tags))


def _columns_referencing(page) -> set[str]:
    """An article referenced (引用) into other columns, of its own site or another, shows in their listings
    and on their home pages: before a first publication there, they did not depend on it yet."""
    columns = getattr(page, "also_in_columns", None)
    if columns is None:
        return set()
    tags = set()
    for column in columns.all():
        tags |= page_tags(column)
    return tags


def _urls_of_pages(pages, tags: set[str]) -> list[str]:
    """The public URLs the tags cover, for URL-purging backends: each page, its ancestors with their
    RSS feed and every listing page (?page=N), the sitemap. A site-wide purge sends the site's root."""
    from wagtail.models import Page, Site

    from sitegroup.models.pages import PAGE_SIZE, ColumnPage

    urls: list[str] = []
    site_ids = [int(tag.split(":", 1)[1]) for tag in tags if tag.startswith("site:")]
    for site in Site.objects.filter(pk__in=site_ids):
        urls.append(site.root_url + "/")
    page_ids = [int(tag.split(":", 1)[1]) for tag in tags if tag.startswith("page:")]
    for page in Page.objects.filter(pk__in=page_ids).specific():
        url = page.get_full_url()
        if not url:
            continue
        urls.append(url)
        if isinstance(page, ColumnPage):
            urls.append(url + "rss/")
            count = page.articles().count()
            urls.extend(f"{url}?page={number}" for number in range(1, max(1, -(-count // PAGE_SIZE)) + 1))
        if page.depth == 2:
            urls.append(urljoin(url, "/sitemap.xml"))
    return urls


# --- per-process copies of what every page of a site shows ---------------------------------------------

_site_memo: dict[tuple[int, str], tuple[tuple, object]] = {}
_site_memo_lock = threading.Lock()


def _site_tokens(request, site_id: int) -> tuple:
    """The tokens of `all` and `site:<id>`, read once per request (created when missing)."""
    memo = getattr(request, "_page_cache_site_tokens", None) if request is not None else None
    if memo is not None and memo[0] == site_id:
        return memo[1]
    keys = [lib.tag_key("all"), lib.tag_key(f"site:{site_id}")]
    current = _current_tokens(store(), keys)
    tokens = tuple(current.get(key) for key in keys)
    if request is not None:
        request._page_cache_site_tokens = (site_id, tokens)
    return tokens


def site_memo(request, site_id: int, name: str, build):
    """`build()` once per process for a site, rebuilt after any purge of the site (`site:<id>` or `all`):
    the menu, the site and theme settings, the portal link. Read-only values: callers copy what they change."""
    try:
        tokens = _site_tokens(request, site_id)
    except Exception:
        logger.exception("page cache: its store is unavailable; %s is built afresh", name)
        return build()
    held = _site_memo.get((site_id, name))
    if held is not None and held[0] == tokens:
        return held[1]
    value = build()
    with _site_memo_lock:
        _site_memo[(site_id, name)] = (tokens, value)
    return value


PRIVACY_TAG = "privacy"


def privacy_memo(build):
    """`build()` once per process, rebuilt after any privacy setting changes (`purge_privacy_change`) or
    everything is purged. Records no tag on the request: a privacy change purges what it shows itself."""
    keys = [lib.tag_key("all"), lib.tag_key(PRIVACY_TAG)]
    try:
        current = _current_tokens(store(), keys)
    except Exception:
        logger.exception("page cache: its store is unavailable; the privacy settings are read afresh")
        return build()
    tokens = tuple(current.get(key) for key in keys)
    held = _site_memo.get((0, PRIVACY_TAG))
    if held is not None and held[0] == tokens:
        return held[1]
    value = build()  # the tokens were read first: a change while it is built is seen by the next request
    with _site_memo_lock:
        _site_memo[(0, PRIVACY_TAG)] = (tokens, value)
    return value


class MemoisedSiteSetting:
    """Mixin for a BaseSiteSetting: public pages read the setting (and the images it links) from a
    per-process copy, rebuilt after the site is purged (saving the setting purges it). The admin, previews
    and a request that already holds the setting (the theme preview's unsaved one) read as before."""

    @classmethod
    def for_request(cls, request):
        attr = cls.get_cache_attr_name()
        if hasattr(request, attr):
            return getattr(request, attr)
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is None or getattr(request, "is_preview", False) or request.path.startswith("/admin/"):
            return super().for_request(request)

        def build():
            instance = cls.for_site(site)
            for field in cls._meta.concrete_fields:
                if field.is_relation and field.many_to_one and field.name != "site":
                    getattr(instance, field.name)  # loaded once into the shared copy
            return instance

        instance = copy.copy(site_memo(request, site.pk, cls._meta.label, build))
        instance._request = request
        setattr(request, attr, instance)
        return instance


_memo: dict[str, tuple[dict, object, float]] = {}
# Memos of which a process may meet thousands (one per article): the most recently used are kept.
_bounded_memo: OrderedDict[str, tuple[dict, object, float]] = OrderedDict()
BOUNDED_MEMO_ENTRIES = 500


def bounded_memo(request, key: str, build):
    """`memo` for values there may be one of per page (an article's rendered body): at most
    BOUNDED_MEMO_ENTRIES are kept per process, the least recently used dropped first."""
    return memo(request, key, build, held_in=_bounded_memo)


def memo(request, key: str, build, *, held_in=None, expires_of=None):
    """A value built once per process and kept while the tags it depends on are not purged.

    `build()` returns (value, tags), tags None for a value not to keep; `all` and the request's `site:<id>`
    are added (a new column under a home page purges its site: see affects_whole_site). For the blocks
    other apps put on a home page (the service column's entry, the next interview): an article published
    in another column purges the home page, not these. `expires_of(value)` may name an aware datetime at
    which the value ends with no purge (a 置顶 that ends). Read-only values: callers copy what they change."""
    memos = _memo if held_in is None else held_in
    held = memos.get(key)
    try:
        backend = store()
        current = backend.get_many(list(held[0])) if held is not None else {}
    except Exception:
        logger.exception("page cache: its store is unavailable; %s is built afresh", key)
        return build()[0]
    if held is not None:
        tokens, value, until = held
        if timezone.now().timestamp() < until and all(
            current.get(tag_key) == token for tag_key, token in tokens.items()
        ):
            depends_on(request, *(tag_key.removeprefix(lib.tag_key("")) for tag_key in tokens))
            if held_in is not None:
                with _site_memo_lock:
                    if key in held_in:
                        held_in.move_to_end(key)
            return value
    started = time.time()
    value, tags = build()
    if tags is None:
        return value  # the builder says this value is not to be kept
    site = getattr(request, "_wagtail_site", None)
    tags = {"all", *tags, *([f"site:{site.pk}"] if site is not None else [])}
    depends_on(request, *tags)  # a cached page showing the value is purged with it
    keys = [lib.tag_key(tag) for tag in tags]
    try:
        current = _current_tokens(backend, keys)
    except Exception:
        logger.exception("page cache: its store is unavailable; %s is not kept", key)
        return value
    if _purged_since(current, keys, started):
        return value  # a purge while it was built may not be in it: used once, not kept
    # Never past local midnight either, like a cached page: what no purge reaches (a link to a page moved
    # since) is stale for a day at most.
    until = started + lib.seconds_until_midnight(timezone.localtime())
    ends = expires_of(value) if expires_of is not None else None
    if ends is not None:
        until = min(until, ends.timestamp())
    with _site_memo_lock:
        memos[key] = (current, value, until)
        if held_in is not None:
            held_in.move_to_end(key)
            while len(held_in) > BOUNDED_MEMO_ENTRIES:
                held_in.popitem(last=False)
    return value
