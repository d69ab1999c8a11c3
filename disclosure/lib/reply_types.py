"""Reply types of a disclosure request, exactly the result rows of the annual report (2021 format),
so that section 3 of the report is a count of replies. Pure data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReplyType:
    code: str
    label: str
    subtypes: tuple[tuple[str, str], ...] = ()


REPLY_TYPES: tuple[ReplyType, ...] = (
    ReplyType("disclosed", "予以公开"),
    ReplyType("partly_disclosed", "部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ReplyType(
        "withheld",
        "不予公开",
        (
            ("state_secret", "属于国家秘密"),
            ("prohibited_by_law", "其他法律行政法规禁止公开"),
            ("three_securities", "危及“三安全一稳定”"),
            ("third_party", "保护第三方合法权益"),
            ("internal_affairs", "属于三类内部事务信息"),
            ("process_information", "属于四类过程性信息"),
            ("enforcement_files", "属于行政执法案卷"),
            ("administrative_query", "属于行政查询事项"),
        ),
    ),
    ReplyType(
        "unavailable",
        "无法提供",
        (
            ("not_held", "本机关不掌握相关政府信息"),
            ("needs_making", "没有现成信息需要另行制作"),
            ("still_unclear", "补正后申请内容仍不明确"),
        ),
    ),
    ReplyType(
        "not_processed",
        "不予处理",
        (
            ("petition", "信访举报投诉类申请"),
            ("repeated", "重复申请"),
            ("publication", "要求提供公开出版物"),
            ("vexatious", "无正当理由大量反复申请"),
            ("confirmation", "要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    ReplyType(
        "other",
        "其他处理",
        (
            ("no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other", "其他"),
        ),
    ),
)

BY_CODE = {reply_type.code: reply_type for reply_type in REPLY_TYPES}


def validate(code: str, subtype: str = "") -> str | None:
    """An error message for an impossible combination, else None."""
    reply_type = BY_CODE.get(code)
    if reply_type is None:
        return "答复类型无效。"
    names = {name for name, _label in reply_type.subtypes}
    if names and subtype not in names:
        return f"“{reply_type.label}”需要选择具体情形。"
    if not names and subtype:
        return f"“{reply_type.label}”没有具体情形。"
    return None


def choices() -> list[tuple[str, str]]:
    """(code, label) for every type and subtype, as `type` or `type:subtype`."""
    flat = []
    for reply_type in REPLY_TYPES:
        if reply_type.subtypes:
            flat.extend(
                (f"{reply_type.code}:{name}", f"{reply_type.label}：{label}") for name, label in reply_type.subtypes
            )
        else:
            flat.append((reply_type.code, reply_type.label))
    return flat
