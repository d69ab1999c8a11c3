"""Articles (稿件) in the index. sitegroup cannot import search, so search registers its page types.

Content apps do the same for their own types in their own `documents.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from search.pages import PageDocumentType
from search.registry import Document, register
from sitegroup.models import ArticlePage


class ArticleDocumentType(PageDocumentType):
    name = "article"
    label = "稿件"
    model = ArticlePage

    def get_queryset(self) -> QuerySet:
        # A link-out article (外链稿件) has no content of its own: the page it leads to is indexed where it
        # lives (its own site, if in the group); its title alone would be a result leading elsewhere.
        return super().get_queryset().filter(link_url="", link_page__isnull=True).prefetch_related("attachments")

    def page_document(self, page: ArticlePage, site_id: int, organisation_id: int | None, url: str) -> Document | None:
        if page.is_link_out:
            return None
        return Document(
            key=self.key(page.pk),
            type=self.name,
            title=page.title,
            body=page.body_text(),
            url=url,
            site_id=site_id,
            organisation_id=organisation_id,
            path=page.path,
            date=page.publish_time or page.first_published_at,
        )


register(ArticleDocumentType())

__all__: Iterable[str] = ["ArticleDocumentType"]
