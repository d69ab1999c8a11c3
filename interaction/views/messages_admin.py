"""Admin views of the message channels: each organisation's queue with warnings, a message with the
actions its state allows (read from the kind's transition table), attachments (handlers only).
Thin: forms in, `interaction.services.messages` does. Writers' personal data is masked in lists and
for people who only watch; a handler of the message's organisation sees it in full (audit-logged).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from interaction.models import OPEN_STATES, MessageAttachment, MessageChannel, MessageState, ReplyTemplate
from interaction.services import messages as services
from sitegroup.lib.masking import mask_email, mask_name, mask_phone
from sitegroup.models import Organisation
from sitegroup.services import cases, personal_data


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AssignForm(forms.Form):
    organisation = OrganisationChoice(label="交由哪个单位办理", queryset=Organisation.objects.none())
    note = forms.CharField(label="分办说明（写信人看不到）", required=False, max_length=500)


class TransferForm(forms.Form):
    organisation = OrganisationChoice(label="转交哪个单位", queryset=Organisation.objects.none())
    reason = forms.CharField(label="转办理由（写信人看不到）", max_length=500)


class ReplyForm(forms.Form):
    template = forms.ModelChoiceField(
        label="套用答复模板（选填）", queryset=ReplyTemplate.objects.none(), required=False, empty_label="不套用"
    )
    text = forms.CharField(
        label="答复内容（写信人可见；公开时隐去个人信息）",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        required=False,
    )


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class RejectForm(forms.Form):
    reason = forms.CharField(label="不予受理的理由（写信人可见）", max_length=500)


class ExtensionForm(forms.Form):
    approved_by = forms.CharField(label="批准人（写信人看不到）", max_length=50)
    reason = forms.CharField(label="延期理由（写信人可见）", max_length=500)


class MergeForm(forms.Form):
    into_code = forms.CharField(label="合并到哪封来信（查询码）", max_length=10)


FORMS = {
    "release": NoteForm,
    "assign": AssignForm,
    "transfer": TransferForm,
    "reply": ReplyForm,
    "approve": NoteForm,
    "return_reply": RequiredNoteForm,
    "publish": forms.Form,
    "extend": ExtensionForm,
    "merge": MergeForm,
    "reject": RejectForm,
    "mark_faq": forms.Form,
    "unmark_faq": forms.Form,
    "add_note": RequiredNoteForm,
}


def _form(action, message, user, data=None):
    form = FORMS[action](data, prefix=action)
    if "organisation" in form.fields:
        candidates = Organisation.objects.filter(site__isnull=False).order_by("sort_order", "pk")
        if action == "transfer":
            candidates = candidates.exclude(pk=message.organisation_id)
        form.fields["organisation"].queryset = candidates
        if action == "assign" and message.department_id:
            form.fields["organisation"].initial = message.department_id
    if "template" in form.fields:
        form.fields["template"].queryset = ReplyTemplate.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=message.organisation_id)
        )
    return form


def _run(action, message, user, data):
    if action == "release":
        return services.release(message, user, note=data.get("note", ""))
    if action == "assign":
        return services.assign(message, user, organisation=data["organisation"], note=data.get("note", ""))
    if action == "transfer":
        return services.transfer(message, user, organisation=data["organisation"], reason=data["reason"])
    if action == "reply":
        return services.reply(message, user, text=data.get("text", ""))
    if action == "approve":
        return services.approve(message, user, note=data.get("note", ""))
    if action == "return_reply":
        return services.return_reply(message, user, note=data["note"])
    if action == "publish":
        return services.publish(message, user)
    if action == "extend":
        return services.extend(message, user, approved_by=data["approved_by"], reason=data["reason"])
    if action == "merge":
        return services.merge(message, user, into_code=data["into_code"])
    if action == "reject":
        return services.reject(message, user, reason=data["reason"])
    if action in ("mark_faq", "unmark_faq"):
        return services.mark_faq(message, user, is_faq=action == "mark_faq")
    return services.add_note(message, user, note=data["note"])


def _available(message, user):
    """The actions of the transition table this person may take now (reviewers approve and publish)."""
    if not services.can_handle(user, message.organisation):
        return {}
    reviewer = services.can_review(user, message.organisation)
    available = {}
    for transition in services.KIND.available(message.state):
        if transition.action in ("approve", "return_reply", "publish") and not reviewer:
            continue
        if transition.action == "publish" and not (message.wants_public and message.channel.is_public):
            continue
        if (
            transition.action == "mark_faq"
            and message.is_faq
            or transition.action == "unmark_faq"
            and not message.is_faq
        ):
            continue
        if transition.action == "extend" and (message.is_extended or not message.channel.extension_days):
            continue
        available[transition.action] = transition
    return available


def queue(request):
    if not cases.may_see(request.user, services.KIND):
        raise PermissionDenied
    state = request.GET.get("state") or "open"
    if state not in {"open", "all", *MessageState.values}:
        state = "open"
    listed = services.handled_by(request.user).select_related("organisation", "channel")
    if state == "open":
        listed = listed.filter(state__in=OPEN_STATES).order_by("due_on", "pk")
    elif state != "all":
        listed = listed.filter(state=state)
    channel = request.GET.get("channel", "")
    if channel.isascii() and channel.isdigit() and len(channel) <= 12:
        listed = listed.filter(channel_id=int(channel))
    page = Paginator(listed, 30).get_page(request.GET.get("page"))
    rows = cases.rows_with_clock(page.object_list, timezone.localdate())
    for row in rows:
        row["masked_name"] = mask_name(row["case"].name)
        row["masked_phone"] = mask_phone(row["case"].phone)
    context = {
        "page_obj": page,
        "rows": rows,
        "state": state,
        "states": MessageState.choices,
        "channels": MessageChannel.objects.filter(
            pk__in=services.handled_by(request.user).values("channel")
        ).select_related("organisation"),
        "channel": channel,
    }
    return TemplateResponse(request, "interaction/admin/message_queue.html", context)


def detail(request, pk):
    message = get_object_or_404(services.handled_by(request.user).select_related("organisation", "channel"), pk=pk)
    can_act = services.can_handle(request.user, message.organisation)
    available = _available(message, request.user)
    forms_by_action = {name: _form(name, message, request.user) for name in available}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in available:
            flash.error(request, "这项操作在当前状态下不可用，或您没有权限。")
            status = 400
        else:
            form = _form(action, message, request.user, request.POST)
            forms_by_action[action] = form
            if (
                form.is_valid()
                and action == "reply"
                and form.cleaned_data.get("template")
                and not (form.cleaned_data.get("text") or "").strip()
            ):
                # A chosen template fills the reply box for the handler to finish; nothing is sent yet.
                filled = form.cleaned_data["template"].fill(message, message.organisation.name)
                forms_by_action[action] = _form(
                    action, message, request.user, {**request.POST.dict(), "reply-text": filled}
                )
                flash.info(request, "已套用答复模板，请把内容补充完整后再提交。")
            elif form.is_valid():
                try:
                    _run(action, message, request.user, form.cleaned_data)
                except services.TransitionError as error:
                    flash.error(request, str(error))
                    status = 400
                else:
                    flash.success(request, f"已{available[action].label}。")
                    if not services.handled_by(request.user).filter(pk=message.pk).exists():
                        # 分办/转办 to another organisation: the letter has left this person's queue.
                        return redirect("interaction_messages")
                    return redirect("interaction_message_detail", pk=message.pk)
            else:
                flash.error(request, "请按提示修改后再提交。")
                status = 400
    full = personal_data.may_see_unmasked(request.user, message)
    if full:
        personal_data.log_view(message, request.user, ("name", "phone", "email"))
    writer = (
        {"name": message.name, "phone": message.phone, "email": message.email}
        if full
        else {"name": mask_name(message.name), "phone": mask_phone(message.phone), "email": mask_email(message.email)}
    )
    context = {
        "item": message,
        "writer": writer,
        "days_left": cases.days_left(message),
        "warning": cases.warning(message),
        "events": message.events.all(),
        "attachments": message.attachments.all() if can_act else [],
        "actions": [(name, available[name].label, form) for name, form in forms_by_action.items()],
        "can_act": can_act,
    }
    return TemplateResponse(request, "interaction/admin/message_detail.html", context, status=status)


def attachment(request, pk, attachment_pk):
    """A writer's attachment, for handlers of the message's organisation only (never public media)."""
    message = get_object_or_404(services.handled_by(request.user), pk=pk)
    if not services.can_handle(request.user, message.organisation):
        raise PermissionDenied
    item = MessageAttachment.objects.filter(message=message, pk=attachment_pk).first()
    if item is None:
        raise Http404("没有这个附件。")
    personal_data.log_view(message, request.user, ("attachments",))
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
