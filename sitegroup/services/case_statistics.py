"""Statistics and monthly performance (绩效考核) of every case kind, per organisation and per item.

Everything is aggregated in SQL (GROUP BY organisation, per kind; a constant number of queries
whatever the number of cases). Average handling time in working days is exact without a query per
case: a case's handling time is W(concluded_on) - W(received_on), where W(d) numbers the working
days from a fixed day, so the sum over an organisation's cases is Σ n·W(concluded) - Σ n·W(received)
over (organisation, date) groups counted in SQL.

Performance score of an organisation for a period (out of 100; see docs/cases.md):
    按时办结   40 × (concluded on time ÷ concluded in the period)
    群众满意   30 × (ratings 基本满意 or better ÷ ratings given in the period)
    督办反馈   15 × (督办 notices answered by their deadline ÷ notices of the period that are settled)
    差评整改   15 × (follow-ups closed by their deadline ÷ follow-ups of the period that are settled)
    扣分       2 for each case overdue and not concluded at the end of the period, at most 20
A part with nothing to measure (no case concluded, no rating, no notice…) counts in full: a
department is not penalised for having had no business. "Settled" means answered/closed, or past
its deadline without — one still within its deadline is not judged yet.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from sitegroup.models import Organisation, RatingFollowUp, SupervisionNotice
from sitegroup.models.supervision import FollowUpState
from sitegroup.services import cases
from sitegroup.services.working_days import calendar

SATISFIED_FROM = 3  # 基本满意 and better
WEIGHTS = {"on_time": 40, "satisfaction": 30, "notices": 15, "follow_ups": 15}
OVERDUE_DEDUCTION = 2
OVERDUE_DEDUCTION_CAP = 20


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = month_calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), f"{year}年{month}月")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年")

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_at(self) -> datetime:
        """The first moment after the period (local time)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def judged_on(self, today: date) -> date:
        """The day the period's standing is read on: its end, or today while it runs."""
        return min(self.end, today)


COUNTERS = (
    "received",
    "concluded",
    "on_time",
    "open",
    "overdue",
    "late_open",
    "rated",
    "satisfied",
    "rating_sum",
    "handling_days",
    "notices",
    "notices_settled",
    "notices_in_time",
    "notices_answered",
    "follow_ups",
    "follow_ups_settled",
    "follow_ups_in_time",
    "follow_ups_closed",
)


@dataclass
class Row:
    """The figures of one organisation (or item) for one kind, or summed over kinds."""

    organisation: Organisation | None = None
    kind: object = None
    subject: str = ""
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))

    def __getattr__(self, name):
        counts = self.__dict__.get("counts")
        if counts is not None and name in counts:
            return counts[name]
        raise AttributeError(name)

    def add(self, other: Row) -> None:
        for name in COUNTERS:
            self.counts[name] += other.counts[name]

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.concluded if self.concluded else None

    @property
    def average_days(self) -> float | None:
        return self.handling_days / self.concluded if self.concluded else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None

    @property
    def notice_rate(self) -> float | None:
        return self.notices_in_time / self.notices_settled if self.notices_settled else None

    @property
    def follow_up_rate(self) -> float | None:
        return self.follow_ups_in_time / self.follow_ups_settled if self.follow_ups_settled else None


@dataclass
class Score:
    organisation: Organisation
    row: Row
    parts: dict
    deduction: float
    total: float
    rank: int = 0


def working_day_numbers(days) -> dict[date, int]:
    """W(d) for each day: working days from the earliest one, counted once along the sorted days."""
    ordered = sorted(set(days))
    numbers, number, previous = {}, 0, None
    working = calendar()
    for day in ordered:
        if previous is not None:
            number += working.between(previous, day)
        numbers[day] = number
        previous = day
    return numbers


def _case_aggregates(kind, period: Period, today: date, organisations, group: tuple[str, ...]):
    """Per group (organisation[, subject]) the counts of one kind, in two scans: the counts grouped
    by group and conclusion date (which also gives Σ W(concluded)), and Σ W(received) of the cases
    concluded in the period grouped by receipt date."""
    in_period = {"range": (period.start, period.end)}
    received = Q(received_on__range=in_period["range"])
    concluded = Q(concluded_on__range=in_period["range"])
    # A range of aware datetimes, not `rated_at__date`: on SQLite that is a Python function per row.
    rated = Q(rated_at__gte=period.starts_at, rated_at__lt=period.ends_at) & Q(rating__isnull=False)
    judged = period.judged_on(today)
    queryset = kind.model.objects.all()
    if organisations is not None:
        queryset = queryset.filter(organisation__in=organisations)
    rows = (
        queryset.filter(
            received
            | concluded
            | rated
            | Q(state__in=kind.open_states)
            | Q(concluded_on__gt=judged, received_on__lte=judged, due_on__lt=judged)
        )
        .values(*group, "concluded_on")
        .order_by()
        .annotate(
            received=Count("pk", filter=received),
            concluded=Count("pk", filter=concluded),
            on_time=Count("pk", filter=concluded & (Q(due_on__isnull=True) | Q(concluded_on__lte=F("due_on")))),
            open=Count("pk", filter=Q(state__in=kind.open_states)),
            overdue=Count("pk", filter=Q(state__in=kind.open_states, due_on__lt=today)),
            late_open=Count(
                "pk",
                filter=Q(received_on__lte=judged, due_on__lt=judged)
                & (Q(state__in=kind.open_states) | Q(concluded_on__gt=judged)),
            ),
            rated=Count("pk", filter=rated),
            satisfied=Count("pk", filter=rated & Q(rating__gte=SATISFIED_FROM)),
            rating_sum=Sum("rating", filter=rated, default=0),
        )
    )
    rows = list(rows)
    by_receipt = list(queryset.filter(concluded).order_by().values_list(*group, "received_on").annotate(n=Count("pk")))
    numbers = working_day_numbers(
        [row["concluded_on"] for row in rows if row["concluded"]] + [row[-2] for row in by_receipt]
    )
    result = {}
    for row in rows:
        key = tuple(row[name] for name in group)
        counts = result.setdefault(key, dict.fromkeys(COUNTERS, 0))
        for name in COUNTERS:
            counts[name] += row.get(name) or 0
        if row["concluded"]:
            counts["handling_days"] += row["concluded"] * numbers[row["concluded_on"]]
    for row in by_receipt:
        key = tuple(row[: len(group)])
        result.setdefault(key, dict.fromkeys(COUNTERS, 0))["handling_days"] -= row[-1] * numbers[row[-2]]
    return result


def _record_aggregates(model, period: Period, today: date, organisations, *, done: str):
    """督办 notices or follow-ups per (organisation, kind): total, settled, done in time, done."""
    queryset = model.objects.all()
    if organisations is not None:
        queryset = queryset.filter(organisation__in=organisations)
    start_field = "sent_on" if model is SupervisionNotice else "opened_on"
    finished = Q(**{f"{done}__isnull": False})
    rows = (
        queryset.filter(**{f"{start_field}__range": (period.start, period.end)})
        .values("organisation", "case_kind")
        .order_by()
        .annotate(
            total=Count("pk"),
            settled=Count("pk", filter=finished | Q(due_on__lt=today)),
            in_time=Count("pk", filter=finished & Q(**{f"{done}__lte": F("due_on")})),
            finished=Count("pk", filter=finished),
        )
    )
    return {(row["organisation"], row["case_kind"]): row for row in rows}


def statistics(period: Period, today: date, organisations=None) -> dict:
    """Rows per organisation and kind, totals per organisation, rows per item for kinds with a
    subject, and the scores; `organisations` None means all."""
    notices = _record_aggregates(SupervisionNotice, period, today, organisations, done="answered_on")
    follow_ups = _record_aggregates(RatingFollowUp, period, today, organisations, done="closed_on")
    per_kind: dict[tuple[int, str], Row] = {}
    subjects: list[Row] = []
    for kind in cases.kinds():
        for (organisation_id,), counts in _case_aggregates(
            kind, period, today, organisations, ("organisation",)
        ).items():
            per_kind[(organisation_id, kind.code)] = Row(kind=kind, counts=counts)
        if kind.subject_field:
            subjects.extend(_subject_rows(kind, period, today, organisations))
    for source, prefix in ((notices, "notices"), (follow_ups, "follow_ups")):
        for (organisation_id, code), row in source.items():
            try:
                kind = cases.get_kind(code)
            except KeyError:
                continue
            target = per_kind.setdefault((organisation_id, code), Row(kind=kind))
            target.counts[prefix] = row["total"]
            target.counts[f"{prefix}_settled"] = row["settled"]
            target.counts[f"{prefix}_in_time"] = row["in_time"]
            target.counts[f"{prefix}_answered" if prefix == "notices" else f"{prefix}_closed"] = row["finished"]
    known = Organisation.objects.all() if organisations is None else Organisation.objects.filter(pk__in=organisations)
    by_pk = {organisation.pk: organisation for organisation in known.order_by("sort_order", "pk")}
    totals: dict[int, Row] = {pk: Row(organisation=organisation) for pk, organisation in by_pk.items()}
    kind_rows = []
    for (organisation_id, _code), row in sorted(per_kind.items(), key=lambda item: _order(by_pk, *item[0])):
        if organisation_id not in by_pk:
            continue
        row.organisation = by_pk[organisation_id]
        totals[organisation_id].add(row)
        kind_rows.append(row)
    for row in subjects:
        row.organisation = by_pk.get(row.organisation)
    subjects = [row for row in subjects if row.organisation is not None]
    total_rows = list(totals.values())
    scores = rank([score_for(row) for row in total_rows])
    grand = Row()
    for row in total_rows:
        grand.add(row)
    return {
        "period": period,
        "kind_rows": kind_rows,
        "totals": total_rows,
        "grand": grand,
        "subjects": subjects,
        "scores": scores,
    }


def _order(by_pk, organisation_id, code):
    organisation = by_pk.get(organisation_id)
    return (organisation.sort_order if organisation else 0, organisation_id, code)


def _subject_rows(kind, period: Period, today: date, organisations) -> list[Row]:
    name = kind.subject_field
    rows = _case_aggregates(kind, period, today, organisations, ("organisation", name))
    model_field = kind.model._meta.get_field(name)
    labels = {}
    if model_field.is_relation:
        related = model_field.related_model
        labels = {
            pk: str(obj)
            for pk, obj in related._default_manager.in_bulk({key[1] for key in rows if key[1] is not None}).items()
        }
    result = []
    for (organisation_id, subject), counts in rows.items():
        if model_field.is_relation:
            label = labels.get(subject, "")
        else:
            label = str(dict(model_field.flatchoices).get(subject, subject) if subject is not None else "")
        row = Row(kind=kind, subject=label or "（未注明）", counts=counts)
        row.organisation = organisation_id  # resolved by the caller
        result.append(row)
    result.sort(key=lambda row: (-row.counts["received"], row.subject))
    return result


def _part(rate: float | None, weight: int) -> float:
    return float(weight if rate is None else weight * rate)


def score_for(row: Row) -> Score:
    parts = {
        "on_time": _part(row.on_time_rate, WEIGHTS["on_time"]),
        "satisfaction": _part(row.satisfaction_rate, WEIGHTS["satisfaction"]),
        "notices": _part(row.notice_rate, WEIGHTS["notices"]),
        "follow_ups": _part(row.follow_up_rate, WEIGHTS["follow_ups"]),
    }
    deduction = min(OVERDUE_DEDUCTION * row.late_open, OVERDUE_DEDUCTION_CAP)
    total = max(0.0, round(float(sum(parts.values()) - deduction), 1))
    return Score(row.organisation, row, {key: round(value, 1) for key, value in parts.items()}, deduction, total)


def rank(scores: list[Score]) -> list[Score]:
    """Highest first; equal totals share a rank (1, 2, 2, 4)."""
    ordered = sorted(scores, key=lambda score: (-score.total, score.organisation.sort_order, score.organisation.pk))
    for position, score in enumerate(ordered, start=1):
        score.rank = (
            ordered[position - 2].rank if position > 1 and ordered[position - 2].total == score.total else position
        )
    return ordered


def statistics_table(result: dict) -> list[list]:
    """Rows of the XLSX export: one line per organisation and kind, then the totals and items."""
    header = [
        "机构", "业务", "事项", "受理", "办结", "按时办结", "按时办结率", "平均办理工作日", "未办结", "超期未办结",
        "评价数", "满意率", "平均评分", "督办", "督办按时反馈", "差评回访", "按时整改", "绩效得分",
    ]  # fmt: skip
    scores = {score.organisation.pk: score.total for score in result["scores"]}

    def line(row: Row, kind_label: str, subject: str = "", score=""):
        return [
            row.organisation.name if row.organisation else "合计",
            kind_label,
            subject,
            row.received,
            row.concluded,
            row.on_time,
            _percent(row.on_time_rate),
            _round(row.average_days),
            row.open,
            row.overdue,
            row.rated,
            _percent(row.satisfaction_rate),
            _round(row.average_rating),
            row.notices,
            row.notices_in_time,
            row.follow_ups,
            row.follow_ups_in_time,
            score,
        ]

    lines = [header]
    for row in result["kind_rows"]:
        lines.append(line(row, row.kind.label))
    for row in result["totals"]:
        lines.append(line(row, "全部业务", score=scores.get(row.organisation.pk, "")))
    for row in result["subjects"]:
        lines.append(line(row, row.kind.label, row.subject))
    lines.append(line(result["grand"], "全部业务"))
    return lines


def _percent(rate: float | None):
    return "" if rate is None else f"{rate * 100:.1f}%"


def _round(value: float | None):
    return "" if value is None else round(value, 1)


def follow_up_state_label(state: str) -> str:
    return FollowUpState(state).label
