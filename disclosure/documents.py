"""Disclosure items in the site search, with their first-level topic as a facet.

An item is found by the words of its classification too — topic (both levels), genre and base
catalogue item — so that 补助 finds every item filed under "…补助资金管理和使用情况"."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from disclosure.models import DisclosureItemPage
from search.pages import PageDocumentType
from search.registry import Document, register


class DisclosureDocumentType(PageDocumentType):
    name = "disclosure"
    label = "政府信息公开"
    model = DisclosureItemPage
    facets = ("site", "organisation", "type", "year", "topic")
    depends_on = {
        "disclosure.Topic": ("topic", "topic__parent"),
        "disclosure.Genre": ("genre",),
        "disclosure.CatalogueItem": ("catalogue_item",),
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("topic__parent", "genre", "catalogue_item")

    def page_document(self, page, site_id, organisation_id, url) -> Document:
        topic = page.topic.parent or page.topic
        parts = [page.index_number or "", page.document_number, page.keywords, page.summary, page.body_text()]
        # The classification last, so that snippets show the item's own text first.
        topics = [page.topic.parent.name, page.topic.name] if page.topic.parent_id else [page.topic.name]
        parts.append(f"主题分类：{' / '.join(topics)}　体裁：{page.genre.name}")
        if page.catalogue_item_id:
            parts.append(f"目录事项：{page.catalogue_item.name}")
        return Document(
            key=self.key(page.pk),
            type=self.name,
            title=page.title,
            body="\n".join(part for part in parts if part),
            url=url,
            site_id=site_id,
            organisation_id=page.organisation_id or organisation_id,
            path=page.path,
            date=timezone.make_aware(datetime.combine(page.published_on, time(0, 0))),
            topic=topic.name,
        )


register(DisclosureDocumentType())
