"""The disclosure column of each demo site: guide, 制度, and about ninety catalogue items made from
the seed texts (540 over the six demo sites). The portal's catalogue is the 政府信息公开平台."""

from __future__ import annotations

import logging
import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from disclosure.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    CatalogueItem,
    DisclosureCataloguePage,
    DisclosureGuidePage,
    DisclosureItemPage,
    Genre,
    Topic,
    Validity,
)
from disclosure.provisioning import ensure_disclosure_column
from sitegroup.demo import texts
from sitegroup.models import ArticlePage, ColumnPage, Organisation

logger = logging.getLogger(__name__)

POLICY_GENRES = ("通知", "意见", "决定")
ITEMS_PER_SITE = 90  # settings.DISCLOSURE_DEMO_ITEMS_PER_SITE overrides (tests load fewer)
# Second-level topics an organisation mostly publishes under, by the start of its code's short name.
TOPICS_BY_NAME = {
    "教育": ["教育", "人事", "财政", "政务公开"],
    "民政": ["社会救助", "社会福利", "减灾救灾", "基层政权和社区建设"],
    "财政": ["财政", "政府采购", "审计", "国有资产监管"],
    "卫生": ["卫生", "医疗保障", "人口与计划生育", "食品药品"],
    "镇": ["农业、畜牧业、渔业", "城乡建设", "社会救助", "扶贫"],
}
DEFAULT_TOPICS = ["政务公开", "发展规划", "应急管理", "城乡规划", "统计", "劳动就业"]
DOCUMENT_PREFIX = {"教育": "徒教发", "民政": "徒民发", "财政": "徒财发", "卫生": "徒卫发", "镇": "高政发"}
GUIDE_ARRANGEMENT = (
    "<p>本机构主动公开的政府信息按主题分类、体裁分类、发布年份和目录事项编排，每条信息标注索引号、"
    "名称、内容概述、成文日期和发布日期。索引号由机构代码、年份和五位流水号组成。</p>"
)
GUIDE_OBTAIN = (
    "<p>一、主动公开：通过本网站“法定主动公开内容”栏目检索、查阅、下载，也可在区政务服务中心、"
    "区档案馆、区图书馆设置的政府信息查阅点查阅。</p>"
    "<p>二、依申请公开：公民、法人或者其他组织可以向本机构申请获取相关政府信息，申请应当包括申请人的姓名或者名称、"
    "身份证明、联系方式，申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述，以及获取信息的方式、途径。</p>"
    "<p>本机构收到申请，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；"
    "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。</p>"
)
GUIDE_SUPERVISION = (
    "<p>公民、法人或者其他组织认为本机构在政府信息公开工作中侵犯其合法权益的，可以向区政务公开工作主管部门投诉、举报，"
    "也可以依法申请行政复议或者提起行政诉讼。</p>"
)


def build_disclosure_column(site, organisation_kind: str) -> int:
    """Fill the column that provisioning made for one demo site; returns the number of items."""
    organisation = Organisation.objects.get(site=site)
    rng = random.Random(organisation.code)
    column = ensure_disclosure_column(organisation)
    guide = DisclosureGuidePage.objects.child_of(column).get()
    guide.arrangement, guide.how_to_obtain, guide.supervision = GUIDE_ARRANGEMENT, GUIDE_OBTAIN, GUIDE_SUPERVISION
    guide.save_revision().publish()
    _add_rules(column, organisation)
    catalogue = DisclosureCataloguePage.objects.child_of(column).get()
    created = _add_items(catalogue, organisation, rng)
    if organisation_kind != "portal":
        build_demo_requests(organisation)
    _add_annual_report(column, organisation, rng, is_county=organisation_kind == "portal")
    return created


def _add_annual_report(column, organisation, rng: random.Random, *, is_county: bool) -> None:
    """年报: last year's report in the column's 年报 section (the county's sums its departments)."""
    index = AnnualReportIndexPage.objects.child_of(column).get()
    year = timezone.localdate().year - 1
    paragraphs = [paragraph for paragraph in texts.paragraphs() if "公开" in paragraph]
    report = AnnualReportPage(
        title=f"{organisation.name}{year}年政府信息公开工作年度报告",
        slug=f"report-{year}",
        year=year,
        includes_departments=is_county,
        overview="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[:2]),
        licensing_decisions=rng.randrange(20, 400),
        penalty_decisions=rng.randrange(0, 60),
        compulsory_decisions=rng.randrange(0, 10),
        fee_income=Decimal(rng.randrange(0, 5000)) / 100,
        reconsideration_upheld=rng.randrange(0, 2),
        problems="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[2:3]),
        other_matters="<p>本机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况见第三部分。</p>",
    )
    index.add_child(instance=report)
    report.save_revision().publish()


def _add_rules(column, organisation) -> None:
    """政府信息公开制度: the county's own implementation scheme from seed 000."""
    rules = ColumnPage.objects.child_of(column).get(slug="rules")
    paragraphs = [paragraph for paragraph in texts.paragraphs() if "政务公开" in paragraph][:6]
    article = ArticlePage(
        title="开展依托电子政务平台加强区政府政务公开和政务服务省级试点工作实施方案",
        slug="implementation-scheme",
        source=organisation.name,
        summary="镇徒政办发[2011]129号印发的实施方案：指导思想、基本原则、目标任务、实施步骤与工作措施。",
        body=[{"type": "paragraph", "value": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)}],
    )
    rules.add_child(instance=article)
    article.save_revision().publish()


def _topics_for(organisation) -> list[Topic]:
    names = DEFAULT_TOPICS
    for key, chosen in TOPICS_BY_NAME.items():
        if key in organisation.short_name:
            names = chosen
            break
    return list(Topic.objects.filter(parent__isnull=False, name__in=names))


def _add_items(catalogue, organisation, rng: random.Random) -> int:
    topics = _topics_for(organisation)
    genres = list(Genre.objects.all())
    catalogue_items = list(CatalogueItem.objects.all())
    prefix = next((value for key, value in DOCUMENT_PREFIX.items() if key in organisation.short_name), "徒政发")
    offset = int(organisation.code[-3:]) * 37
    policies: list[DisclosureItemPage] = []
    created = 0
    count = getattr(settings, "DISCLOSURE_DEMO_ITEMS_PER_SITE", ITEMS_PER_SITE)
    for number, text in enumerate(texts.articles(count, offset=offset)):
        published = date(2023, 1, 9) + timedelta(days=rng.randrange(0, 1400))
        published = min(published, date(2026, 11, 20))
        genre = rng.choice(genres)
        interprets = rng.choice(policies) if policies and number % 9 == 0 else None
        title = f"《{interprets.title[:20]}》政策解读" if interprets else text.title
        repealed = number % 17 == 5
        item = DisclosureItemPage(
            title=title,
            slug=f"item-{number + 1}",
            document_number=f"{prefix}〔{published.year}〕{number + 1}号"
            if genre.name in ("通知", "意见", "决定")
            else "",
            written_on=published - timedelta(days=rng.randrange(1, 10)),
            published_on=published,
            topic=rng.choice(topics),
            genre=genre,
            catalogue_item=rng.choice(catalogue_items),
            validity=Validity.REPEALED if repealed else Validity.VALID,
            validity_changed_on=published + timedelta(days=200) if repealed else None,
            keywords=" ".join(sorted({text.title[:2], organisation.short_name, "政务公开"})),
            summary=text.paragraphs[0][:120],
            body="".join(f"<p>{paragraph}</p>" for paragraph in text.paragraphs),
            interprets=interprets,
        )
        catalogue.add_child(instance=item)
        item.save_revision().publish()
        if genre.name in POLICY_GENRES and not interprets:
            policies.append(item)
        created += 1
    return created


DEMO_APPLICANTS = [
    ("person", "王建国", "11010519491231002X", "13905110001"),
    ("person", "李秀英", "11010519491231002X", "13905110002"),
    ("commercial", "镇江某某建设工程有限公司", "91350100M000100Y43", "0511-85620003"),
    ("person", "陈志强", "11010519491231002X", "13905110004"),
    ("research", "某某大学公共管理学院", "91350100M000100Y43", "0511-85620005"),
    ("person", "赵丽", "11010519491231002X", "13905110006"),
    ("person", "周海", "11010519491231002X", "13905110007"),
    ("welfare", "某某公益基金会", "91350100M000100Y43", "0511-85620008"),
]


def build_demo_requests(organisation) -> int:
    """Requests in every state, dated back from today so that the clocks and warnings are live."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from disclosure.services import requests as services

    handler = get_user_model().objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    descriptions = [paragraph[:60] for paragraph in texts.paragraphs()[5:13]]
    made = []
    for number, (kind, name, id_number, phone) in enumerate(DEMO_APPLICANTS):
        data = {
            "kind": kind,
            "name": name,
            "id_number": id_number,
            "contact_person": "" if kind == "person" else "张联系",
            "phone": phone,
            "email": f"applicant{number}@example.com",
            "address": "镇江市丹徒区宜城街道",
            "postcode": "212100",
            "description": f"请公开：{descriptions[number]}",
            "delivery_form": "electronic",
            "delivery_method": "email",
        }
        received = services.calendar().add(today - timedelta(days=45 - number * 5), 0)
        made.append(services.submit(organisation, data, client_ip=f"demo-{organisation.pk}-{number}", today=received))
    cal = services.calendar()
    answered, correction, consulting, extended, lapsed, withdrawn, overdue, fresh = made
    services.answer(
        answered, handler, reply_type="disclosed", note="所申请信息见附件。", on=cal.add(answered.received_on, 12)
    )
    services.request_correction(
        correction, handler, note="请写明所需文件的名称或文号。", on=cal.add(correction.received_on, 3)
    )
    services.start_consultation(
        consulting, handler, third_party="镇江某某建设工程有限公司", on=cal.add(consulting.received_on, 4)
    )
    services.extend(
        extended, handler, approved_by="办公室主任", reason="需调取历年档案汇总", on=cal.add(extended.received_on, 15)
    )
    services.request_correction(lapsed, handler, note="请明确申请内容。", due_days=5, on=cal.add(lapsed.received_on, 2))
    lapse_day = cal.add(lapsed.correction_requested_on, 6)
    if lapse_day <= today:
        services.lapse(lapsed, handler, on=lapse_day)
    services.withdraw(withdrawn, handler, note="申请人来电撤回。", on=cal.add(withdrawn.received_on, 1))
    del overdue, fresh  # left as they are: one overdue or nearly so, one just received
    return len(made) + _last_year_requests(organisation, handler)


LAST_YEAR_REPLIES = [
    ("person", "disclosed", ""),
    ("person", "partly_disclosed", ""),
    ("commercial", "withheld", "third_party"),
    ("person", "unavailable", "not_held"),
    ("legal_service", "not_processed", "repeated"),
    ("person", "disclosed", ""),
]


def _last_year_requests(organisation, handler) -> int:
    """Requests of last year, for its annual report: answered ones, and one carried into this year."""
    from django.utils import timezone

    from disclosure.services import requests as services

    cal = services.calendar()
    year = timezone.localdate().year - 1
    count = 0
    for number, (kind, reply_type, subtype) in enumerate(LAST_YEAR_REPLIES):
        applicant = DEMO_APPLICANTS[number]
        data = {
            "kind": kind,
            "name": applicant[1],
            "id_number": "11010519491231002X" if kind == "person" else "91350100M000100Y43",
            "contact_person": "" if kind == "person" else "张联系",
            "phone": applicant[3],
            "description": f"请公开{year}年度相关政府信息（第{number + 1}件）",
            "delivery_form": "paper",
            "delivery_method": "pickup",
        }
        received = cal.next_working_day(date(year, 2 + number * 2, 10))
        request = services.submit(organisation, data, client_ip=f"demo-{organisation.pk}-ly{number}", today=received)
        note = "该信息由区财政局掌握，联系电话 0511-85621303。" if subtype == "not_held" else ""
        services.answer(request, handler, reply_type=reply_type, subtype=subtype, note=note, on=cal.add(received, 15))
        count += 1
    carried = services.submit(
        organisation,
        {
            **data,
            "description": f"请公开{year}年第四季度专项资金使用情况",
            "kind": "person",
            "id_number": "11010519491231002X",
        },
        client_ip=f"demo-{organisation.pk}-carried",
        today=cal.next_working_day(date(year, 12, 22)),
    )
    services.answer(carried, handler, reply_type="disclosed", on=cal.add(carried.received_on, 12))
    return count + 1
