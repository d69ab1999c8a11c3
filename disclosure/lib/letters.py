"""The documents of a disclosure request (补正告知书, 延期答复告知书, 答复告知书): the decision
sentence and legal basis for every reply type (《中华人民共和国政府信息公开条例》, 2019), the
default remedy bodies, document numbers, and the light layout markup the editable templates use.
Pure: no Django.

Layout markup, one paragraph per line (blank lines only separate):
    # text   a centred heading line (organisation, document title)
    > text   a right-aligned line (document number, seal line, date)
    = text   a paragraph without first-line indent (the addressee)
    text     a body paragraph, first line indented two characters
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class Decision:
    label: str  # as the applicant reads it: 不予公开（保护第三方合法权益）
    basis: str  # the articles it rests on: 第十五条、第三十六条第三项
    text: str  # the decision paragraph, with the basis in it

    @property
    def legal_basis(self) -> str:
        return f"{REGULATION}{self.basis}"


def _decision(label: str, basis: str, finding: str, outcome: str) -> Decision:
    return Decision(label, basis, f"{finding}根据{REGULATION}{basis}的规定，{outcome}")


_WITHHELD = "本机关决定不予公开。"
DECISIONS: dict[tuple[str, str], Decision] = {
    ("disclosed", ""): _decision(
        "予以公开", "第三十六条第二项", "经审查，您申请获取的政府信息属于可以公开的政府信息。", "本机关决定予以公开。"
    ),
    ("partly_disclosed", ""): _decision(
        "部分公开",
        "第三十七条",
        "经审查，您申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。",
        "本机关向您提供其中可以公开的政府信息内容，其余内容不予公开。",
    ),
    ("withheld", "state_secret"): _decision(
        "不予公开（属于国家秘密）",
        "第十四条、第三十六条第三项",
        "经审查，您申请获取的政府信息已依法确定为国家秘密。",
        _WITHHELD,
    ),
    ("withheld", "prohibited_by_law"): _decision(
        "不予公开（法律行政法规禁止公开）",
        "第十四条、第三十六条第三项",
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。",
        _WITHHELD,
    ),
    ("withheld", "three_securities"): _decision(
        "不予公开（危及“三安全一稳定”）",
        "第十四条、第三十六条第三项",
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。",
        _WITHHELD,
    ),
    ("withheld", "third_party"): _decision(
        "不予公开（保护第三方合法权益）",
        "第十五条、第三十六条第三项",
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。",
        _WITHHELD,
    ),
    ("withheld", "internal_affairs"): _decision(
        "不予公开（属于内部事务信息）",
        "第十六条第一款、第三十六条第三项",
        "经审查，您申请获取的政府信息属于行政机关的人事管理、后勤管理、内部工作流程等内部事务信息。",
        _WITHHELD,
    ),
    ("withheld", "process_information"): _decision(
        "不予公开（属于过程性信息）",
        "第十六条第二款、第三十六条第三项",
        "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
        "磋商信函、请示报告等过程性信息。",
        _WITHHELD,
    ),
    ("withheld", "enforcement_files"): _decision(
        "不予公开（属于行政执法案卷）",
        "第十六条第二款、第三十六条第三项",
        "经审查，您申请获取的政府信息属于行政执法案卷信息。",
        _WITHHELD,
    ),
    ("withheld", "administrative_query"): _decision(
        "不予公开（属于行政查询事项）",
        "第三十六条第七项",
        "经审查，您申请获取的信息属于行政查询事项，有关法律、行政法规对该信息的获取有特别规定。",
        "请您依照有关法律、行政法规的规定办理。",
    ),
    ("unavailable", "not_held"): _decision(
        "无法提供（本机关不掌握相关政府信息）",
        "第三十六条第四项、第五项",
        "经检索，本机关没有制作或者获取您申请公开的政府信息。",
        "本机关无法提供。",
    ),
    ("unavailable", "needs_making"): _decision(
        "无法提供（没有现成信息需要另行制作）",
        "第三十八条",
        "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析后另行制作。",
        "本机关不予提供。",
    ),
    ("unavailable", "still_unclear"): _decision(
        "无法提供（补正后申请内容仍不明确）",
        "第三十条",
        "本机关已告知您对申请内容作出补正，补正后的申请内容仍不明确，本机关无法确定您所需要的政府信息。",
        "本机关无法提供。",
    ),
    ("not_processed", "petition"): _decision(
        "不予处理（信访举报投诉类申请）",
        "第三十九条第一款",
        "经审查，您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。",
        "本机关不作为政府信息公开申请处理，您可以通过信访、投诉、举报等相应渠道提出。",
    ),
    ("not_processed", "repeated"): _decision(
        "不予处理（重复申请）",
        "第三十六条第六项",
        "经审查，本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同的政府信息。",
        "本机关不予重复处理。",
    ),
    ("not_processed", "publication"): _decision(
        "不予处理（要求提供公开出版物）",
        "第三十九条第二款",
        "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。",
        "本机关不作为政府信息公开申请处理，您可以通过公开发行渠道获取。",
    ),
    ("not_processed", "vexatious"): _decision(
        "不予处理（无正当理由大量反复申请）",
        "第三十五条",
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，所说明的理由不合理。",
        "本机关不予处理。",
    ),
    ("not_processed", "confirmation"): _decision(
        "不予处理（要求确认或重新出具已获取信息）",
        "第二条、第三十八条",
        "经审查，您的申请内容为要求本机关确认或者重新出具您已获取的信息，不属于申请获取已制作或者获取的政府信息。",
        "本机关不予处理。",
    ),
    ("other", "no_correction"): _decision(
        "其他处理（逾期未补正）",
        "第三十条",
        "本机关已告知您对申请内容作出补正，您无正当理由逾期未补正。",
        "视为您放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    ("other", "fee_unpaid"): _decision(
        "其他处理（逾期未缴纳信息处理费）",
        "第四十二条",
        "您逾期未按《政府信息公开信息处理费管理办法》规定的收费通知要求缴纳信息处理费。",
        "本机关不再处理该政府信息公开申请。",
    ),
    ("other", "other"): _decision(
        "其他处理",
        "第三十六条",
        "经审查，",
        "本机关对您的申请作如下处理。",
    ),
}


def decision_for(reply_type: str, subtype: str = "") -> Decision:
    return DECISIONS[(reply_type, subtype)]


def decision_choices() -> list[tuple[str, str]]:
    """For the answer form: `type` or `type:subtype`, labelled as the applicant reads them."""
    return [(f"{code}:{sub}" if sub else code, decision.label) for (code, sub), decision in DECISIONS.items()]


# -- remedy ---------------------------------------------------------------------------------------

_GOVERNMENT = "人民政府"
_CITY = re.compile(r"^(.+?市)(.+[县区市旗])$")


def default_remedy(kind: str, name: str, government: str) -> tuple[str, str]:
    """(reconsideration body, court) for an organisation of `kind` under the county `government`.

    行政复议法 (2023) Art. 24: a county department's or a township's act goes to the county
    government; the county government's own act to the government above it. Art. 27: vertically
    managed bodies go to the superior department. 行政诉讼法 Art. 15, 18: the local basic court;
    the intermediate court when the county government itself is the defendant.
    """
    area = government.removesuffix(_GOVERNMENT) if government.endswith(_GOVERNMENT) else ""
    city_match = _CITY.match(area) if area else None
    city = city_match.group(1) if city_match else ""
    local_court = f"{area}人民法院" if area else "有管辖权的人民法院"
    if kind == "portal":
        return (f"{city}{_GOVERNMENT}" if city else "上一级人民政府"), (
            f"{city}中级人民法院" if city else "有管辖权的中级人民法院"
        )
    if kind == "vertical":
        return f"{name}的上一级主管部门", local_court
    return (government or "本级人民政府"), local_court


# -- numbers and dates ----------------------------------------------------------------------------

KIND_WORDS = {"correction": "依申补", "extension": "依申延", "reply": "依申复"}


def document_number(code: str, kind: str, year: int, serial: int) -> str:
    """区民政局依申复〔2026〕3号 (GB/T 9704: the year in 六角括号, no leading zeros)."""
    return f"{code}{KIND_WORDS[kind]}〔{year}〕{serial}号"


def chinese_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


_TRAILING = "。.；;，,、 \u3000"


def clause(text: str, limit: int = 0) -> str:
    """Text to sit inside a sentence: one line, no closing punctuation, at most `limit` characters."""
    text = " ".join((text or "").split()).rstrip(_TRAILING)
    if limit and len(text) > limit:
        text = text[:limit].rstrip(_TRAILING) + "……"
    return text


def sentence(text: str) -> str:
    """Text that ends a sentence exactly once: 。 added when missing, never 。。."""
    text = (text or "").strip()
    if not text:
        return ""
    while text.endswith(("。。", "..")):
        text = text[:-1]
    return text if text[-1] in "。！？!?；;：:”）)" else text + "。"


# -- layout ---------------------------------------------------------------------------------------

MARKERS = {"# ": "title", "> ": "right", "= ": "flush"}


@dataclass(frozen=True)
class Block:
    style: str  # title | right | flush | body | seal (a right-aligned line after the body)
    text: str
    starts_signature: bool = False


def escape_lines(text: str) -> str:
    """A value put into a template keeps its own line starts from reading as layout markers."""
    lines = (text or "").strip().splitlines()
    return "\n".join("\\" + line if line.lstrip().startswith(tuple(MARKERS)) else line for line in lines)


def parse(text: str) -> list[Block]:
    blocks = []
    for raw in (text or "").splitlines():
        line = raw.strip().strip("\u3000")
        if not line:
            continue
        if line.startswith("\\"):
            blocks.append(Block("body", line[1:].strip()))
            continue
        for marker, style in MARKERS.items():
            if line.startswith(marker) or line == marker.strip():
                blocks.append(Block(style, line[len(marker) :].strip()))
                break
        else:
            blocks.append(Block("body", line))
    return _signature(blocks)


def _signature(blocks: list[Block]) -> list[Block]:
    """Right-aligned lines after the body are the seal line and date: set in from the margin."""
    result = []
    for block in blocks:
        previous = result[-1].style if result else None
        if block.style == "right" and previous in ("body", "flush", "seal"):
            block = Block("seal", block.text, starts_signature=previous != "seal")
        result.append(block)
    return result


def plain_text(blocks: list[Block]) -> str:
    """The document as plain text (for search, messages and tests)."""
    return "\n".join(block.text for block in blocks if block.text)
