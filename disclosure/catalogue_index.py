"""The catalogue's live, public items as arrays in each process (disclosure.lib.facets), rebuilt when
an item is published, unpublished, moved or deleted anywhere (a version token in the shared cache)."""

from __future__ import annotations

import threading
import uuid

from django.core.cache import cache
from django.db.models.functions import ExtractYear

from disclosure.lib.facets import ItemColumns
from disclosure.models import DisclosureCataloguePage, DisclosureItemPage

VERSION_KEY = "disclosure:catalogue:version"
_lock = threading.Lock()
_state: dict[str, object] = {"version": None, "columns": None}


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def columns() -> ItemColumns:
    version = _version()
    if _state["version"] != version or _state["columns"] is None:
        with _lock:
            if _state["version"] != version or _state["columns"] is None:
                _state["columns"] = _load()
                _state["version"] = version
    return _state["columns"]  # type: ignore[return-value]


def invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


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
