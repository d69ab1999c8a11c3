"""错敏词: find known wrong forms in a text or a page and say what they should read.

    from sitegroup.services.wrong_forms import scan_page
    for finding in scan_page(page):
        finding.message   # 「中华人民共合国」应为「中华人民共和国」（正文第2段）

Uses the sensitive-word engine (`sitegroup.lib.wordfilter`, normalisation included) over the
active wrong forms; the automaton is cached per process like the sensitive words' and rebuilt
after the list changes. Where wrong forms overlap ("丹徒县" inside "丹徒县人民政府") only the
longest is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from wagtail.log_actions import log

from sitegroup.lib.wordfilter import Level, Match, WordFilter
from sitegroup.models import WrongForm
from sitegroup.services.process_cache import ProcessCache
from sitegroup.services.sensitive_words import CONTEXT_CHARACTERS, TextPart, page_text_parts


def _build():
    entries = list(WrongForm.objects.filter(is_active=True).values_list("wrong", "correct", "level"))
    corrections = {wrong.strip(): correct for wrong, correct, _level in entries}
    return WordFilter((wrong, level) for wrong, _correct, level in entries), corrections


_cache = ProcessCache("sitegroup:wrong-forms:version", _build)


def invalidate() -> None:
    _cache.invalidate()


@dataclass(frozen=True)
class WrongFormFinding:
    label: str  # where: 标题, 正文第2段 …
    wrong: str  # the listed wrong form
    correct: str
    level: Level
    matched: str  # the characters as written
    before: str
    after: str

    @property
    def is_blocking(self) -> bool:
        return self.level is Level.BLOCK

    @property
    def message(self) -> str:
        return f"「{self.matched}」应为「{self.correct}」（{self.label}）"


def _longest(matches: Iterable[Match]) -> list[Match]:
    kept: list[Match] = []
    for match in sorted(matches, key=lambda item: (item.start, -(item.end - item.start))):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def scan_text(text: str, label: str = "") -> list[WrongFormFinding]:
    word_filter, corrections = _cache.get()
    text = text or ""
    findings = []
    for match in _longest(word_filter.scan(text).matches):
        findings.append(
            WrongFormFinding(
                label=label,
                wrong=match.word,
                correct=corrections.get(match.word, ""),
                level=match.level,
                matched=match.text,
                before=" ".join(text[max(0, match.start - CONTEXT_CHARACTERS) : match.start].split()),
                after=" ".join(text[match.end : match.end + CONTEXT_CHARACTERS].split()),
            )
        )
    return findings


def scan_parts(parts: Iterable[TextPart]) -> list[WrongFormFinding]:
    findings = []
    for part in parts:
        findings.extend(scan_text(part.visible_text, part.label))
    return findings


def scan_page(page) -> list[WrongFormFinding]:
    """Wrong forms in every text an editor wrote on the page (a revision's object or a live page)."""
    return scan_parts(page_text_parts(page))


def summary(findings: Iterable[WrongFormFinding]) -> str:
    return "；".join(dict.fromkeys(finding.message for finding in findings))


@transaction.atomic
def import_wrong_forms(lines: str, *, level: int, category: str = "", user=None) -> int:
    """Add entries from text, one "错误写法=正确写法" per line; returns how many were saved."""
    count = 0
    for line in lines.splitlines():
        wrong, separator, correct = line.partition("=")
        wrong, correct = wrong.strip(), correct.strip()
        if not separator or not wrong or not correct or len(wrong) > 50 or len(correct) > 100:
            continue
        entry, created = WrongForm.objects.update_or_create(
            wrong=wrong, defaults={"correct": correct, "level": level, "category": category}
        )
        log(instance=entry, action="wagtail.create" if created else "wagtail.edit", user=user)
        count += 1
    transaction.on_commit(invalidate)
    return count
