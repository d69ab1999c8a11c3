"""The rows of 政府网站工作年度报表 (national form, STANDARDS.md) and how values are shown and exported.

Pure: the service fills a ``dict`` of values by row key — computed from the platform's data or entered
by hand — and this module lays them out for the page, the form and the XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Row:
    key: str
    section: str
    label: str
    kind: str = "int"  # int, decimal, text, bool
    unit: str = ""


SECTIONS = [
    "网站基本信息",
    "网站访问量",
    "信息发布",
    "专栏专题",
    "解读回应",
    "办事服务",
    "互动交流",
    "安全防护",
    "移动新媒体",
    "创新发展",
]

ROWS = [
    Row("site_name", "网站基本信息", "网站名称", "text"),
    Row("home_url", "网站基本信息", "首页网址", "text"),
    Row("sponsor", "网站基本信息", "主办单位", "text"),
    Row("site_type", "网站基本信息", "网站类型", "text"),
    Row("site_id_code", "网站基本信息", "政府网站标识码", "text"),
    Row("icp_number", "网站基本信息", "ICP备案号", "text"),
    Row("police_record_number", "网站基本信息", "公安机关备案号", "text"),
    Row("unique_visitors", "网站访问量", "独立用户访问总量", "int", "个"),
    Row("total_visits", "网站访问量", "网站总访问量", "int", "次"),
    Row("info_total", "信息发布", "信息发布总数", "int", "条"),
    Row("info_overview", "信息发布", "其中：概况类信息更新量", "int", "条"),
    Row("info_news", "信息发布", "其中：政务动态信息更新量", "int", "条"),
    Row("info_disclosure", "信息发布", "其中：信息公开目录信息更新量", "int", "条"),
    Row("special_maintained", "专栏专题", "维护数量", "int", "个"),
    Row("special_new", "专栏专题", "新开设数量", "int", "个"),
    Row("interpretation_total", "解读回应", "解读信息发布总数", "int", "条"),
    Row("interpretation_materials", "解读回应", "其中：解读材料数量", "int", "条"),
    Row("interpretation_products", "解读回应", "其中：解读产品数量", "int", "个"),
    Row("media_reviews", "解读回应", "其中：媒体评论文章数量", "int", "篇"),
    Row("public_concern_responses", "解读回应", "回应公众关注热点或重大舆情数量", "int", "次"),
    Row("service_catalogue_published", "办事服务", "是否发布服务事项目录", "bool"),
    Row("registered_users", "办事服务", "注册用户数", "int", "个"),
    Row("service_items", "办事服务", "政务服务事项数量", "int", "项"),
    Row("service_items_online", "办事服务", "其中：可全程在线办理政务服务事项数量", "int", "项"),
    Row("applications_total", "办事服务", "办件量总数", "int", "件"),
    Row("applications_person", "办事服务", "其中：自然人办件量", "int", "件"),
    Row("applications_legal_person", "办事服务", "其中：法人办件量", "int", "件"),
    Row("unified_interaction_platform", "互动交流", "是否使用统一平台", "bool"),
    Row("messages_received", "互动交流", "留言办理：收到留言数量", "int", "条"),
    Row("messages_concluded", "互动交流", "留言办理：办结留言数量", "int", "条"),
    Row("messages_average_days", "互动交流", "留言办理：平均办理时间", "decimal", "天"),
    Row("messages_published", "互动交流", "留言办理：公开答复数量", "int", "条"),
    Row("surveys_held", "互动交流", "征集调查：征集调查期数", "int", "期"),
    Row("opinions_received", "互动交流", "征集调查：收到意见数量", "int", "条"),
    Row("survey_results_published", "互动交流", "征集调查：公布调查结果期数", "int", "期"),
    Row("interviews_held", "互动交流", "在线访谈：访谈期数", "int", "期"),
    Row("interview_questions", "互动交流", "在线访谈：网民留言数量", "int", "条"),
    Row("interview_answered", "互动交流", "在线访谈：答复网民提问数量", "int", "条"),
    Row("smart_qa", "互动交流", "是否提供智能问答功能", "bool"),
    Row("security_checks", "安全防护", "安全检测评估次数", "int", "次"),
    Row("security_problems_found", "安全防护", "发现问题数量", "int", "个"),
    Row("security_problems_fixed", "安全防护", "问题整改数量", "int", "个"),
    Row("security_monitoring", "安全防护", "是否建立安全监测预警机制", "bool"),
    Row("security_drills", "安全防护", "是否开展应急演练", "bool"),
    Row("security_responsible", "安全防护", "是否明确网站安全负责人", "bool"),
    Row("new_media_weibo", "移动新媒体", "政务微博（名称及数量）", "text"),
    Row("new_media_wechat", "移动新媒体", "政务微信（名称及数量）", "text"),
    Row("new_media_other", "移动新媒体", "其他（客户端、小程序等）", "text"),
    Row("innovation", "创新发展", "创新发展情况（搜索即服务、多语言版本、无障碍浏览、千人千网等）", "text"),
]

ROWS_BY_KEY = {row.key: row for row in ROWS}
FILLER_FIELDS = [("filler_unit", "填报单位"), ("filler_name", "填报人"), ("filler_phone", "联系电话")]


def parse(row: Row, raw: str):
    """A typed value from a form's text, or raise ValueError with a Chinese message."""
    text = (raw or "").strip()
    if text == "":
        return None
    if row.kind == "int":
        if not text.isdigit():
            raise ValueError("请填写不小于 0 的整数。")
        return int(text)
    if row.kind == "decimal":
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError("请填写数字，例如 3.5。") from None
        if value < 0 or not value.is_finite():
            raise ValueError("请填写不小于 0 的数字。")
        return str(value.quantize(Decimal("0.1")))
    if row.kind == "bool":
        if text in ("yes", "是", "true", "1"):
            return True
        if text in ("no", "否", "false", "0"):
            return False
        raise ValueError("请选择“是”或“否”。")
    if len(text) > 500:
        raise ValueError("不超过 500 字。")
    return text


def display(row: Row, value) -> str:
    if value is None or value == "":
        return "—"
    if row.kind == "bool":
        return "是" if value else "否"
    return str(value)


def sections(values: dict, computed_keys=frozenset()) -> list[dict]:
    """The report as sections of rows for a page: label, shown value, unit, whether the platform computed it."""
    laid_out = []
    for section in SECTIONS:
        rows = [
            {
                "key": row.key,
                "label": row.label,
                "value": display(row, values.get(row.key)),
                "unit": row.unit if values.get(row.key) not in (None, "") and row.kind in ("int", "decimal") else "",
                "is_computed": row.key in computed_keys,
            }
            for row in ROWS
            if row.section == section
        ]
        laid_out.append({"title": section, "rows": rows})
    return laid_out


def sheet_rows(title: str, values: dict, filler: dict) -> list[list]:
    """The national form as spreadsheet rows: title, filler line, then 栏目 | 指标 | 数值 | 单位 per row."""
    rows: list[list] = [[title], [f"{label}：{filler.get(key) or ''}" for key, label in FILLER_FIELDS]]
    rows.append(["栏目", "指标", "数值", "单位"])
    for section in SECTIONS:
        for index, row in enumerate(item for item in ROWS if item.section == section):
            value = values.get(row.key)
            shown = value if row.kind == "int" and isinstance(value, int) else display(row, value)
            rows.append([section if index == 0 else "", row.label, shown, row.unit])
    return rows


def to_xlsx(rows: list[list]) -> bytes:
    """The sheet as the national form looks: merged title, filler line, bordered table, section cells merged."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from sitegroup.lib.exports import _safe

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "政府网站工作年度报表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([_safe(rows[0][0])])
    sheet.merge_cells("A1:D1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([_safe(value) for value in rows[1]] + [""] * (4 - len(rows[1])))
    section_start = None
    for number, row in enumerate(rows[2:], start=3):
        sheet.append([_safe(value) for value in row])
        for column in "ABCD":
            cell = sheet[f"{column}{number}"]
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        if number == 3:
            for column in "ABCD":
                sheet[f"{column}{number}"].font = Font(bold=True)
            continue
        if row[0]:
            if section_start is not None and number - 1 > section_start:
                sheet.merge_cells(f"A{section_start}:A{number - 1}")
            section_start = number
    last = len(rows)
    if section_start is not None and last > section_start:
        sheet.merge_cells(f"A{section_start}:A{last}")
    for column, width in zip("ABCD", (14, 56, 36, 8), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
