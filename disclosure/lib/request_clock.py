"""The legal clock of a disclosure request (依申请公开), in working days (pure).

- Art. 33: answer within 20 working days of receipt; once, with approval, 20 more.
- Art. 30: one correction notice within 7 working days of receipt; the clock restarts on the day
  the correction arrives; no correction by its deadline means the request lapses.
- Art. 32: third-party consultation: the third party has 15 working days, and that time does not
  count toward the answer deadline.

A clock is computed from what has happened (dates), never stored as a running total, so a change to
the working-day calendar is reflected by recomputing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

ANSWER_DAYS = 20
EXTENSION_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
CONSULTATION_DAYS = 15


class Calendar(Protocol):
    def add(self, start: date, days: int) -> date: ...

    def between(self, start: date, end: date) -> int: ...


@dataclass(frozen=True)
class Pause:
    """A third-party consultation: from the day it was sent to the day the answer came (or None)."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class RequestFacts:
    received_on: date
    correction_requested_on: date | None = None
    correction_received_on: date | None = None
    correction_due_days: int = 15  # the applicant's time to correct, set in the notice
    pauses: tuple[Pause, ...] = ()
    extended: bool = False


@dataclass(frozen=True)
class Clock:
    starts_on: date  # receipt, or the day the correction arrived
    answer_due: date | None  # None while waiting for a correction
    correction_notice_due: date  # last day to send the correction notice
    correction_due: date | None  # last day for the applicant's correction
    paused_days: int  # working days of consultation not counted
    is_paused: bool


def compute(facts: RequestFacts, calendar: Calendar, today: date) -> Clock:
    notice_due = calendar.add(facts.received_on, CORRECTION_NOTICE_DAYS)
    correction_due = None
    if facts.correction_requested_on:
        correction_due = calendar.add(facts.correction_requested_on, facts.correction_due_days)
    waiting_for_correction = bool(facts.correction_requested_on) and not facts.correction_received_on
    starts_on = facts.correction_received_on or facts.received_on
    paused = 0
    is_paused = False
    for pause in facts.pauses:
        if pause.end is None:
            is_paused = True
            paused += calendar.between(pause.start, today)
        else:
            paused += calendar.between(pause.start, pause.end)
    if waiting_for_correction:
        answer_due = None
    else:
        total = ANSWER_DAYS + (EXTENSION_DAYS if facts.extended else 0) + paused
        answer_due = calendar.add(starts_on, total)
    return Clock(starts_on, answer_due, notice_due, correction_due, paused, is_paused)


def working_days_left(clock: Clock, calendar: Calendar, today: date) -> int | None:
    """Working days until the answer is due (negative: overdue); None while no deadline runs."""
    if clock.answer_due is None or clock.is_paused:
        return None
    return calendar.between(today, clock.answer_due)
