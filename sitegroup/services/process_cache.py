"""A value built once per process and rebuilt everywhere after a change: the version token pattern.

    words = ProcessCache("sitegroup:sensitive-words:version", build_filter)
    words.get()          # built on first use, rebuilt when another process called invalidate()
    words.invalidate()   # after the change has committed

The token is random, not a counter: after a cache flush every process sees a new version.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import cache

T = TypeVar("T")


class ProcessCache(Generic[T]):
    def __init__(self, key: str, build: Callable[[], T]):
        self.key = key
        self.build = build
        self._lock = threading.Lock()
        self._version: str | None = None
        self._value: T | None = None

    def _current_version(self) -> str:
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self.key)
        return version

    def get(self) -> T:
        version = self._current_version()
        if self._version != version or self._value is None:
            with self._lock:
                if self._version != version or self._value is None:
                    self._value = self.build()
                    self._version = version
        return self._value  # type: ignore[return-value]

    def invalidate(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
