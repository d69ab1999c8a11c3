"""The case clock (pure): limits, pauses, restarts, pause limits, extensions and warnings."""

from datetime import date

from chinese_calendar import constants

from sitegroup.lib.case_clock import ClockFacts, Pause, Warning, compute, warning_for, working_days_left
from sitegroup.lib.workdays import WorkingCalendar

CALENDAR = WorkingCalendar.build(constants.holidays, constants.workdays)


class TestDeadline:
    def test_five_working_days_over_a_weekend(self):
        clock = compute(ClockFacts(starts_on=date(2026, 11, 27), limit_days=5), CALENDAR, date(2026, 11, 27))
        assert clock.due_on == date(2026, 12, 4)  # Fri → 30 Nov, 1, 2, 3, 4 Dec

    def test_extension_adds_its_days(self):
        clock = compute(
            ClockFacts(starts_on=date(2026, 11, 27), limit_days=5, extension_days=5), CALENDAR, date(2026, 11, 27)
        )
        assert clock.due_on == date(2026, 12, 11)


class TestPauses:
    def test_a_closed_pause_moves_the_deadline(self):
        facts = ClockFacts(date(2026, 4, 1), 20, pauses=(Pause(date(2026, 4, 8), date(2026, 4, 15)),))
        clock = compute(facts, CALENDAR, date(2026, 4, 20))
        assert clock.paused_days == 5 and not clock.is_paused
        assert clock.due_on == CALENDAR.add(CALENDAR.add(date(2026, 4, 1), 20), 5)

    def test_a_running_pause_stops_the_countdown(self):
        facts = ClockFacts(date(2026, 4, 1), 20, pauses=(Pause(date(2026, 4, 8)),))
        clock = compute(facts, CALENDAR, date(2026, 4, 10))
        assert clock.is_paused and working_days_left(clock, CALENDAR, date(2026, 4, 10)) is None

    def test_a_pause_counts_at_most_its_limit(self):
        # A third party has 15 working days: an open consultation after 30 days holds the clock 15 days only.
        facts = ClockFacts(date(2026, 5, 6), 20, pauses=(Pause(date(2026, 5, 7), None, 15),))
        today = CALENDAR.add(date(2026, 5, 7), 30)
        clock = compute(facts, CALENDAR, today)
        assert clock.paused_days == 15 and not clock.is_paused
        assert clock.due_on == CALENDAR.add(date(2026, 5, 6), 35)
        assert working_days_left(clock, CALENDAR, today) is not None

    def test_days_paused_before_a_restart_are_not_counted_again(self):
        # Consulted 8–15 April, then the clock restarted on 20 April (a correction arrived).
        facts = ClockFacts(date(2026, 4, 20), 20, pauses=(Pause(date(2026, 4, 8), date(2026, 4, 15)),))
        clock = compute(facts, CALENDAR, date(2026, 4, 21))
        assert clock.paused_days == 0
        assert clock.due_on == CALENDAR.add(date(2026, 4, 20), 20)

    def test_a_pause_straddling_the_restart_counts_from_the_restart(self):
        facts = ClockFacts(date(2026, 4, 13), 20, pauses=(Pause(date(2026, 4, 8), date(2026, 4, 17)),))
        clock = compute(facts, CALENDAR, date(2026, 4, 20))
        assert clock.paused_days == CALENDAR.between(date(2026, 4, 13), date(2026, 4, 17)) == 4


class TestWarnings:
    def test_levels(self):
        assert warning_for(None) is Warning.NONE
        assert warning_for(10) is Warning.NONE
        assert warning_for(3) is Warning.YELLOW and warning_for(0) is Warning.YELLOW
        assert warning_for(-1) is Warning.RED
        assert Warning.RED.label == "已超期" and Warning.YELLOW.label == "即将到期"
