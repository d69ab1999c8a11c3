"""The working-day clock every citizen case runs on (pure): a start day, a limit in working days,
pauses that do not count, approved extensions; yellow and red warnings.

A clock is computed from what happened (dates), never kept as a running total, so a change to the
working-day calendar is reflected by computing again. Only the part of a pause after the clock's
start counts: when a clock restarts (a disclosure correction), days paused before the restart are
already behind it. A pause may carry its own limit (a third party has 15 working days to answer a
consultation): beyond it the clock runs again although the pause is still open.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Protocol

DUE_SOON_DAYS = 3


class Calendar(Protocol):
    def add(self, start: date, days: int) -> date: ...

    def between(self, start: date, end: date) -> int: ...


@dataclass(frozen=True)
class Pause:
    """Time not counted: from `start` to `end` (None while it lasts), at most `limit_days` of it."""

    start: date
    end: date | None = None
    limit_days: int | None = None


@dataclass(frozen=True)
class ClockFacts:
    starts_on: date
    limit_days: int
    extension_days: int = 0
    pauses: tuple[Pause, ...] = ()


@dataclass(frozen=True)
class Clock:
    starts_on: date
    due_on: date
    paused_days: int  # working days not counted
    is_paused: bool  # a pause is running (and within its limit) today


class Warning(enum.Enum):
    NONE = ""
    YELLOW = "yellow"  # due within DUE_SOON_DAYS working days
    RED = "red"  # overdue

    @property
    def label(self) -> str:
        return {"": "", "yellow": "即将到期", "red": "已超期"}[self.value]


def pause_limit_end(pause: Pause, calendar: Calendar) -> date | None:
    """The last day the pause may last, or None when it has no limit."""
    if pause.limit_days is None:
        return None
    return calendar.add(pause.start, pause.limit_days)


def paused_days(pause: Pause, starts_on: date, calendar: Calendar, today: date) -> tuple[int, bool]:
    """(working days of the pause that count as paused, whether it still holds the clock today)."""
    start = max(pause.start, starts_on)
    end = pause.end or today
    running = pause.end is None
    limit_end = pause_limit_end(pause, calendar)
    if limit_end is not None and end > limit_end:
        end = limit_end
        running = False
    if end <= start:
        return 0, running and pause.start >= starts_on
    return calendar.between(start, end), running


def compute(facts: ClockFacts, calendar: Calendar, today: date) -> Clock:
    paused, is_paused = 0, False
    for pause in facts.pauses:
        if pause.start < facts.starts_on and pause.end is not None and pause.end <= facts.starts_on:
            continue  # wholly before a restart
        days, running = paused_days(pause, facts.starts_on, calendar, today)
        paused += days
        is_paused = is_paused or running
    due_on = calendar.add(facts.starts_on, facts.limit_days + facts.extension_days + paused)
    return Clock(facts.starts_on, due_on, paused, is_paused)


def working_days_left(clock: Clock, calendar: Calendar, today: date) -> int | None:
    """Working days until the deadline (0: due today; negative: overdue); None while paused."""
    if clock.is_paused:
        return None
    return calendar.between(today, clock.due_on)


def warning_for(days_left: int | None, due_soon_days: int = DUE_SOON_DAYS) -> Warning:
    if days_left is None:
        return Warning.NONE
    if days_left < 0:
        return Warning.RED
    if days_left <= due_soon_days:
        return Warning.YELLOW
    return Warning.NONE
