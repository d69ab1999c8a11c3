"""The demo's site-group operations: a harvest source reading the recorded feed this server itself serves
(/harvest-demo/, no outside network), and the portal's 政府网站工作年度报表 for the current year, published."""

from __future__ import annotations

from django.utils import timezone

from sitegroup.models import ColumnPage, ColumnType, HarvestSource, HarvestSourceKind
from sitegroup.services import website_report

REPORT_ENTRIES = {
    "unique_visitors": "186520",
    "interpretation_materials": "36",
    "interpretation_products": "12",
    "media_reviews": "5",
    "public_concern_responses": "9",
    "registered_users": "24815",
    "smart_qa": "yes",
    "security_checks": "4",
    "security_problems_found": "7",
    "security_problems_fixed": "7",
    "security_monitoring": "yes",
    "security_drills": "yes",
    "security_responsible": "yes",
    "new_media_weibo": "丹徒发布（1个）",
    "new_media_wechat": "丹徒发布、丹徒政务服务（2个）",
    "new_media_other": "“丹徒政务”小程序（1个）",
    "innovation": "开通站内搜索热词与智能推荐，提供无障碍浏览和长者模式，政务服务事项实现“一网通办”。",
    "filler_unit": "镇江市丹徒区人民政府办公室",
    "filler_name": "周敏",
    "filler_phone": "0511-85681234",
}


def build(portal, admin, *, base_domain: str, port: int) -> None:
    news = (
        ColumnPage.objects.descendant_of(portal.site.root_page)
        .filter(column_type=ColumnType.NEWS)
        .order_by("path")
        .first()
    )
    if news is not None:
        suffix = f":{port}" if port not in (80, 443) else ""
        HarvestSource.objects.create(
            organisation=portal,
            name="市政府网·政务要闻（演示）",
            kind=HarvestSourceKind.FEED,
            url=f"http://{base_domain}{suffix}/harvest-demo/feed.xml",
            target_column=news,
            source_label="镇江市人民政府网",
            interval_minutes=360,
            # Not due at start: the demo harvests when someone presses 立即抓取 (the server is up by then).
            last_run_at=timezone.now(),
        )
    report = website_report.get_report(portal, timezone.localdate().year)
    website_report.save_entries(admin, report, REPORT_ENTRIES)
    website_report.publish(admin, report)
