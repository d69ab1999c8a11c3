"""Search backends behind one interface; the SEARCH_BACKEND setting selects one."""

from __future__ import annotations

import threading

from django.conf import settings
from django.utils.module_loading import import_string

from search.backends.base import Hit, Scope, SearchBackend, SearchQuery, SearchResults

__all__ = ["Hit", "Scope", "SearchBackend", "SearchQuery", "SearchResults", "get_backend", "reset_backend"]

_lock = threading.Lock()
_backend: SearchBackend | None = None


def get_backend() -> SearchBackend:
    """The configured backend, one instance per process."""
    global _backend
    if _backend is None:
        with _lock:
            if _backend is None:
                config = dict(settings.SEARCH_BACKEND)
                backend_class = import_string(config.pop("BACKEND"))
                _backend = backend_class(**{key.lower(): value for key, value in config.items()})
    return _backend


def reset_backend() -> None:
    """Forget the instance (tests that change SEARCH_BACKEND)."""
    global _backend
    with _lock:
        if _backend is not None:
            _backend.close()
        _backend = None
