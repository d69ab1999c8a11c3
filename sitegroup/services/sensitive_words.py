"""The platform's sensitive-word API, used by the editorial check, citizen input and interviews.

    from sitegroup.services.sensitive_words import scan_text
    result = scan_text(message)          # -> wordfilter.ScanResult
    result.is_blocked / result.needs_review / result.masked_text / result.matches

The automaton is built once per process from the active words and cached; saving or deleting a
word replaces a version token in the shared cache, and every process rebuilds on its next scan.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import log

from sitegroup.lib.wordfilter import ScanResult, WordFilter
from sitegroup.models import SensitiveWord
from sitegroup.services.process_cache import ProcessCache


def _build_filter() -> WordFilter:
    return WordFilter(SensitiveWord.objects.filter(is_active=True).values_list("word", "level"))


_filter = ProcessCache("sitegroup:sensitive-words:version", _build_filter)


def word_filter() -> WordFilter:
    return _filter.get()


def invalidate() -> None:
    """Tell every process to rebuild its automaton (called after a word list change commits)."""
    _filter.invalidate()


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
