"""Real Chinese government sentences from the project's seed documents, cut into articles."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEED_DIR = Path(__file__).parent / "seeds"
HEADING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])\s*(?P<title>[^。；;:：]{4,36})[。；;:：]"
)
NOISE = ("HI,", "学术之家", "股权代码", "精品范文", "小编", "开篇", "写作不仅", "时间:")


@dataclass(frozen=True)
class DemoText:
    title: str
    paragraphs: tuple[str, ...]


def _is_prose(line: str) -> bool:
    cjk = sum(1 for char in line if "\u4e00" <= char <= "\u9fff")
    return len(line) >= 40 and cjk / len(line) > 0.6 and "|" not in line and not any(n in line for n in NOISE)


@cache
def paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            for line in re.split(r"\s{3,}", raw):
                line = line.strip().replace("\u3000", "")
                if _is_prose(line):
                    found.append(line)
    return found


def _title_for(paragraph: str) -> str:
    match = HEADING.match(paragraph)
    if match:
        return match.group("title").strip()
    cleaned = re.sub(r"^[（(][^）)]*[）)]|^[一二三四五六七八九十]+、|^\d+[.、．]", "", paragraph).strip()
    clauses = [clause for clause in re.split(r"[。；，,;：:]", cleaned) if clause]
    title = clauses[0] if clauses else cleaned
    if len(title) < 10 and len(clauses) > 1:
        title = f"{title}，{clauses[1]}"
    return title[:32]


def articles(count: int, offset: int = 0) -> list[DemoText]:
    """`count` articles, each a title from a paragraph and a body of that and the next paragraphs."""
    source = paragraphs()
    result = []
    for index in range(count):
        position = (offset + index * 3) % len(source)
        body = tuple(source[(position + step) % len(source)] for step in range(3))
        result.append(DemoText(title=_title_for(body[0]), paragraphs=body))
    return result


# --- Headlines a county newsroom writes -------------------------------------------------------------
# Titles are made from templates × the organisation's work subjects × townships × the date, so they read
# like real ones ("区政府召开2026年冬季安全生产工作部署会"); bodies open with a lead written for the
# title, then seed paragraphs from the organisation's own share of the seeds (no paragraph on two sites).

TOWNSHIPS = ("高资街道", "高桥镇", "辛丰镇", "谷阳镇", "上党镇", "宝堰镇", "世业镇", "宜城街道", "江心洲生态农业园区")

# Work subjects (工作主题) by organisation short name; the portal speaks for the whole district.
SUBJECTS = {
    # subject: who speaks about it on the portal
    "丹徒区政府": {
        "安全生产": ("区政府", "区应急管理局"),
        "城乡居民医疗保险集中参保缴费": ("区政府", "区医疗保障局"),
        "优化营商环境": ("区政府", "区发改委"),
        "乡村振兴": ("区委区政府", "区农业农村局"),
        "森林防火": ("区政府", "区应急管理局"),
        "重大项目建设": ("区政府", "区发改委"),
        "文明城市创建": ("区委区政府", "区文明办"),
        "冬春火灾防控": ("区政府", "区消防救援大队"),
        "防汛防旱": ("区政府", "区水利局"),
        "根治欠薪": ("区政府", "区人社局"),
    },
    "区教育局": ("校园安全", "义务教育招生", "课后服务", "教师队伍建设", "学前教育普及普惠", "学生资助"),
    "区民政局": ("养老服务", "最低生活保障", "社会救助", "殡葬改革", "婚姻登记", "城乡社区治理"),
    "区财政局": ("预算绩效管理", "政府采购", "惠民惠农财政补贴", "国有资产管理", "会计监督检查", "债务风险防范"),
    "区卫生局": (
        "基本公共卫生服务",
        "家庭医生签约服务",
        "冬春季传染病防控",
        "爱国卫生运动",
        "医疗质量安全",
        "无偿献血",
    ),
    "高桥镇": ("农村人居环境整治", "秸秆禁烧", "防汛防旱", "安全生产", "长江禁渔", "高标准农田建设"),
}

HEADLINE_TEMPLATES = {
    "news": (
        "{org}召开{year}年{season}{subject}工作部署会",
        "{org}召开{subject}工作推进会",
        "{town}扎实推进{subject}工作",
        "{org}赴{town}调研{subject}工作",
        "{org}举办{year}年{subject}业务培训班",
        "{org}开展{subject}专项督查",
        "{town}{subject}工作取得阶段性成效",
        "{org}组织开展{subject}宣传进社区活动",
        "{org}召开{year}年度{subject}工作总结会",
        "我区{subject}工作获全市通报表扬",
        "{town}召开{subject}工作专题会议",
    ),
    "notice": (
        "关于做好{next_year}年度{subject}工作的通知",
        "关于开展{year}年{season}{subject}专项检查的通知",
        "关于{year}年{subject}工作情况的通报",
        "{org}关于{subject}有关事项的公告",
        "关于举办{year}年{subject}培训班的通知",
        "关于{year}年度{subject}拟表彰对象的公示",
    ),
    "policy": (
        "{org}关于印发《丹徒区{subject}工作实施方案》的通知",
        "{org}关于进一步加强{subject}工作的实施意见",
        "丹徒区{subject}管理办法（试行）",
        "{org}关于印发《{next_year}年{subject}工作要点》的通知",
        "{org}关于建立{subject}长效机制的通知",
    ),
    "interpretation": (
        "《丹徒区{subject}工作实施方案》政策解读",
        "一图读懂：{year}年{subject}政策要点",
        "{subject}政策问答",
        "关于《丹徒区{subject}管理办法（试行）》的解读",
    ),
}
HEADLINE_TEMPLATES["topic"] = HEADLINE_TEMPLATES["news"]

LEADS = {
    "news": (
        "{month}月{day}日，{title}。{org}有关负责人表示，将以此为契机，进一步压实责任、细化措施，"
        "推动{subject}工作落细落实、取得实效。"
    ),
    "notice": (
        "各镇人民政府、街道办事处，各园区管委会，区各有关部门：为切实做好{subject}工作，经研究，现将有关事项通知如下。"
    ),
    "policy": (
        "各镇人民政府、街道办事处，各园区管委会，区各委办局，各直属单位：现将有关{subject}的文件印发给你们，"
        "请结合实际认真贯彻执行。"
    ),
    "interpretation": (
        "近日，{org}出台了{subject}相关政策文件。为便于社会公众全面准确理解政策内容，"
        "现就制定背景、主要内容和适用对象解读如下。"
    ),
}
LEADS["topic"] = LEADS["news"]


def _season(month: int) -> str:
    return ("冬季", "冬季", "春季", "春季", "春季", "夏季", "夏季", "夏季", "秋季", "秋季", "秋季", "冬季")[month - 1]


@cache
def _site_paragraphs(share: int, shares: int) -> tuple[str, ...]:
    """The organisation's own share of the seed paragraphs: no paragraph appears on two sites."""
    return tuple(paragraph for number, paragraph in enumerate(paragraphs()) if number % shares == share)


def headline_articles(
    org: str,
    column_type: str,
    when: list,
    *,
    share: int,
    shares: int,
    used: set[str] | None = None,
    subjects: dict[str, tuple[str, ...]] | None = None,
) -> list[DemoText]:
    """One article per date in `when` (newest first) for a column of `column_type` on `org`'s site
    (`org` is the organisation's short name). Deterministic: the same arguments give the same articles.
    `used` collects the titles already given, so no title repeats anywhere in the demo. `subjects` (subject:
    who speaks about it) replaces the organisation's own, e.g. for a topic's sub-columns."""
    rnd = random.Random(f"{org}/{column_type}/{share}")
    subjects = subjects or SUBJECTS.get(org, SUBJECTS["丹徒区政府"])
    templates = HEADLINE_TEMPLATES.get(column_type, HEADLINE_TEMPLATES["news"])
    lead = LEADS.get(column_type, LEADS["news"])
    pool = _site_paragraphs(share, shares)
    used = set() if used is None else used
    result = []
    for moment in when:
        values = {"year": moment.year, "next_year": moment.year + 1, "season": _season(moment.month)}
        for _attempt in range(50):
            subject = rnd.choice(list(subjects))
            speaker = rnd.choice(subjects[subject]) if isinstance(subjects, dict) else org
            template, town = rnd.choice(templates), rnd.choice(TOWNSHIPS)
            title = template.format(subject=subject, org=speaker, town=town, **values)
            if title not in used:
                break
        else:
            title = f"{title}（{moment.month}月{moment.day}日）"
        used.add(title)
        actor = town if "{town}" in template else speaker
        opening = lead.format(title=title, org=actor, subject=subject, month=moment.month, day=moment.day)
        body = rnd.sample(pool, k=min(len(pool), rnd.randint(2, 3)))
        result.append(DemoText(title=title, paragraphs=(opening, *body)))
    return result
