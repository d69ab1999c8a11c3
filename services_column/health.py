"""The services column's check for the site health monitor: every live service item's guide
(办事指南) has its required elements (registered through ``sitegroup_health_checks``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import strip_tags

from services_column.models import ServiceItemPage
from sitegroup.models import Severity
from sitegroup.services.health import Problem

TEXT_ELEMENTS = (
    ("legal_basis", "设定依据"),
    ("conditions", "受理条件"),
    ("place", "办理地点"),
    ("hours", "办理时间"),
    ("consultation_phone", "咨询电话"),
    ("supervision_phone", "监督投诉电话"),
)


def missing_elements(item: ServiceItemPage) -> list[str]:
    missing = [label for name, label in TEXT_ELEMENTS if not strip_tags(getattr(item, name) or "").strip()]
    if not item.materials.all():
        missing.append("申请材料")
    if not item.steps.all():
        missing.append("办理流程")
    if not item.is_immediate and item.promised_days is None:
        missing.append("承诺办结时限")
    return missing


def service_guides_complete(context) -> list:
    items = ServiceItemPage.objects.live().descendant_of(context.site.root_page).prefetch_related("materials", "steps")
    problems = []
    for item in items:
        missing = missing_elements(item)
        if missing:
            problems.append(
                Problem(
                    Severity.RED,
                    f"办事指南「{item.title}」缺少：{'、'.join(missing)}。",
                    reverse("wagtailadmin_pages:edit", args=[item.pk]),
                )
            )
    return problems
