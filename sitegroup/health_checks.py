"""The site health monitor's own checks (registered in ``wagtail_hooks``): home page and column
updates, empty columns, overdue cases of every registered kind, footer and meta elements, wrong
forms (错敏词) on live pages, broken links and pages changed after publication (防篡改)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sitegroup.lib import page_digest
from sitegroup.lib.linkcheck import check_links
from sitegroup.models import ArticlePage, PageDigest, Severity, SiteSettings
from sitegroup.services import cases, wrong_forms
from sitegroup.services.health import HealthCheck, Problem, SiteContext, page_path
from sitegroup.services.sensitive_words import page_text_parts
from sitegroup.statistics import column_freshness

HOME_STALE_DAYS = 14
HOME_WARNING_DAYS = 10
CASE_VETO_DAYS = 90  # 3 months unanswered: a veto item in the national inspection
CASE_WARNING_DAYS = 60
HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _title(page) -> str:
    return f"「{page.title}」"


def home_page_updated(context: SiteContext) -> list[Problem]:
    """首页更新: the newest content on the site is less than two weeks old."""
    newest = (
        ArticlePage.objects.live()
        .descendant_of(context.site.root_page)
        .order_by("-last_published_at")
        .values_list("last_published_at", flat=True)
        .first()
    ) or context.site.root_page.last_published_at
    add_url = reverse("wagtailadmin_explore", args=[context.site.root_page_id])
    if newest is None:
        return [Problem(Severity.RED, "首页没有任何已发布的信息。", add_url)]
    days = (context.now - newest).days
    if days >= HOME_STALE_DAYS:
        return [Problem(Severity.RED, f"首页已 {days} 天未更新（超过2周即不合格）。", add_url)]
    if days >= HOME_WARNING_DAYS:
        return [Problem(Severity.YELLOW, f"首页已 {days} 天未更新，{HOME_STALE_DAYS - days} 天后将超过2周。", add_url)]
    return []


def columns_updated(context: SiteContext) -> list[Problem]:
    """栏目更新: each column against its type's expected update interval."""
    problems = []
    for row in column_freshness([context.organisation], context.now):
        add_url = reverse("wagtailadmin_pages:add_subpage", args=[row.column.pk])
        if row.status == "stale":
            days = (context.now - row.latest).days
            problems.append(
                Problem(
                    Severity.RED,
                    f"栏目{_title(row.column)}已 {days} 天未更新（应每 {row.interval_days} 天内更新）。",
                    add_url,
                )
            )
        elif row.status == "due_soon":
            days = (context.now - row.latest).days
            problems.append(
                Problem(
                    Severity.YELLOW,
                    f"栏目{_title(row.column)}已 {days} 天未更新，即将超过 {row.interval_days} 天的更新要求。",
                    add_url,
                )
            )
    return problems


def columns_not_empty(context: SiteContext) -> list[Problem]:
    """空栏目: a column with an update interval and no live article."""
    return [
        Problem(
            Severity.RED,
            f"栏目{_title(row.column)}没有任何已发布的信息（空白栏目）。",
            reverse("wagtailadmin_pages:add_subpage", args=[row.column.pk]),
        )
        for row in column_freshness([context.organisation], context.now)
        if row.status == "empty"
    ]


def cases_answered(context: SiteContext) -> list[Problem]:
    """互动回应: open cases of every registered kind, read through the case registry."""
    today = timezone.localdate()
    problems = []
    for kind in cases.kinds():
        for case in cases.open_cases(kind).filter(organisation=context.organisation).order_by("received_on"):
            age = (today - case.received_on).days
            overdue = case.due_on is not None and case.due_on < today
            where = f"{kind.label}（查询码 {case.lookup_code}，{case.received_on:%Y-%m-%d} 收到）"
            if age >= CASE_VETO_DAYS:
                problems.append(
                    Problem(Severity.RED, f"{where}已 {age} 天未办结，超过3个月（否决项）。", kind.admin_url(case))
                )
            elif overdue:
                problems.append(Problem(Severity.RED, f"{where}已超过办理期限，尚未答复。", kind.admin_url(case)))
            elif age >= CASE_WARNING_DAYS:
                problems.append(
                    Problem(
                        Severity.YELLOW,
                        f"{where}已 {age} 天未办结，{CASE_VETO_DAYS - age} 天后将超过3个月（否决项）。",
                        kind.admin_url(case),
                    )
                )
    return problems


FOOTER_ELEMENTS = (
    ("sponsor", "主办单位", "主办单位"),
    ("site_id_code", "网站标识码", "网站标识码"),
    ("icp_number", "ICP备案号", "ICP"),
    ("police_record_number", "公安备案号", "公网安备"),
)
META_NAMES = ("SiteName", "SiteDomain", "SiteIDCode")


def footer_and_meta(context: SiteContext) -> list[Problem]:
    """页脚与元数据: what the home page serves, against the national rules."""
    settings_url = reverse("wagtailsettings:edit", args=["sitegroup", "sitesettings", context.site.pk])
    status, html = context.fetch("/")
    if status != 200:
        return [Problem(Severity.RED, f"首页无法访问（HTTP {status}）。", settings_url)]
    site_settings = SiteSettings.for_site(context.site)
    problems = []
    for field_name, label, marker in FOOTER_ELEMENTS:
        value = getattr(site_settings, field_name)
        if not value or marker not in html or value not in html:
            problems.append(Problem(Severity.RED, f"页脚缺少{label}。", settings_url))
    for name in META_NAMES:
        match = re.search(rf'<meta\s+name="{name}"\s+content="([^"]*)"', html)
        if match is None or not match.group(1).strip():
            problems.append(Problem(Severity.RED, f"首页缺少元数据 {name}（网站名称/域名/标识码）。", settings_url))
    return problems


def wrong_forms_on_live_pages(context: SiteContext) -> list[Problem]:
    """错敏词 on what is live: block-level ones red, the others yellow."""
    problems = []
    for page in context.live_pages:
        for finding in wrong_forms.scan_page(page):
            problems.append(
                Problem(
                    Severity.RED if finding.is_blocking else Severity.YELLOW,
                    f"{_title(page)}中{finding.message}。",
                    edit_url(page),
                )
            )
    return problems


def _links_of(page) -> list[str]:
    links = []
    for part in page_text_parts(page):
        if part.is_html:
            links.extend(HREF.findall(part.text))
    return links


def broken_links(context: SiteContext) -> list[Problem]:
    """失效链接: internal links resolved in-process, external ones fetched politely with a cap."""
    site = context.site
    own_hosts = {site.hostname.lower()}
    live_paths = {page_path(page, site) for page in context.live_pages}
    internal: dict[str, list] = {}
    external: dict[str, list] = {}
    for page in context.live_pages:
        base = f"http://{site.hostname}{page_path(page, site)}"
        for href in _links_of(page):
            url = urljoin(base, href.strip())
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                continue
            target = internal if parts.hostname and parts.hostname.lower() in own_hosts else external
            key = (parts.path or "/") + (f"?{parts.query}" if parts.query else "") if target is internal else url
            target.setdefault(key, []).append(page)
    problems = []
    for path, pages in internal.items():
        normalised = path if path.endswith("/") or "?" in path or "." in path.rsplit("/", 1)[-1] else path + "/"
        if normalised in live_paths:
            continue
        status, _ = context.fetch(path)
        context.links_checked += 1
        if status >= 400 or status == 0:
            for page in dict.fromkeys(pages):
                problems.append(
                    Problem(
                        Severity.RED, f"{_title(page)}中的站内链接 {path} 已失效（HTTP {status}）。", edit_url(page)
                    )
                )
    options = getattr(settings, "SITEGROUP_HEALTH_LINK_CHECK", {})
    results = check_links(
        external,
        concurrency=options.get("concurrency", 4),
        per_host_delay=options.get("per_host_delay", 1.0),
        retries=options.get("retries", 2),
        backoff=options.get("backoff", 1.0),
        timeout=options.get("timeout", 10.0),
        max_links=options.get("max_links", 300),
    )
    context.links_checked += len(results)
    for result in results:
        if result.is_broken:
            for page in dict.fromkeys(external[result.url]):
                problems.append(
                    Problem(
                        Severity.YELLOW,
                        f"{_title(page)}中的外部链接 {result.url} 无法访问（{result.error}，已重试）。",
                        edit_url(page),
                    )
                )
    return problems


def pages_unchanged(context: SiteContext) -> list[Problem]:
    """网页防篡改, in two layers. Every run compares each content page's stored content with the digest
    recorded at publication (no rendering, a database row changed behind the workflow is red the same
    day). Then it renders the pages compared longest ago — a share sized so every page is rendered
    once per cycle (``health.render_budget``) — and compares what is served with the published digest,
    which catches changed templates, files or caches."""
    from sitegroup.services.health import record_digest, records_digest, render_budget, stored_content_digest

    pages = [page for page in context.live_pages if records_digest(page)]
    entries = {entry.page_id: entry for entry in PageDigest.objects.filter(page__in=[page.pk for page in pages])}
    problems, backfilled, candidates = [], [], []
    for page in pages:
        entry = entries.get(page.pk)
        if entry is None:
            record_digest(page)  # published before the monitor existed: today's content is the baseline
            continue
        stored = stored_content_digest(page)
        if not entry.content_digest:
            entry.content_digest = stored  # recorded before content digests existed
            backfilled.append(entry)
        elif stored != entry.content_digest:
            problems.append(_tampered(page, "（数据库中的内容被改动）"))
            continue
        candidates.append(entry)
    if backfilled:
        PageDigest.objects.bulk_update(backfilled, ["content_digest"])
    # Pages that did not match last time, every run (until republished or repaired); then the rest,
    # longest-uncompared first, as many as the budget allows.
    again = [entry for entry in candidates if not entry.served_matches]
    rest = sorted(
        (entry for entry in candidates if entry.served_matches),
        key=lambda entry: (entry.compared_at is not None, entry.compared_at or entry.recorded_at),
    )
    pages_by_id = {page.pk: page for page in pages}
    compared = []
    for entry in again + rest[: render_budget(len(candidates))]:
        page = pages_by_id[entry.page_id]
        status, html = context.fetch(page_path(page, context.site))
        if status != 200:
            problems.append(Problem(Severity.RED, f"{_title(page)}无法访问（HTTP {status}）。", edit_url(page)))
            continue
        entry.served_matches = page_digest.digest(html) == entry.digest
        entry.compared_at = context.now
        compared.append(entry)
        if not entry.served_matches:
            problems.append(_tampered(page, ""))
    context.pages_rendered += len(compared)
    PageDigest.objects.bulk_update(compared, ["compared_at", "served_matches"], batch_size=500)
    return problems


def _tampered(page, how: str) -> Problem:
    return Problem(
        Severity.RED,
        f"{_title(page)}的页面内容与发布时不一致{how}，可能被篡改，请立即核查。",
        reverse("wagtailadmin_pages:history", args=[page.pk]),
    )


def builtin_checks() -> list[HealthCheck]:
    return [
        HealthCheck("home_page", "首页更新", home_page_updated, 10),
        HealthCheck("columns_updated", "栏目更新", columns_updated, 20),
        HealthCheck("columns_empty", "空白栏目", columns_not_empty, 30),
        HealthCheck("cases_answered", "互动回应", cases_answered, 40),
        HealthCheck("footer_meta", "页脚与元数据", footer_and_meta, 60),
        HealthCheck("wrong_forms", "错敏词", wrong_forms_on_live_pages, 70),
        HealthCheck("broken_links", "失效链接", broken_links, 80),
        HealthCheck("tampering", "网页防篡改", pages_unchanged, 90),
    ]


__all__ = ["builtin_checks"]
