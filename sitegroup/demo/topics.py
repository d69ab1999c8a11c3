"""Demo 专题 (special topics): a banner, an introduction and sub-columns with articles, on the portal and
on two sub-sites, so the home pages' 专题专栏 block shows real topics."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images.models import Image

from sitegroup.demo import images, texts
from sitegroup.models import ColumnPage, ColumnType, Role, TopicPage

PER_SUBCOLUMN = 4  # articles in each topic sub-column


@dataclass(frozen=True)
class DemoTopic:
    title: str
    slug: str
    intro: str
    banner_alt: str
    subjects: dict[str, tuple[str, ...]]  # work subject: who speaks about it
    subcolumns: tuple[tuple[str, str, str], ...]  # (title, slug, kind of headline)


TOPICS = {
    "丹徒区政府": (
        DemoTopic(
            "乡村振兴在丹徒",
            "xiangcun-zhenxing",
            "全面推进乡村振兴，建设宜居宜业和美乡村。本专题集中发布我区乡村振兴政策措施、各镇（街道）工作进展和典型案例。",
            "乡村振兴示范村远景：连片农田与远山",
            {
                "乡村振兴": ("区委区政府", "区农业农村局"),
                "高标准农田建设": ("区农业农村局",),
                "农村人居环境整治": ("区农业农村局", "区住建局"),
            },
            (("政策措施", "zhengce", "policy"), ("镇村动态", "zhencun", "news"), ("典型案例", "anli", "news")),
        ),
        DemoTopic(
            "安全生产专项整治",
            "anquan-shengchan",
            "深入开展安全生产治本攻坚三年行动，压实企业主体责任和部门监管责任，坚决遏制重特大事故发生。",
            "城区街景：整治后的道路与楼宇",
            {
                "安全生产": ("区政府", "区应急管理局"),
                "冬春火灾防控": ("区消防救援大队",),
                "危险化学品安全": ("区应急管理局",),
            },
            (("工作部署", "bushu", "notice"), ("检查通报", "tongbao", "news")),
        ),
        DemoTopic(
            "优化营商环境",
            "yingshang-huanjing",
            "对标一流营商环境，深化“放管服”改革，推行“一件事一次办”，为各类经营主体提供便捷高效的政务服务。",
            "政务服务中心所在的城区街景",
            {
                "优化营商环境": ("区政府", "区发改委"),
                "一件事一次办": ("区行政审批局",),
                "涉企收费治理": ("区市场监管局",),
            },
            (("政策解读", "jiedu", "interpretation"), ("改革动态", "dongtai", "news")),
        ),
    ),
    "区教育局": (
        DemoTopic(
            "“双减”工作专栏",
            "shuangjian",
            "落实“双减”政策，提升课后服务质量，规范校外培训，让学生学习更好回归校园。",
            "学校操场与教学楼远景",
            {"课后服务": ("区教育局",), "校外培训治理": ("区教育局",), "作业管理": ("区教育局",)},
            (("政策文件", "zhengce", "policy"), ("学校风采", "fengcai", "news")),
        ),
    ),
    "高桥镇": (
        DemoTopic(
            "长江大保护",
            "changjiang-baohu",
            "守护一江碧水，落实长江十年禁渔，推进沿江生态修复，建设美丽江心小镇。",
            "江边河道与远山",
            {"长江禁渔": ("高桥镇",), "沿江生态修复": ("高桥镇",)},
            (("禁渔动态", "jinyu", "news"), ("生态修复", "xiufu", "news")),
        ),
    ),
}
COLUMN_TYPES = {
    "news": ColumnType.NEWS,
    "notice": ColumnType.NOTICE,
    "policy": ColumnType.POLICY,
    "interpretation": ColumnType.INTERPRETATION,
}


def add_topics(home, org: str, people, collection, used_titles: set[str], *, share: int, shares: int) -> int:
    """The organisation's demo topics under its home page; returns the number of articles written. Bodies
    come from the organisation's share of the seed paragraphs (`texts.headline_articles`)."""
    from sitegroup.demo.loader import add_demo_article

    created = 0
    now = timezone.now()
    for number, topic in enumerate(TOPICS.get(org, ())):
        data, _description = images.draw_scene(500 + len(topic.title) * 7 + number)
        banner = Image(
            title=f"专题横幅：{topic.title}",
            collection=collection,
            file=ImageFile(io.BytesIO(data), name=f"topic-{topic.slug}.jpg"),
        )
        banner.save()
        page = TopicPage(
            title=topic.title,
            slug=topic.slug,
            intro=topic.intro,
            banner_image=banner,
            banner_alt=topic.banner_alt,
            sort_order=(number + 1) * 10,
        )
        home.add_child(instance=page)
        page.save_revision(user=people[Role.EDITOR]).publish(user=people[Role.REVIEWER], skip_permission_checks=True)
        for column_number, (title, slug, kind) in enumerate(topic.subcolumns):
            column = ColumnPage(title=title, slug=slug, column_type=COLUMN_TYPES[kind], show_in_menus=True)
            page.add_child(instance=column)
            column.save_revision(user=people[Role.EDITOR]).publish(
                user=people[Role.REVIEWER], skip_permission_checks=True
            )
            times = [now - timedelta(days=2 * step + column_number, hours=number) for step in range(PER_SUBCOLUMN)]
            written = texts.headline_articles(
                org,
                kind,
                [timezone.localtime(moment) for moment in times],
                share=share,
                shares=shares,
                used=used_titles,
                subjects=topic.subjects,
            )
            for step, (text, moment) in enumerate(zip(written, times, strict=True)):
                created += add_demo_article(
                    column,
                    text,
                    slug=f"{slug}-{step + 1}",
                    source=home.title,
                    people=people,
                    publish_time=moment,
                    cover_image=banner if step == 0 else None,
                )
    return created
