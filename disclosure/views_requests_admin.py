"""Admin views of disclosure requests: each organisation's queue, a request with its actions, history
and documents (print and Word), the organisation's document templates, and the supervision
dashboard of deadlines across organisations. Thin: forms in, services do.

Personal data: lists and every viewer who only watches (supervision) see it masked; only a handler
of the request's organisation sees it in full, on the request's page, and that is audit-logged.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from disclosure.lib import letters
from disclosure.models import DisclosureRequest, DocumentKind, RequestDocumentSettings, RequestState
from disclosure.services import request_documents
from disclosure.services import requests as services
from sitegroup.lib.masking import mask_address, mask_email, mask_id, mask_name, mask_phone
from sitegroup.services import cases, personal_data


class CorrectionForm(forms.Form):
    note = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    due_days = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=30, initial=15)
    on = forms.DateField(label="通知日期", initial=timezone.localdate)


class DateForm(forms.Form):
    on = forms.DateField(label="日期", initial=timezone.localdate)
    note = forms.CharField(label="内部说明（申请人看不到）", required=False, max_length=2000)


class ConsultationForm(forms.Form):
    third_party = forms.CharField(label="征求意见的第三方（申请人看不到）", max_length=100)
    on = forms.DateField(label="发出征求意见日期", initial=timezone.localdate)


class ExtensionForm(forms.Form):
    approved_by = forms.CharField(label="批准人（政府信息公开工作机构负责人，申请人看不到）", max_length=50)
    reason = forms.CharField(label="延期理由（写入延期答复告知书）", max_length=500)
    on = forms.DateField(label="日期", initial=timezone.localdate)


class AnswerForm(forms.Form):
    reply = forms.ChoiceField(label="答复类型", choices=letters.decision_choices())
    note = forms.CharField(
        label="答复说明（写入答复告知书：已公开的写明获取途径；不掌握的写明负责机关）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    on = forms.DateField(label="答复日期", initial=timezone.localdate)


class NoteForm(forms.Form):
    note = forms.CharField(label="备注（仅办理人员可见）", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    on = forms.DateField(label="日期", initial=timezone.localdate)


FORMS = {
    "request_correction": CorrectionForm,
    "receive_correction": DateForm,
    "lapse": DateForm,
    "start_consultation": ConsultationForm,
    "end_consultation": DateForm,
    "extend": ExtensionForm,
    "answer": AnswerForm,
    "withdraw": DateForm,
    "add_note": NoteForm,
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
    if action == "add_note":
        return services.add_note(request_obj, user, note=data["note"], on=on)
    return services.withdraw(request_obj, user, on=on, note=data.get("note", ""))


def _masked_name(request_obj) -> str:
    return request_obj.name if request_obj.is_organisation else mask_name(request_obj.name)


def _rows(requests, today: date):
    rows = cases.rows_with_clock(requests, today)
    for row in rows:
        item = row["request"] = row["case"]
        row.update(
            masked_name=_masked_name(item), masked_id=mask_id(item.id_number), masked_phone=mask_phone(item.phone)
        )
    return rows


def _applicant(item: DisclosureRequest, *, full: bool) -> dict:
    """The applicant's data as this viewer may see it."""
    if full:
        return {
            "name": item.name,
            "id_number": item.id_number,
            "phone": item.phone,
            "email": item.email,
            "address": " ".join(part for part in (item.address, item.postcode) if part),
            "contact_person": item.contact_person,
            "legal_representative": item.legal_representative,
        }
    return {
        "name": _masked_name(item),
        "id_number": mask_id(item.id_number),
        "phone": mask_phone(item.phone),
        "email": mask_email(item.email) if item.email else "",
        "address": mask_address(item.address),
        "contact_person": mask_name(item.contact_person),
        "legal_representative": mask_name(item.legal_representative),
    }


def queue(request):
    if not services.may_see_requests(request.user):
        raise PermissionDenied
    handled = services.handled_by(request.user)
    state = request.GET.get("state") or "open"
    if state not in {"open", "all", *RequestState.values}:
        state = "open"
    requests = handled.select_related("organisation").prefetch_related("consultations")
    requests = requests.open() if state == "open" else requests if state == "all" else requests.filter(state=state)
    page = Paginator(requests.order_by("due_on", "pk") if state == "open" else requests, 30).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "rows": _rows(page.object_list, timezone.localdate()),
        "state": state,
        "states": RequestState.choices,
        "edits_templates": services.organisations_handled_by(request.user).exists(),
    }
    return TemplateResponse(request, "disclosure/admin/request_queue.html", context)


def detail(request, pk):
    item = get_object_or_404(services.handled_by(request.user).select_related("organisation"), pk=pk)
    can_act = services.can_handle(request.user, item.organisation)
    status = 200
    available = {transition.action: transition for transition in services.KIND.available(item.state)}
    forms_by_action = {name: FORMS[name](prefix=name) for name in available} if can_act else {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not can_act or action not in forms_by_action:
            messages.error(request, "这项操作在当前状态下不可用。")
            status = 400
        else:
            form = FORMS[action](request.POST, prefix=action)
            forms_by_action[action] = form
            if form.is_valid():
                try:
                    _run(action, item, request.user, form.cleaned_data)
                except services.TransitionError as error:
                    messages.error(request, str(error))
                    status = 400
                else:
                    messages.success(request, f"已{available[action].label}。")
                    return redirect("disclosure_request_detail", pk=item.pk)
            else:
                messages.error(request, "请按提示修改后再提交。")
                status = 400
    full = personal_data.may_see_unmasked(request.user, item)
    if full:
        personal_data.log_view(item, request.user, ("name", "id_number", "phone", "email", "address"))
    context = {
        "item": item,
        "applicant": _applicant(item, full=full),
        "clock": services.clock(item),
        "days_left": services.days_left(item),
        "events": item.events.all(),
        "consultations": item.consultations.all(),
        "documents": services.public_documents(item) if can_act else [],
        "actions": [(name, available[name].label, form) for name, form in forms_by_action.items()],
        "can_act": can_act,
    }
    return TemplateResponse(request, "disclosure/admin/request_detail.html", context, status=status)


def _issued_document(request, pk, kind):
    """A handler's request and one of its issued documents, or 404."""
    if kind not in DocumentKind.values:
        raise Http404("没有这种文书。")
    item = get_object_or_404(services.handled_by(request.user).select_related("organisation"), pk=pk)
    if not services.can_handle(request.user, item.organisation):
        raise PermissionDenied
    number, text = item.document(kind)
    if not text:
        raise Http404("这份文书尚未制发。")
    personal_data.log_view(item, request.user, ("name",))  # the document names the applicant in full
    return item, number, text


def document_print(request, pk, kind):
    """A print-ready page of one document (A4, 仿宋, seal line), with print and Word buttons."""
    item, number, text = _issued_document(request, pk, kind)
    context = {
        "item": item,
        "kind": kind,
        "title": DocumentKind(kind).label,
        "number": number,
        "blocks": request_documents.blocks(text),
    }
    return TemplateResponse(request, "disclosure/admin/request_document_print.html", context)


def document_docx(request, pk, kind):
    item, _number, _text = _issued_document(request, pk, kind)
    content, filename = request_documents.docx(item, kind)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


# -- document templates ---------------------------------------------------------------------------


class DocumentSettingsForm(forms.ModelForm):
    class Meta:
        model = RequestDocumentSettings
        fields = ["number_code", "reconsideration_body", "court", *(f"{kind}_template" for kind in DocumentKind.values)]
        widgets = {
            f"{kind}_template": forms.Textarea(attrs={"rows": 22, "class": "sg-template-source", "spellcheck": "false"})
            for kind in DocumentKind.values
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def _check(self, kind: str) -> str:
        source = self.cleaned_data.get(f"{kind}_template", "")
        problem = request_documents.check_template(kind, source, self.organisation)
        if problem:
            raise forms.ValidationError(problem)
        return source

    def clean_correction_template(self):
        return self._check(DocumentKind.CORRECTION)

    def clean_extension_template(self):
        return self._check(DocumentKind.EXTENSION)

    def clean_reply_template(self):
        return self._check(DocumentKind.REPLY)


def document_templates(request):
    """The organisations whose templates this person edits; one goes straight to its form."""
    organisations = list(services.organisations_handled_by(request.user).order_by("sort_order", "pk"))
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("disclosure_request_templates_edit", organisation_pk=organisations[0].pk)
    return TemplateResponse(
        request, "disclosure/admin/request_templates.html", {"organisations": organisations, "edit": False}
    )


def document_templates_edit(request, organisation_pk):
    organisation = get_object_or_404(services.organisations_handled_by(request.user), pk=organisation_pk)
    current = request_documents.document_settings(organisation)
    status = 200
    previews = []
    if request.method == "POST":
        reset = request.POST.get("reset", "")
        if reset in DocumentKind.values:
            data = {name: getattr(current, name) for name in DocumentSettingsForm.Meta.fields}
            data[f"{reset}_template"] = request_documents.default_template(reset)
            try:
                request_documents.update_settings(organisation, request.user, data)
            except request_documents.TemplateProblem as problem:
                messages.error(request, str(problem))
            else:
                messages.success(request, f"{DocumentKind(reset).label}模板已恢复为默认内容。")
            return redirect("disclosure_request_templates_edit", organisation_pk=organisation.pk)
        form = DocumentSettingsForm(request.POST, instance=current, organisation=organisation)
        if not form.is_valid():
            messages.error(request, "模板有误，请按提示修改后再保存。")
            status = 400
        elif request.POST.get("preview"):
            # The form's instance holds the edited values, unsaved: the preview shows them.
            previews = [(title, request_documents.preview(kind, form.instance)) for kind, title in DocumentKind.choices]
        else:
            data = {name: form.cleaned_data[name] for name in DocumentSettingsForm.Meta.fields}
            try:
                request_documents.update_settings(organisation, request.user, data)
            except request_documents.TemplateProblem as problem:
                messages.error(request, str(problem))
                status = 400
            else:
                messages.success(request, "文书模板已保存，此后制发的文书按新模板生成；已制发的文书不变。")
                return redirect("disclosure_request_templates_edit", organisation_pk=organisation.pk)
    else:
        form = DocumentSettingsForm(instance=current, organisation=organisation)
    context = {
        "organisation": organisation,
        "form": form,
        "template_fields": [
            (form[f"{kind}_template"], title, kind, request_documents.variables_for(kind))
            for kind, title in DocumentKind.choices
        ],
        "previews": previews,
        "edit": True,
    }
    return TemplateResponse(request, "disclosure/admin/request_templates.html", context, status=status)
