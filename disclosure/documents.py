"""Disclosure items in the site search, with their first-level topic as a facet."""

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

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("topic__parent", "genre")

    def page_document(self, page, site_id, organisation_id, url) -> Document:
        topic = page.topic.parent or page.topic
        parts = [page.index_number or "", page.document_number, page.keywords, page.summary, page.body_text()]
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
