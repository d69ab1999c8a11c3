"""Annual reports: the figures of sections 2 and 3 gathered from the data, section 4 and the hand
figures from the report (summed over the departments' reports for the county), and the XLSX export."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from disclosure.lib.annual_report import (
    COLUMN_LABELS,
    ItemRecord,
    RequestRecord,
    Section2Row,
    Section3,
    section2_documents,
    section3,
)
from disclosure.models import AnnualReportPage, CatalogueItem, DisclosureItemPage, DisclosureRequest, Validity
from sitegroup.models import Organisation

HAND_COUNTS = ("licensing_decisions", "penalty_decisions", "compulsory_decisions")
LITIGATION = ("reconsideration", "direct_litigation", "after_reconsideration")
OUTCOMES = ("upheld", "corrected", "other", "pending")


@dataclass
class ReportData:
    page: AnnualReportPage
    organisations: list[Organisation]
    documents: list[Section2Row]
    hand: dict[str, int]
    fee_income: Decimal
    requests: Section3
    litigation: dict[str, list[int]]  # group -> [upheld, corrected, other, pending, total]


def _organisations(page: AnnualReportPage) -> list[Organisation]:
    own = Organisation.objects.get(pk=page.organisation_id)
    if not page.includes_departments:
        return [own]
    return [own, *Organisation.objects.exclude(pk=own.pk).order_by("sort_order", "pk")]


def _document_items() -> list[int]:
    """The catalogue kinds that hold rules and normative documents (base catalogue 1, Art. 20 (1))."""
    return list(
        CatalogueItem.objects.filter(number=1, group__in=["regulation", "article_20"]).values_list("pk", flat=True)
    )


def build(page: AnnualReportPage) -> ReportData:
    organisations = _organisations(page)
    ids = [organisation.pk for organisation in organisations]
    items = DisclosureItemPage.objects.live().filter(organisation_id__in=ids, catalogue_item_id__in=_document_items())
    item_records = [
        ItemRecord(
            is_rule=genre == "政府令",
            published_on=published_on,
            repealed_on=changed_on if validity != Validity.VALID else None,
        )
        for genre, published_on, validity, changed_on in items.values_list(
            "genre__name", "published_on", "validity", "validity_changed_on"
        )
    ]
    request_records = [
        RequestRecord(kind, received_on, concluded_on, reply_type, reply_subtype)
        for kind, received_on, concluded_on, reply_type, reply_subtype in DisclosureRequest.objects.filter(
            organisation_id__in=ids
        ).values_list("kind", "received_on", "concluded_on", "reply_type", "reply_subtype")
    ]
    # Hand-entered figures: this report's own, plus the departments' published reports of the year.
    reports = [page]
    if page.includes_departments:
        reports += list(
            AnnualReportPage.objects.live().filter(year=page.year, organisation_id__in=ids[1:]).exclude(pk=page.pk)
        )
    hand = {name: sum(getattr(report, name) for report in reports) for name in HAND_COUNTS}
    litigation = {}
    for group in LITIGATION:
        values = [sum(getattr(report, f"{group}_{outcome}") for report in reports) for outcome in OUTCOMES]
        litigation[group] = [*values, sum(values)]
    return ReportData(
        page=page,
        organisations=organisations,
        documents=section2_documents(item_records, page.year),
        hand=hand,
        fee_income=sum((report.fee_income for report in reports), Decimal(0)),
        requests=section3(request_records, page.year),
        litigation=litigation,
    )


def to_xlsx(data: ReportData) -> bytes:
    """The official tables of sections 2–4 on one sheet, in the layout of the 2021 format."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{data.page.year}年度报告"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    row = 1

    def put(values, *, heading=False):
        nonlocal row
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if heading:
                cell.font = bold
        row += 1

    def title(text):
        nonlocal row
        sheet.cell(row=row, column=1, value=text).font = Font(bold=True, size=12)
        row += 1

    organisation = data.organisations[0]
    sheet.cell(row=row, column=1, value=f"{organisation.name}{data.page.year}年政府信息公开工作年度报告").font = Font(
        bold=True, size=14
    )
    row += 2
    title("二、主动公开政府信息情况")
    put(["第二十条第（一）项", "", "", ""], heading=True)
    put(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], heading=True)
    for document in data.documents:
        put([document.label, document.issued, document.repealed, document.in_force])
    put(["第二十条第（五）项", "", "", ""], heading=True)
    put(["信息内容", "本年处理决定数量", "", ""], heading=True)
    put(["行政许可", data.hand["licensing_decisions"], "", ""])
    put(["第二十条第（六）项", "", "", ""], heading=True)
    put(["行政处罚", data.hand["penalty_decisions"], "", ""])
    put(["行政强制", data.hand["compulsory_decisions"], "", ""])
    put(["第二十条第（八）项", "", "", ""], heading=True)
    put(["信息内容", "本年收费金额（单位：万元）", "", ""], heading=True)
    put(["行政事业性收费", float(data.fee_income), "", ""])
    row += 1
    title("三、收到和处理政府信息公开申请情况")
    put(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", *(["申请人情况"] * 7)], heading=True)
    put(["", COLUMN_LABELS[0], *(["法人或其他组织"] * 5), COLUMN_LABELS[-1]], heading=True)
    put(["", "", *COLUMN_LABELS[1:6], ""], heading=True)
    for report_row in data.requests.rows:
        put([report_row.label, *report_row.cells], heading=report_row.level == 0 and not report_row.cells)
    row += 1
    title("四、政府信息公开行政复议、行政诉讼情况")
    put(["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""], heading=True)
    put(["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""], heading=True)
    put(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3, heading=True)
    put(
        [
            *data.litigation["reconsideration"],
            *data.litigation["direct_litigation"],
            *data.litigation["after_reconsideration"],
        ]
    )
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
