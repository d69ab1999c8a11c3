"""电子监察 services: 差评 follow-ups, 督办 notices with deadlines, warnings in the log (once per case
and level), isolation. Services called directly, on the two registered kinds."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from disclosure.services import requests as disclosure
from sitegroup.models import (
    FollowUpState,
    LogType,
    Notification,
    RatingFollowUp,
    SupervisionLogEntry,
    SupervisionNotice,
)
from sitegroup.services import case_supervision, cases
from sitegroup.services.working_days import add_working_days
from tests.sitegroup.supervision_builders import request

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(site_group):
    made = request(site_group["b"].organisation, date(2026, 11, 20))
    disclosure.answer(made, site_group["users"]["b_handler"], reply_type="disclosed")
    return made


class TestFollowUps:
    @pytest.mark.parametrize("score", [5, 4, 3])
    def test_no_follow_up_for_a_fair_or_good_rating(self, answered, score):
        cases.rate(answered, score)
        assert not RatingFollowUp.objects.exists()

    @pytest.mark.parametrize("score", [2, 1])
    def test_a_negative_rating_opens_one_due_in_five_working_days(self, answered, score):
        cases.rate(answered, score, "态度差")
        follow_up = RatingFollowUp.objects.get()
        assert follow_up.organisation == answered.organisation and follow_up.lookup_code == answered.lookup_code
        assert follow_up.state == FollowUpState.OPEN and follow_up.comment == "态度差"
        assert follow_up.due_on == add_working_days(follow_up.opened_on, 5)
        assert SupervisionLogEntry.objects.filter(type=LogType.FOLLOW_UP_OPENED, case_id=answered.pk).count() == 1

    def test_the_due_date_counts_working_days_and_follows_the_setting(self, answered, settings):
        answered.rating = 2
        assert case_supervision.open_follow_up(answered, today=date(2026, 11, 20)).due_on == date(2026, 11, 27)
        RatingFollowUp.objects.all().delete()
        settings.CASE_RATING_FOLLOW_UP_DAYS = 2
        assert case_supervision.open_follow_up(answered, today=date(2026, 11, 20)).due_on == date(2026, 11, 24)

    def test_contact_then_close_tells_the_citizen(self, site_group, answered, django_capture_on_commit_callbacks):
        cases.rate(answered, 1, "答复敷衍")
        follow_up = RatingFollowUp.objects.get()
        handler = site_group["users"]["b_handler"]
        with pytest.raises(cases.TransitionError, match="先记录回访"):
            case_supervision.close_follow_up(follow_up, handler, rectification="x", reply="y")
        case_supervision.record_contact(follow_up, handler, result="电话联系申请人，反映答复内容不完整")
        with django_capture_on_commit_callbacks(execute=True):
            case_supervision.close_follow_up(
                follow_up, handler, rectification="补充提供2025年各镇发放明细", reply="已补充发送各镇发放明细，请查收。"
            )
        follow_up.refresh_from_db()
        assert follow_up.state == FollowUpState.CLOSED and follow_up.closed_by == handler
        notice = Notification.objects.filter(case_kind="disclosure.request", case_id=answered.pk).first()
        assert "已补充发送各镇发放明细" in notice.body
        assert answered.events.filter(action="差评回访整改", is_public=True).exists()
        assert list(
            SupervisionLogEntry.objects.filter(case_id=answered.pk).order_by("pk").values_list("type", flat=True)
        ) == [LogType.FOLLOW_UP_OPENED, LogType.FOLLOW_UP_CONTACTED, LogType.FOLLOW_UP_CLOSED]
        with pytest.raises(cases.TransitionError, match="已经办结"):
            case_supervision.record_contact(follow_up, handler, result="再次回访")

    def test_only_the_department_acts(self, site_group, answered):
        cases.rate(answered, 2)
        follow_up = RatingFollowUp.objects.get()
        for outsider in ("a_handler", "b_editor", "supervision"):
            with pytest.raises(PermissionDenied):
                case_supervision.record_contact(follow_up, site_group["users"][outsider], result="回访")
        assert list(case_supervision.visible(RatingFollowUp.objects.all(), site_group["users"]["a_handler"])) == []
        assert list(case_supervision.visible(RatingFollowUp.objects.all(), site_group["users"]["b_site_admin"])) == [
            follow_up
        ]

    def test_an_empty_contact_is_refused_in_chinese(self, site_group, answered):
        cases.rate(answered, 2)
        with pytest.raises(cases.TransitionError, match="请填写回访情况"):
            case_supervision.record_contact(RatingFollowUp.objects.get(), site_group["users"]["b_handler"], result="  ")


class TestNotices:
    def test_urge_opens_a_notice_with_a_deadline_the_department_answers(self, site_group):
        made = request(site_group["b"].organisation, date(2026, 10, 9))
        supervisor = site_group["users"]["supervision"]
        cases.urge(made, supervisor, note="请两日内办结并报告", on=date(2026, 11, 20), due_days=2)
        notice = SupervisionNotice.objects.get()
        assert (notice.organisation, notice.due_on, notice.sent_by) == (
            made.organisation,
            date(2026, 11, 24),
            supervisor,
        )
        assert notice.is_overdue(today=date(2026, 11, 25)) and not notice.is_overdue(today=date(2026, 11, 24))
        with pytest.raises(PermissionDenied):
            case_supervision.answer_notice(notice, site_group["users"]["a_handler"], answer="不是我们的")
        case_supervision.answer_notice(
            notice, site_group["users"]["b_handler"], answer="已于今日答复申请人", on=date(2026, 11, 24)
        )
        notice.refresh_from_db()
        assert notice.is_answered and not notice.is_overdue(today=date(2026, 12, 31))
        assert made.events.filter(action="督办反馈", is_public=False).exists()
        with pytest.raises(cases.TransitionError, match="已经反馈"):
            case_supervision.answer_notice(notice, site_group["users"]["b_handler"], answer="再次")
        types = list(SupervisionLogEntry.objects.order_by("pk").values_list("type", flat=True))
        assert types == [LogType.NOTICE, LogType.ANSWER]

    def test_a_late_answer_stays_red(self, site_group):
        made = request(site_group["b"].organisation, date(2026, 10, 9))
        cases.urge(made, site_group["users"]["supervision"], note="请办理", on=date(2026, 11, 20))
        notice = SupervisionNotice.objects.get()
        assert notice.due_on == date(2026, 11, 25)  # default: 3 working days
        case_supervision.answer_notice(notice, site_group["users"]["b_handler"], answer="已办理", on=date(2026, 11, 27))
        notice.refresh_from_db()
        assert notice.is_overdue()
        assert "逾期" in SupervisionLogEntry.objects.get(type=LogType.ANSWER).text

    def test_an_unknown_deadline_or_a_closed_case_is_refused(self, site_group, answered):
        supervisor = site_group["users"]["supervision"]
        with pytest.raises(cases.TransitionError, match="反馈期限"):
            cases.urge(request(site_group["b"].organisation, date(2026, 11, 2)), supervisor, note="快", due_days=99)
        with pytest.raises(cases.TransitionError, match="已办结"):
            cases.urge(answered, supervisor, note="快")
        assert not SupervisionNotice.objects.exists()


class TestWarnings:
    def test_each_level_is_logged_once_per_case(self, site_group):
        made = request(site_group["b"].organisation, date(2026, 10, 30))  # due 2026-11-27
        assert made.due_on == date(2026, 11, 27)
        assert case_supervision.record_warnings(today=date(2026, 11, 16)) == 0
        assert case_supervision.record_warnings(today=date(2026, 11, 24)) == 1  # 3 working days left
        assert case_supervision.record_warnings(today=date(2026, 11, 25)) == 0
        assert case_supervision.record_warnings(today=date(2026, 11, 30)) == 1  # overdue
        assert case_supervision.record_warnings(today=date(2026, 12, 1)) == 0
        entries = SupervisionLogEntry.objects.filter(case_id=made.pk).order_by("on")
        assert [(entry.type, entry.on) for entry in entries] == [
            (LogType.YELLOW, date(2026, 11, 24)),
            (LogType.RED, date(2026, 11, 30)),
        ]
        assert "超过办理期限 1 个工作日" in entries[1].text

    def test_a_paused_case_is_not_warned_and_its_deadline_moves(self, site_group):
        made = request(site_group["b"].organisation, date(2026, 10, 30))
        disclosure.start_consultation(
            made, site_group["users"]["b_handler"], third_party="某公司", on=date(2026, 11, 2)
        )
        type(made).objects.filter(pk=made.pk).update(due_on=date(2026, 11, 27))  # as stored before the pause ran
        case_supervision.record_warnings(today=date(2026, 11, 30))
        made.refresh_from_db()
        assert not SupervisionLogEntry.objects.filter(case_id=made.pk, type=LogType.RED).exists()
        assert made.due_on > date(2026, 11, 30)

    def test_concluded_cases_are_not_warned(self, site_group, answered):
        assert case_supervision.record_warnings(today=date(2027, 3, 1)) == 0
