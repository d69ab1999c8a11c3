"""Working-day deadlines for every app (disclosure requests, messages, error reports).

    from sitegroup.services.working_days import add_working_days
    deadline = add_working_days(received_on, 20)

The calendar is the official arrangement (chinese-calendar) plus the admin-editable override table.
It is built once per process and rebuilt after an override changes (a version token in the cache);
then the `working_days_changed` signal lets apps recompute the deadlines they have stored.
"""

from __future__ import annotations

from datetime import date

from chinese_calendar import constants
from django.dispatch import Signal

from sitegroup.lib.workdays import WorkingCalendar
from sitegroup.models import WorkingDayOverride
from sitegroup.services.process_cache import ProcessCache

working_days_changed = Signal()


def _build_calendar() -> WorkingCalendar:
    overrides = dict(WorkingDayOverride.objects.values_list("date", "is_working_day"))
    known_until = date(max(constants.holidays).year, 12, 31)
    return WorkingCalendar.build(constants.holidays, constants.workdays, overrides, known_until)


_calendar = ProcessCache("sitegroup:working-days:version", _build_calendar)


def calendar() -> WorkingCalendar:
    return _calendar.get()


def invalidate() -> None:
    """Rebuild the calendar everywhere and tell apps to recompute stored deadlines (after commit)."""
    _calendar.invalidate()
    working_days_changed.send(sender=WorkingCalendar)


def add_working_days(start: date, days: int) -> date:
    return calendar().add(start, days)


def working_days_between(start: date, end: date) -> int:
    return calendar().between(start, end)


def is_working_day(day: date) -> bool:
    return calendar().is_working_day(day)
