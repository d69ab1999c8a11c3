"""Demo messages: what the county's citizens write about (低保, 危房改造, 入学, 医保, 路灯…), in every
state of the flow across departments, handled by the demo accounts through the services, so the
history, deadlines, warnings and statistics are real. Dates are counted back from today."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from interaction.models import ChannelKind, MessageChannel, ReplyTemplate
from interaction.services import messages as services
from sitegroup.models import Organisation, OrganisationKind, Role
from sitegroup.services import cases
from sitegroup.services.sensitive_words import check_citizen_text
from sitegroup.services.working_days import calendar

# (channel kind, department code or "" for the triage desk, title, body, reply)
LETTERS = (
    (
        ChannelKind.CONSULTATION,
        "014349002",
        "老人独居申请低保需要哪些材料",
        "我父亲今年七十二岁，一个人住在高桥镇，没有退休工资，身体也不好。想问一下申请城乡低保需要准备哪些材料，"
        "到哪里办理？子女在外地打工，收入是否计算在内？",
        "您好！申请最低生活保障由申请人向户籍所在地镇（街道）社会救助窗口提出，需提供身份证、户口簿、家庭收入和财产"
        "情况说明等材料，并签署家庭经济状况核对授权书。赡养义务人的收入按规定计算赡养费后计入家庭收入。"
        "具体可咨询高桥镇社会救助窗口。感谢您的来信。",
    ),
    (
        ChannelKind.CONSULTATION,
        "014349001",
        "外地务工人员子女如何在区里上小学",
        "我们夫妻在丹徒区工业园区上班三年了，孩子今年满六岁，户口在老家。请问随迁子女入学需要什么条件，什么时候报名？",
        "您好！随迁子女入学实行积分入学与相对就近安排相结合的办法，需提供居住证、劳动合同或营业执照、社保缴纳证明"
        "和户口簿。每年5月在区教育局网站发布招生公告并开放网上报名，请届时关注。",
    ),
    (
        ChannelKind.COMPLAINT,
        "014349101",
        "村道路灯坏了两个月没人修",
        "高桥镇某村主干道上的路灯从九月起就有七八盏不亮，晚上老人孩子出行很不安全，向村里反映过，一直没有修。",
        "您好！经镇建设管理办公室现场核查，该路段7盏路灯因线路老化损坏，已于本周完成更换线路和灯具，现已全部恢复照明。"
        "感谢您对农村公共设施的关心。",
    ),
    (
        ChannelKind.SUGGESTION,
        "014349004",
        "建议乡镇卫生院增加周末门诊",
        "乡镇卫生院周末只开急诊，上班族只能请假去看病配药。建议周六上午开设普通门诊，方便群众。",
        "您好！您的建议很好。区卫生局已要求各镇卫生院自下月起周六上午开设全科门诊和慢病配药窗口，具体安排由各卫生院公告。",
    ),
    (
        ChannelKind.CONSULTATION,
        "014349004",
        "城乡居民医保异地就医怎么备案",
        "我母亲参加的是城乡居民医保，要去上海子女家住半年，在那边看病能不能直接结算？需要怎么办理备案？",
        "您好！参保人员可通过国家医保服务平台APP或“江苏医保云”小程序办理异地就医备案，长期居住异地的选择“异地长期"
        "居住人员”，备案后在就医地定点医院可直接结算。如有疑问可拨打区医保服务中心电话咨询。",
    ),
    (
        ChannelKind.COMPLAINT,
        "014349001",
        "校外培训机构收费后关门不退费",
        "孩子在城区一家培训机构报了一年的课，交了六千多元，上了两个月机构就关门了，联系不上负责人，怎么维权？",
        "",
    ),
    (
        ChannelKind.CONSULTATION,
        "014349003",
        "农村危房改造补助标准是多少",
        "我家房子是八十年代建的土坯房，墙体开裂。听说有危房改造补助，请问补助标准是多少，怎么申请？",
        "您好！农村危房改造补助对象为低保户、分散供养特困人员、低保边缘家庭等重点对象，经鉴定为C级、D级危房的，"
        "按照改造方式给予分类补助。请向所在镇（街道）提出申请，由镇政府组织危房鉴定后按程序审核。",
    ),
    (
        ChannelKind.ERROR_REPORT,
        "",
        "教育局子站有一个链接打不开",
        "区教育局网站“招生入学”栏目里“2026年招生政策解读”的链接点开是404错误。",
        "",
    ),
    (
        ChannelKind.LEADER,
        "",
        "建议在高桥镇设置公交首末站",
        "区长您好！高桥镇到城区的公交车班次少，末班车下午五点就没有了，上班的年轻人很不方便。建议增加班次，"
        "在镇区设置首末站。",
        "",
    ),
    (
        ChannelKind.SUGGESTION,
        "014349002",
        "希望社区养老服务中心提供助餐服务",
        "社区里的独居老人越来越多，做饭不方便。希望养老服务中心能提供老年助餐，价格实惠一些。",
        "",
    ),
)


REPLY_TEMPLATES = (
    (
        "已受理、正在核实",
        "{姓名}：您好！您反映的“{标题}”已收悉，{单位}正在组织核实，将在办理期限内答复您。感谢您的来信。",
    ),
    (
        "政策咨询答复",
        "{姓名}：您好！关于您咨询的“{标题}”，现答复如下：\n（请填写政策依据、办理条件、办理地点和联系电话）\n"
        "如有疑问，请在工作日拨打{单位}咨询电话。",
    ),
)


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _people(organisation: Organisation) -> dict:
    site = getattr(organisation, "site", None)
    hostname = site.hostname if site else ""
    prefix = "portal" if organisation.kind == OrganisationKind.PORTAL else hostname.split(".", 1)[0]
    return {
        role: _user(f"{prefix}_{suffix}")
        for role, suffix in (
            (Role.HANDLER, "handler"),
            (Role.REVIEWER, "reviewer"),
        )
    }


def build_demo_messages() -> int:
    """Messages on the portal's channels, in every state; returns how many were made."""
    portal = Organisation.objects.filter(kind=OrganisationKind.PORTAL).first()
    if portal is None:
        return 0
    admin = get_user_model().objects.filter(is_superuser=True).first()
    MessageChannel.objects.filter(organisation=portal, kind=ChannelKind.LEADER).update(
        name="区长信箱", leader_title="区长", leader_name="陈立新"
    )
    by_code = {organisation.code: organisation for organisation in Organisation.objects.all()}
    rng = random.Random("demo-messages")  # noqa: S311 - repeatable demo data
    cal = calendar()
    today = timezone.localdate()
    made = 0
    for number, (kind, code, title, body, reply) in enumerate(LETTERS):
        channel = MessageChannel.objects.filter(organisation=portal, kind=kind).first()
        if channel is None:
            continue
        received = cal.next_working_day(today - timedelta(days=40 - number * 4))
        department = by_code.get(code)
        writer = "张王李赵刘陈杨黄周吴"[number] + "先生女士"[rng.randrange(2) * 2 : rng.randrange(2) * 2 + 2]
        message = services.submit(
            channel,
            {
                "title": title,
                "body": body,
                "name": writer,
                "phone": f"139{rng.randrange(10**8):08d}",
                "email": "",
                "wants_public": number != 4,
                "department": department,
            },
            client_ip=f"demo-message-{number}",
            today=received,
        )
        made += 1
        organisation = department or portal
        people = _people(organisation)
        handler = people[Role.HANDLER] or admin
        reviewer = people[Role.REVIEWER] or admin
        if kind == ChannelKind.ERROR_REPORT or kind == ChannelKind.LEADER:
            continue  # waiting at the triage desk (one of them overdue: escalation and warnings show)
        if not reply:
            if number % 2:
                services.extend(
                    message, handler, approved_by="科长", reason="需要会同有关部门核实情况", on=cal.add(received, 2)
                )
            continue  # being handled
        replied = cal.add(received, 2 + number % 3)
        services.reply(message, handler, text=reply, on=replied)
        if number == 6:
            continue  # waiting for review
        services.approve(message, reviewer, on=cal.add(replied, 1))
        if number in (3, 4):
            cases.rate(message, 5 if number == 3 else 4, "答复及时，讲得清楚。")
        if number == 0:
            services.mark_faq(message, reviewer)
    made += _other_states(portal, by_code, admin, cal, today)
    for title, text in REPLY_TEMPLATES:
        ReplyTemplate.objects.get_or_create(organisation=None, title=title, defaults={"text": text})
    return made


def _sub_site_letter(organisation, kind, title, body, *, number, received):
    channel = MessageChannel.objects.filter(organisation=organisation, kind=kind).first()
    return services.submit(
        channel,
        {
            "title": title,
            "body": body,
            "name": "群众",
            "phone": f"1380000{number:04d}",
            "email": "",
            "wants_public": True,
        },
        client_ip=f"demo-message-extra-{number}",
        today=received,
    )


def _other_states(portal, by_code, admin, cal, today) -> int:
    """A message held for content review, a misrouted one transferred, a duplicate merged, one not
    accepted, and letters on the sub-sites' own channels."""
    education, civil_affairs, township = by_code.get("014349001"), by_code.get("014349002"), by_code.get("014349101")
    if not (education and civil_affairs and township):
        return 0
    recent = cal.next_working_day(today - timedelta(days=3))
    body = "小区门口电线杆上贴满了办证的小广告，清理了又贴，希望有关部门管一管。"
    held = services.submit(
        MessageChannel.objects.get(organisation=portal, kind=ChannelKind.COMPLAINT),
        {
            "title": "小区门口有人发小广告办证",
            "body": body,
            "name": "周女士",
            "phone": "13952800001",
            "email": "",
            "wants_public": True,
        },
        needs_review=bool(check_citizen_text(body).review_words),  # “办证” is a review-level demo word
        client_ip="demo-message-held",
        today=recent,
    )
    misrouted = _sub_site_letter(
        education,
        ChannelKind.CONSULTATION,
        "残疾人两项补贴怎么申请",
        "我孩子是二级残疾，听说有困难残疾人生活补贴和重度残疾人护理补贴，请问在哪里申请？",
        number=1,
        received=recent,
    )
    services.transfer(
        misrouted,
        _people(education)[Role.HANDLER] or admin,
        organisation=civil_affairs,
        reason="残疾人两项补贴由民政部门受理",
        on=cal.add(recent, 1),
    )
    original = _sub_site_letter(
        township,
        ChannelKind.COMPLAINT,
        "养殖场异味影响居民生活",
        "镇东村附近的养猪场夏天异味很大，晚上不能开窗，希望督促整改。",
        number=2,
        received=recent,
    )
    duplicate = _sub_site_letter(
        township,
        ChannelKind.COMPLAINT,
        "再次反映养殖场异味问题",
        "前几天反映过镇东村养猪场异味的问题，还没有回复，再反映一次。",
        number=3,
        received=cal.add(recent, 1),
    )
    township_handler = _people(township)[Role.HANDLER] or admin
    services.merge(duplicate, township_handler, into_code=original.lookup_code)
    rejected = _sub_site_letter(
        township,
        ChannelKind.SUGGESTION,
        "推荐一款理财产品",
        "高收益理财产品，保本保息，欢迎咨询。",
        number=4,
        received=recent,
    )
    services.reject(rejected, township_handler, reason="来信内容为商业广告，与政务无关。")
    return 4 + (held.state == "held")
