"""The legal clock of a disclosure request (依申请公开), on the case clock (pure).

- Art. 33: answer within 20 working days of receipt; once, with approval, 20 more.
- Art. 30: one correction notice within 7 working days of receipt; the clock restarts on the day
  the correction arrives; no correction by its deadline means the request lapses.
- Art. 32: third-party consultation: the third party has 15 working days, and that time (at most
  those 15 days) does not count toward the answer deadline.

What is general (pauses, extensions, restarts, warnings) is `sitegroup.lib.case_clock`; this module
adds only the correction rules of the regulations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sitegroup.lib.case_clock import Calendar, ClockFacts, Pause
from sitegroup.lib.case_clock import compute as compute_case_clock

ANSWER_DAYS = 20
EXTENSION_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
CONSULTATION_DAYS = 15

__all__ = [
    "Calendar",
    "Clock",
    "Pause",
    "RequestFacts",
    "case_facts",
    "compute",
    "consultation",
    "is_waiting_for_correction",
    "working_days_left",
]


def consultation(started_on: date, ended_on: date | None = None) -> Pause:
    """A third-party consultation as a pause of the clock, limited to the third party's 15 days."""
    return Pause(started_on, ended_on, CONSULTATION_DAYS)


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


def is_waiting_for_correction(facts: RequestFacts) -> bool:
    return bool(facts.correction_requested_on) and not facts.correction_received_on


def case_facts(facts: RequestFacts) -> ClockFacts:
    """The answer clock as a case clock: from receipt or from the correction, 20 (+20) days."""
    return ClockFacts(
        starts_on=facts.correction_received_on or facts.received_on,
        limit_days=ANSWER_DAYS,
        extension_days=EXTENSION_DAYS if facts.extended else 0,
        pauses=facts.pauses,
    )


def compute(facts: RequestFacts, calendar: Calendar, today: date) -> Clock:
    notice_due = calendar.add(facts.received_on, CORRECTION_NOTICE_DAYS)
    correction_due = None
    if facts.correction_requested_on:
        correction_due = calendar.add(facts.correction_requested_on, facts.correction_due_days)
    answer_clock = compute_case_clock(case_facts(facts), calendar, today)
    answer_due = None if is_waiting_for_correction(facts) else answer_clock.due_on
    return Clock(
        answer_clock.starts_on, answer_due, notice_due, correction_due, answer_clock.paused_days, answer_clock.is_paused
    )


def working_days_left(clock: Clock, calendar: Calendar, today: date) -> int | None:
    """Working days until the answer is due (negative: overdue); None while no deadline runs."""
    if clock.answer_due is None or clock.is_paused:
        return None
    return calendar.between(today, clock.answer_due)
