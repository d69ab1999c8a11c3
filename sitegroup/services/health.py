"""Site health monitor (网站健康检查): a registry of checks run per site, daily and on demand.

Apps contribute checks through the Wagtail hook ``sitegroup_health_checks`` (a function returning
``HealthCheck``s); sitegroup's own are in ``sitegroup.health_checks``. A check gets a
``SiteContext`` (the site, its live pages loaded once, an in-process fetcher) and returns
``Problem``s, each with a severity, a message in Chinese and the admin URL where it is fixed.

    run = run_site_health(organisation, user=None, progress=print_progress)

A run stores its problems and each check's colour; when a check turns red (it was not red in the
previous run) the site's admins are notified through the notification backends.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import close_old_connections, models, transaction
from django.utils import timezone
from wagtail import hooks

from sitegroup.lib import page_digest
from sitegroup.models import HealthProblem, HealthRun, Organisation, PageDigest, Role, RunState, Severity
from sitegroup.models.health import SEVERITY_ORDER

logger = logging.getLogger(__name__)

MONITOR_USER_AGENT = "SitegroupHealthMonitor/1.0 (bot)"
MAX_PROBLEMS_PER_CHECK = 200


@dataclass(frozen=True)
class Problem:
    severity: str  # Severity value
    message: str
    fix_url: str = ""


@dataclass(frozen=True)
class HealthCheck:
    code: str
    label: str  # 首页更新, 栏目更新, 空栏目 …
    run: Callable[[SiteContext], list[Problem]]
    order: int = 100


def registered_checks() -> list[HealthCheck]:
    checks = [check for hook in hooks.get_hooks("sitegroup_health_checks") for check in hook()]
    return sorted(checks, key=lambda check: (check.order, check.code))


def check_labels() -> dict[str, str]:
    return {check.code: check.label for check in registered_checks()}


# -- fetching what a site serves ----------------------------------------------------------------


def fetch(site, path: str, client=None) -> tuple[int, str]:
    """What the site serves at ``path``: in-process through the whole Django stack (default), or
    over HTTP from the site's own URL when ``SITEGROUP_HEALTH_FETCH_OVER_HTTP`` is set."""
    if getattr(settings, "SITEGROUP_HEALTH_FETCH_OVER_HTTP", False):
        import urllib.error
        import urllib.request

        url = site.root_url.rstrip("/") + path
        request = urllib.request.Request(url, headers={"User-Agent": MONITOR_USER_AGENT})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the site's own URL
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return 0, ""
    client = client or in_process_client(site)
    response = client.get(path, secure=site.port == 443)
    body = response.content.decode("utf-8", "replace") if not getattr(response, "streaming", False) else ""
    return response.status_code, body


def in_process_client(site):
    from django.test import Client

    return Client(HTTP_HOST=site.hostname, HTTP_USER_AGENT=MONITOR_USER_AGENT, SERVER_PORT=str(site.port))


def page_path(page, site) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path[len(site.root_page.url_path) - 1 :]


# -- 防篡改 digests -----------------------------------------------------------------------------


def records_digest(page) -> bool:
    """Content pages carry a digest; listings (home, columns) change with every publication."""
    return bool(getattr(page.specific_class, "records_digest", False))


def stored_fields(page) -> dict[str, str]:
    """The content a page stores itself: its title and every field its own page type adds to Wagtail's
    page (body, summary, source, dates …) as the database holds them. Wagtail's bookkeeping (drafts,
    locks, revisions) is left out, so saving a draft or locking a page changes nothing here."""
    from wagtail.models import Page

    fields = {"title": page.title}
    for model_field in page._meta.concrete_fields:
        if model_field.model is Page or model_field.primary_key or model_field.name in _NOT_CONTENT:
            continue
        if getattr(model_field.remote_field, "parent_link", False):
            continue
        fields[model_field.name] = _stored_text(model_field, page)
    return fields


def _stored_text(model_field, page) -> str:
    """A field's value as stored, the same however the page was used before: a StreamField's raw
    blocks (reading a block in a check must not turn it into re-serialised, reordered JSON — PostgreSQL's
    jsonb hands keys back in its own order), JSON with sorted keys, anything else as Django writes it."""
    from wagtail.fields import StreamField

    if isinstance(model_field, StreamField):
        value = getattr(page, model_field.attname)
        raw = list(value.raw_data) if hasattr(value, "raw_data") else value
        return json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(model_field, models.JSONField):
        return json.dumps(getattr(page, model_field.attname), sort_keys=True, ensure_ascii=False, default=str)
    return model_field.value_to_string(page)


_NOT_CONTENT = {"page_ptr"}


def stored_content_digest(page) -> str:
    return page_digest.stored_digest(stored_fields(page))


def tamper_cycle_days() -> int:
    return max(1, int(getattr(settings, "SITEGROUP_HEALTH_TAMPER", {}).get("cycle_days", 7)))


def render_budget(total: int) -> int:
    """How many content pages a run renders and compares: every page once per cycle (default 7 days),
    at least ``minimum`` (default 300) a run, so a small site renders every page every day."""
    minimum = max(1, int(getattr(settings, "SITEGROUP_HEALTH_TAMPER", {}).get("minimum", 300)))
    return min(total, max(minimum, -(-total // tamper_cycle_days())))


def record_digest(page) -> PageDigest | None:
    from wagtail.models import Page

    page = Page.objects.filter(pk=page.pk).specific().first()
    if page is None:
        return None
    site = page.get_site()
    if site is None or not page.live:
        return None
    status, html = fetch(site, page_path(page, site))
    if status != 200:
        logger.warning("防篡改：%s 发布后无法取得页面（HTTP %s），未记录摘要", page.pk, status)
        return None
    entry, _ = PageDigest.objects.update_or_create(
        page=page,
        defaults={
            "digest": page_digest.digest(html),
            "content_digest": stored_content_digest(page),
            "revision_id": page.live_revision_id,
            "recorded_at": timezone.now(),
            "compared_at": timezone.now(),
            "served_matches": True,
        },
    )
    return entry


_deferred = threading.local()


class defer_digests:  # noqa: N801 - used as a context manager, like transaction.atomic
    """Inside, publications record no digest (bulk loads such as the demo): the monitor's first run
    records the baselines instead."""

    def __enter__(self):
        _deferred.depth = getattr(_deferred, "depth", 0) + 1

    def __exit__(self, *exc):
        _deferred.depth -= 1


def record_digest_after_commit(page) -> None:
    if not records_digest(page) or getattr(_deferred, "depth", 0):
        return

    def record():
        try:
            record_digest(page)
        except Exception:  # noqa: BLE001 - a failed digest must not undo or fail a publication
            logger.exception("防篡改：页面 %s 的摘要记录失败", page.pk)

    transaction.on_commit(record)


# -- a run ----------------------------------------------------------------------------------------


class SiteContext:
    """What the checks of one run share: the site, its live pages (loaded once), the clock."""

    def __init__(self, organisation: Organisation, now=None, progress: Callable[[str], None] | None = None):
        self.organisation = organisation
        self.site = organisation.site
        self.now = now or timezone.now()
        self.progress = progress or (lambda message: None)
        self.links_checked = 0
        self.pages_rendered = 0  # 防篡改: content pages rendered and found as published in this run

    @cached_property
    def live_pages(self) -> list:
        root = self.site.root_page
        return list(root.get_descendants(inclusive=True).live().specific().order_by("path").iterator(chunk_size=500))

    @cached_property
    def client(self):
        return in_process_client(self.site)

    def fetch(self, path: str) -> tuple[int, str]:
        return fetch(self.site, path, self.client)


def site_admins(organisation: Organisation):
    return (
        get_user_model()
        .objects.filter(
            groups__organisation_role__organisation=organisation,
            groups__organisation_role__role=Role.SITE_ADMIN,
            is_active=True,
        )
        .distinct()
    )


def _worst(problems: list[Problem]) -> str:
    return max((problem.severity for problem in problems), key=lambda value: SEVERITY_ORDER[value], default="green")


def run_site_health(organisation: Organisation, *, user=None, run: HealthRun | None = None, progress=None) -> HealthRun:
    """Run every registered check on the organisation's site, store the problems, notify on red."""
    if run is None:
        run = HealthRun.objects.create(organisation=organisation, triggered_by=user)
    previous = (
        HealthRun.objects.filter(organisation=organisation, state=RunState.DONE)
        .exclude(pk=run.pk)
        .order_by("-started_at", "-pk")
        .first()
    )
    context = SiteContext(organisation, progress=progress)
    results: dict[str, str] = {}
    checks = registered_checks()
    try:
        for number, check in enumerate(checks, start=1):
            run.progress = f"{number}/{len(checks)} {check.label}"
            run.save(update_fields=["progress"])
            context.progress(f"{organisation.display_name}：{run.progress}")
            try:
                problems = check.run(context)
            except Exception:  # noqa: BLE001 - one broken check is reported, the others still run
                logger.exception("健康检查 %s 出错", check.code)
                problems = [Problem(Severity.YELLOW, f"「{check.label}」检查未能完成，请联系平台管理员查看日志。")]
            results[check.code] = _worst(problems)
            HealthProblem.objects.bulk_create(
                HealthProblem(
                    run=run,
                    check_code=check.code,
                    severity=problem.severity,
                    message=problem.message[:500],
                    fix_url=problem.fix_url[:500],
                )
                for problem in problems[:MAX_PROBLEMS_PER_CHECK]
            )
    except Exception as error:
        run.state, run.error, run.finished_at = RunState.FAILED, str(error)[:500], timezone.now()
        run.save(update_fields=["state", "error", "finished_at"])
        raise
    run.results = results
    run.pages_checked = len(context.live_pages) if "live_pages" in context.__dict__ else 0
    run.links_checked = context.links_checked
    run.pages_rendered = context.pages_rendered
    run.state, run.finished_at, run.progress = RunState.DONE, timezone.now(), ""
    run.save()
    _notify_turned_red(run, previous)
    return run


def turned_red(run: HealthRun, previous: HealthRun | None) -> list[str]:
    before = previous.results if previous else {}
    return [code for code, value in run.results.items() if value == Severity.RED and before.get(code) != Severity.RED]


def _notify_turned_red(run: HealthRun, previous: HealthRun | None) -> None:
    from django.urls import reverse

    from sitegroup.services.notifications import notify_staff

    codes = turned_red(run, previous)
    if not codes:
        return
    labels = check_labels()
    names = "、".join(labels.get(code, code) for code in codes)
    subject = f"{run.organisation.display_name}网站健康检查：{names}出现严重问题"
    problems = run.problems.filter(check_code__in=codes, severity=Severity.RED)[:5]
    body = (
        f"{subject}。"
        + "；".join(problem.message for problem in problems)
        + f"。请登录后台处理：{reverse('sitegroup_health_site', args=[run.organisation.pk])}"
    )
    notify_staff(site_admins(run.organisation), run.organisation, ("site_health", run.pk), subject, body)


# -- who sees what; running in the background ---------------------------------------------------


def organisations_visible_to(user):
    """Site admins see their sites; platform admins and supervision see every site."""
    from sitegroup.permissions import user_sees_every_organisation

    sites = Organisation.objects.with_site()
    if user_sees_every_organisation(user):
        return sites
    return sites.filter(roles__role=Role.SITE_ADMIN, roles__group__user=user).distinct()


def may_see(user, organisation: Organisation) -> bool:
    return organisations_visible_to(user).filter(pk=organisation.pk).exists()


class CheckRefused(Exception):
    pass


def start_check(organisation: Organisation, user) -> HealthRun:
    """立即检查: start a run in a background thread; refused while one is already running."""
    from wagtail.log_actions import log

    if not may_see(user, organisation):
        raise CheckRefused("您无权检查该站点。")
    running = HealthRun.objects.filter(
        organisation=organisation, state=RunState.RUNNING, started_at__gte=timezone.now() - timezone.timedelta(hours=1)
    ).first()
    if running is not None:
        raise CheckRefused("该站点正在检查中，请稍后刷新查看结果。")
    run = HealthRun.objects.create(organisation=organisation, triggered_by=user)
    log(instance=organisation, action="sitegroup.health_check", user=user, data={"run": run.pk})
    transaction.on_commit(lambda: _in_background(run.pk))
    return run


def _run_by_id(run_id: int) -> None:
    try:
        run = HealthRun.objects.select_related("organisation__site__root_page").get(pk=run_id)
        run_site_health(run.organisation, run=run, user=run.triggered_by)
    except Exception:  # noqa: BLE001 - logged; the run is marked failed by run_site_health
        logger.exception("健康检查 %s 失败", run_id)


def _run_in_thread(run_id: int) -> None:
    """The background thread's own database connection: opened fresh, closed at the end."""
    close_old_connections()
    try:
        _run_by_id(run_id)
    finally:
        close_old_connections()


def _in_background(run_id: int) -> None:
    if getattr(settings, "SITEGROUP_HEALTH_RUN_INLINE", False):
        _run_by_id(run_id)  # the caller's connection (and, in tests, its transaction): never closed here
        return
    threading.Thread(target=_run_in_thread, args=(run_id,), name=f"health-{run_id}", daemon=True).start()


def run_all(progress=None) -> list[HealthRun]:
    """The daily job: every site, one after the other."""
    return [run_site_health(organisation, progress=progress) for organisation in Organisation.objects.with_site()]


def latest_runs(organisations) -> dict[int, HealthRun]:
    runs = {}
    for run in (
        HealthRun.objects.filter(organisation__in=organisations, state=RunState.DONE)
        .order_by("organisation_id", "-started_at", "-pk")
        .distinct("organisation_id")
        if _supports_distinct_on()
        else HealthRun.objects.filter(organisation__in=organisations, state=RunState.DONE).order_by("-started_at")
    ):
        runs.setdefault(run.organisation_id, run)
    return runs


def _supports_distinct_on() -> bool:
    from django.db import connection

    return connection.features.can_distinct_on_fields


@dataclass
class CheckRow:
    code: str
    label: str
    severity: str
    problems: list = field(default_factory=list)
