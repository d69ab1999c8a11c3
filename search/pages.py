"""The common part of every Wagtail page type in the index: live, public, with its site and URL."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from wagtail.models import Site

from search.registry import Document, DocumentType
from sitegroup.models import Organisation


class PageDocumentType(DocumentType):
    """A page type: subclasses give `model` and `page_document()`."""

    def get_queryset(self) -> QuerySet:
        return self.model.objects.live().public().specific()

    def page_document(self, page, site_id: int, organisation_id: int | None, url: str) -> Document | None:
        raise NotImplementedError

    def documents(self, objects: Iterable) -> Iterable[Document]:
        roots = Site.get_site_root_paths()
        organisations = dict(Organisation.objects.filter(site__isnull=False).values_list("site_id", "id"))
        for page in objects:
            located = _locate(page, roots)
            if located is None:
                continue  # not under any site: nobody can reach it
            site_id, url = located
            document = self.page_document(page, site_id, organisations.get(site_id), url)
            if document is not None:
                yield document

    def to_document(self, obj) -> Document | None:
        return next(iter(self.documents([obj])), None)


def _locate(page, roots) -> tuple[int, str] | None:
    """The site a page belongs to and its full URL (the longest matching site root wins)."""
    best = None
    for root in roots:
        if page.url_path.startswith(root.root_path) and (best is None or len(root.root_path) > len(best.root_path)):
            best = root
    if best is None:
        return None
    return best.site_id, best.root_url + page.url_path[len(best.root_path) - 1 :]
