"""The platform's sensitive-word API, used by the editorial check, citizen input and interviews.

    from sitegroup.services.sensitive_words import scan_text
    result = scan_text(message)          # -> wordfilter.ScanResult
    result.is_blocked / result.needs_review / result.masked_text / result.matches

The automaton is built once per process from the active words and cached; saving or deleting a
word replaces a version token in the shared cache, and every process rebuilds on its next scan.
"""

from __future__ import annotations

import threading
import uuid

from django.core.cache import cache
from django.db import transaction
from wagtail.log_actions import log

from sitegroup.lib.wordfilter import ScanResult, WordFilter
from sitegroup.models import SensitiveWord

VERSION_KEY = "sitegroup:sensitive-words:version"
_lock = threading.Lock()
_state: dict[str, object] = {"version": None, "filter": None}


def _current_version() -> str:
    # A random token, not a counter: after a cache flush every process sees a new version.
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def word_filter() -> WordFilter:
    version = _current_version()
    if _state["version"] != version or _state["filter"] is None:
        with _lock:
            if _state["version"] != version or _state["filter"] is None:
                words = SensitiveWord.objects.filter(is_active=True).values_list("word", "level")
                _state["filter"] = WordFilter(words)
                _state["version"] = version
    return _state["filter"]  # type: ignore[return-value]


def invalidate() -> None:
    """Tell every process to rebuild its automaton (called after a word list change commits)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def scan_text(text: str) -> ScanResult:
    return word_filter().scan(text or "")


@transaction.atomic
def import_words(lines: str, *, level: int, category: str = "", user=None) -> int:
    """Add words from text, one per line; existing words get the new level. Returns the count."""
    count = 0
    for line in lines.splitlines():
        word = line.strip()
        if not word or len(word) > 50:
            continue
        entry, created = SensitiveWord.objects.update_or_create(
            word=word, defaults={"level": level, "category": category}
        )
        log(instance=entry, action="wagtail.create" if created else "wagtail.edit", user=user)
        count += 1
    transaction.on_commit(invalidate)
    return count
