"""Service items (政务服务事项) in the site search: found by name, code, department, category, life
events and the words of their guide; the portal's 政务服务专栏 searches them group-wide, a department's
column under its own path."""

from __future__ import annotations

from html import unescape

from django.db.models import QuerySet
from django.utils.html import strip_tags

from search.pages import PageDocumentType
from search.registry import Document, register
from services_column.models import ServiceItemPage

NAME = "service_item"


def _text(html: str) -> str:
    return unescape(strip_tags(html or ""))


class ServiceItemDocumentType(PageDocumentType):
    name = NAME
    label = "政务服务事项"
    model = ServiceItemPage
    facets = ("site", "organisation", "type", "topic")
    depends_on = {"services_column.LifeEvent": ("life_events",), "sitegroup.Organisation": ("organisation",)}

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("organisation").prefetch_related("life_events")

    def page_document(self, page, site_id, organisation_id, url) -> Document:
        events = "、".join(event.name for event in page.life_events.all())
        parts = [
            f"事项编码：{page.item_code}",
            page.summary,
            f"办理部门：{page.organisation.name}{('·' + page.handling_unit) if page.handling_unit else ''}",
            f"受理条件：{_text(page.conditions)}",
            f"设定依据：{_text(page.legal_basis)}",
            f"办理结果：{page.result_name}" if page.result_name else "",
            f"主题：{events}" if events else "",
        ]
        return Document(
            key=self.key(page.pk),
            type=self.name,
            title=page.title,
            body="\n".join(part for part in parts if part),
            url=url,
            site_id=site_id,
            organisation_id=page.organisation_id or organisation_id,
            path=page.path,
            date=page.last_published_at or page.first_published_at,
            topic=page.get_power_category_display(),
        )


register(ServiceItemDocumentType())
