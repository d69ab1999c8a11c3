"""Disclosure requests (依申请公开) as a case kind on the case core (`sitegroup.services.cases`).

    from disclosure.services import requests as request_services
    request = request_services.submit(organisation, data, client_ip="…")
    request_services.request_correction(request, user, note="…")

The core checks permission first, locks the row, applies the transition table below, records the
event and the audit-log entry, recomputes the deadline and notifies the applicant. This module adds
only what the regulations say about disclosure: the transition table, the legal clock
(disclosure.lib.request_clock: correction restart, third-party consultation of at most 15 working
days), the guards (evaluated on the locked row), fees per month, and the documents each step issues
(disclosure.services.request_documents) in the same transaction.

Every event says what the applicant may read: `public_note` on a public event. Third parties'
names, approvers and handlers' remarks stay in the internal `note`.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from disclosure.lib import letters, reply_types
from disclosure.lib.fees import fee_for
from disclosure.lib.request_clock import CONSULTATION_DAYS, RequestFacts, consultation, is_waiting_for_correction
from disclosure.lib.request_clock import case_facts as answer_clock_facts
from disclosure.lib.request_clock import compute as compute_request_clock
from disclosure.models import ConsultationPeriod, DisclosureRequest, DocumentKind, RequestState
from disclosure.models.requests import OPEN_STATES
from disclosure.services import request_documents
from sitegroup.services import cases, personal_data
from sitegroup.services.cases import RateLimited, Transition, TransitionError
from sitegroup.services.working_days import calendar

SUBMISSIONS_PER_HOUR = cases.SUBMISSIONS_PER_HOUR
LOOKUPS_PER_HOUR = cases.LOOKUPS_PER_HOUR
RECEIVED_NOTE = "网上提交，系统确认收到。"

__all__ = ["RateLimited", "TransitionError", "calendar"]

S = RequestState
TRANSITIONS = (
    Transition("answer", "作出答复", (S.RECEIVED,), S.ANSWERED),
    Transition("request_correction", "发出补正告知书", (S.RECEIVED,), S.AWAITING_CORRECTION, event="发出补正通知"),
    Transition("start_consultation", "征求第三方意见", (S.RECEIVED,), S.CONSULTING, event="书面征求第三方意见"),
    Transition("extend", "延长答复期限", (S.RECEIVED, S.CONSULTING)),
    Transition("receive_correction", "收到补正材料", (S.AWAITING_CORRECTION,), S.RECEIVED),
    Transition("lapse", "按逾期未补正处理", (S.AWAITING_CORRECTION,), S.LAPSED, event="逾期未补正，视为放弃申请"),
    Transition("end_consultation", "收到第三方意见", (S.CONSULTING,), S.RECEIVED),
    Transition("withdraw", "申请人撤回", OPEN_STATES, S.WITHDRAWN, event="申请人撤回申请"),
    Transition("add_note", "添加内部备注", (), None, event="内部备注", is_public=False),
)


# -- the clock --------------------------------------------------------------------------------------


def facts(request: DisclosureRequest) -> RequestFacts:
    return RequestFacts(
        received_on=request.received_on,
        correction_requested_on=request.correction_requested_on,
        correction_received_on=request.correction_received_on,
        correction_due_days=request.correction_due_days,
        pauses=tuple(consultation(period.started_on, period.ended_on) for period in request.consultations.all())
        if request.pk  # an unsaved sample (template previews) has no consultations
        else (),
        extended=request.is_extended,
    )


def _clock_facts(request: DisclosureRequest):
    request_facts = facts(request)
    return None if is_waiting_for_correction(request_facts) else answer_clock_facts(request_facts)


def clock(request: DisclosureRequest, today: date | None = None):
    """The full legal clock: answer deadline, correction notice and correction deadlines."""
    return compute_request_clock(facts(request), calendar(), today or timezone.localdate())


KIND = cases.register(
    cases.CaseKind(
        code="disclosure.request",
        label="政府信息公开申请",
        noun="申请",
        model=DisclosureRequest,
        states=RequestState,
        open_states=OPEN_STATES,
        transitions=TRANSITIONS,
        clock_facts=_clock_facts,
        admin_url=lambda request: reverse("disclosure_request_detail", args=[request.pk]),
        lookup_alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789",  # no 0/O, 1/I
        lookup_length=12,
        rateable_states=(RequestState.ANSWERED,),
        prefetch_related=("consultations",),
    )
)


def days_left(request: DisclosureRequest, today: date | None = None) -> int | None:
    return cases.days_left(request, today)


def recompute_deadline(request: DisclosureRequest) -> None:
    cases.recompute_deadline(request)


# -- who may act ------------------------------------------------------------------------------------


def can_handle(user, organisation) -> bool:
    return cases.can_handle(user, organisation, KIND)


def handled_by(user):
    return cases.handled_by(user, KIND)


def organisations_handled_by(user):
    """Organisations whose requests (and document templates) the user handles."""
    return cases.organisations_handled_by(user, KIND)


def may_see_requests(user) -> bool:
    return cases.may_see(user, KIND)


def require_handler(user, organisation) -> None:
    if not can_handle(user, organisation):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有本机关的承办人、审核员或站点管理员可以办理。")


# -- applicants -------------------------------------------------------------------------------------


def submit(organisation, data: dict, *, client_ip: str = "", today: date | None = None) -> DisclosureRequest:
    """A citizen's application, received today (Art. 31: online, on the day the system confirms it);
    the fee band counts the applicant's applications to this organisation this month."""
    today = today or timezone.localdate()
    earlier = DisclosureRequest.objects.filter(
        organisation=organisation,
        id_number_digest=personal_data.digest(data["id_number"]),
        received_on__gte=today.replace(day=1),
    ).count()
    fields = {**data, "nth_in_month": earlier + 1, "fee": fee_for(earlier + 1)}
    return cases.submit(
        KIND,
        organisation,
        fields,
        client_ip=client_ip,
        today=today,
        initial_state=RequestState.RECEIVED,
        received_note=RECEIVED_NOTE,
    )


def find_for_applicant(code: str, phone_tail: str, *, client_ip: str = "") -> DisclosureRequest | None:
    """The applicant's own request, by lookup code and the last four digits of the phone number."""
    return cases.find_for_citizen(KIND, code, phone_tail, client_ip=client_ip)


def public_events(request: DisclosureRequest):
    """The history the applicant sees: public events only, each with the text meant for them."""
    return cases.public_events(request)


def public_documents(request: DisclosureRequest) -> list[dict]:
    """The documents issued to the applicant, laid out for reading (status page and admin)."""
    return [
        {"kind": kind, "title": title, "number": number, "blocks": request_documents.blocks(text)}
        for kind, title, number, text in request.issued_documents()
    ]


# -- handlers ---------------------------------------------------------------------------------------


def _issue(kind: str, on: date):
    """An `after` step: the document of the action, numbered and filled from the locked row."""

    def issue(current: DisclosureRequest) -> None:
        try:
            issued = request_documents.issue(kind, current, on)
        except request_documents.TemplateProblem as problem:
            raise TransitionError(
                f"{DocumentKind(kind).label}无法生成：{problem}请在“文书模板”中修改后再办理。"
            ) from None
        for name, value in issued.items():
            setattr(current, name, value)
        current.save(update_fields=list(issued))

    return issue


def add_note(request, user, *, note: str, on: date | None = None):
    """A handler's internal remark in the history; never shown to the applicant."""
    return cases.add_note(request, user, note=note, on=on)


def request_correction(request, user, *, note: str, due_days: int = 15, on: date | None = None):
    """Art. 30: one correction notice, within 7 working days of receipt."""
    on = on or timezone.localdate()

    def guard(current):
        if current.correction_requested_on:
            raise TransitionError("补正通知只能发出一次。")
        if not note.strip():
            raise TransitionError("请写明需要补正的事项。")
        if not 1 <= due_days <= 30:
            raise TransitionError("补正期限应在 1 至 30 个工作日之间。")
        if on > clock(current, on).correction_notice_due:
            raise TransitionError("已超过收到申请之日起 7 个工作日，不能再发补正通知。")

    return cases.perform(
        request,
        user,
        "request_correction",
        on=on,
        note=note,
        guard=guard,
        changes={"correction_requested_on": on, "correction_due_days": due_days, "correction_note": note},
        after=_issue(DocumentKind.CORRECTION, on),
        public_note=lambda current: (
            f"本机关已发出补正告知书（{current.correction_number}），请于"
            f"{letters.chinese_date(clock(current, on).correction_due)}前补正：{letters.sentence(note)}"
        ),
    )


def receive_correction(request, user, *, on: date | None = None, note: str = ""):
    """The correction arrived: the 20-working-day clock starts again from this day."""
    on = on or timezone.localdate()

    def guard(current):
        if current.correction_requested_on and on < current.correction_requested_on:
            raise TransitionError("收到补正的日期不能早于补正通知日期。")

    return cases.perform(
        request,
        user,
        "receive_correction",
        on=on,
        note=note,
        guard=guard,
        changes={"correction_received_on": on},
        public_note="本机关已收到补正材料，答复期限自收到补正之日起重新计算。",
    )


def lapse(request, user, *, on: date | None = None):
    """No correction by its deadline: the application is treated as withdrawn (其他处理)."""
    on = on or timezone.localdate()

    def guard(current):
        due = clock(current, on).correction_due
        if due and on <= due:
            raise TransitionError(f"补正期限到 {due:%Y-%m-%d} 为止，期满后才能按逾期未补正处理。")

    return cases.perform(
        request,
        user,
        "lapse",
        on=on,
        guard=guard,
        changes={"reply_type": "other", "reply_subtype": "no_correction", "concluded_on": on},
        public_note="申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    )


def start_consultation(request, user, *, third_party: str, on: date | None = None):
    """Art. 32: ask a third party; up to its 15 working days do not count toward the deadline."""
    on = on or timezone.localdate()

    def guard(current):
        if not third_party.strip():
            raise TransitionError("请填写征求意见的第三方。")

    return cases.perform(
        request,
        user,
        "start_consultation",
        on=on,
        note=f"征求意见对象：{third_party}",
        guard=guard,
        after=lambda current: ConsultationPeriod.objects.create(case=current, third_party=third_party, started_on=on),
        public_note=(
            f"本机关书面征求第三方意见，征求意见所需时间（第三方答复期限为{CONSULTATION_DAYS}个工作日）不计入答复期限。"
        ),
    )


def end_consultation(request, user, *, on: date | None = None, note: str = ""):
    """The third party answered (or its 15 working days passed): the clock runs on."""
    on = on or timezone.localdate()

    def guard(current):
        period = current.consultations.filter(ended_on__isnull=True).last()
        if period and on < period.started_on:
            raise TransitionError("收到意见的日期不能早于征求意见日期。")

    return cases.perform(
        request,
        user,
        "end_consultation",
        on=on,
        note=note,
        guard=guard,
        after=lambda current: current.consultations.filter(ended_on__isnull=True).update(ended_on=on),
        public_note="征求第三方意见结束，继续办理。",
    )


def extend(request, user, *, approved_by: str, reason: str, on: date | None = None):
    """Art. 33: 20 more working days, once, approved by the head of the disclosure office; the
    applicant is told with a 延期答复告知书 (the approver's name stays internal)."""
    on = on or timezone.localdate()

    def guard(current):
        if current.is_extended:
            raise TransitionError("答复期限只能延长一次。")
        if not approved_by.strip() or not reason.strip():
            raise TransitionError("延期需要写明批准人和理由。")
        due = clock(current, on).answer_due
        if due is None or on > due:
            raise TransitionError("只能在答复期限届满前申请延期。")

    return cases.perform(
        request,
        user,
        "extend",
        on=on,
        note=f"经{approved_by}同意，答复期限延长20个工作日。理由：{reason}",
        guard=guard,
        changes={"is_extended": True, "extension_approved_by": approved_by, "extension_reason": reason},
        after=_issue(DocumentKind.EXTENSION, on),
        public_note=lambda current: (
            f"本机关已发出延期答复告知书（{current.extension_number}），答复期限延长至"
            f"{letters.chinese_date(clock(current, on).answer_due)}。理由：{letters.sentence(reason)}"
        ),
    )


def answer(request, user, *, reply_type: str, subtype: str = "", note: str = "", on: date | None = None):
    """Art. 36: the reply, of exactly one annual-report type, with its 答复告知书 citing the articles
    it rests on (disclosure.lib.letters)."""
    on = on or timezone.localdate()

    def guard(current):
        problem = reply_types.validate(reply_type, subtype)
        if problem:
            raise TransitionError(problem)
        if reply_type in ("unavailable",) and subtype == "not_held" and not note.strip():
            raise TransitionError(
                "本机关不掌握该信息时，能够确定负责公开的机关的，应在答复说明中告知其名称和联系方式。"
            )
        if (reply_type, subtype) == ("other", "other") and not note.strip():
            raise TransitionError("“其他处理”需要在答复说明中写明处理结果和理由。")

    label = letters.decision_for(reply_type, subtype).label if not reply_types.validate(reply_type, subtype) else ""
    return cases.perform(
        request,
        user,
        "answer",
        on=on,
        note=label,
        guard=guard,
        changes={"reply_type": reply_type, "reply_subtype": subtype, "reply_note": note, "concluded_on": on},
        after=_issue(DocumentKind.REPLY, on),
        public_note=lambda current: f"本机关已作出答复（{current.reply_number}）：{label}。",
    )


def withdraw(request, user, *, on: date | None = None, note: str = ""):
    on = on or timezone.localdate()
    return cases.perform(
        request,
        user,
        "withdraw",
        on=on,
        note=note,
        changes={"reply_type": "other", "reply_subtype": "other", "concluded_on": on},
        public_note="申请人撤回申请，本机关终止办理。",
    )
