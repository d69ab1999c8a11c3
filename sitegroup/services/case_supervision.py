"""电子监察 over every case kind (read through the registry, never by importing the apps):

- warnings: `record_warnings` (hourly) keeps the stored deadlines of cases near or past them in step
  with their clocks and writes each yellow and red warning to the supervision log once per case and
  level; `escalate_overdue` (hourly) marks each overdue case once in its history;
- the live dashboard (`dashboard`): counts per kind and organisation and the warned cases, paged,
  in a constant number of queries (SQL on the stored deadline);
- 督办 notices (`open_notice` from `cases.urge`, `answer_notice`) a department answers by a deadline;
- 好差评 follow-ups (`open_follow_up` from `cases.rate`, `record_contact`, `close_follow_up`): every
  不满意/非常不满意 rating is followed up (回访), fixed (整改) by a deadline and the citizen told;
- the supervision log (`SupervisionLogEntry`) of all of the above.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.log_actions import log

from sitegroup.lib import case_clock
from sitegroup.models import Organisation, OrganisationRole, Rating
from sitegroup.models.supervision import (
    FollowUpState,
    LogType,
    RatingFollowUp,
    SupervisionLogEntry,
    SupervisionNotice,
)
from sitegroup.permissions import user_sees_every_organisation
from sitegroup.services import cases
from sitegroup.services.working_days import calendar

ESCALATION = "超期提请督办"
NOTICE_DAYS = 3
NOTICE_DAY_CHOICES = [(1, "1个工作日"), (2, "2个工作日"), (3, "3个工作日"), (5, "5个工作日"), (10, "10个工作日")]
FOLLOW_UP_DAYS = 5
NEGATIVE_RATINGS = (Rating.DISSATISFIED, Rating.VERY_DISSATISFIED)
PAGE_SIZE = 50
TEXT_LIMIT = 2000


def follow_up_days() -> int:
    return int(getattr(settings, "CASE_RATING_FOLLOW_UP_DAYS", FOLLOW_UP_DAYS))


def _actor_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "系统"


def write_log(case_or_record, type_: str, text: str, *, user=None, on: date | None = None, kind_code: str = ""):
    """One line of the supervision log about a case (or a notice/follow-up, which name their case)."""
    if isinstance(case_or_record, (SupervisionNotice, RatingFollowUp)):
        record = case_or_record
        reference = {
            "case_kind": record.case_kind,
            "case_id": record.case_id,
            "lookup_code": record.lookup_code,
            "organisation_id": record.organisation_id,
        }
    else:
        case = case_or_record
        reference = {
            "case_kind": kind_code or cases.kind_of(case).code,
            "case_id": case.pk,
            "lookup_code": case.lookup_code,
            "organisation_id": case.organisation_id,
        }
    return SupervisionLogEntry.objects.create(
        **reference,
        on=on or timezone.localdate(),
        type=type_,
        actor=user,
        actor_name=_actor_name(user),
        text=text,
    )


# -- who may see and act ----------------------------------------------------------------------------


def handled_organisations(user):
    """Organisations whose 督办 and follow-ups the user answers (any kind's handling roles)."""
    roles = {role for kind in cases.kinds() for role in kind.handling_roles} or set(cases.HANDLING_ROLES)
    return OrganisationRole.objects.filter(role__in=roles, group__user=user).values("organisation")


def visible(queryset, user):
    """Notices, follow-ups or log lines the user may see: everything for supervision, else own."""
    if user_sees_every_organisation(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(organisation__in=handled_organisations(user))


def may_see_tasks(user) -> bool:
    if not user.is_authenticated:
        return False
    return user_sees_every_organisation(user) or handled_organisations(user).exists()


def require_department(user, record) -> None:
    """Only the organisation's handlers, reviewers and site admins answer for it."""
    kind = record.kind
    if kind is None or not cases.can_handle(user, record.organisation, kind):
        raise PermissionDenied("只有本机关的承办人、审核员或站点管理员可以办理。")


def _clean(text: str, empty: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise cases.TransitionError(empty)
    if len(text) > TEXT_LIMIT:
        raise cases.TransitionError(f"{label}不能超过{TEXT_LIMIT}字。")
    return text


# -- 督办 notices ------------------------------------------------------------------------------------


def open_notice(case, user, note: str, on: date, due_days: int) -> SupervisionNotice:
    """Called by `cases.urge` inside its transaction."""
    notice = SupervisionNotice.objects.create(
        case_kind=cases.kind_of(case).code,
        case_id=case.pk,
        lookup_code=case.lookup_code,
        organisation_id=case.organisation_id,
        note=note,
        sent_on=on,
        due_on=calendar().add(on, due_days),
        sent_by=user,
    )
    write_log(notice, LogType.NOTICE, f"{note}（反馈期限 {notice.due_on:%Y-%m-%d}）", user=user, on=on)
    log(instance=case, action="sitegroup.supervision.notice", user=user, data={"due_on": notice.due_on.isoformat()})
    return notice


def answer_notice(notice: SupervisionNotice, user, *, answer: str, on: date | None = None) -> SupervisionNotice:
    """The department's 反馈 on a 督办 notice; closes it (once)."""
    require_department(user, notice)
    answer = _clean(answer, "请填写督办反馈情况。", "反馈情况")
    on = on or timezone.localdate()
    with transaction.atomic():
        current = SupervisionNotice.objects.select_for_update().get(pk=notice.pk)
        if current.is_answered:
            raise cases.TransitionError("这件督办已经反馈过了。")
        current.answer = answer
        current.answered_on = on
        current.answered_at = timezone.now()
        current.answered_by = user
        current.save(update_fields=["answer", "answered_on", "answered_at", "answered_by"])
        late = "（逾期反馈）" if on > current.due_on else ""
        write_log(current, LogType.ANSWER, f"{answer}{late}", user=user, on=on)
        case = current.get_case()
        if case is not None:
            cases.record_event(case, user, "督办反馈", case.state, case.state, on, answer, is_public=False)
        log(instance=current, action="sitegroup.supervision.answer", user=user, data={"late": bool(late)})
    notice.refresh_from_db()
    return notice


# -- 好差评 follow-ups -------------------------------------------------------------------------------


def open_follow_up(case, today: date | None = None) -> RatingFollowUp | None:
    """Called by `cases.rate` inside its transaction: a negative rating opens a follow-up due in
    CASE_RATING_FOLLOW_UP_DAYS working days (default 5); other ratings open nothing."""
    if case.rating not in NEGATIVE_RATINGS:
        return None
    today = today or timezone.localdate()
    follow_up = RatingFollowUp.objects.create(
        case_kind=cases.kind_of(case).code,
        case_id=case.pk,
        lookup_code=case.lookup_code,
        organisation_id=case.organisation_id,
        rating=case.rating,
        comment=case.rating_comment,
        opened_on=today,
        due_on=calendar().add(today, follow_up_days()),
    )
    text = f"群众评价“{Rating(case.rating).label}”，须于 {follow_up.due_on:%Y-%m-%d} 前回访整改"
    write_log(follow_up, LogType.FOLLOW_UP_OPENED, text, on=today)
    log(instance=follow_up, action="sitegroup.supervision.follow_up_opened", user=None, data={"rating": case.rating})
    return follow_up


def record_contact(follow_up: RatingFollowUp, user, *, result: str) -> RatingFollowUp:
    """回访核实: what the citizen said when contacted."""
    require_department(user, follow_up)
    result = _clean(result, "请填写回访情况。", "回访情况")
    with transaction.atomic():
        current = RatingFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if current.is_closed:
            raise cases.TransitionError("这件差评回访已经办结。")
        current.contact_result = result
        current.contacted_at = timezone.now()
        current.contacted_by = user
        current.state = FollowUpState.CONTACTED
        current.save(update_fields=["contact_result", "contacted_at", "contacted_by", "state"])
        write_log(current, LogType.FOLLOW_UP_CONTACTED, result, user=user)
        log(instance=current, action="sitegroup.supervision.follow_up_contacted", user=user)
    follow_up.refresh_from_db()
    return follow_up


def close_follow_up(
    follow_up: RatingFollowUp, user, *, rectification: str, reply: str, on: date | None = None
) -> RatingFollowUp:
    """整改办结: what was fixed (for the record) and the reply the citizen receives."""
    require_department(user, follow_up)
    rectification = _clean(rectification, "请填写整改情况。", "整改情况")
    reply = _clean(reply, "请填写反馈给群众的内容。", "反馈内容")
    on = on or timezone.localdate()
    with transaction.atomic():
        current = RatingFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if current.is_closed:
            raise cases.TransitionError("这件差评回访已经办结。")
        if current.state != FollowUpState.CONTACTED:
            raise cases.TransitionError("请先记录回访情况，再办结整改。")
        current.rectification = rectification
        current.reply = reply
        current.state = FollowUpState.CLOSED
        current.closed_on = on
        current.closed_at = timezone.now()
        current.closed_by = user
        current.save(update_fields=["rectification", "reply", "state", "closed_on", "closed_at", "closed_by"])
        late = "（逾期办结）" if on > current.due_on else ""
        write_log(current, LogType.FOLLOW_UP_CLOSED, f"{rectification}{late}", user=user, on=on)
        case = current.get_case()
        if case is not None:
            cases.record_event(
                case, user, "差评回访整改", case.state, case.state, on, rectification, public_note=reply, is_public=True
            )
            transaction.on_commit(lambda: _notify(case, reply))
        log(instance=current, action="sitegroup.supervision.follow_up_closed", user=user, data={"late": bool(late)})
    follow_up.refresh_from_db()
    return follow_up


def _notify(case, text: str) -> None:
    from sitegroup.services import notifications

    notifications.notify_citizen(case, f"对您评价的回访整改情况：{text}")


# -- warnings ---------------------------------------------------------------------------------------


def record_warnings(today: date | None = None) -> int:
    """Hourly: every open case at or near its deadline — its stored deadline brought in line with its
    clock (a pause moves it), and each yellow and red warning written to the log once."""
    today = today or timezone.localdate()
    working = calendar()
    recorded = 0
    for kind in cases.kinds():
        soon = working.add(today, kind.due_soon_days)
        candidates = cases.open_cases(kind).filter(due_on__lte=soon).order_by("pk")
        seen = set(
            SupervisionLogEntry.objects.filter(
                case_kind=kind.code, type__in=[LogType.YELLOW, LogType.RED], case_id__in=candidates.values("pk")
            ).values_list("case_id", "type")
        )
        entries, stale = [], []
        for case in candidates.iterator(chunk_size=500):
            current = cases.clock(case, today)
            due_on = current.due_on if current else None
            if due_on != case.due_on:
                stale.append((case.pk, case.due_on, due_on))
            left = case_clock.working_days_left(current, working, today) if current else None
            level = case_clock.warning_for(left, kind.due_soon_days)
            if level is case_clock.Warning.NONE or (case.pk, level.value) in seen:
                continue
            if level is case_clock.Warning.RED:
                text = f"已超过办理期限 {-left} 个工作日（期限 {due_on:%Y-%m-%d}）"
            else:
                text = f"{left} 个工作日内到期（期限 {due_on:%Y-%m-%d}）"
            entries.append(
                SupervisionLogEntry(
                    case_kind=kind.code,
                    case_id=case.pk,
                    lookup_code=case.lookup_code,
                    organisation_id=case.organisation_id,
                    on=today,
                    type=level.value,
                    actor_name="系统",
                    text=text,
                )
            )
        with transaction.atomic():  # one commit for the corrected deadlines, not one each
            for pk, read, due_on in stale:  # only if nobody acted on the case since it was read
                kind.model.objects.filter(pk=pk, due_on=read, state__in=kind.open_states).update(due_on=due_on)
            SupervisionLogEntry.objects.bulk_create(entries, ignore_conflicts=True, batch_size=500)
        recorded += len(entries)
    return recorded


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


# -- the dashboard ----------------------------------------------------------------------------------


@dataclass
class DashboardFilter:
    kind: str = ""  # a kind's code, "" for all
    organisation: Organisation | None = None
    level: str = ""  # "red", "yellow" or "" for both


NO_DEADLINE = date(9999, 12, 31)


def _warned(kind, today: date, soon: date, chosen: DashboardFilter):
    """Open warned cases of a kind, with `deadline` to order them by. The deadline is compared as
    an expression (not the indexed column) on purpose: the open cases are few, the closed ones with
    past deadlines many, so reading the open ones is far cheaper than walking the deadline index."""
    queryset = kind.model.objects.filter(state__in=kind.open_states).annotate(
        deadline=Coalesce("due_on", Value(NO_DEADLINE))
    )
    if chosen.organisation is not None:
        queryset = queryset.filter(organisation=chosen.organisation)
    if chosen.level == "red":
        return queryset.filter(deadline__lt=today)
    if chosen.level == "yellow":
        return queryset.filter(deadline__gte=today, deadline__lte=soon)
    return queryset.filter(deadline__lte=soon)


def dashboard(today: date | None = None, chosen: DashboardFilter | None = None, page: int = 1) -> dict:
    """Per kind and organisation: open, yellow, red (SQL on the stored deadline, kept in step with
    the clocks hourly by `record_warnings`); the warned cases of the page, most overdue first."""
    today = today or timezone.localdate()
    chosen = chosen or DashboardFilter()
    page = min(max(page, 1), 2000)
    selected = [kind for kind in cases.kinds() if not chosen.kind or kind.code == chosen.kind]
    summary, total, heads = [], 0, []
    for kind in selected:
        soon = calendar().add(today, kind.due_soon_days)
        open_ = kind.model.objects.filter(state__in=kind.open_states).annotate(
            deadline=Coalesce("due_on", Value(NO_DEADLINE))
        )
        if chosen.organisation is not None:
            open_ = open_.filter(organisation=chosen.organisation)
        for row in (
            open_.values("organisation")
            .order_by()
            .annotate(
                open=Count("pk"),
                yellow=Count("pk", filter=Q(deadline__gte=today, deadline__lte=soon)),
                red=Count("pk", filter=Q(deadline__lt=today)),
            )
        ):
            summary.append({"kind": kind, "organisation_id": row["organisation"], **row})
            total += row["red"] * (chosen.level != "yellow") + row["yellow"] * (chosen.level != "red")
        # The first page * size deadlines of this kind: enough to merge the page across kinds.
        warned = _warned(kind, today, soon, chosen).order_by("deadline", "pk").values_list("pk", "deadline")
        heads.append([(deadline, kind.code, pk) for pk, deadline in warned[: page * PAGE_SIZE]])
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    merged = list(heapq.merge(*heads))[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    wanted: dict[str, list[int]] = {}
    for _due_on, code, pk in merged:
        wanted.setdefault(code, []).append(pk)
    loaded = {}
    for kind in selected:
        if kind.code in wanted:
            for case in cases.open_cases(kind).filter(pk__in=wanted[kind.code]):
                loaded[(kind.code, case.pk)] = case
    notices = {
        (notice.case_kind, notice.case_id): notice
        for notice in SupervisionNotice.objects.filter(
            answered_on__isnull=True, case_kind__in=list(wanted), case_id__in=[pk for _d, _c, pk in merged]
        )
    }
    alerts = []
    for _due_on, code, pk in merged:
        case = loaded.get((code, pk))
        if case is None:
            continue  # concluded between the two queries
        row = cases.rows_with_clock([case], today)[0]
        row["kind"] = cases.get_kind(code)
        row["url"] = row["kind"].admin_url(case)
        row["notice"] = notices.get((code, pk))
        alerts.append(row)
    organisations = Organisation.objects.in_bulk({row["organisation_id"] for row in summary})
    for row in summary:
        row["organisation"] = organisations.get(row["organisation_id"])
    summary = [row for row in summary if row["organisation"] is not None]
    summary.sort(key=lambda row: (-row["red"], -row["yellow"], row["organisation"].sort_order, row["kind"].code))
    return {
        "summary": summary,
        "alerts": alerts,
        "today": today,
        "total": total,
        "page": page,
        "pages": pages,
        "totals": {
            "open": sum(row["open"] for row in summary),
            "yellow": sum(row["yellow"] for row in summary),
            "red": sum(row["red"] for row in summary),
        },
    }


def open_notices(user=None, limit: int | None = None):
    queryset = SupervisionNotice.objects.filter(answered_on__isnull=True).select_related("organisation", "sent_by")
    queryset = visible(queryset, user) if user is not None else queryset
    return queryset[:limit] if limit else queryset


def open_follow_ups(user=None, limit: int | None = None):
    queryset = RatingFollowUp.objects.exclude(state=FollowUpState.CLOSED).select_related("organisation")
    queryset = visible(queryset, user) if user is not None else queryset
    return queryset[:limit] if limit else queryset


def attach_cases(records) -> list:
    """Load the cases of many notices/follow-ups with one query per kind (for their links)."""
    records = list(records)
    wanted: dict[str, set[int]] = {}
    for record in records:
        wanted.setdefault(record.case_kind, set()).add(record.case_id)
    loaded = {}
    for code, ids in wanted.items():
        try:
            kind = cases.get_kind(code)
        except KeyError:
            continue
        for case in kind.model.objects.filter(pk__in=ids).select_related("organisation"):
            loaded[(code, case.pk)] = case
    for record in records:
        record._case = loaded.get((record.case_kind, record.case_id))
    return records


def overview(today: date | None = None) -> dict:
    """The dashboard's first page without filters (kept for callers of the earlier API)."""
    return dashboard(today)
