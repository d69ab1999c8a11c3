"""Disclosure requests (依申请公开): every change of state goes through here.

    from disclosure.services import requests as request_services
    request = request_services.submit(organisation, data, client_ip="…")
    request_services.request_correction(request, user, note="…")

Each action checks that the user handles the organisation's requests, refuses an impossible
transition with a clear message (TransitionError), records a RequestEvent and an audit-log entry,
and recomputes the stored answer deadline from the facts (disclosure.lib.request_clock).

Every event says what the applicant may read: `public_note` on a public event. Third parties'
names, approvers and handlers' remarks stay in the internal `note`. Correction, extension and answer
issue their documents (disclosure.services.request_documents) in the same transaction.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from disclosure.lib import letters, reply_types
from disclosure.lib.fees import fee_for
from disclosure.lib.request_clock import Pause, RequestFacts, compute, working_days_left
from disclosure.models import ConsultationPeriod, DisclosureRequest, DocumentKind, RequestEvent, RequestState
from disclosure.services import request_documents
from sitegroup.models import Organisation, OrganisationRole, Role
from sitegroup.permissions import user_sees_every_organisation
from sitegroup.services.working_days import calendar

LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LOOKUP_LENGTH = 12
SUBMISSIONS_PER_HOUR = 5
LOOKUPS_PER_HOUR = 20
HANDLING_ROLES = (Role.HANDLER, Role.REVIEWER, Role.SITE_ADMIN)
RECEIVED_NOTE = "网上提交，系统确认收到。"


class TransitionError(Exception):
    """An action that the request's current state does not allow; the message says why."""


class RateLimited(Exception):
    pass


# -- who may act ------------------------------------------------------------------------------------


def can_handle(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return OrganisationRole.objects.filter(
        organisation=organisation, role__in=HANDLING_ROLES, group__user=user
    ).exists()


def handled_by(user):
    """The requests a user may see: own organisations' (handlers, reviewers, site admins), or all."""
    if user_sees_every_organisation(user):
        return DisclosureRequest.objects.all()
    organisations = OrganisationRole.objects.filter(role__in=HANDLING_ROLES, group__user=user).values("organisation")
    return DisclosureRequest.objects.filter(organisation__in=organisations)


def organisations_handled_by(user):
    """Organisations whose requests (and document templates) the user handles."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(roles__role__in=HANDLING_ROLES, roles__group__user=user).distinct()


def may_see_requests(user) -> bool:
    """Handlers, reviewers and site admins of some organisation; supervision and platform admins."""
    if not user.is_authenticated:
        return False
    if user_sees_every_organisation(user):
        return True
    return OrganisationRole.objects.filter(role__in=HANDLING_ROLES, group__user=user).exists()


def require_handler(user, organisation) -> None:
    if not can_handle(user, organisation):
        raise PermissionDenied("只有本机关的承办人、审核员或站点管理员可以办理。")


def _require(user, request: DisclosureRequest) -> None:
    require_handler(user, request.organisation)


def log_personal_data_viewed(request: DisclosureRequest, user) -> None:
    """A handler saw the applicant's full personal data: one audit entry per person, request and day."""
    from wagtail.models import ModelLogEntry

    action = "disclosure.request.personal_data"
    seen_today = ModelLogEntry.objects.filter(
        object_id=str(request.pk), user=user, action=action, timestamp__date=timezone.localdate()
    ).filter(content_type__model="disclosurerequest")
    if not seen_today.exists():
        log(instance=request, action=action, user=user, data={"lookup_code": request.lookup_code})


# -- the clock --------------------------------------------------------------------------------------


def facts(request: DisclosureRequest) -> RequestFacts:
    return RequestFacts(
        received_on=request.received_on,
        correction_requested_on=request.correction_requested_on,
        correction_received_on=request.correction_received_on,
        correction_due_days=request.correction_due_days,
        pauses=tuple(Pause(period.started_on, period.ended_on) for period in request.consultations.all())
        if request.pk  # an unsaved sample (template previews) has no consultations
        else (),
        extended=request.is_extended,
    )


def clock(request: DisclosureRequest, today: date | None = None):
    return compute(facts(request), calendar(), today or timezone.localdate())


def days_left(request: DisclosureRequest, today: date | None = None) -> int | None:
    today = today or timezone.localdate()
    if not request.is_open:
        return None
    return working_days_left(clock(request, today), calendar(), today)


def recompute_deadline(request: DisclosureRequest) -> None:
    request.answer_due = clock(request).answer_due if request.is_open else request.answer_due
    DisclosureRequest.objects.filter(pk=request.pk).update(answer_due=request.answer_due)


def recompute_all_deadlines(**kwargs) -> int:
    """After the working-day calendar changed: every open request's deadline again."""
    count = 0
    for request in DisclosureRequest.objects.open().prefetch_related("consultations"):
        recompute_deadline(request)
        count += 1
    return count


# -- applicants -------------------------------------------------------------------------------------


def _rate_limit(key: str, limit: int) -> None:
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > limit:
        raise RateLimited


def submit(organisation, data: dict, *, client_ip: str = "", today: date | None = None) -> DisclosureRequest:
    """A citizen's application, received today (Art. 31: online, on the day the system confirms it)."""
    _rate_limit(f"disclosure:submit:{client_ip}", SUBMISSIONS_PER_HOUR)
    today = today or timezone.localdate()
    with transaction.atomic():
        month_start = today.replace(day=1)
        earlier = DisclosureRequest.objects.filter(
            organisation=organisation, id_number=data["id_number"], received_on__gte=month_start
        ).count()
        request = None
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    request = DisclosureRequest.objects.create(
                        organisation=organisation,
                        lookup_code="".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_LENGTH)),
                        received_on=today,
                        nth_in_month=earlier + 1,
                        fee=fee_for(earlier + 1),
                        **data,
                    )
                break
            except IntegrityError:
                continue  # a lookup code collision: draw again
        if request is None:
            raise RuntimeError("could not draw a unique lookup code")
        _event(request, None, "收到申请", "", RequestState.RECEIVED, today, RECEIVED_NOTE, public_note=RECEIVED_NOTE)
        recompute_deadline(request)
    return request


def find_for_applicant(code: str, phone_tail: str, *, client_ip: str = "") -> DisclosureRequest | None:
    """The applicant's own request, by lookup code and the last four digits of the phone number."""
    _rate_limit(f"disclosure:lookup:{client_ip}", LOOKUPS_PER_HOUR)
    code = (code or "").strip().upper()
    tail = (phone_tail or "").strip()
    if len(code) != LOOKUP_LENGTH or len(tail) != 4 or not tail.isdigit():
        return None
    request = DisclosureRequest.objects.filter(lookup_code=code).select_related("organisation").first()
    if request is None or not request.phone.endswith(tail):
        return None
    return request


def public_events(request: DisclosureRequest):
    """The history the applicant sees: public events only, each with the text meant for them."""
    return request.events.filter(is_public=True)


def public_documents(request: DisclosureRequest) -> list[dict]:
    """The documents issued to the applicant, laid out for reading on the status page."""
    return [
        {"kind": kind, "title": title, "number": number, "blocks": request_documents.blocks(text)}
        for kind, title, number, text in request.issued_documents()
    ]


# -- handlers ---------------------------------------------------------------------------------------


def _event(request, user, action, from_state, to_state, on, note="", *, public_note="", is_public=True):
    """One history entry: `note` for staff only; `public_note` is all the applicant reads of it."""
    RequestEvent.objects.create(
        request=request,
        on=on,
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user else "",
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        public_note=public_note if is_public else "",
        is_public=is_public,
    )
    if user is not None:
        log(instance=request, action="disclosure.request", user=user, data={"action": action, "state": to_state})


def _transition(request, user, expected, action, to_state, on, note="", *, public_note="", document=None, **changes):
    """Lock the row, check its state, apply the changes, issue the document, record the event,
    recompute the deadline. `public_note` may be a function of the updated request."""
    _require(user, request)
    with transaction.atomic():
        current = DisclosureRequest.objects.select_for_update().select_related("organisation").get(pk=request.pk)
        if current.state not in expected:
            allowed = "、".join(RequestState(state).label for state in expected)
            raise TransitionError(
                f"当前状态为“{current.get_state_display()}”，不能{action}（只有“{allowed}”的申请可以）。"
            )
        for name, value in changes.items():
            setattr(current, name, value)
        if document:
            try:
                for name, value in request_documents.issue(document, current, on).items():
                    setattr(current, name, value)
            except request_documents.TemplateProblem as problem:
                raise TransitionError(
                    f"{DocumentKind(document).label}无法生成：{problem}请在“文书模板”中修改后再办理。"
                ) from None
        from_state = current.state
        current.state = to_state
        current.save()
        if callable(public_note):
            public_note = public_note(current)
        _event(current, user, action, from_state, to_state, on, note, public_note=public_note)
        recompute_deadline(current)
    request.refresh_from_db()
    return request


def add_note(request, user, *, note: str, on: date | None = None):
    """A handler's internal remark in the history; never shown to the applicant."""
    _require(user, request)
    if not note.strip():
        raise TransitionError("请填写备注内容。")
    on = on or timezone.localdate()
    _event(request, user, "内部备注", request.state, request.state, on, note.strip(), is_public=False)
    return request


def request_correction(request, user, *, note: str, due_days: int = 15, on: date | None = None):
    """Art. 30: one correction notice, within 7 working days of receipt."""
    on = on or timezone.localdate()
    if request.correction_requested_on:
        raise TransitionError("补正通知只能发出一次。")
    if not note.strip():
        raise TransitionError("请写明需要补正的事项。")
    if not 1 <= due_days <= 30:
        raise TransitionError("补正期限应在 1 至 30 个工作日之间。")
    if on > clock(request, on).correction_notice_due:
        raise TransitionError("已超过收到申请之日起 7 个工作日，不能再发补正通知。")
    return _transition(
        request,
        user,
        [RequestState.RECEIVED],
        "发出补正通知",
        RequestState.AWAITING_CORRECTION,
        on,
        note,
        public_note=lambda current: (
            f"本机关已发出补正告知书（{current.correction_number}），请于"
            f"{letters.chinese_date(clock(current, on).correction_due)}前补正：{letters.sentence(note)}"
        ),
        document=DocumentKind.CORRECTION,
        correction_requested_on=on,
        correction_due_days=due_days,
        correction_note=note,
    )


def receive_correction(request, user, *, on: date | None = None, note: str = ""):
    """The correction arrived: the 20-working-day clock starts again from this day."""
    on = on or timezone.localdate()
    if request.correction_requested_on and on < request.correction_requested_on:
        raise TransitionError("收到补正的日期不能早于补正通知日期。")
    return _transition(
        request,
        user,
        [RequestState.AWAITING_CORRECTION],
        "收到补正材料",
        RequestState.RECEIVED,
        on,
        note,
        public_note="本机关已收到补正材料，答复期限自收到补正之日起重新计算。",
        correction_received_on=on,
    )


def lapse(request, user, *, on: date | None = None):
    """No correction by its deadline: the application is treated as withdrawn (其他处理)."""
    on = on or timezone.localdate()
    due = clock(request, on).correction_due
    if request.state == RequestState.AWAITING_CORRECTION and due and on <= due:
        raise TransitionError(f"补正期限到 {due:%Y-%m-%d} 为止，期满后才能按逾期未补正处理。")
    return _transition(
        request,
        user,
        [RequestState.AWAITING_CORRECTION],
        "逾期未补正，视为放弃申请",
        RequestState.LAPSED,
        on,
        public_note="申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
        reply_type="other",
        reply_subtype="no_correction",
        answered_on=on,
    )


def start_consultation(request, user, *, third_party: str, on: date | None = None):
    """Art. 32: ask a third party; its 15 working days do not count toward the deadline."""
    on = on or timezone.localdate()
    if not third_party.strip():
        raise TransitionError("请填写征求意见的第三方。")
    result = _transition(
        request,
        user,
        [RequestState.RECEIVED],
        "书面征求第三方意见",
        RequestState.CONSULTING,
        on,
        f"征求意见对象：{third_party}",
        public_note="本机关书面征求第三方意见，征求意见所需时间不计入答复期限。",
    )
    ConsultationPeriod.objects.create(request=request, third_party=third_party, started_on=on)
    recompute_deadline(request)
    return result


def end_consultation(request, user, *, on: date | None = None, note: str = ""):
    on = on or timezone.localdate()
    period = request.consultations.filter(ended_on__isnull=True).last()
    if period and on < period.started_on:
        raise TransitionError("收到意见的日期不能早于征求意见日期。")
    result = _transition(
        request,
        user,
        [RequestState.CONSULTING],
        "收到第三方意见",
        RequestState.RECEIVED,
        on,
        note,
        public_note="征求第三方意见结束，继续办理。",
    )
    if period:
        period.ended_on = on
        period.save(update_fields=["ended_on"])
    recompute_deadline(request)
    return result


def extend(request, user, *, approved_by: str, reason: str, on: date | None = None):
    """Art. 33: 20 more working days, once, approved by the head of the disclosure office; the
    applicant is told with a 延期答复告知书 (the approver's name stays internal)."""
    on = on or timezone.localdate()
    if request.is_extended:
        raise TransitionError("答复期限只能延长一次。")
    if not approved_by.strip() or not reason.strip():
        raise TransitionError("延期需要写明批准人和理由。")
    due = clock(request, on).answer_due
    if due is None or on > due:
        raise TransitionError("只能在答复期限届满前申请延期。")
    return _transition(
        request,
        user,
        [RequestState.RECEIVED, RequestState.CONSULTING],
        "延长答复期限",
        request.state,
        on,
        f"经{approved_by}同意，答复期限延长20个工作日。理由：{reason}",
        public_note=lambda current: (
            f"本机关已发出延期答复告知书（{current.extension_number}），答复期限延长至"
            f"{letters.chinese_date(clock(current, on).answer_due)}。理由：{letters.sentence(reason)}"
        ),
        document=DocumentKind.EXTENSION,
        is_extended=True,
        extension_approved_by=approved_by,
        extension_reason=reason,
    )


def answer(request, user, *, reply_type: str, subtype: str = "", note: str = "", on: date | None = None):
    """Art. 36: the reply, of exactly one annual-report type, with its 答复告知书 citing the articles
    it rests on (disclosure.lib.letters)."""
    on = on or timezone.localdate()
    problem = reply_types.validate(reply_type, subtype)
    if problem:
        raise TransitionError(problem)
    if reply_type in ("unavailable",) and subtype == "not_held" and not note.strip():
        raise TransitionError("本机关不掌握该信息时，能够确定负责公开的机关的，应在答复说明中告知其名称和联系方式。")
    if (reply_type, subtype) == ("other", "other") and not note.strip():
        raise TransitionError("“其他处理”需要在答复说明中写明处理结果和理由。")
    decision = letters.decision_for(reply_type, subtype)
    return _transition(
        request,
        user,
        [RequestState.RECEIVED],
        "作出答复",
        RequestState.ANSWERED,
        on,
        decision.label,
        public_note=lambda current: f"本机关已作出答复（{current.reply_number}）：{decision.label}。",
        document=DocumentKind.REPLY,
        reply_type=reply_type,
        reply_subtype=subtype,
        reply_note=note,
        answered_on=on,
    )


def withdraw(request, user, *, on: date | None = None, note: str = ""):
    on = on or timezone.localdate()
    return _transition(
        request,
        user,
        [RequestState.RECEIVED, RequestState.AWAITING_CORRECTION, RequestState.CONSULTING],
        "申请人撤回申请",
        RequestState.WITHDRAWN,
        on,
        note,
        public_note="申请人撤回申请，本机关终止办理。",
        reply_type="other",
        reply_subtype="other",
        answered_on=on,  # the day it was concluded, for the annual report
    )
