"""Citizens' messages (网上信箱) as a case kind on the case core (`sitegroup.services.cases`).

    from interaction.services import messages as message_services
    message = message_services.submit(channel, data, files=[…], client_ip="…")
    message_services.assign(message, user, organisation=department)
    message_services.reply(message, user, text="…")
    message_services.approve(message, reviewer)     # publishes when the writer agreed and the channel allows

Flow: (held for content review →) triage at the channel's organisation → handling by a department
(assigned, or named by the writer) → reply → review (by a reviewer or site admin, unless the channel
skips review) → answered, and published when both the writer and the channel allow it → rating.
Transfer between departments (a misrouted message is passed on within 1 working day: the event says
whether it was), one approved extension, merge of duplicates, FAQ marks; overdue messages are
escalated to the supervision office by the periodic job. The core checks permission first, locks the
row, evaluates the guards on it, records events and audit-log entries and notifies the writer.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from interaction.models import (
    OPEN_STATES,
    Message,
    MessageAttachment,
    MessageChannel,
    MessageState,
)
from interaction.models.messages import extension_days_for
from sitegroup.lib import masking
from sitegroup.lib.case_clock import ClockFacts
from sitegroup.models import Organisation, OrganisationRole, Role
from sitegroup.services import cases
from sitegroup.services.cases import RateLimited, Transition, TransitionError
from sitegroup.services.sensitive_words import check_citizen_text
from sitegroup.services.working_days import calendar

__all__ = ["RateLimited", "TransitionError"]

OPEN_STATES_FOR_STATISTICS = (MessageState.TRIAGE, MessageState.HANDLING, MessageState.REVIEW)
TRANSFER_DAYS = 1  # a misrouted message is passed on within 1 working day (24 hours)
RECEIVED_NOTE = "网上提交，系统确认收到。"
REVIEW_ROLES = (Role.REVIEWER, Role.SITE_ADMIN)

S = MessageState
TRANSITIONS = (
    Transition("release", "内容审查通过", (S.HELD,), S.TRIAGE),
    Transition("assign", "分办", (S.TRIAGE,), S.HANDLING),
    Transition("transfer", "转办", (S.TRIAGE, S.HANDLING), S.HANDLING),
    Transition("reply", "提交答复", (S.HANDLING,), S.REVIEW, is_public=False),
    Transition("approve", "审核通过", (S.REVIEW,), S.ANSWERED),
    Transition("return_reply", "退回修改", (S.REVIEW,), S.HANDLING, is_public=False),
    Transition("publish", "公开答复", (S.ANSWERED,), S.PUBLISHED),
    Transition("extend", "延长办理期限", (S.TRIAGE, S.HANDLING)),
    Transition("merge", "合并重复来信", (S.HELD, S.TRIAGE, S.HANDLING), S.MERGED),
    Transition("reject", "不予受理", (S.HELD, S.TRIAGE), S.REJECTED),
    Transition("mark_faq", "设为常见问题", (S.PUBLISHED,), is_public=False),
    Transition("unmark_faq", "取消常见问题", (S.PUBLISHED,), is_public=False),
    Transition("add_note", "添加内部备注", (), event="内部备注", is_public=False),
)


def _clock_facts(message: Message) -> ClockFacts:
    """The limit promised when the letter arrived (a later change of the channel does not move it)."""
    return ClockFacts(
        starts_on=message.received_on,
        limit_days=message.reply_days,
        extension_days=extension_days_for(message.reply_days) if message.is_extended else 0,
    )


KIND = cases.register(
    cases.CaseKind(
        code="interaction.message",
        label="来信",
        noun="来信",
        model=Message,
        states=MessageState,
        open_states=OPEN_STATES,
        transitions=TRANSITIONS,
        clock_facts=_clock_facts,
        admin_url=lambda message: reverse("interaction_message_detail", args=[message.pk]),
        rateable_states=(MessageState.ANSWERED, MessageState.PUBLISHED),
        select_related=("channel",),
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


def _require_reviewer(user, message: Message) -> None:
    if not can_review(user, message.organisation):
        raise PermissionDenied("只有本单位的审核员或站点管理员可以审核答复。")


# -- citizens ---------------------------------------------------------------------------------------


def departments_for(channel: MessageChannel):
    """Organisations a writer may name: every organisation with a site (the county's departments and
    townships), the channel's own first."""
    return Organisation.objects.filter(site__isnull=False).order_by("sort_order", "pk")


def submit(
    channel: MessageChannel,
    data: dict,
    *,
    files=(),
    needs_review: bool = False,
    client_ip: str = "",
    today: date | None = None,
) -> Message:
    """A citizen's message. Held for content review when a review-level word was found; goes to the
    department the writer named (when the channel lets them choose), else to the triage desk."""
    if not channel.is_active:
        raise TransitionError("这个信箱已停用。")
    department = data.pop("department", None) if channel.lets_citizen_choose_department else None
    data.pop("department", None)
    if needs_review:
        state, organisation = MessageState.HELD, channel.organisation
    elif department is not None:
        state, organisation = MessageState.HANDLING, department
    else:
        state, organisation = MessageState.TRIAGE, channel.organisation
    fields = {
        **data,
        "channel": channel,
        "department": department,
        "needs_content_review": needs_review,
        "reply_days": channel.reply_days,
    }
    with transaction.atomic():  # the letter with its attachments, or nothing (and no notice)
        message = cases.submit(
            KIND,
            organisation,
            fields,
            client_ip=client_ip,
            today=today,
            initial_state=state,
            received_note=RECEIVED_NOTE,
            rate_scope="interaction.message",
        )
        for uploaded in files:
            MessageAttachment.objects.create(
                message=message,
                file=uploaded,
                original_name=(uploaded.name or "附件")[:200],
                content_type=getattr(uploaded, "detected_kind", "") or "",
                size=uploaded.size or 0,
            )
    return message


def find_for_writer(code: str, phone_tail: str, *, client_ip: str = "") -> Message | None:
    return cases.find_for_citizen(KIND, code, phone_tail, client_ip=client_ip)


def public_events(message: Message):
    return cases.public_events(message)


# -- handling ---------------------------------------------------------------------------------------


def release(message, user, *, note: str = "", on: date | None = None):
    """The content review found nothing wrong: the message goes to triage."""
    return cases.perform(message, user, "release", on=on, note=note, public_note="来信已通过内容审查，等待分办。")


def assign(message, user, *, organisation: Organisation, handler=None, note: str = "", on: date | None = None):
    """分办: the triage desk gives the message to a department (its own organisation included)."""
    return cases.perform(
        message,
        user,
        "assign",
        on=on,
        note=note,
        changes={"organisation": organisation, "handler": handler},
        public_note=f"来信已交由{organisation.name}办理。",
    )


def transfer(message, user, *, organisation: Organisation, reason: str, on: date | None = None):
    """转办: a misrouted message passed to the right organisation; the event says whether it was
    passed on within the 1 working day the rules allow."""
    on = on or timezone.localdate()

    def guard(current):
        if organisation.pk == current.organisation_id:
            raise TransitionError("转办的单位与当前承办单位相同。")
        if not reason.strip():
            raise TransitionError("请写明转办理由。")

    def note(current):
        # Counted from the day this organisation got it (receipt, or its last 分办/转办).
        routed = current.events.filter(action__in=("分办", "转办")).order_by("-at").values_list("on", flat=True).first()
        late = calendar().between(routed or current.received_on, on) > TRANSFER_DAYS
        text = f"由{current.organisation.name}转交{organisation.name}。理由：{reason}"
        return text + (f"（超过{TRANSFER_DAYS}个工作日转办）" if late else "")

    return cases.perform(
        message,
        user,
        "transfer",
        on=on,
        note=note,
        guard=guard,
        changes={"organisation": organisation, "handler": None},
        public_note=f"来信已转交{organisation.name}办理。",
    )


def reply(message, user, *, text: str, on: date | None = None):
    """The handler's reply; it goes to review (or straight through when the channel skips review)."""
    on = on or timezone.localdate()

    def guard(current):
        if not text.strip():
            raise TransitionError("请填写答复内容。")
        if len(text) > 5000:
            raise TransitionError("答复内容不能超过5000字。")
        blocked = check_citizen_text(text).blocked_words
        if blocked:
            raise TransitionError(f"答复中含有不允许发布的词语：{'、'.join(blocked)}。")

    message = cases.perform(
        message,
        user,
        "reply",
        on=on,
        guard=guard,
        changes=lambda current: {
            "reply": text.strip(),
            "reply_organisation": current.organisation,
            "replied_on": on,
            "handler": user,
        },
        note="答复已提交审核。",
    )
    if not message.channel.needs_review:
        message = _conclude(message, user, on=on, note="本信箱答复无需审核。", permission=cases.require_handler)
    return message


def approve(message, user, *, note: str = "", on: date | None = None):
    """审核通过: the reply is sent to the writer; published when the writer and the channel allow it."""
    return _conclude(
        message, user, on=on, note=note, permission=lambda user, case: _require_reviewer(user, case), reviewing=True
    )


def _conclude(message, user, *, on, note, permission, reviewing=False):
    on = on or timezone.localdate()

    def guard(current):
        if reviewing and current.handler_id == user.pk:
            raise TransitionError("答复须由另一位审核员审核：不能审核自己提交的答复。")

    def changes(current):
        taken = calendar().between(current.received_on, current.replied_on or on)
        return {
            "concluded_on": on,
            "working_days_taken": max(taken, 0),
            "was_late": bool(current.due_on and (current.replied_on or on) > current.due_on),
        }

    message = cases.perform(
        message,
        user,
        "approve",
        on=on,
        note=note,
        guard=guard,
        changes=changes,
        permission=permission,
        public_note=lambda current: f"{current.reply_organisation.name}已答复，请凭查询码查看答复内容。",
    )
    if message.wants_public and message.channel.is_public:
        message = publish(message, user, on=on, permission=permission)
    return message


def return_reply(message, user, *, note: str, on: date | None = None):
    def guard(current):
        if not note.strip():
            raise TransitionError("请写明退回修改的意见。")

    return cases.perform(
        message,
        user,
        "return_reply",
        on=on,
        note=note,
        guard=guard,
        permission=lambda user, case: _require_reviewer(user, case),
    )


def publish(message, user, *, on: date | None = None, permission=None):
    """Publish the message and its reply: personal data in the text replaced, mask-level words masked."""
    on = on or timezone.localdate()

    def guard(current):
        if not (current.wants_public and current.channel.is_public):
            raise TransitionError("写信人不同意公开或本信箱不公开答复，不能公开。")

    def changes(current):
        names = (current.name.strip(),)
        return {
            "published_title": public_text(current.title, names),
            "published_body": public_text(current.body, names),
            "published_reply": public_text(current.reply, names),
            "published_on": on,
        }

    return cases.perform(
        message,
        user,
        "publish",
        on=on,
        guard=guard,
        changes=changes,
        permission=permission or (lambda user, case: _require_reviewer(user, case)),
        public_note="来信及答复已在网站公开（不含个人信息）。",
    )


def public_text(text: str, names: tuple[str, ...] = ()) -> str:
    """Citizen text as the public may read it: phone and ID numbers, e-mail addresses and the
    writer's name replaced, mask-level words masked."""
    return check_citizen_text(masking.mask_personal_data_in_text(text or "", names)).masked_text


def extend(message, user, *, approved_by: str, reason: str, on: date | None = None):
    """One approved extension: as long again as the channel's limit, 15 working days at most in all."""
    on = on or timezone.localdate()

    def guard(current):
        if current.is_extended:
            raise TransitionError("办理期限只能延长一次。")
        if not current.channel.extension_days:
            raise TransitionError("本信箱的答复期限已是最长期限，不能再延长。")
        if not approved_by.strip() or not reason.strip():
            raise TransitionError("延期需要写明批准人和理由。")
        if current.due_on and on > current.due_on:
            raise TransitionError("只能在办理期限届满前申请延期。")

    return cases.perform(
        message,
        user,
        "extend",
        on=on,
        note=f"经{approved_by}同意延期。理由：{reason}",
        guard=guard,
        changes={"is_extended": True, "extension_approved_by": approved_by, "extension_reason": reason},
        public_note=lambda current: (
            f"办理期限已延长至{current.due_on or ''}。理由：{reason}"
            if current.due_on
            else f"办理期限已延长。理由：{reason}"
        ),
    )


def merge(message, user, *, into_code: str, on: date | None = None):
    """A duplicate (the same writer, the same matter) is closed into the original, which is answered."""
    found = {}

    def guard(current):
        original = Message.objects.select_for_update().filter(lookup_code=(into_code or "").strip()).first()
        if original is None or original.pk == current.pk:
            raise TransitionError("请填写要合并到的来信查询码（不能是本件）。")
        if original.state in (MessageState.MERGED, MessageState.REJECTED) or original.merged_into_id == current.pk:
            raise TransitionError("只能合并到正在办理或已经答复的来信（不能是已合并或不予受理的来信）。")
        if not cases.can_handle(user, original.organisation, KIND):
            raise TransitionError("只能合并到本单位办理的来信。")
        found["original"] = original

    return cases.perform(
        message,
        user,
        "merge",
        on=on,
        guard=guard,
        changes=lambda current: {"merged_into": found["original"], "concluded_on": on or timezone.localdate()},
        note=f"合并到 {into_code}",
        public_note="您的来信与此前提交的同一事项来信合并办理，答复见原来信。",
    )


def reject(message, user, *, reason: str, on: date | None = None):
    """不予受理 (not a matter for this mailbox, abusive content): the writer is told why."""

    def guard(current):
        if not reason.strip():
            raise TransitionError("请写明不予受理的理由（写信人可见）。")

    return cases.perform(
        message,
        user,
        "reject",
        on=on,
        guard=guard,
        changes={"concluded_on": on or timezone.localdate()},
        public_note=f"不予受理：{reason}",
    )


def mark_faq(message, user, *, is_faq: bool = True, on: date | None = None):
    return cases.perform(message, user, "mark_faq" if is_faq else "unmark_faq", on=on, changes={"is_faq": is_faq})


def add_note(message, user, *, note: str, on: date | None = None):
    return cases.add_note(message, user, note=note, on=on)
