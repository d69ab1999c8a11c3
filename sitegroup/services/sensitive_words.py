"""The platform's sensitive-word API, used by the editorial check, citizen input and interviews.

    from sitegroup.services.sensitive_words import scan_text
    result = scan_text(message)          # -> wordfilter.ScanResult
    result.is_blocked / result.needs_review / result.masked_text / result.matches

Pages are checked field by field (`scan_page` → findings naming the field, the word and its
context) and masked field by field before publication (`mask_page`): title, every text field,
rich text (tags untouched), StreamField blocks including table cells, and inline child objects.

The automaton is built once per process from the active words and cached; saving or deleting a
word replaces a version token in the shared cache, and every process rebuilds on its next scan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import models, transaction
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log
from wagtail.models import COMMENTS_RELATION_NAME
from wagtail.rich_text import RichText

from sitegroup.lib import html_text
from sitegroup.lib.wordfilter import Level, Match, ScanResult, WordFilter, mask
from sitegroup.models import SensitiveWord, SensitiveWordLevel
from sitegroup.services.process_cache import ProcessCache

MASK_SYMBOL = "＊"
CONTEXT_CHARACTERS = 15
LEVEL_LABELS = {Level(value): label for value, label in SensitiveWordLevel.choices}
# Text fields that are not content a reader sees as written by the editor.
SKIPPED_FIELD_TYPES = (models.SlugField, models.URLField, models.EmailField)


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


@dataclass
class TextPart:
    """One piece of a page's text: where it is (for a person and for the form), and how to change it."""

    field: str  # model field name, or the child relation's name for inline objects
    label: str  # where, as the editor sees it: 标题, 正文第2段, 附件1·显示名称
    text: str  # plain text, or HTML source when is_html
    is_html: bool = False
    block_index: int | None = None  # top-level StreamField block
    child_index: int | None = None  # inline object of a child relation
    replace: Callable[[str], None] | None = None

    @property
    def visible_text(self) -> str:
        return html_text.visible_text(self.text) if self.is_html else self.text


@dataclass(frozen=True)
class Finding:
    """A listed word found in one part of a page, with its surroundings."""

    field: str
    label: str
    word: str
    level: Level
    before: str
    matched: str
    after: str
    block_index: int | None = None
    child_index: int | None = None

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def context(self) -> str:
        return f"{self.before}【{self.matched}】{self.after}"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _finding(part: TextPart, text: str, match: Match) -> Finding:
    before = _squash(text[max(0, match.start - CONTEXT_CHARACTERS) : match.start])
    after = _squash(text[match.end : match.end + CONTEXT_CHARACTERS])
    return Finding(
        field=part.field,
        label=part.label,
        word=match.word,
        level=match.level,
        before=("…" if match.start > CONTEXT_CHARACTERS else "") + before,
        matched=match.text,
        after=after + ("…" if match.end + CONTEXT_CHARACTERS < len(text) else ""),
        block_index=part.block_index,
        child_index=part.child_index,
    )


def scan_parts(parts: Iterable[TextPart]) -> list[Finding]:
    findings = []
    for part in parts:
        text = part.visible_text
        findings.extend(_finding(part, text, match) for match in scan_text(text).matches)
    return findings


def _is_text_field(field) -> bool:
    return (
        isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, SKIPPED_FIELD_TYPES)
        and field.editable
        and not field.choices
    )


def _block_parts(block, value, field: str, label: str, index: int, replace) -> Iterator[TextPart]:
    """Text inside one block value, recursively (struct, list and stream blocks, tables, rich text)."""
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield TextPart(field, label, value.source, True, index, replace=lambda html: replace(RichText(html)))
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield TextPart(field, label, value, False, index, replace=replace)
    elif isinstance(block, TableBlock):
        for row in value.get("data") or []:
            for column, cell in enumerate(row):
                if isinstance(cell, str) and cell:
                    yield TextPart(
                        field, label, cell, False, index, replace=lambda text, r=row, c=column: r.__setitem__(c, text)
                    )
        if value.get("table_caption"):
            yield TextPart(
                field,
                label,
                value["table_caption"],
                False,
                index,
                replace=lambda text: value.__setitem__("table_caption", text),
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _block_parts(
                child, value.get(name), field, label, index, lambda new, name=name: value.__setitem__(name, new)
            )
    elif isinstance(block, blocks.ListBlock):
        for position in range(len(value)):
            yield from _block_parts(
                block.child_block,
                value[position],
                field,
                label,
                index,
                lambda new, p=position: value.__setitem__(p, new),
            )
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _block_parts(
                child.block, child.value, field, label, index, lambda new, c=child: setattr(c, "value", new)
            )


def _stream_parts(page, field) -> Iterator[TextPart]:
    field_label = str(field.verbose_name)
    for index, child in enumerate(getattr(page, field.name) or []):
        block_label = str(child.block.label or child.block.name)
        label = (
            f"{field_label}第{index + 1}段"
            if block_label == field_label
            else f"{field_label}第{index + 1}块（{block_label}）"
        )
        yield from _block_parts(
            child.block, child.value, field.name, label, index, lambda new, c=child: setattr(c, "value", new)
        )


def page_text_parts(page, field_names: Iterable[str] | None = None) -> Iterator[TextPart]:
    """Every piece of text an editor wrote on the page, in form order where the form decides."""
    wanted = set(field_names) if field_names is not None else None
    for field in page._meta.concrete_fields:
        if wanted is not None and field.name not in wanted:
            continue
        if isinstance(field, StreamField):
            yield from _stream_parts(page, field)
        elif _is_text_field(field):
            value = getattr(page, field.attname)
            if value:
                yield TextPart(
                    field.name,
                    str(field.verbose_name),
                    value,
                    isinstance(field, RichTextField),
                    replace=lambda new, name=field.attname: setattr(page, name, new),
                )
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        if name == COMMENTS_RELATION_NAME:
            continue
        if wanted is not None and name not in wanted:
            continue
        for position, child in enumerate(getattr(page, name).all()):
            yield from child_text_parts(child, name, position)


def child_text_parts(child, relation_name: str, position: int) -> Iterator[TextPart]:
    """The text fields of an inline object (an attachment's display name…)."""
    model_label = str(child._meta.verbose_name)
    for field in child._meta.concrete_fields:
        value = getattr(child, field.attname) if _is_text_field(field) else None
        if value:
            yield TextPart(
                relation_name,
                f"{model_label}{position + 1}·{field.verbose_name}",
                value,
                isinstance(field, RichTextField),
                child_index=position,
                replace=lambda new, name=field.attname: setattr(child, name, new),
            )


def scan_page(page, field_names: Iterable[str] | None = None) -> list[Finding]:
    """The listed words in a page (a revision's object or a form's instance), field by field."""
    return scan_parts(page_text_parts(page, field_names))


def strongest_level(findings: Iterable[Finding]) -> Level | None:
    return max((finding.level for finding in findings), default=None)


def mask_page(page, levels: Iterable[Level] = (Level.MASK,)) -> list[Finding]:
    """Replace the words of the given levels with ＊ (one per character) in place; returns what was masked."""
    levels = set(levels)
    masked = []
    for part in list(page_text_parts(page)):
        text = part.visible_text
        matches = [match for match in scan_text(text).matches if match.level in levels]
        if not matches or part.replace is None:
            continue
        if part.is_html:
            part.replace(html_text.mask_spans(part.text, [(match.start, match.end) for match in matches], MASK_SYMBOL))
        else:
            part.replace(mask(part.text, matches, MASK_SYMBOL))
        masked.extend(_finding(part, text, match) for match in matches)
    if masked and hasattr(page, "draft_title"):
        page.draft_title = page.title
    return masked


@dataclass(frozen=True)
class CitizenTextCheck:
    """What the sensitive-word engine says about one piece of citizen text.

    blocked_words: refuse the input and name these words; needs_review: the caller holds the text
    for moderation; masked_text: the text to publish, with mask-level words replaced by ＊."""

    blocked_words: tuple[str, ...]
    review_words: tuple[str, ...]
    masked_text: str

    @property
    def is_blocked(self) -> bool:
        return bool(self.blocked_words)

    @property
    def needs_review(self) -> bool:
        return bool(self.review_words)


def check_citizen_text(text: str) -> CitizenTextCheck:
    result = scan_text(text)
    by_level = {level: sorted({m.word for m in result.matches if m.level is level}) for level in Level}
    to_mask = [match for match in result.matches if match.level is Level.MASK]
    return CitizenTextCheck(
        blocked_words=tuple(by_level[Level.BLOCK]),
        review_words=tuple(by_level[Level.REVIEW]),
        masked_text=mask(text or "", to_mask, MASK_SYMBOL) if to_mask else (text or ""),
    )
