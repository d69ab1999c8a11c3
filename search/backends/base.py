"""The interface every search backend implements, and the values that cross it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from search.lib.query import ParsedQuery
from search.registry import Document

SORTS = ("relevance", "date")


@dataclass(frozen=True)
class Scope:
    """Where to look: the whole group (nothing set), one site, or one column (a page-tree path prefix)."""

    site_id: int | None = None
    path: str = ""


@dataclass(frozen=True)
class SearchQuery:
    parsed: ParsedQuery
    scope: Scope = Scope()
    # field name (registry.FILTER_FIELDS) -> accepted values; values of one field are OR-ed, fields AND-ed.
    filters: dict[str, tuple] = field(default_factory=dict)
    facets: tuple[str, ...] = ()
    sort: str = "relevance"
    offset: int = 0
    limit: int = 10
    highlight: bool = True  # False: no snippets (callers that only need keys)


@dataclass
class Hit:
    key: str
    type: str
    title: str
    url: str
    date: datetime | None
    site_id: int | None
    organisation_id: int | None
    topic: str
    title_html: str
    snippet_html: str


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    # facet name -> [(value, count)], most frequent first
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)


ProgressCallback = Callable[[int], None]


class SearchBackend:
    """Index, delete, query. Implementations must escape everything they return as HTML."""

    name = ""

    def index(self, documents: Iterable[Document]) -> int:
        """Add or replace documents (by key). Returns how many were written."""
        raise NotImplementedError

    def delete(self, keys: Iterable[str]) -> int:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def rebuild(self, documents: Iterable[Document], progress: ProgressCallback | None = None) -> int:
        """Build a fresh index from the documents and switch to it at the end; searches keep working."""
        raise NotImplementedError

    def fingerprints(self) -> dict[str, str]:
        """key -> fingerprint of every stored document, for the drift check."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def stats(self) -> dict:
        """Facts for the admin and the benchmark: documents, bytes on disk, analyzer."""
        raise NotImplementedError

    def ping(self) -> None:
        """Raise when the index cannot be reached (the load balancer's /readyz)."""
        self.stats()

    def close(self) -> None:
        """Release connections."""
