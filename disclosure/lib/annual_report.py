"""The numbers of the annual report on government information disclosure (2021 format), pure.

Section 2 (proactive disclosure: rules and normative documents) and section 3 (requests received
and handled) are computed from records; the layout follows the official tables row by row, so
that the export and the page show the same cells an inspector compares.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from disclosure.lib.reply_types import REPLY_TYPES

# Section 3 columns: natural persons | legal persons and other organisations (5) | total.
APPLICANT_COLUMNS = ("person", "commercial", "research", "welfare", "legal_service", "other")
COLUMN_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


@dataclass(frozen=True)
class RequestRecord:
    kind: str
    received_on: date
    concluded_on: date | None
    reply_type: str = ""
    reply_subtype: str = ""


@dataclass(frozen=True)
class ItemRecord:
    is_rule: bool  # 规章 (government decrees); else 行政规范性文件
    published_on: date
    repealed_on: date | None  # repealed or expired


@dataclass
class Row:
    label: str
    cells: list[int]  # one per applicant column, then the total
    level: int = 0  # 0: main row, 1: result type, 2: sub-type


@dataclass
class Section3:
    rows: list[Row] = field(default_factory=list)

    def row(self, label: str) -> Row:
        return next(row for row in self.rows if row.label == label)

    @property
    def balances(self) -> bool:
        """new + carried in == handled + carried out, in every column."""
        new, carried_in = self.row("一、本年新收政府信息公开申请数量"), self.row("二、上年结转政府信息公开申请数量")
        handled, carried_out = self.row("（七）总计"), self.row("四、结转下年度继续办理")
        return all(
            a + b == c + d
            for a, b, c, d in zip(new.cells, carried_in.cells, handled.cells, carried_out.cells, strict=True)
        )


def _cells(records: Iterable[RequestRecord]) -> list[int]:
    counts = [0] * (len(APPLICANT_COLUMNS) + 1)
    for record in records:
        position = (
            APPLICANT_COLUMNS.index(record.kind) if record.kind in APPLICANT_COLUMNS else len(APPLICANT_COLUMNS) - 1
        )
        counts[position] += 1
        counts[-1] += 1
    return counts


def section3(records: list[RequestRecord], year: int) -> Section3:
    start, end = date(year, 1, 1), date(year, 12, 31)
    new = [record for record in records if start <= record.received_on <= end]
    carried_in = [
        record
        for record in records
        if record.received_on < start and (record.concluded_on is None or record.concluded_on >= start)
    ]
    handled = [record for record in records if record.concluded_on and start <= record.concluded_on <= end]
    carried_out = [
        record
        for record in records
        if record.received_on <= end and (record.concluded_on is None or record.concluded_on > end)
    ]
    section = Section3()
    section.rows.append(Row("一、本年新收政府信息公开申请数量", _cells(new)))
    section.rows.append(Row("二、上年结转政府信息公开申请数量", _cells(carried_in)))
    section.rows.append(Row("三、本年度办理结果", [], level=0))  # a heading row
    numerals = "一二三四五六"
    for number, reply_type in enumerate(REPLY_TYPES):
        of_type = [record for record in handled if record.reply_type == reply_type.code]
        section.rows.append(Row(f"（{numerals[number]}）{reply_type.label}", _cells(of_type), level=1))
        for position, (code, label) in enumerate(reply_type.subtypes, start=1):
            section.rows.append(
                Row(
                    f"{position}．{label}",
                    _cells(record for record in of_type if record.reply_subtype == code),
                    level=2,
                )
            )
    section.rows.append(Row("（七）总计", _cells(handled), level=1))
    section.rows.append(Row("四、结转下年度继续办理", _cells(carried_out)))
    return section


@dataclass
class Section2Row:
    label: str
    issued: int
    repealed: int
    in_force: int


def section2_documents(items: list[ItemRecord], year: int) -> list[Section2Row]:
    """第二十条第（一）项: rules and normative documents issued, repealed and in force this year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = []
    for label, is_rule in (("规章", True), ("行政规范性文件", False)):
        chosen = [item for item in items if item.is_rule == is_rule]
        rows.append(
            Section2Row(
                label,
                issued=sum(start <= item.published_on <= end for item in chosen),
                repealed=sum(item.repealed_on is not None and start <= item.repealed_on <= end for item in chosen),
                in_force=sum(
                    item.published_on <= end and (item.repealed_on is None or item.repealed_on > end) for item in chosen
                ),
            )
        )
    return rows


def add_sections(sections: list[Section3]) -> Section3:
    """The county report: its own section 3 plus its departments', cell by cell."""
    total = Section3(rows=[Row(row.label, list(row.cells), row.level) for row in sections[0].rows])
    for other in sections[1:]:
        for row, added in zip(total.rows, other.rows, strict=True):
            row.cells = [a + b for a, b in zip(row.cells, added.cells, strict=True)]
    return total
