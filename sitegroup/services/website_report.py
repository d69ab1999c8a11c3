"""政府网站工作年度报表: figures computed from the platform's data, the site admin's entries, review and publication.

The platform's own figures (site facts, visits, articles per column type, topic columns) are computed
here; the other apps contribute theirs through the hook ``sitegroup_annual_report_figures`` — a function
``(organisation, year) -> {row key: value}`` — so that sitegroup imports none of them. A row nobody
computes is entered by hand. Publishing freezes the values; the public page and the XLSX read them.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log

from sitegroup.lib import website_report as form
from sitegroup.models import (
    ArticlePage,
    ColumnPage,
    ColumnType,
    OrganisationKind,
    PageViewDaily,
    Role,
    SiteSettings,
    WebsiteAnnualReport,
    WebsiteReportStatus,
)

SITE_TYPES = {OrganisationKind.PORTAL: "政府门户网站"}


def year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


# ---------------------------------------------------------------- permissions


def may_edit(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(
        organisation_role__organisation=organisation, organisation_role__role=Role.SITE_ADMIN
    ).exists()


def require_editor(user, organisation) -> None:
    if not may_edit(user, organisation):
        raise PermissionDenied("只有本机构的站点管理员可以填报和发布网站年度报表。")


# ---------------------------------------------------------------- figures


def _site_facts(organisation) -> dict:
    site = organisation.site
    settings = SiteSettings.for_site(site)
    port = f":{site.port}" if site.port not in (80, 443) else ""
    scheme = "https" if site.port == 443 else "http"
    return {
        "site_name": settings.name_for(site),
        "home_url": f"{scheme}://{site.hostname}{port}/",
        "sponsor": settings.sponsor or organisation.name,
        "site_type": SITE_TYPES.get(organisation.kind, "部门网站"),
        "site_id_code": settings.site_id_code or None,
        "icp_number": settings.icp_number or None,
        "police_record_number": settings.police_record_number or None,
    }


def _articles_in(root, column_types, start, end) -> int:
    columns = ColumnPage.objects.descendant_of(root).filter(column_type__in=column_types)
    total = 0
    for column in columns:
        total += (
            ArticlePage.objects.child_of(column)
            .filter(first_published_at__gte=start, first_published_at__lt=end)
            .count()
        )
    return total


def core_figures(organisation, year: int) -> dict:
    """What sitegroup itself knows: site facts, visits, articles by column type, topic columns."""
    site = organisation.site
    start, end = year_bounds(year)
    root = site.root_page
    visits = PageViewDaily.objects.filter(site=site, day__year=year).aggregate(total=Sum("views"))["total"] or 0
    topic_columns = ColumnPage.objects.descendant_of(root).filter(column_type=ColumnType.TOPIC)
    figures = _site_facts(organisation) | {
        "total_visits": visits,
        "info_overview": _articles_in(root, [ColumnType.OTHER], start, end),
        "info_news": _articles_in(root, [ColumnType.NEWS, ColumnType.NOTICE], start, end),
        "special_maintained": topic_columns.live().count(),
        "special_new": topic_columns.filter(first_published_at__gte=start, first_published_at__lt=end).count(),
        "interpretation_total": _articles_in(root, [ColumnType.INTERPRETATION], start, end),
    }
    return figures


def computed_figures(organisation, year: int) -> dict:
    figures = core_figures(organisation, year)
    for hook in hooks.get_hooks("sitegroup_annual_report_figures"):
        figures.update(
            {key: value for key, value in (hook(organisation, year) or {}).items() if key in form.ROWS_BY_KEY}
        )
    if "info_disclosure" in figures:
        figures["info_total"] = sum(figures.get(key) or 0 for key in ("info_overview", "info_news", "info_disclosure"))
    return figures


def get_report(organisation, year: int) -> WebsiteAnnualReport:
    report, _ = WebsiteAnnualReport.objects.get_or_create(organisation=organisation, year=year)
    return report


def current_values(report: WebsiteAnnualReport) -> tuple[dict, set[str]]:
    """Every row's value now — computed where the platform knows it, else as entered — and the computed keys."""
    computed = computed_figures(report.organisation, report.year)
    values = {key: value for key, value in report.entered.items() if key in form.ROWS_BY_KEY}
    values.update({key: value for key, value in computed.items() if value is not None})
    return values, {key for key, value in computed.items() if value is not None}


def manual_rows(report: WebsiteAnnualReport) -> list[form.Row]:
    _, computed = current_values(report)
    return [row for row in form.ROWS if row.key not in computed]


def save_entries(user, report: WebsiteAnnualReport, data: dict) -> WebsiteAnnualReport:
    """Store the hand-entered rows (and the filler's details); every bad value is reported, nothing half-saved."""
    require_editor(user, report.organisation)
    entered, errors = {}, {}
    for row in manual_rows(report):
        try:
            value = form.parse(row, data.get(row.key, ""))
        except ValueError as error:
            errors[row.key] = str(error)
            continue
        if value is not None:
            entered[row.key] = value
    for key, label in form.FILLER_FIELDS:
        text = (data.get(key) or "").strip()
        if len(text) > 100:
            errors[key] = f"{label}不超过 100 字。"
        elif text:
            entered[key] = text
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report.entered = entered
        report.updated_at = timezone.now()
        report.save(update_fields=["entered", "updated_at"])
        log(instance=report, action="wagtail.edit", user=user)
    return report


def publish(user, report: WebsiteAnnualReport) -> WebsiteAnnualReport:
    """Freeze the values as they are now and show them on the site (publishing again replaces them)."""
    require_editor(user, report.organisation)
    values, computed = current_values(report)
    missing = [row.label for row in form.ROWS if row.section == "网站基本信息" and values.get(row.key) in (None, "")]
    if missing:
        raise ValidationError(f"发布前请补全网站基本信息：{'、'.join(missing)}（在“设置 → 网站信息”中填写）。")
    with transaction.atomic():
        report.published_values = {
            "values": values,
            "computed": sorted(computed),
            "filler": {key: report.entered.get(key, "") for key, _ in form.FILLER_FIELDS},
        }
        report.status = WebsiteReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = user
        report.save()
        log(instance=report, action="wagtail.publish", user=user)
    return report


def unpublish(user, report: WebsiteAnnualReport) -> WebsiteAnnualReport:
    require_editor(user, report.organisation)
    with transaction.atomic():
        report.status = WebsiteReportStatus.DRAFT
        report.save(update_fields=["status"])
        log(instance=report, action="wagtail.unpublish", user=user)
    return report


def title(report: WebsiteAnnualReport) -> str:
    return f"{report.organisation.name}{report.year}年度政府网站工作年度报表"


def published_for_site(site):
    return WebsiteAnnualReport.objects.filter(
        organisation__site=site, status=WebsiteReportStatus.PUBLISHED
    ).select_related("organisation")


def xlsx(report: WebsiteAnnualReport) -> bytes:
    snapshot = report.published_values
    return form.to_xlsx(form.sheet_rows(title(report), snapshot.get("values", {}), snapshot.get("filler", {})))
