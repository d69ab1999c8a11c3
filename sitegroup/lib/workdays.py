"""Chinese working days: weekends, statutory holidays and make-up working days (调休).

Pure: a calendar is built from the official arrangement (the chinese-calendar package) plus local
overrides, and answers deadline questions. Deadlines count from the day after the start date, as the
disclosure regulations count them: "within 20 working days" of a receipt on day D ends on the 20th
working day after D.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date]  # days off that would otherwise be working days
    workdays: frozenset[date]  # weekend days that are working days (调休上班)
    known_until: date | None = None  # last day the official arrangement covers

    @classmethod
    def build(
        cls,
        holidays: Iterable[date],
        workdays: Iterable[date],
        overrides: Mapping[date, bool] | None = None,
        known_until: date | None = None,
    ) -> WorkingCalendar:
        """The official arrangement with local overrides applied (override: date -> is a working day)."""
        off, on = set(holidays), set(workdays)
        for day, is_working in (overrides or {}).items():
            off.discard(day)
            on.discard(day)
            if is_working and day.weekday() >= 5:
                on.add(day)
            elif not is_working and day.weekday() < 5:
                off.add(day)
        return cls(frozenset(off), frozenset(on), known_until)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add(self, start: date, days: int) -> date:
        """The date of the `days`-th working day after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, counted = start, 0
        while counted < days:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end is before start)."""
        if end < start:
            return -self.between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def next_working_day(self, day: date) -> date:
        """The day itself if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def is_known(self, day: date) -> bool:
        """Whether the official arrangement covers the day (beyond it only weekends and overrides count)."""
        return self.known_until is None or day <= self.known_until
