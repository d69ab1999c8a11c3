"""Admin views of disclosure requests: each organisation's queue, a request with its actions and
history, and the supervision dashboard of deadlines across organisations. Thin: forms in, services do."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from disclosure.lib import reply_types
from disclosure.lib.identity import mask_id
from disclosure.models import DisclosureRequest, RequestState
from disclosure.services import requests as services
from sitegroup.permissions import user_sees_every_organisation

DUE_SOON_DAYS = 3


class CorrectionForm(forms.Form):
    note = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    due_days = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=30, initial=15)
    on = forms.DateField(label="通知日期", initial=timezone.localdate)


class DateForm(forms.Form):
    on = forms.DateField(label="日期", initial=timezone.localdate)
    note = forms.CharField(label="说明", required=False, max_length=2000)


class ConsultationForm(forms.Form):
    third_party = forms.CharField(label="征求意见的第三方", max_length=100)
    on = forms.DateField(label="发出征求意见日期", initial=timezone.localdate)


class ExtensionForm(forms.Form):
    approved_by = forms.CharField(label="批准人（政府信息公开工作机构负责人）", max_length=50)
    reason = forms.CharField(label="延期理由（将告知申请人）", max_length=500)
    on = forms.DateField(label="日期", initial=timezone.localdate)


class AnswerForm(forms.Form):
    reply = forms.ChoiceField(label="答复类型", choices=reply_types.choices())
    note = forms.CharField(
        label="答复说明（已公开的写明获取途径；不掌握的写明负责机关）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    on = forms.DateField(label="答复日期", initial=timezone.localdate)


ACTIONS = {
    "request_correction": (CorrectionForm, "发出补正通知"),
    "receive_correction": (DateForm, "收到补正材料"),
    "lapse": (DateForm, "按逾期未补正处理"),
    "start_consultation": (ConsultationForm, "征求第三方意见"),
    "end_consultation": (DateForm, "收到第三方意见"),
    "extend": (ExtensionForm, "延长答复期限"),
    "answer": (AnswerForm, "作出答复"),
    "withdraw": (DateForm, "申请人撤回"),
}
AVAILABLE = {
    RequestState.RECEIVED: ["answer", "request_correction", "start_consultation", "extend", "withdraw"],
    RequestState.AWAITING_CORRECTION: ["receive_correction", "lapse", "withdraw"],
    RequestState.CONSULTING: ["end_consultation", "extend", "withdraw"],
}


def _run(action: str, request_obj, user, data: dict):
    on = data.get("on")
    if action == "request_correction":
        return services.request_correction(request_obj, user, note=data["note"], due_days=data["due_days"], on=on)
    if action == "receive_correction":
        return services.receive_correction(request_obj, user, on=on, note=data.get("note", ""))
    if action == "lapse":
        return services.lapse(request_obj, user, on=on)
    if action == "start_consultation":
        return services.start_consultation(request_obj, user, third_party=data["third_party"], on=on)
    if action == "end_consultation":
        return services.end_consultation(request_obj, user, on=on, note=data.get("note", ""))
    if action == "extend":
        return services.extend(request_obj, user, approved_by=data["approved_by"], reason=data["reason"], on=on)
    if action == "answer":
        reply_type, _, subtype = data["reply"].partition(":")
        return services.answer(
            request_obj, user, reply_type=reply_type, subtype=subtype, note=data.get("note", ""), on=on
        )
    return services.withdraw(request_obj, user, on=on, note=data.get("note", ""))


def _rows(requests, today: date):
    rows = []
    for item in requests:
        left = services.days_left(item, today)
        rows.append(
            {
                "request": item,
                "masked_id": mask_id(item.id_number),
                "masked_phone": mask_id(item.phone) if len(item.phone) > 10 else "****",
                "days_left": left,
                "is_overdue": left is not None and left < 0,
                "is_due_soon": left is not None and 0 <= left <= DUE_SOON_DAYS,
            }
        )
    return rows


def queue(request):
    if not services.may_see_requests(request.user):
        raise PermissionDenied
    handled = services.handled_by(request.user)
    state = request.GET.get("state") or "open"
    if state not in {"open", "all", *RequestState.values}:
        state = "open"
    requests = handled.select_related("organisation").prefetch_related("consultations")
    requests = requests.open() if state == "open" else requests if state == "all" else requests.filter(state=state)
    page = Paginator(requests.order_by("answer_due", "pk") if state == "open" else requests, 30).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "rows": _rows(page.object_list, timezone.localdate()),
        "state": state,
        "states": RequestState.choices,
    }
    return TemplateResponse(request, "disclosure/admin/request_queue.html", context)


def detail(request, pk):
    item = get_object_or_404(services.handled_by(request.user).select_related("organisation"), pk=pk)
    can_act = services.can_handle(request.user, item.organisation)
    status = 200
    forms_by_action = {name: ACTIONS[name][0](prefix=name) for name in AVAILABLE.get(item.state, [])} if can_act else {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not can_act or action not in forms_by_action:
            messages.error(request, "这项操作在当前状态下不可用。")
            status = 400
        else:
            form = ACTIONS[action][0](request.POST, prefix=action)
            forms_by_action[action] = form
            if form.is_valid():
                try:
                    _run(action, item, request.user, form.cleaned_data)
                except services.TransitionError as error:
                    messages.error(request, str(error))
                    status = 400
                else:
                    messages.success(request, f"已{ACTIONS[action][1]}。")
                    return redirect("disclosure_request_detail", pk=item.pk)
            else:
                messages.error(request, "请按提示修改后再提交。")
                status = 400
    context = {
        "item": item,
        "clock": services.clock(item),
        "days_left": services.days_left(item),
        "events": item.events.all(),
        "consultations": item.consultations.all(),
        "actions": [(name, ACTIONS[name][1], form) for name, form in forms_by_action.items()],
        "can_act": can_act,
    }
    return TemplateResponse(request, "disclosure/admin/request_detail.html", context, status=status)


def supervision(request):
    """电子监察: open requests per organisation, those due within 3 working days and those overdue."""
    if not user_sees_every_organisation(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = _rows(
        DisclosureRequest.objects.open().select_related("organisation").prefetch_related("consultations"), today
    )
    per_organisation: dict[int, dict] = {}
    for row in rows:
        organisation = row["request"].organisation
        entry = per_organisation.setdefault(
            organisation.pk, {"organisation": organisation, "open": 0, "due_soon": 0, "overdue": 0, "paused": 0}
        )
        entry["open"] += 1
        entry["due_soon"] += row["is_due_soon"]
        entry["overdue"] += row["is_overdue"]
        entry["paused"] += row["days_left"] is None
    # The organisations came with the requests (select_related): no second query for their order.
    summary = sorted(per_organisation.values(), key=lambda entry: (-entry["overdue"], entry["organisation"].sort_order))
    alerts = sorted((row for row in rows if row["is_overdue"] or row["is_due_soon"]), key=lambda row: row["days_left"])
    context = {"summary": summary, "alerts": alerts, "today": today, "due_soon_days": DUE_SOON_DAYS}
    return TemplateResponse(request, "disclosure/admin/request_supervision.html", context)
