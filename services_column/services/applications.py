"""Online applications (网上申请) as a case kind on the case core (`sitegroup.services.cases`).

    from services_column.services import applications as services
    application = services.submit(item, data, materials=[(material, uploaded), …], client_ip="…")
    services.accept(application, handler)
    services.request_correction(application, handler, materials=[…], note="…")   # 补齐补正
    services.receive_correction(application, [(material, uploaded), …])         # the applicant, via lookup
    services.handle(application, handler)                                        # 承办
    services.propose(application, handler, result="approved", text="…")          # 承办意见
    services.review(application, reviewer)                                       # 审核 (another person)
    services.conclude(application, handler, document=None, publish=True)         # 办结

Flow: 待受理 → 受理 / 不予受理 (reason; concluded) / 补齐补正 (one notice listing the missing
materials; the clock pauses while the applicant gathers them; their arrival accepts the application
and the clock starts again from that day, 行政许可法 Art. 32) → 承办 (the handler is recorded) →
承办意见 → 审核 (by a reviewer or site admin other than the handler; or returned) → 办结 (approved, or
refused with reasons; a result document may be attached; the result may be published in 结果反馈
without personal data). The clock runs on working days from receipt for the item's promised limit
(即办: due the same day); the statutory limit is kept for display and statistics.

Every application can be rated (好差评), whatever its outcome: 已办结 (approved or refused) and
不予受理 alike — the national rules ask for a rating of every service, not only of the successful ones.
"""

from __future__ import annotations

import hmac
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from services_column.models import (
    APPLICATION_OPEN_STATES,
    ApplicationMaterial,
    ApplicationPause,
    ApplicationResult,
    ApplicationState,
    MaterialStage,
    ServiceApplication,
    ServiceItemPage,
)
from sitegroup.lib.case_clock import ClockFacts, Pause
from sitegroup.models import OrganisationRole, Role
from sitegroup.services import cases
from sitegroup.services.cases import RateLimited, Transition, TransitionError
from sitegroup.services.working_days import calendar

__all__ = ["RateLimited", "TransitionError"]

RECEIVED_NOTE = "网上申请已提交，等待受理。"
LOOKUP_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z: easy to read out on the phone
LOOKUP_LENGTH = 14
DEFAULT_DAYS = 20  # an item without a promised limit (should not happen: the item's form asks for one)
REVIEW_ROLES = (Role.REVIEWER, Role.SITE_ADMIN)
REASON_LIMIT = 2000

S = ApplicationState
TRANSITIONS = (
    Transition("accept", "受理", (S.SUBMITTED,), S.ACCEPTED),
    Transition("reject", "不予受理", (S.SUBMITTED,), S.NOT_ACCEPTED),
    Transition(
        "request_correction", "一次性告知补齐补正", (S.SUBMITTED, S.ACCEPTED), S.CORRECTION, event="补齐补正告知"
    ),
    Transition("receive_correction", "收到补正材料", (S.CORRECTION,), S.ACCEPTED, event="补正材料已收到"),
    Transition("handle", "承办", (S.ACCEPTED,), S.HANDLING),
    Transition("propose", "提交承办意见", (S.HANDLING,), S.REVIEW, is_public=False),
    Transition("review", "审核通过", (S.REVIEW,), S.REVIEWED, event="审核"),
    Transition("return_to_handler", "退回承办人", (S.REVIEW,), S.HANDLING, is_public=False),
    Transition("conclude", "办结", (S.REVIEWED,), S.CONCLUDED),
    Transition("add_note", "添加内部备注", (), event="内部备注", is_public=False),
)


def limit_days(application: ServiceApplication) -> int:
    if application.is_immediate:
        return 0
    return application.promised_days or application.statutory_days or DEFAULT_DAYS


def _clock_facts(application: ServiceApplication) -> ClockFacts:
    """The item's promised limit at submission, from receipt or from the corrected materials' arrival;
    the correction wait does not count."""
    pauses = tuple(Pause(pause.started_on, pause.ended_on) for pause in application.pauses.all())
    return ClockFacts(starts_on=application.clock_starts_on, limit_days=limit_days(application), pauses=pauses)


def _contact(application):
    return application.phone, application.email


KIND = cases.register(
    cases.CaseKind(
        code="services_column.application",
        label="网上申请",
        noun="申请",
        model=ServiceApplication,
        states=ApplicationState,
        open_states=APPLICATION_OPEN_STATES,
        transitions=TRANSITIONS,
        clock_facts=_clock_facts,
        admin_url=lambda application: reverse("services_column_application_detail", args=[application.pk]),
        lookup_alphabet=LOOKUP_ALPHABET,
        lookup_length=LOOKUP_LENGTH,
        contact=_contact,
        rateable_states=(S.CONCLUDED, S.NOT_ACCEPTED),
        prefetch_related=("pauses",),
        subject_field="item",
    )
)


# -- who may act ------------------------------------------------------------------------------------


def handled_by(user):
    return cases.handled_by(user, KIND)


def can_handle(user, organisation) -> bool:
    return cases.can_handle(user, organisation, KIND)


def can_review(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return OrganisationRole.objects.filter(organisation=organisation, role__in=REVIEW_ROLES, group__user=user).exists()


def _require_reviewer(user, application) -> None:
    if not can_review(user, application.organisation):
        raise PermissionDenied("只有本机关的审核员或站点管理员可以审核。")


def handlers_of(organisation):
    """The people who may be named 承办人 of the organisation's applications."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__organisation_role__organisation=organisation,
            groups__organisation_role__role__in=cases.HANDLING_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# -- citizens ---------------------------------------------------------------------------------------


def submit(
    item: ServiceItemPage,
    data: dict,
    *,
    materials=(),
    client_ip: str = "",
    today: date | None = None,
) -> ServiceApplication:
    """An application for an item that accepts them, with its uploaded materials: all stored, or
    nothing (and no notice). `materials` are (ServiceMaterial, uploaded file) pairs."""
    if not (item.live and item.accepts_applications):
        raise TransitionError("这个事项暂不接受网上申请，请按办事指南到窗口办理。")
    given = {material.pk for material, _uploaded in materials}
    missing = [material.name for material in item.materials.all() if material.is_required and material.pk not in given]
    if missing:
        raise TransitionError(f"缺少必需的申请材料：{'、'.join(missing)}。")
    fields = {
        **data,
        "item": item,
        "item_title": item.title,
        "is_immediate": item.is_immediate,
        "promised_days": 0 if item.is_immediate else (item.promised_days or item.statutory_days or DEFAULT_DAYS),
        "statutory_days": item.statutory_days,
    }
    with transaction.atomic():
        application = cases.submit(
            KIND,
            item.organisation,
            fields,
            client_ip=client_ip,
            today=today,
            initial_state=S.SUBMITTED,
            received_note=RECEIVED_NOTE,
        )
        _store_materials(application, materials, MaterialStage.SUBMISSION)
    return application


def _store_materials(application, materials, stage) -> None:
    for material, uploaded in materials:
        ApplicationMaterial.objects.create(
            application=application,
            material=material,
            material_name=material.name if material is not None else "补正材料",
            file=uploaded,
            original_name=(uploaded.name or "材料")[:200],
            content_type=getattr(uploaded, "detected_kind", "") or "",
            size=uploaded.size or 0,
            stage=stage,
        )


def _id_matches(application, value: str) -> bool:
    value = (value or "").strip().upper()
    return bool(value) and hmac.compare_digest(value.encode(), application.id_number.upper().encode())


def find_for_applicant(code: str, id_number: str, *, client_ip: str = "") -> ServiceApplication | None:
    """The applicant's own application by 办件编号 and the full ID number or credit code; None when
    either is wrong. Rate-limited per address by the core."""
    return cases.find_for_citizen(KIND, code, id_number, client_ip=client_ip, check=_id_matches)


def public_events(application):
    return cases.public_events(application)


def requested_materials(application):
    """The item's materials the correction notice asks for (those still in the item's list)."""
    ids = [entry.get("id") for entry in application.correction_materials or [] if entry.get("id")]
    by_id = {material.pk: material for material in application.item.materials.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def receive_correction(application, materials, *, on: date | None = None):
    """The applicant's corrected materials arrive (through the lookup page): the application is
    accepted and its clock starts again from today. Every material the notice listed is required."""
    on = on or timezone.localdate()
    given = {material.pk for material, _uploaded in materials if material is not None}

    def guard(current):
        if not materials:
            raise TransitionError("请上传需要补齐补正的材料。")
        missing = [material.name for material in requested_materials(current) if material.pk not in given]
        if missing:
            raise TransitionError(f"还缺少告知书列明的材料：{'、'.join(missing)}。")

    def after(current):
        current.pauses.filter(ended_on__isnull=True).update(ended_on=on)
        _store_materials(current, materials, MaterialStage.CORRECTION)

    return cases.perform(
        application,
        None,
        "receive_correction",
        on=on,
        guard=guard,
        permission=lambda user, case: None,  # the applicant, found by 办件编号 and ID number
        changes={"correction_received_on": on, "accepted_on": on},
        after=after,
        note="申请人通过网站提交补正材料。",
        public_note=lambda current: (
            "申请已受理，办理期限自今日重新计算"
            + (f"，请于{current.due_on:%Y年%m月%d日}前办结" if current.due_on else "")
            + "。"
        ),
    )


# -- handling ---------------------------------------------------------------------------------------


def _due_text(application) -> str:
    if application.is_immediate:
        return "本事项为即办件，当日办结。"
    return f"承诺办结期限：{application.due_on:%Y年%m月%d日}。" if application.due_on else ""


def accept(application, user, *, note: str = "", on: date | None = None):
    """受理: the materials are complete and the application is in the department's remit."""
    on = on or timezone.localdate()
    return cases.perform(
        application,
        user,
        "accept",
        on=on,
        note=note,
        changes={"accepted_on": on},
        public_note=lambda current: f"{current.organisation.name}已受理您的申请。{_due_text(current)}",
    )


def _require_text(value: str, message: str, limit: int = REASON_LIMIT) -> str:
    value = (value or "").strip()
    if not value:
        raise TransitionError(message)
    if len(value) > limit:
        raise TransitionError(f"内容不能超过{limit}字。")
    return value


def reject(application, user, *, reason: str, on: date | None = None):
    """不予受理: with the reason the applicant reads (and may appeal against)."""
    on = on or timezone.localdate()

    def guard(current):
        _require_text(reason, "不予受理须写明理由。")

    def changes(current):
        return {"result_reason": reason.strip(), "concluded_on": on, **_taken(current, on)}

    return cases.perform(
        application,
        user,
        "reject",
        on=on,
        guard=guard,
        changes=changes,
        note=reason,
        public_note=f"不予受理。理由：{reason.strip()}",
    )


def request_correction(application, user, *, materials=(), note: str = "", on: date | None = None):
    """补齐补正: ONE notice listing every missing material (from the item's list) and what else is
    needed; the clock pauses until the applicant's materials arrive."""
    on = on or timezone.localdate()
    materials = list(materials)
    note = (note or "").strip()

    def guard(current):
        if current.correction_requested_on:
            raise TransitionError("补齐补正只能一次性告知：本申请已经告知过。")
        if not materials and not note:
            raise TransitionError("请选择需要补齐补正的材料，或写明需要补正的内容。")
        if len(note) > REASON_LIMIT:
            raise TransitionError(f"补正说明不能超过{REASON_LIMIT}字。")
        own = set(current.item.materials.values_list("pk", flat=True))
        if any(material.pk not in own for material in materials):
            raise TransitionError("只能选择本事项申请材料清单中的材料。")

    def after(current):
        ApplicationPause.objects.create(case=current, started_on=on)

    listed = "、".join(material.name for material in materials)
    text = "请补齐补正以下材料：" + (listed or "") + ("；" if listed and note else "") + note
    return cases.perform(
        application,
        user,
        "request_correction",
        on=on,
        guard=guard,
        changes={
            "correction_requested_on": on,
            "correction_materials": [{"id": material.pk, "name": material.name} for material in materials],
            "correction_note": note,
        },
        after=after,
        note=text,
        public_note=text + "。请凭办件编号和证件号码在“办件查询”页面上传；补正期间不计入办理时限，"
        "材料收到之日起重新计算。",
    )


def handle(application, user, *, handler=None, note: str = "", on: date | None = None):
    """承办: the application is given to a handler (the person acting, unless they name another)."""
    on = on or timezone.localdate()
    handler = handler or user

    def guard(current):
        if not can_handle(handler, current.organisation):
            raise TransitionError("承办人须是本机关的承办人员。")

    name = handler.get_full_name() or handler.get_username()
    return cases.perform(
        application,
        user,
        "handle",
        on=on,
        guard=guard,
        note=(note or "").strip() or f"承办人：{name}",
        changes={"handler": handler},
        public_note="申请已进入承办环节。",
    )


def propose(application, user, *, result: str, text: str = "", reason: str = "", on: date | None = None):
    """承办意见: the handler's proposed result, for review."""
    on = on or timezone.localdate()

    def guard(current):
        if current.handler_id and current.handler_id != user.pk:
            raise TransitionError("只有本件的承办人可以提交承办意见。")
        if result not in ApplicationResult.values:
            raise TransitionError("请选择办理结果（准予或不予）。")
        if result == ApplicationResult.REFUSED:
            _require_text(reason, "不予许可（办理）须写明理由。")
        if len((text or "").strip()) > REASON_LIMIT:
            raise TransitionError(f"结果说明不能超过{REASON_LIMIT}字。")

    return cases.perform(
        application,
        user,
        "propose",
        on=on,
        guard=guard,
        changes=lambda current: {
            "handler": current.handler or user,
            "result": result,
            "result_text": (text or "").strip(),
            "result_reason": (reason or "").strip() if result == ApplicationResult.REFUSED else "",
        },
        note=f"承办意见：{ApplicationResult(result).label if result in ApplicationResult.values else ''}。"
        f"{(text or '').strip()}",
    )


def review(application, user, *, note: str = "", on: date | None = None):
    """审核: a reviewer or site admin other than the handler agrees with the proposed result."""
    on = on or timezone.localdate()

    def guard(current):
        if current.handler_id == user.pk:
            raise TransitionError("审核须由承办人以外的审核员或站点管理员进行：不能审核自己承办的申请。")

    return cases.perform(
        application,
        user,
        "review",
        on=on,
        guard=guard,
        note=note,
        changes={"reviewer": user},
        permission=_require_reviewer,
        public_note="申请已通过审核，即将办结。",
    )


def return_to_handler(application, user, *, note: str, on: date | None = None):
    def guard(current):
        _require_text(note, "请写明退回的意见。")
        if current.handler_id == user.pk:
            raise TransitionError("审核须由承办人以外的审核员或站点管理员进行。")

    return cases.perform(
        application, user, "return_to_handler", on=on, guard=guard, note=note, permission=_require_reviewer
    )


def _taken(current, on) -> dict:
    taken = calendar().between(current.clock_starts_on, on)
    return {"working_days_taken": max(taken, 0), "was_late": bool(current.due_on and on > current.due_on)}


def conclude(application, user, *, document=None, publish: bool = True, on: date | None = None):
    """办结: the reviewed result is issued (with its document, when there is one); published in 结果反馈
    without personal data when `publish`."""
    on = on or timezone.localdate()

    def changes(current):
        values = {"concluded_on": on, "is_result_published": bool(publish), **_taken(current, on)}
        if document is not None:
            values["result_document"] = document
            values["result_document_name"] = (document.name or "结果文书")[:200]
        return values

    def public_note(current):
        text = f"办理结果为{current.get_result_display()}。"
        if current.result == ApplicationResult.REFUSED and current.result_reason:
            text += f"理由：{current.result_reason}"
        elif current.result_text:
            text += current.result_text
        return text

    return cases.perform(application, user, "conclude", on=on, changes=changes, public_note=public_note)


def add_note(application, user, *, note: str, on: date | None = None):
    return cases.add_note(application, user, note=note, on=on)


def concluded_results(item):
    """An item's published results (结果反馈), newest first; nothing personal is read by the page."""
    return ServiceApplication.objects.filter(item=item, state=S.CONCLUDED, is_result_published=True).order_by(
        "-concluded_on", "-pk"
    )
