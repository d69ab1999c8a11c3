"""Disclosure requests: states, the legal clock, permissions, history (services called directly)."""

from datetime import date
from itertools import count

import pytest
from django.core.exceptions import PermissionDenied

from disclosure.models import (
    DisclosureRequest,
    DocumentKind,
    RequestDocumentSequence,
    RequestDocumentSettings,
    RequestState,
)
from disclosure.services import request_documents
from disclosure.services import requests as services
from disclosure.services.requests import TransitionError
from sitegroup.models import WorkingDayOverride

pytestmark = pytest.mark.django_db

APPLICATION = {
    "kind": "person",
    "name": "张三",
    "id_number": "11010519491231002X",
    "phone": "13800001234",
    "email": "zhangsan@example.com",
    "address": "丹徒区宜城街道1号",
    "postcode": "212100",
    "description": "2025年度本县城乡居民最低生活保障资金发放情况",
    "delivery_form": "electronic",
    "delivery_method": "email",
}


_addresses = count(1)


def submit(site_group, received=date(2026, 9, 25), ip=None, **changes):
    ip = ip or f"10.0.0.{next(_addresses)}"
    return services.submit(site_group["b"].organisation, {**APPLICATION, **changes}, client_ip=ip, today=received)


@pytest.fixture
def handler(site_group):
    return site_group["users"]["b_handler"]


class TestSubmission:
    def test_received_with_a_lookup_code_and_a_deadline(self, site_group):
        request = submit(site_group)
        assert len(request.lookup_code) == 12 and request.lookup_code.isalnum()
        assert request.state == RequestState.RECEIVED
        assert request.due_on == date(2026, 10, 29)  # 20 working days across National Day
        assert [event.action for event in request.events.all()] == ["收到申请"]

    def test_fees_count_per_applicant_per_month(self, site_group):
        fees = [submit(site_group, received=date(2026, 9, 1 + number % 20)).fee for number in range(12)]
        assert fees[:10] == [0] * 10 and fees[10:] == [100, 100]
        assert submit(site_group, received=date(2026, 10, 8)).fee == 0  # a new month

    def test_too_many_submissions_from_one_address(self, site_group):
        for _ in range(services.SUBMISSIONS_PER_HOUR):
            submit(site_group, ip="192.0.2.7")
        with pytest.raises(services.RateLimited):
            submit(site_group, ip="192.0.2.7")
        assert DisclosureRequest.objects.count() == services.SUBMISSIONS_PER_HOUR

    def test_applicant_finds_it_with_code_and_phone_tail(self, site_group):
        request = submit(site_group)
        assert services.find_for_applicant(request.lookup_code.lower(), "1234") == request
        assert services.find_for_applicant(request.lookup_code, "9999") is None
        assert services.find_for_applicant("X" * 12, "1234") is None


class TestCorrection:
    def test_notice_then_correction_restarts_the_clock(self, site_group, handler):
        request = submit(site_group, received=date(2026, 3, 2))
        services.request_correction(request, handler, note="请写明文件名称或文号", on=date(2026, 3, 4))
        assert request.state == RequestState.AWAITING_CORRECTION and request.due_on is None
        services.receive_correction(request, handler, on=date(2026, 3, 16))
        assert request.state == RequestState.RECEIVED
        assert request.due_on == date(2026, 4, 14)  # 20 working days from 16 March (Qingming 6 April off)

    def test_only_one_notice(self, site_group, handler):
        request = submit(site_group, received=date(2026, 3, 2))
        services.request_correction(request, handler, note="补正一", on=date(2026, 3, 3))
        services.receive_correction(request, handler, on=date(2026, 3, 5))
        with pytest.raises(TransitionError, match="只能发出一次"):
            services.request_correction(request, handler, note="补正二", on=date(2026, 3, 6))

    def test_notice_after_seven_working_days_is_refused(self, site_group, handler):
        request = submit(site_group, received=date(2026, 2, 12))
        with pytest.raises(TransitionError, match="7 个工作日"):
            services.request_correction(request, handler, note="补正", on=date(2026, 3, 2))
        services.request_correction(request, handler, note="补正", on=date(2026, 2, 28))  # make-up Saturday, day 7

    def test_lapses_only_after_the_correction_deadline(self, site_group, handler):
        request = submit(site_group, received=date(2026, 3, 2))
        services.request_correction(request, handler, note="补正", due_days=5, on=date(2026, 3, 3))
        with pytest.raises(TransitionError, match="期满后"):
            services.lapse(request, handler, on=date(2026, 3, 10))
        services.lapse(request, handler, on=date(2026, 3, 11))
        assert request.state == RequestState.LAPSED
        assert (request.reply_type, request.reply_subtype) == ("other", "no_correction")


class TestConsultationAndExtension:
    def test_consultation_days_do_not_count(self, site_group, handler):
        request = submit(site_group, received=date(2026, 4, 1))
        before = request.due_on
        services.start_consultation(request, handler, third_party="丹徒区某公司", on=date(2026, 4, 8))
        with pytest.raises(TransitionError, match="不能作出答复"):
            services.answer(request, handler, reply_type="disclosed", on=date(2026, 4, 9))
        services.end_consultation(request, handler, on=date(2026, 4, 15))
        assert request.due_on == services.calendar().add(before, 5)

    def test_extension_once_with_approval(self, site_group, handler):
        request = submit(site_group)
        with pytest.raises(TransitionError, match="批准人和理由"):
            services.extend(request, handler, approved_by="", reason="", on=date(2026, 10, 20))
        services.extend(request, handler, approved_by="办公室主任王明", reason="需调取档案", on=date(2026, 10, 20))
        assert request.is_extended and request.due_on == services.calendar().add(date(2026, 10, 29), 20)
        assert "经办公室主任王明同意" in request.events.last().note and request.events.last().is_public
        with pytest.raises(TransitionError, match="只能延长一次"):
            services.extend(request, handler, approved_by="主任", reason="再延", on=date(2026, 10, 21))

    def test_extension_after_the_deadline_is_refused(self, site_group, handler):
        request = submit(site_group)
        with pytest.raises(TransitionError, match="届满前"):
            services.extend(request, handler, approved_by="主任", reason="迟了", on=date(2026, 10, 30))


class TestAnswer:
    def test_answer_with_a_generated_letter(self, site_group, handler):
        request = submit(site_group)
        services.answer(
            request, handler, reply_type="withheld", subtype="third_party", note="涉及个人隐私。", on=date(2026, 10, 9)
        )
        assert request.state == RequestState.ANSWERED and request.concluded_on == date(2026, 10, 9)
        assert "第十五条、第三十六条第三项" in request.reply_letter and "本机关决定不予公开" in request.reply_letter
        assert "张三" in request.reply_letter and request.lookup_code in request.reply_letter
        assert request.reply_number == "测试县民政局依申复〔2026〕1号"

    @pytest.mark.parametrize(
        ("reply_type", "subtype", "message"),
        [
            ("withheld", "", "具体情形"),
            ("disclosed", "state_secret", "没有具体情形"),
            ("granted", "", "无效"),
            ("unavailable", "not_held", "告知其名称"),
        ],
    )
    def test_impossible_replies_are_refused(self, site_group, handler, reply_type, subtype, message):
        request = submit(site_group)
        with pytest.raises(TransitionError, match=message):
            services.answer(request, handler, reply_type=reply_type, subtype=subtype)
        request.refresh_from_db()
        assert request.state == RequestState.RECEIVED

    def test_nothing_happens_after_the_answer(self, site_group, handler):
        request = submit(site_group)
        services.answer(request, handler, reply_type="disclosed", on=date(2026, 10, 9))
        for action in (
            lambda: services.withdraw(request, handler),
            lambda: services.start_consultation(request, handler, third_party="某公司"),
            lambda: services.answer(request, handler, reply_type="disclosed"),
        ):
            with pytest.raises(TransitionError, match="已答复"):
                action()

    def test_withdrawal(self, site_group, handler):
        request = submit(site_group)
        services.withdraw(request, handler, note="申请人来电撤回")
        assert request.state == RequestState.WITHDRAWN


class TestPermissionsAndHistory:
    def test_other_organisations_and_editors_cannot_act(self, site_group):
        request = submit(site_group)
        for user in (site_group["users"]["a_handler"], site_group["users"]["b_editor"]):
            with pytest.raises(PermissionDenied):
                services.answer(request, user, reply_type="disclosed")
        assert list(services.handled_by(site_group["users"]["a_reviewer"])) == []
        assert list(services.handled_by(site_group["users"]["b_reviewer"])) == [request]
        assert list(services.handled_by(site_group["users"]["supervision"])) == [request]

    def test_full_history(self, site_group, handler):
        request = submit(site_group, received=date(2026, 3, 2))
        services.request_correction(request, handler, note="补正", on=date(2026, 3, 3))
        services.receive_correction(request, handler, on=date(2026, 3, 5))
        services.answer(request, handler, reply_type="disclosed", on=date(2026, 3, 20))
        events = list(request.events.values_list("action", "from_state", "to_state"))
        assert events == [
            ("收到申请", "", "received"),
            ("发出补正通知", "received", "awaiting_correction"),
            ("收到补正材料", "awaiting_correction", "received"),
            ("作出答复", "received", "answered"),
        ]

    def test_deadlines_follow_the_working_day_table(self, site_group, django_capture_on_commit_callbacks):
        request = submit(site_group, received=date(2026, 12, 1))
        assert request.due_on == date(2026, 12, 29)
        with django_capture_on_commit_callbacks(execute=True):
            WorkingDayOverride.objects.create(date=date(2026, 12, 28), is_working_day=False, name="本地调整")
        request.refresh_from_db()
        assert request.due_on == date(2026, 12, 30)


class TestDocuments:
    def test_correction_notice(self, site_group, handler):
        request = submit(site_group, received=date(2026, 3, 2), description="低保资金发放情况。")
        services.request_correction(request, handler, note="请写明所需文件的名称或文号", on=date(2026, 3, 4))
        letter = request.correction_letter
        assert request.correction_number == "测试县民政局依申补〔2026〕1号" and request.correction_number in letter
        assert "政府信息公开申请补正告知书" in letter and "= 张三：" in letter
        assert "“低保资金发放情况”" in letter and "。。" not in letter
        assert "第三十条" in letter and "请写明所需文件的名称或文号。" in letter
        assert "2026年3月25日前（15个工作日内）" in letter  # 15 working days from the notice
        assert "60日内向测试县人民政府申请行政复议" in letter and "6个月内向测试县人民法院提起行政诉讼" in letter
        assert letter.rstrip().endswith("> 测试县民政局（印章）\n> 2026年3月4日")

    def test_extension_notice_names_no_approver(self, site_group, handler):
        request = submit(site_group)
        services.extend(request, handler, approved_by="办公室主任王明", reason="需调取档案。", on=date(2026, 10, 20))
        letter = request.extension_letter
        assert "延期答复告知书" in letter and "第三十三条第二款" in letter and "因需调取档案，" in letter
        assert "不能在2026年10月29日前作出答复" in letter and "将于2026年11月26日前作出答复" in letter
        assert "王明" not in letter and "测试县人民政府申请行政复议" in letter

    @pytest.mark.parametrize(
        ("reply_type", "subtype", "basis"),
        [
            ("disclosed", "", "第三十六条第二项"),
            ("partly_disclosed", "", "第三十七条"),
            ("withheld", "process_information", "第十六条第二款、第三十六条第三项"),
            ("not_processed", "repeated", "第三十六条第六项"),
        ],
    )
    def test_reply_letter_cites_its_basis_without_the_report_footnote(
        self, site_group, handler, reply_type, subtype, basis
    ):
        request = submit(site_group, description="2025年度资金使用情况。")
        services.answer(request, handler, reply_type=reply_type, subtype=subtype, note="见附件。", on=date(2026, 10, 9))
        letter = request.reply_letter
        assert f"《中华人民共和国政府信息公开条例》{basis}的规定" in letter
        assert "只计这一情形" not in letter and "。。" not in letter and "见附件。" in letter
        assert "申请行政复议" in letter and "提起行政诉讼" in letter and "（印章）" in letter

    def test_numbers_count_per_kind_and_year(self, site_group, handler):
        first, second = submit(site_group), submit(site_group)
        services.answer(first, handler, reply_type="disclosed", on=date(2026, 10, 9))
        services.request_correction(second, handler, note="请补充文号", on=date(2026, 9, 28))
        third = submit(site_group)
        services.answer(third, handler, reply_type="disclosed", on=date(2026, 10, 9))
        assert (first.reply_number, second.correction_number, third.reply_number) == (
            "测试县民政局依申复〔2026〕1号",
            "测试县民政局依申补〔2026〕1号",
            "测试县民政局依申复〔2026〕2号",
        )

    def test_an_edited_template_shapes_the_next_document_not_the_issued_ones(self, site_group, handler):
        organisation = site_group["b"].organisation
        issued = submit(site_group)
        services.answer(issued, handler, reply_type="disclosed", on=date(2026, 10, 9))
        settings = request_documents.document_settings(organisation)
        data = {name: getattr(settings, name) for name in ("number_code", "reconsideration_body", "court")}
        data |= {f"{kind}_template": settings.template_for(kind) for kind in DocumentKind.values}
        data["number_code"] = "测民"
        data["reply_template"] = "# {{ organisation }}\n> {{ number }}\n= {{ applicant }}：\n{{ decision }}\n"
        request_documents.update_settings(organisation, handler, data)
        later = submit(site_group)
        services.answer(later, handler, reply_type="disclosed", on=date(2026, 10, 9))
        assert later.reply_number == "测民依申复〔2026〕2号" and "特此告知" not in later.reply_letter
        issued.refresh_from_db()
        assert "特此告知" in issued.reply_letter

    @pytest.mark.parametrize(
        ("template", "message"),
        [
            ("{% if applicant %}没有结束", "没有对应的结束标签"),
            ("{{ applicant|nonsense }}", "无法识别的过滤器“nonsense”"),
            ("{% iff %}", "无法识别的标签"),
            ("{{ id_number }}", "未知的变量"),
            ("{% debug %}", "不能使用“debug”"),
            ("{% include 'x.html' %}", "不能使用“include”"),
            ('{{ applicant|ljust:"2000000000" }}', "不能使用过滤器“ljust”"),
            ("{% lorem 100000000 w %}", "不能使用“lorem”标签"),
            ("{% for a in applicant %}{% for b in applicant %}{{ b }}{% endfor %}{% endfor %}", "不能使用“for”标签"),
            ("   ", "不能为空"),
        ],
    )
    def test_bad_templates_are_refused_in_chinese(self, site_group, handler, template, message):
        organisation = site_group["b"].organisation
        assert message in request_documents.check_template("reply", template, organisation)
        settings = request_documents.document_settings(organisation)
        data = {name: getattr(settings, name) for name in ("number_code", "reconsideration_body", "court")}
        data |= {f"{kind}_template": settings.template_for(kind) for kind in DocumentKind.values}
        data["reply_template"] = template
        with pytest.raises(request_documents.TemplateProblem, match=message):
            request_documents.update_settings(organisation, handler, data)

    def test_a_broken_stored_template_refuses_the_action_and_changes_nothing(self, site_group, handler):
        settings = request_documents.document_settings(site_group["b"].organisation)
        RequestDocumentSettings.objects.filter(pk=settings.pk).update(reply_template="{% if %}")
        request = submit(site_group)
        with pytest.raises(TransitionError, match="文书模板"):
            services.answer(request, handler, reply_type="disclosed", on=date(2026, 10, 9))
        request.refresh_from_db()
        assert request.state == RequestState.RECEIVED and request.reply_letter == ""
        assert not RequestDocumentSequence.objects.filter(kind="reply").exclude(last_serial=0).exists()

    def test_only_handlers_edit_templates(self, site_group):
        settings = request_documents.document_settings(site_group["b"].organisation)
        data = {name: getattr(settings, name) for name in ("number_code", "reconsideration_body", "court")}
        data |= {f"{kind}_template": settings.template_for(kind) for kind in DocumentKind.values}
        for user in (site_group["users"]["a_handler"], site_group["users"]["b_editor"]):
            with pytest.raises(PermissionDenied):
                request_documents.update_settings(site_group["b"].organisation, user, data)


class TestWhatTheApplicantSees:
    def test_third_parties_approvers_and_notes_stay_internal(self, site_group, handler):
        request = submit(site_group, received=date(2026, 4, 1))
        services.start_consultation(request, handler, third_party="丹徒区某某建设公司", on=date(2026, 4, 2))
        services.end_consultation(request, handler, on=date(2026, 4, 8), note="第三方不同意公开，电话联系人李四")
        services.add_note(request, handler, note="领导批示：从严把握")
        services.extend(request, handler, approved_by="办公室主任王明", reason="需调取档案", on=date(2026, 4, 9))
        public = list(services.public_events(request))
        shown = " ".join(f"{event.action} {event.public_note}" for event in public)
        assert [event.action for event in public] == [
            "收到申请",
            "书面征求第三方意见",
            "收到第三方意见",
            "延长答复期限",
        ]
        for secret in ("丹徒区某某建设公司", "李四", "从严把握", "王明", "内部备注"):
            assert secret not in shown
        assert "不计入答复期限" in shown and "需调取档案" in shown
        internal = request.events.get(action="书面征求第三方意见")
        assert "丹徒区某某建设公司" in internal.note and internal.get_to_state_display() == "征求第三方意见中"

    def test_documents_issued_to_the_applicant(self, site_group, handler):
        request = submit(site_group, received=date(2026, 3, 2))
        services.request_correction(request, handler, note="请写明文号", on=date(2026, 3, 3))
        services.receive_correction(request, handler, on=date(2026, 3, 5))
        services.answer(request, handler, reply_type="disclosed", on=date(2026, 3, 20))
        titles = [document["title"] for document in services.public_documents(request)]
        assert titles == ["政府信息公开申请补正告知书", "政府信息公开申请答复告知书"]


class TestOnTheCaseCore:
    """What moving onto the case core fixed, and what the core adds (outbox, rating, 督办)."""

    def test_consultation_before_a_correction_restart_is_not_counted_after_it(self, site_group, handler):
        request = submit(site_group, received=date(2026, 4, 1))
        services.start_consultation(request, handler, third_party="某公司", on=date(2026, 4, 2))
        services.end_consultation(request, handler, on=date(2026, 4, 8))
        services.request_correction(request, handler, note="请写明文号", on=date(2026, 4, 9))
        services.receive_correction(request, handler, on=date(2026, 4, 20))
        assert request.due_on == services.calendar().add(date(2026, 4, 20), 20)

    def test_a_consultation_holds_the_clock_fifteen_working_days_at_most(self, site_group, handler):
        request = submit(site_group, received=date(2026, 5, 6))
        services.start_consultation(request, handler, third_party="某公司", on=date(2026, 5, 7))
        cal = services.calendar()
        late = cal.add(date(2026, 5, 7), 30)
        assert services.clock(request, late).answer_due == cal.add(date(2026, 5, 6), 35)
        assert services.days_left(request, late) is not None  # the clock runs again: warnings apply

    def test_a_stale_copy_cannot_extend_twice(self, site_group, handler):
        request = submit(site_group, received=date(2026, 10, 9))
        stale = DisclosureRequest.objects.get(pk=request.pk)
        services.extend(request, handler, approved_by="主任", reason="需调取档案", on=date(2026, 10, 12))
        with pytest.raises(TransitionError, match="只能延长一次"):
            services.extend(stale, handler, approved_by="主任", reason="再延", on=date(2026, 10, 12))
        assert request.events.filter(action="延长答复期限").count() == 1

    def test_an_outsider_learns_nothing_about_the_state(self, site_group, handler):
        request = submit(site_group, received=date(2026, 10, 9))
        services.extend(request, handler, approved_by="主任", reason="需调取档案", on=date(2026, 10, 12))
        outsider = site_group["users"]["a_handler"]
        for attempt in (
            lambda: services.extend(request, outsider, approved_by="主任", reason="再延", on=date(2026, 10, 12)),
            lambda: services.request_correction(request, outsider, note="补正", on=date(2026, 10, 12)),
            lambda: services.lapse(request, outsider, on=date(2026, 10, 12)),
        ):
            with pytest.raises(PermissionDenied) as refused:
                attempt()
            assert "延长" not in str(refused.value) and "补正期限" not in str(refused.value)

    def test_submission_is_audit_logged_and_the_applicant_notified(
        self, site_group, handler, django_capture_on_commit_callbacks
    ):
        from wagtail.models import ModelLogEntry

        from sitegroup.models import Notification

        with django_capture_on_commit_callbacks(execute=True):
            request = submit(site_group)
        assert ModelLogEntry.objects.filter(object_id=str(request.pk), action="sitegroup.case.submitted").exists()
        with django_capture_on_commit_callbacks(execute=True):
            services.add_note(request, handler, note="内部：先查档案")
            services.answer(request, handler, reply_type="disclosed", on=date(2026, 10, 9))
        notices = list(Notification.objects.filter(case_kind="disclosure.request", case_id=request.pk))
        assert [notice.recipient for notice in notices] == ["13800001234", "13800001234"]
        assert all(notice.status == "outbox" and request.lookup_code in notice.subject for notice in notices)
        assert not any("先查档案" in notice.body for notice in notices)
        assert any("已作出答复" in notice.body for notice in notices)

    def test_rating_once_after_conclusion(self, site_group, handler):
        from sitegroup.services import cases

        request = submit(site_group, received=timezone_today())
        with pytest.raises(TransitionError, match="办结后"):
            cases.rate(request, 5)
        services.answer(request, handler, reply_type="disclosed")
        cases.rate(request, 4, "答复及时")
        assert request.rating == 4 and request.get_rating_display() == "满意"
        with pytest.raises(TransitionError, match="只能评价一次"):
            cases.rate(request, 1)

    def test_supervision_urges_an_open_request(self, site_group, handler):
        from sitegroup.services import cases

        request = submit(site_group)
        with pytest.raises(PermissionDenied):
            cases.urge(request, handler, note="请抓紧办理")
        cases.urge(request, site_group["users"]["supervision"], note="请抓紧办理", on=date(2026, 10, 20))
        assert request.escalated_on == date(2026, 10, 20)
        assert request.events.filter(action="督办", is_public=False).exists()


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()
