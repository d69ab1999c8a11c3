"""电子监察 over every case kind: open cases per organisation with yellow and red warnings, and the
automatic escalation of overdue cases to the supervision office. Reads kinds through the registry,
never by importing the apps."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from sitegroup.services import cases

ESCALATION = "超期提请督办"


def escalate_overdue(today: date | None = None) -> int:
    """Every open case past its deadline and not yet escalated: marked and recorded (once)."""
    today = today or timezone.localdate()
    escalated = 0
    for kind in cases.kinds():
        candidates = cases.overdue(kind, today).filter(escalated_on__isnull=True)
        for case in candidates:
            left = cases.days_left(case, today)
            if left is None or left >= 0:
                continue  # paused or waiting: the stored deadline does not run now
            with transaction.atomic():
                locked = type(case).objects.select_for_update().get(pk=case.pk)
                if locked.escalated_on is not None or not locked.is_open:
                    continue
                locked.escalated_on = today
                locked.save(update_fields=["escalated_on"])
                note = f"已超过办理期限 {-left} 个工作日，系统提请电子监察督办。"
                cases.record_event(locked, None, ESCALATION, locked.state, locked.state, today, note, is_public=False)
            escalated += 1
    return escalated


def overview(today: date | None = None) -> dict:
    """Per kind and organisation: open, due soon, overdue, paused; plus every warned case."""
    today = today or timezone.localdate()
    summary: dict[tuple[str, int], dict] = {}
    alerts = []
    for kind in cases.kinds():
        for row in cases.rows_with_clock(cases.open_cases(kind), today):
            organisation = row["case"].organisation
            entry = summary.setdefault(
                (kind.code, organisation.pk),
                {"kind": kind, "organisation": organisation, "open": 0, "due_soon": 0, "overdue": 0, "paused": 0},
            )
            entry["open"] += 1
            entry["due_soon"] += row["is_due_soon"]
            entry["overdue"] += row["is_overdue"]
            entry["paused"] += row["days_left"] is None
            if row["is_overdue"] or row["is_due_soon"]:
                row["kind"] = kind
                row["url"] = kind.admin_url(row["case"])
                alerts.append(row)
    rows = sorted(summary.values(), key=lambda entry: (-entry["overdue"], entry["organisation"].sort_order))
    alerts.sort(key=lambda row: row["days_left"])
    return {"summary": rows, "alerts": alerts, "today": today}
