from datetime import date

import pytest
from chinese_calendar import constants

from disclosure.lib.fees import fee_for
from disclosure.lib.reply_types import REPLY_TYPES, choices, validate
from disclosure.lib.request_clock import Pause, RequestFacts, compute, working_days_left
from sitegroup.lib.identity import is_credit_code, is_resident_id
from sitegroup.lib.workdays import WorkingCalendar

CALENDAR = WorkingCalendar.build(constants.holidays, constants.workdays)


class TestAnswerDeadline:
    def test_twenty_working_days_across_national_day(self):
        # 28, 29, 30 Sep; 8, 9, 10 (Sat), 12–16, 19–23, 26–29 Oct 2026.
        clock = compute(RequestFacts(received_on=date(2026, 9, 25)), CALENDAR, today=date(2026, 9, 25))
        assert clock.answer_due == date(2026, 10, 29)

    def test_extension_adds_twenty_more(self):
        clock = compute(RequestFacts(received_on=date(2026, 9, 25), extended=True), CALENDAR, today=date(2026, 10, 1))
        assert clock.answer_due == CALENDAR.add(date(2026, 10, 29), 20)

    def test_correction_notice_within_seven_working_days_across_spring_festival(self):
        clock = compute(RequestFacts(received_on=date(2026, 2, 12)), CALENDAR, today=date(2026, 2, 12))
        assert clock.correction_notice_due == date(2026, 2, 28)  # 13, 14 (Sat), 24–28 Feb

    def test_no_answer_deadline_while_waiting_for_the_correction(self):
        facts = RequestFacts(received_on=date(2026, 3, 2), correction_requested_on=date(2026, 3, 4))
        clock = compute(facts, CALENDAR, today=date(2026, 3, 10))
        assert clock.answer_due is None
        assert clock.correction_due == CALENDAR.add(date(2026, 3, 4), 15)
        assert working_days_left(clock, CALENDAR, date(2026, 3, 10)) is None

    def test_the_clock_restarts_when_the_correction_arrives(self):
        facts = RequestFacts(
            received_on=date(2026, 3, 2),
            correction_requested_on=date(2026, 3, 4),
            correction_received_on=date(2026, 3, 16),
        )
        clock = compute(facts, CALENDAR, today=date(2026, 3, 16))
        assert clock.starts_on == date(2026, 3, 16)
        assert clock.answer_due == CALENDAR.add(date(2026, 3, 16), 20)

    def test_consultation_time_does_not_count(self):
        facts = RequestFacts(received_on=date(2026, 4, 1), pauses=(Pause(date(2026, 4, 8), date(2026, 4, 15)),))
        clock = compute(facts, CALENDAR, today=date(2026, 4, 20))
        assert clock.paused_days == 5  # 9, 10, 13, 14, 15 April
        assert clock.answer_due == CALENDAR.add(date(2026, 4, 1), 25)

    def test_a_running_consultation_stops_the_countdown(self):
        facts = RequestFacts(received_on=date(2026, 4, 1), pauses=(Pause(date(2026, 4, 8)),))
        clock = compute(facts, CALENDAR, today=date(2026, 4, 10))
        assert clock.is_paused
        assert working_days_left(clock, CALENDAR, date(2026, 4, 10)) is None

    def test_days_left_goes_negative_when_overdue(self):
        clock = compute(RequestFacts(received_on=date(2026, 6, 1)), CALENDAR, today=date(2026, 7, 6))
        assert clock.answer_due == date(2026, 6, 30)  # Dragon Boat Festival 19 June 2026 skipped
        assert working_days_left(clock, CALENDAR, date(2026, 7, 6)) == -4


class TestFees:
    @pytest.mark.parametrize(
        ("nth", "fee"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (55, 400)]
    )
    def test_monthly_bands(self, nth, fee):
        assert fee_for(nth) == fee

    def test_counting_starts_at_one(self):
        with pytest.raises(ValueError):
            fee_for(0)


class TestIdentity:
    def test_resident_id_check_character(self):
        assert is_resident_id("11010519491231002X")
        assert not is_resident_id("110105194912310021")  # wrong check character
        assert not is_resident_id("110105194913310029")  # month 13
        assert not is_resident_id("1101051949123100")  # too short

    def test_credit_code_check_character(self):
        assert is_credit_code("91350100M000100Y43")
        assert not is_credit_code("91350100M000100Y44")
        assert not is_credit_code("91350100I000100Y43")  # I is not allowed


class TestReplyTypes:
    def test_the_six_result_rows_of_the_annual_report(self):
        assert [reply_type.label[:4] for reply_type in REPLY_TYPES] == [
            "予以公开",
            "部分公开",
            "不予公开",
            "无法提供",
            "不予处理",
            "其他处理",
        ]
        assert (
            len(REPLY_TYPES[2].subtypes) == 8
            and len(REPLY_TYPES[3].subtypes) == 3
            and len(REPLY_TYPES[4].subtypes) == 5
        )

    def test_subtypes_are_required_exactly_where_they_exist(self):
        assert validate("disclosed") is None
        assert validate("withheld", "state_secret") is None
        assert "具体情形" in validate("withheld")
        assert "没有具体情形" in validate("disclosed", "state_secret")
        assert validate("granted") == "答复类型无效。"

    def test_flat_choices(self):
        codes = [code for code, _label in choices()]
        assert "disclosed" in codes and "unavailable:not_held" in codes and "withheld" not in codes
