"""Page-view counting that costs almost nothing per request.

Views are counted in a per-process buffer and written in one upsert when the buffer is full or
old (``PAGEVIEW_FLUSH_EVERY`` / ``PAGEVIEW_FLUSH_SECONDS``) and by ``manage.py flush_pageviews``.
No IP address, cookie or user id is kept; crawlers are recognised by user agent and skipped.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page, Site

from sitegroup.models import PageViewDaily

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|bingpreview|baiduspider|yisouspider|sogou|360spider|bytespider|"
    r"headless|python-requests|curl|wget|httpclient|scrapy|monitor|checker|lighthouse|axe",
    re.IGNORECASE,
)

_lock = threading.Lock()
_buffer: Counter = Counter()
_pending = [0]  # views in the buffer, kept so the hot path never sums it
_last_flush = [time.monotonic()]


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def record_view(request, page) -> None:
    """Count one view of a page by a person (called from the page-serving hook)."""
    if getattr(request, "is_preview", False) or request.method != "GET":
        return
    record_page_view(request, page.pk)


def record_page_view(request, page_id: int) -> None:
    """Count one view of the page with this id (a page served from the page cache has no page object)."""
    site = Site.find_for_request(request)  # cached on the request by the host middleware
    if site is None:
        return
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return
    key = (page_id, site.pk, timezone.localdate())
    with _lock:
        _buffer[key] += 1
        _pending[0] += 1
        due = (
            _pending[0] >= settings.PAGEVIEW_FLUSH_EVERY
            or time.monotonic() - _last_flush[0] >= settings.PAGEVIEW_FLUSH_SECONDS
        )
    if due:
        flush()


def flush() -> int:
    """Write the buffered counts in one statement; returns how many views were written."""
    with _lock:
        pending = dict(_buffer)
        _buffer.clear()
        _pending[0] = 0
        _last_flush[0] = time.monotonic()
    if not pending:
        return 0
    existing = set(Page.objects.filter(pk__in={key[0] for key in pending}).values_list("pk", flat=True))
    rows = [
        (page_id, site_id, day.isoformat(), views)
        for (page_id, site_id, day), views in pending.items()
        if page_id in existing
    ]
    _upsert(rows)
    return sum(pending.values())


def add_counts(counts: dict[tuple[int, object], int]) -> int:
    """Add views counted elsewhere (nginx's page-view log): (page id, day) → views. Each page's views go to
    the site whose tree holds it; pages since deleted are skipped. Returns the views written."""
    sites = sorted(Site.objects.values_list("pk", "root_page__path"), key=lambda site: -len(site[1]))
    paths = dict(Page.objects.filter(pk__in={page_id for page_id, _day in counts}).values_list("pk", "path"))
    rows = []
    for (page_id, day), views in counts.items():
        path = paths.get(page_id)
        site_id = next((pk for pk, root in sites if path.startswith(root)), None) if path else None
        if site_id is not None:
            rows.append((page_id, site_id, day.isoformat(), views))
    _upsert(rows)
    return sum(row[3] for row in rows)


def _upsert(rows: list[tuple], batch: int = 1000) -> None:
    table = PageViewDaily._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            sql = (
                f"INSERT INTO {table} (page_id, site_id, day, views) VALUES {placeholders} "  # noqa: S608
                f"ON CONFLICT (page_id, day) DO UPDATE SET views = {table}.views + excluded.views"
            )
            cursor.execute(sql, [value for row in chunk for value in row])


def pending_views() -> int:
    with _lock:
        return _pending[0]


def total_views(page) -> int:
    """All views of one page so far: the stored daily counters (one query) plus this process's buffer."""
    from django.db.models import Sum

    stored = PageViewDaily.objects.filter(page_id=page.pk).aggregate(total=Sum("views"))["total"] or 0
    with _lock:
        buffered = sum(views for (page_id, _site, _day), views in _buffer.items() if page_id == page.pk)
    return stored + buffered
