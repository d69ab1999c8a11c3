"""The registry of searchable types: content apps describe what they index; search stores and finds it.

A content app declares a `DocumentType` in its `documents.py` and registers it; search never imports
a content app. Types are found at start-up by autodiscovery of `documents` modules.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.db.models import Model, QuerySet

# The fields every index stores and can filter on. A type says which of them it offers as facets.
FILTER_FIELDS = ("site", "organisation", "type", "year", "topic")


@dataclass(frozen=True)
class Document:
    """One searchable thing, as both backends store it."""

    key: str
    type: str
    title: str
    body: str
    url: str
    site_id: int | None
    organisation_id: int | None
    path: str = ""
    date: datetime | None = None
    topic: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def fingerprint(self) -> str:
        """A digest of the stored content: the check command compares it with the database's."""
        payload = asdict(self)
        payload["date"] = self.date.isoformat() if self.date else None
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()


class DocumentType:
    """What one model contributes to the index. Subclass and register it from the app's documents.py."""

    name: str = ""
    label: str = ""
    model: type[Model]
    facets: tuple[str, ...] = ("site", "organisation", "type", "year")
    # Other models whose text goes into the documents: "app_label.Model" -> the lookups from this
    # type's model to it. Saving one of them rewrites the documents that use it.
    depends_on: dict[str, tuple[str, ...]] = {}

    def get_queryset(self) -> QuerySet:
        """Every object that should be in the index (live, public)."""
        raise NotImplementedError

    def to_document(self, obj) -> Document | None:
        raise NotImplementedError

    def key(self, pk) -> str:
        return f"{self.name}:{pk}"

    def documents(self, objects: Iterable) -> Iterable[Document]:
        for obj in objects:
            document = self.to_document(obj)
            if document is not None:
                yield document

    def handles(self, obj) -> bool:
        return isinstance(obj, self.model)


_types: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> DocumentType:
    if not document_type.name or ":" in document_type.name:
        raise ValueError(f"A document type needs a name without ':' (got {document_type.name!r})")
    _types[document_type.name] = document_type
    return document_type


def get(name: str) -> DocumentType | None:
    return _types.get(name)


def all_types() -> list[DocumentType]:
    return list(_types.values())


def type_for(obj) -> DocumentType | None:
    for document_type in _types.values():
        if document_type.handles(obj):
            return document_type
    return None


def facets_for(type_names: Iterable[str] | None = None) -> tuple[str, ...]:
    """The facets offered by the given types (all types when None), in FILTER_FIELDS order."""
    chosen = [_types[name] for name in type_names or _types if name in _types]
    offered = {facet for document_type in chosen for facet in document_type.facets}
    return tuple(name for name in FILTER_FIELDS if name in offered)
