"""Working-day deadlines for every app (disclosure requests, messages, error reports).

    from sitegroup.services.working_days import add_working_days
    deadline = add_working_days(received_on, 20)

The calendar is the official arrangement (chinese-calendar) plus the admin-editable override table.
It is built once per process and rebuilt after an override changes (a version token in the cache);
then the `working_days_changed` signal lets apps recompute the deadlines they have stored.
"""

from __future__ import annotations

import threading
import uuid
from datetime import date

from chinese_calendar import constants
from django.core.cache import cache
from django.dispatch import Signal

from sitegroup.lib.workdays import WorkingCalendar
from sitegroup.models import WorkingDayOverride

VERSION_KEY = "sitegroup:working-days:version"
working_days_changed = Signal()
_lock = threading.Lock()
_state: dict[str, object] = {"version": None, "calendar": None}


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def calendar() -> WorkingCalendar:
    version = _current_version()
    if _state["version"] != version or _state["calendar"] is None:
        with _lock:
            overrides = dict(WorkingDayOverride.objects.values_list("date", "is_working_day"))
            _state["calendar"] = WorkingCalendar.build(
                constants.holidays,
                constants.workdays,
                overrides,
                known_until=date(max(constants.holidays).year, 12, 31),
            )
            _state["version"] = version
    return _state["calendar"]  # type: ignore[return-value]


def invalidate() -> None:
    """Rebuild the calendar everywhere and tell apps to recompute stored deadlines (after commit)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    working_days_changed.send(sender=WorkingCalendar)


def add_working_days(start: date, days: int) -> date:
    return calendar().add(start, days)


def working_days_between(start: date, end: date) -> int:
    return calendar().between(start, end)


def is_working_day(day: date) -> bool:
    return calendar().is_working_day(day)
