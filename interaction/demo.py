"""Demo content of 政民互动 (registered on the sitegroup_configure_demo_site hook): on the portal two
surveys (one open, one closed with public results), a closed consultation with its adoption summary
and an e-form sign-up; on 区民政局 an open consultation on the 低保 rules and a volunteer sign-up form."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from interaction.models import (
    Adoption,
    CommentStatus,
    ConsultationComment,
    ConsultationPage,
    EFormField,
    EFormPage,
    QuestionKind,
    SurveyPage,
    SurveyQuestion,
    SurveyResponse,
)
from sitegroup.models import Organisation

CIVIL_AFFAIRS_CODE = "014349002"  # 丹徒区民政局


def build_demo_interaction(site, organisation_kind: str) -> None:
    organisation = Organisation.objects.get(site=site)
    home = site.root_page.specific
    rng = random.Random(f"interaction-{organisation.code}")  # noqa: S311 - repeatable demo data
    now = timezone.now()
    if organisation_kind == "portal":
        _service_survey(home, rng, now)
        _website_survey(home, rng, now)
        _openness_consultation(home, now)
        _open_day_form(home, rng, now)
    elif organisation.code == CIVIL_AFFAIRS_CODE:
        _subsistence_consultation(home, now)
        _volunteer_form(home, rng, now)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _questions(survey, specs):
    for order, (text, kind, options) in enumerate(specs):
        SurveyQuestion.objects.create(
            survey=survey,
            sort_order=order,
            text=text,
            kind=kind,
            options="\n".join(options),
            is_required=kind != QuestionKind.TEXT,
        )
    return list(survey.questions.all())


def _answers(rng, survey, questions, count, start, end, texts):
    span = (end - start).total_seconds()
    for number in range(count):
        answers = {}
        for question in questions:
            options = question.option_list
            if question.kind == QuestionKind.SINGLE:
                answers[str(question.pk)] = rng.choices(options, weights=range(len(options) + 1, 1, -1))[0]
            elif question.kind == QuestionKind.MULTIPLE:
                answers[str(question.pk)] = rng.sample(options, rng.randint(1, min(3, len(options))))
            elif question.kind == QuestionKind.RATING:
                answers[str(question.pk)] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 12, 9])[0]
            elif rng.random() < 0.4:
                answers[str(question.pk)] = rng.choice(texts)
        key = hashlib.sha256(f"demo-{survey.pk}-{number}".encode()).hexdigest()
        SurveyResponse.objects.create(
            survey=survey,
            respondent_key=key,
            answers=answers,
            submitted_at=start + timedelta(seconds=rng.uniform(0, span)),
        )


def _service_survey(home, rng, now):
    survey = _publish(
        home,
        SurveyPage(
            title="丹徒区政务服务满意度网上调查",
            slug="zhengwu-fuwu-diaocha",
            intro="<p>为深化“放管服”改革，依托电子政务平台提升政务服务水平，现就您办理政务服务事项的体验开展网上调查。"
            "调查匿名进行，约需3分钟。</p>",
            opens_at=now - timedelta(days=12),
            closes_at=now + timedelta(days=30),
            results_public=True,
        ),
    )
    questions = _questions(
        survey,
        [
            (
                "您最近一年主要通过哪种方式办理政务服务事项？",
                QuestionKind.SINGLE,
                [
                    "到区政务服务中心窗口办理",
                    "在政务服务网或手机上网上办理",
                    "在镇（街道）便民服务中心办理",
                    "没有办理过",
                ],
            ),
            (
                "您希望哪些事项能够“一网通办”？（可多选）",
                QuestionKind.MULTIPLE,
                ["社会保险和医保", "户籍和居住证", "不动产登记", "入学报名", "低保和社会救助", "企业开办"],
            ),
            ("您对区政务服务中心窗口服务的总体评价", QuestionKind.RATING, []),
            ("您对改进政务服务还有什么意见和建议？", QuestionKind.TEXT, []),
        ],
    )
    texts = [
        "希望周末也能办理社保业务",
        "网上办事的材料清单写得再清楚一些",
        "窗口排队时间还是有点长",
        "手机上办理很方便，点赞",
    ]
    _answers(rng, survey, questions, 46, now - timedelta(days=12), now - timedelta(hours=1), texts)


def _website_survey(home, rng, now):
    survey = _publish(
        home,
        SurveyPage(
            title="区政府网站政务公开栏目使用情况调查",
            slug="wangzhan-lanmu-diaocha",
            intro="<p>为推进政务公开标准化规范化，了解群众查阅政府信息的需求，区政府办公室开展了本次调查。调查已结束，结果如下。</p>",
            opens_at=now - timedelta(days=75),
            closes_at=now - timedelta(days=30),
            results_public=True,
        ),
    )
    questions = _questions(
        survey,
        [
            ("您访问区政府网站的频率是？", QuestionKind.SINGLE, ["每周多次", "每月几次", "偶尔访问", "第一次访问"]),
            (
                "您经常查看哪些栏目？（可多选）",
                QuestionKind.MULTIPLE,
                ["政府信息公开", "政策文件", "通知公告", "办事服务", "互动交流", "财政预决算"],
            ),
            ("您能否方便地找到需要的政府信息？", QuestionKind.RATING, []),
            ("您希望网站增加哪些内容？", QuestionKind.TEXT, []),
        ],
    )
    texts = ["政策解读多用图表", "希望增加办事进度查询", "财政资金使用情况公开得更细一些"]
    _answers(rng, survey, questions, 128, now - timedelta(days=75), now - timedelta(days=30, hours=1), texts)


OPENNESS_COMMENTS = [
    (
        "一位社区工作者",
        "建议在各镇（街道）便民服务中心设置政务公开专区，方便不会上网的老年人查阅文件。",
        Adoption.ADOPTED,
        "已在方案第三部分增加“在镇（街道）、村（社区）便民服务中心设立政务公开专区”。",
    ),
    (
        "张先生",
        "方案中“及时更新”的要求不够具体，建议明确各类信息的更新时限。",
        Adoption.ADOPTED,
        "已明确动态类信息2周内、政策类信息6个月内更新的要求。",
    ),
    (
        "网友",
        "希望涉及群众切身利益的低保、危房改造补助名单能在村务公开栏同步公示。",
        Adoption.PARTLY,
        "低保对象名单按规定在村（社区）公示；危房改造补助对象公示由住建部门另行规定，方案中作原则性表述。",
    ),
    (
        "一位企业经营者",
        "建议把涉企政策集中到一个栏目，并提供政策解读和咨询电话。",
        Adoption.ADOPTED,
        "已增加“涉企政策集中发布”和政策解读要求。",
    ),
    (
        "李女士",
        "建议所有政策文件都同步发布英文版。",
        Adoption.NOT_ADOPTED,
        "县级政府网站以服务本地群众为主，暂不具备条件；重要涉外政策可由相关部门另行发布。",
    ),
]


def _openness_consultation(home, now):
    page = _publish(
        home,
        ConsultationPage(
            title="《丹徒区政务公开标准化规范化工作实施方案（征求意见稿）》公开征求意见",
            slug="zhengwu-gongkai-zhengqiu-yijian",
            intro="为依托电子政务平台加强政务公开和政务服务，区政府办公室起草了本实施方案，现向社会公开征求意见。",
            document_title="丹徒区政务公开标准化规范化工作实施方案（征求意见稿）",
            draft_body="<h3>一、工作目标</h3><p>以统一的电子政务平台为载体，全面提高政务公开和政务服务水平，"
            "做到政务信息公开及时、办事服务便捷高效、互动交流渠道畅通。</p><h3>二、主要任务</h3>"
            "<p>（一）规范政府信息公开目录和指南；（二）推进重点领域信息公开；（三）完善政务服务事项网上办理；"
            "（四）健全政民互动回应机制。</p><h3>三、保障措施</h3><p>加强组织领导，落实工作责任，强化督查考核。</p>",
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=30),
            contact="区政府办公室政务公开科 0511-85612345",
            summary_published=True,
            summary_text="<p>征求意见期间共收到意见建议6条，经认真研究，采纳4条、部分采纳1条；"
            "未采纳的1条已说明理由。感谢社会各界的关心和支持。</p>",
        ),
    )
    start = now - timedelta(days=58)
    for number, (name, body, adoption, reason) in enumerate(OPENNESS_COMMENTS):
        ConsultationComment.objects.create(
            consultation=page,
            author_name=name,
            body=body,
            public_body=body,
            status=CommentStatus.APPROVED,
            submitted_at=start + timedelta(days=number * 5),
            moderated_at=start + timedelta(days=number * 5 + 1),
            adoption=adoption,
            adoption_reason=reason,
        )
    ConsultationComment.objects.create(
        consultation=page,
        author_name="",
        body="（广告）低价代办各类证件，联系微信……",
        public_body="（广告）低价代办各类证件，联系微信……",
        status=CommentStatus.REJECTED,
        submitted_at=start + timedelta(days=3),
        moderated_at=start + timedelta(days=4),
    )


def _subsistence_consultation(home, now):
    page = _publish(
        home,
        ConsultationPage(
            title="《丹徒区最低生活保障审核确认办法（征求意见稿）》征求意见",
            slug="dibao-banfa-zhengqiu-yijian",
            intro="为规范最低生活保障审核确认工作，区民政局起草了本办法，欢迎提出意见建议。意见经审核后公开。",
            document_title="丹徒区最低生活保障审核确认办法（征求意见稿）",
            draft_body="<p><b>第一条</b> 为规范最低生活保障审核确认工作，根据有关规定，"
            "结合本区实际，制定本办法。</p>"
            "<p><b>第二条</b> 申请最低生活保障以家庭为单位，由共同生活的家庭成员"
            "向户籍所在地镇人民政府（街道办事处）提出书面申请。</p>"
            "<p><b>第三条</b> 镇人民政府（街道办事处）应当自受理申请之日起15个工作日内完成审核确认；"
            "特殊情况可延长至30个工作日。</p>"
            "<p><b>第四条</b> 审核确认结果在申请人所在村（社区）公示，公示期为7天，"
            "公示内容不得包含身份证号码等个人隐私信息。</p>",
            opens_at=now - timedelta(days=5),
            closes_at=now + timedelta(days=25),
            contact="区民政局社会救助科 0511-85698765",
        ),
    )
    comments = [
        ("一位村干部", "建议明确在外务工人员收入如何核算，基层认定时经常遇到这个问题。"),
        ("王女士", "审核时限15个工作日很好，希望申请人能在网上查询办理进度。"),
    ]
    for number, (name, body) in enumerate(comments):
        ConsultationComment.objects.create(
            consultation=page,
            author_name=name,
            body=body,
            public_body=body,
            status=CommentStatus.APPROVED,
            submitted_at=now - timedelta(days=4 - number),
            moderated_at=now - timedelta(days=3 - number),
        )
    ConsultationComment.objects.create(
        consultation=page,
        author_name="网友",
        body="第四条的公示期能否延长到10天？",
        public_body="第四条的公示期能否延长到10天？",
        submitted_at=now - timedelta(hours=5),
    )


def _form(home, title, slug, intro, fields, now):
    page = _publish(
        home,
        EFormPage(
            title=title, slug=slug, intro=intro, opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=21)
        ),
    )
    for order, (label, field_type, choices, required) in enumerate(fields):
        EFormField.objects.create(
            page=page, sort_order=order, label=label, field_type=field_type, choices=choices, required=required
        )
    return page


def _open_day_form(home, rng, now):
    page = _form(
        home,
        "“政府开放日”活动报名",
        "zhengfu-kaifangri-baoming",
        "<p>区政府将于本月下旬举办“政府开放日”活动，邀请市民走进区政务服务中心，体验“一网通办”。名额有限，报满为止。</p>",
        [
            ("姓名", "singleline", "", True),
            ("手机号码", "singleline", "", True),
            ("参加场次", "dropdown", "上午场（9:00-11:00）\n下午场（14:30-16:30）", True),
            ("想了解的内容", "multiline", "", False),
        ],
        now,
    )
    people = [
        ("陈建国", "上午场（9:00-11:00）", "想看看不动产登记怎么网上办"),
        ("刘芳", "下午场（14:30-16:30）", ""),
        ("周晓明", "上午场（9:00-11:00）", "医保异地就医备案"),
        ("吴海燕", "下午场（14:30-16:30）", "孩子入学报名流程"),
    ]
    _submissions(page, rng, people, now)


def _volunteer_form(home, rng, now):
    page = _form(
        home,
        "居家养老服务志愿者报名",
        "yanglao-zhiyuanzhe-baoming",
        "<p>区民政局招募居家养老服务志愿者，为辖区独居、高龄老人提供探访、代购和陪同就医等服务。</p>",
        [
            ("姓名", "singleline", "", True),
            ("手机号码", "singleline", "", True),
            ("可服务时间", "checkboxes", "工作日白天\n工作日晚上\n周末", True),
        ],
        now,
    )
    people = [("赵磊", ["周末"], None), ("孙丽萍", ["工作日白天", "周末"], None), ("钱志强", ["工作日晚上"], None)]
    _submissions(page, rng, people, now)


def _submissions(page, rng, people, now):
    labels = [field.clean_name for field in page.form_fields.all()]
    for number, person in enumerate(people):
        values = [
            person[0],
            f"139{rng.randint(10000000, 99999999)}",
            *[value for value in person[1:] if value is not None],
        ]
        data = dict(zip(labels, values, strict=False))
        submission = FormSubmission.objects.create(page=page, form_data=data)
        FormSubmission.objects.filter(pk=submission.pk).update(submit_time=now - timedelta(days=6 - number, hours=3))
