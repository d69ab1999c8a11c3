"""Admin views of online applications (网上申请办理): each organisation's queue with days left and
warnings, an application with the actions its state allows (read from the kind's transition table),
materials (handlers only, as downloads). Thin: forms in, `services_column.services.applications` does.

The applicant's ID number is masked by default; the full number only on an explicit 查看完整证件号,
which is audit-logged. People who only watch (supervision) see everything masked.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from services_column.models import (
    APPLICATION_OPEN_STATES,
    ApplicationMaterial,
    ApplicationResult,
    ApplicationState,
    ServiceItemPage,
    ServiceMaterial,
)
from services_column.models.items import ONLINE_DEPTHS_ACCEPTING_APPLICATIONS
from services_column.services import applications as services
from sitegroup.forms.citizen import CitizenFileField
from sitegroup.lib import file_types
from sitegroup.lib.masking import mask_address, mask_email, mask_id, mask_name, mask_phone
from sitegroup.services import cases, personal_data

ITEM_CHOICES = 300  # the item filter's list (supervision sees every department's items)


class NoteForm(forms.Form):
    note = forms.CharField(
        label="说明（申请人看不到）", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label="意见（申请人看不到）", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="不予受理的理由（申请人可见）", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class MaterialChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CorrectionRequestForm(forms.Form):
    materials = MaterialChoice(
        label="需要补齐补正的材料（可多选）",
        queryset=ServiceMaterial.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="其他需要补正的内容（申请人可见）",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class HandlerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class HandleForm(forms.Form):
    handler = HandlerChoice(label="承办人", queryset=None, required=False, empty_label="由我承办")
    note = forms.CharField(label="说明（申请人看不到）", max_length=500, required=False)


class ProposeForm(forms.Form):
    result = forms.ChoiceField(label="办理结果", choices=ApplicationResult.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="结果说明（申请人可见）", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    reason = forms.CharField(
        label="不予许可（办理）的理由（申请人可见）",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class ConcludeForm(forms.Form):
    document = CitizenFileField(
        label="结果文书（选填，PDF 或图片）",
        required=False,
        allowed=frozenset({file_types.PDF}) | file_types.IMAGES,
        max_bytes=10 * 1024 * 1024,
    )
    publish = forms.BooleanField(label="在“结果反馈”中公开（不含个人信息）", required=False, initial=True)


FORMS = {
    "accept": NoteForm,
    "reject": RejectForm,
    "request_correction": CorrectionRequestForm,
    "handle": HandleForm,
    "propose": ProposeForm,
    "review": NoteForm,
    "return_to_handler": RequiredNoteForm,
    "conclude": ConcludeForm,
    "add_note": RequiredNoteForm,
}


def _form(action, application, data=None, files=None):
    form = FORMS[action](data, files, prefix=action)
    if action == "request_correction":
        form.fields["materials"].queryset = ServiceMaterial.objects.filter(page_id=application.item_id)
    if action == "handle":
        form.fields["handler"].queryset = services.handlers_of(application.organisation)
    return form


def _run(action, application, user, data):
    if action == "accept":
        return services.accept(application, user, note=data.get("note", ""))
    if action == "reject":
        return services.reject(application, user, reason=data.get("reason", ""))
    if action == "request_correction":
        return services.request_correction(
            application, user, materials=list(data.get("materials") or []), note=data.get("note", "")
        )
    if action == "handle":
        return services.handle(application, user, handler=data.get("handler"), note=data.get("note", ""))
    if action == "propose":
        return services.propose(
            application, user, result=data["result"], text=data.get("text", ""), reason=data.get("reason", "")
        )
    if action == "review":
        return services.review(application, user, note=data.get("note", ""))
    if action == "return_to_handler":
        return services.return_to_handler(application, user, note=data["note"])
    if action == "conclude":
        return services.conclude(application, user, document=data.get("document"), publish=data.get("publish", False))
    return services.add_note(application, user, note=data["note"])


def _available(application, user):
    """The actions of the transition table this person may take now."""
    if not services.can_handle(user, application.organisation):
        return {}
    reviewer = services.can_review(user, application.organisation)
    available = {}
    for transition in services.KIND.available(application.state):
        if transition.action == "receive_correction":
            continue  # the applicant's own step, on the lookup page
        if transition.action in ("review", "return_to_handler") and (not reviewer or application.handler_id == user.pk):
            continue
        if transition.action == "propose" and application.handler_id not in (None, user.pk):
            continue
        if transition.action == "request_correction" and application.correction_requested_on:
            continue
        available[transition.action] = transition
    return available


def queue(request):
    if not cases.may_see(request.user, services.KIND):
        raise PermissionDenied
    state = request.GET.get("state") or "open"
    if state not in {"open", "all", *ApplicationState.values}:
        state = "open"
    mine = services.handled_by(request.user)
    listed = mine.select_related("organisation", "item").prefetch_related("pauses")
    if state == "open":
        listed = listed.filter(state__in=APPLICATION_OPEN_STATES).order_by("due_on", "pk")
    elif state != "all":
        listed = listed.filter(state=state).order_by("-received_on", "-pk")
    else:
        listed = listed.order_by("-received_on", "-pk")
    item = request.GET.get("item", "")
    if item.isascii() and item.isdigit() and len(item) <= 12:
        listed = listed.filter(item_id=int(item))
    else:
        item = ""
    page = Paginator(listed, 30).get_page(request.GET.get("page"))
    rows = cases.rows_with_clock(page.object_list, timezone.localdate())
    for row in rows:
        row["masked_name"] = mask_name(row["case"].name) if row["case"].applicant_kind == "person" else row["case"].name
        row["masked_phone"] = mask_phone(row["case"].phone)
    # The filter offers the items that take applications in the person's organisations (not a scan of
    # the applications for the items they name).
    items = (
        ServiceItemPage.objects.filter(
            organisation__in=cases.organisations_handled_by(request.user, services.KIND),
            online_depth__in=ONLINE_DEPTHS_ACCEPTING_APPLICATIONS,
        )
        .order_by("title")
        .only("pk", "title")[:ITEM_CHOICES]
    )
    context = {
        "page_obj": page,
        "rows": rows,
        "state": state,
        "states": ApplicationState.choices,
        "items": items,
        "item": item,
    }
    return TemplateResponse(request, "services_column/admin/application_queue.html", context)


def detail(request, pk):
    application = get_object_or_404(
        services.handled_by(request.user).select_related("organisation", "item", "handler", "reviewer"), pk=pk
    )
    can_act = services.can_handle(request.user, application.organisation)
    available = _available(application, request.user)
    forms_by_action = {name: _form(name, application) for name in available}
    status = 200
    show_id = False
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "show_id":
            if not personal_data.may_see_unmasked(request.user, application):
                raise PermissionDenied
            show_id = True
        elif action not in available:
            flash.error(request, "这项操作在当前状态下不可用，或您没有权限。")
            status = 400
        else:
            form = _form(action, application, request.POST, request.FILES)
            forms_by_action[action] = form
            if form.is_valid():
                try:
                    _run(action, application, request.user, form.cleaned_data)
                except services.TransitionError as error:
                    flash.error(request, str(error))
                    status = 400
                except PermissionDenied as error:
                    flash.error(request, str(error) or "您没有权限进行这项操作。")
                    status = 403
                else:
                    flash.success(request, f"已{available[action].label}。")
                    return redirect("services_column_application_detail", pk=application.pk)
            else:
                flash.error(request, "请按提示修改后再提交。")
                status = 400
    full = personal_data.may_see_unmasked(request.user, application)
    if full:
        shown = ("name", "phone", "email", "address", *(("id_number",) if show_id else ()))
        personal_data.log_view(application, request.user, shown)
    applicant = {
        "name": application.name if full else mask_name(application.name),
        "id_number": application.id_number if show_id else mask_id(application.id_number),
        "legal_representative": application.legal_representative,
        "phone": application.phone if full else mask_phone(application.phone),
        "email": application.email if full else mask_email(application.email),
        "address": application.address if full else mask_address(application.address),
    }
    context = {
        "item": application,
        "applicant": applicant,
        "show_id": show_id,
        "days_left": cases.days_left(application),
        "warning": cases.warning(application),
        "limit_days": services.limit_days(application),
        "events": application.events.all(),
        "materials": application.materials.all() if can_act else [],
        "actions": [(name, available[name].label, form) for name, form in forms_by_action.items()],
        "can_act": can_act,
    }
    return TemplateResponse(request, "services_column/admin/application_detail.html", context, status=status)


def material(request, pk, material_pk):
    """An applicant's material, for handlers of the application's organisation only (private storage)."""
    application = get_object_or_404(services.handled_by(request.user), pk=pk)
    if not services.can_handle(request.user, application.organisation):
        raise PermissionDenied
    item = ApplicationMaterial.objects.filter(application=application, pk=material_pk).first()
    if item is None:
        raise Http404("没有这份材料。")
    personal_data.log_view(application, request.user, ("materials",))
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def result_document(request, pk):
    application = get_object_or_404(services.handled_by(request.user), pk=pk)
    if not services.can_handle(request.user, application.organisation) or not application.result_document:
        raise Http404("没有结果文书。")
    response = FileResponse(
        application.result_document.open("rb"),
        as_attachment=True,
        filename=application.result_document_name or "结果文书",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
