"""The catalogue's live, public items as arrays in each process (disclosure.lib.facets), rebuilt when
an item is published, unpublished, moved or deleted anywhere (a version token in the shared cache)."""

from __future__ import annotations

from django.db.models.functions import ExtractYear

from disclosure.lib.facets import ItemColumns
from disclosure.models import DisclosureCataloguePage, DisclosureItemPage
from sitegroup.services.process_cache import ProcessCache


def columns() -> ItemColumns:
    return _columns.get()


def invalidate() -> None:
    _columns.invalidate()


def _load() -> ItemColumns:
    catalogues = dict(DisclosureCataloguePage.objects.values_list("path", "pk"))
    rows = (
        DisclosureItemPage.objects.live()
        .public()
        .annotate(year=ExtractYear("published_on"))
        .order_by("-published_on", "-pk")
        .values_list(
            "pk", "path", "organisation_id", "topic_id", "topic__parent_id", "genre_id", "year", "catalogue_item_id"
        )
    )
    step = DisclosureItemPage.steplen
    return ItemColumns.from_rows(
        [(pk, catalogues.get(path[:-step]), *rest) for pk, path, *rest in rows.iterator(chunk_size=5000)]
    )


_columns = ProcessCache("disclosure:catalogue:version", _load)
