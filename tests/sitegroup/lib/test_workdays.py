from datetime import date

import pytest
from chinese_calendar import constants

from sitegroup.lib.workdays import WorkingCalendar

OFFICIAL = WorkingCalendar.build(constants.holidays, constants.workdays, known_until=date(2026, 12, 31))


class TestSpringFestival2026:
    """Holiday 15–23 February 2026; Saturdays 14 and 28 February are make-up working days."""

    def test_make_up_saturday_is_a_working_day(self):
        assert OFFICIAL.is_working_day(date(2026, 2, 14))
        assert OFFICIAL.is_working_day(date(2026, 2, 28))

    def test_holiday_weekdays_are_not(self):
        assert not any(OFFICIAL.is_working_day(date(2026, 2, day)) for day in range(15, 24))

    def test_one_working_day_after_friday_is_the_make_up_saturday(self):
        assert OFFICIAL.add(date(2026, 2, 13), 1) == date(2026, 2, 14)

    def test_the_holiday_is_skipped(self):
        assert OFFICIAL.add(date(2026, 2, 13), 2) == date(2026, 2, 24)

    def test_seven_working_day_correction_deadline_across_the_festival(self):
        # 13, 14 (Sat), 24, 25, 26, 27, 28 (Sat) February.
        assert OFFICIAL.add(date(2026, 2, 12), 7) == date(2026, 2, 28)

    def test_counting_between(self):
        assert OFFICIAL.between(date(2026, 2, 13), date(2026, 2, 24)) == 2
        assert OFFICIAL.between(date(2026, 2, 24), date(2026, 2, 13)) == -2


class TestNationalDay2026:
    """Holiday 1–7 October 2026; Sunday 20 September and Saturday 10 October are working days."""

    def test_make_up_sunday_before_the_holiday(self):
        assert OFFICIAL.add(date(2026, 9, 18), 1) == date(2026, 9, 20)

    def test_the_week_is_skipped_and_the_make_up_saturday_counts(self):
        assert OFFICIAL.add(date(2026, 9, 30), 1) == date(2026, 10, 8)
        assert OFFICIAL.add(date(2026, 9, 30), 3) == date(2026, 10, 10)

    def test_twenty_working_day_answer_deadline(self):
        # 28, 29, 30 Sep; 8, 9, 10 (Sat), 12–16, 19–23, 26–29 Oct.
        assert OFFICIAL.add(date(2026, 9, 25), 20) == date(2026, 10, 29)

    def test_forty_days_with_the_extension(self):
        assert OFFICIAL.add(OFFICIAL.add(date(2026, 9, 25), 20), 20) == OFFICIAL.add(date(2026, 9, 25), 40)


class TestOverrides:
    def test_an_announced_holiday_for_next_year(self):
        calendar = WorkingCalendar.build(
            constants.holidays, constants.workdays, {date(2027, 1, 1): False}, known_until=date(2026, 12, 31)
        )
        assert calendar.add(date(2026, 12, 31), 1) == date(2027, 1, 4)
        assert not calendar.is_known(date(2027, 1, 4))

    def test_a_local_make_up_saturday(self):
        calendar = WorkingCalendar.build(set(), set(), {date(2027, 1, 9): True})
        assert calendar.add(date(2027, 1, 8), 1) == date(2027, 1, 9)

    def test_override_adds_a_local_day_off(self):
        calendar = WorkingCalendar.build(constants.holidays, constants.workdays, {date(2026, 10, 8): False})
        assert not calendar.is_working_day(date(2026, 10, 8))
        assert calendar.add(date(2026, 9, 30), 1) == date(2026, 10, 9)

    def test_override_can_reopen_an_official_holiday(self):
        reopened = WorkingCalendar.build(constants.holidays, constants.workdays, {date(2026, 10, 2): True})
        assert reopened.is_working_day(date(2026, 10, 2))

    def test_zero_and_negative(self):
        assert OFFICIAL.add(date(2026, 2, 14), 0) == date(2026, 2, 14)
        with pytest.raises(ValueError):
            OFFICIAL.add(date(2026, 2, 14), -1)

    def test_next_working_day(self):
        assert OFFICIAL.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)
        assert OFFICIAL.next_working_day(date(2026, 10, 8)) == date(2026, 10, 8)
